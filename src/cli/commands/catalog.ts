import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { RULES, ruleById } from '../../rules/registry.js';
import { formatTabbed } from '../../kube/tabwriter.js';
import { CliError } from '../errors.js';
import type { CliIo } from '../io.js';
import { packagePath } from '../package-path.js';

/** Schemas `kaslint schema NAME` can print, by public name. */
const PRINTABLE_SCHEMAS: Readonly<Record<string, string>> = {
  'agent-config': 'schemas/agent-config.schema.json',
  config: 'schemas/kaslint-config.schema.json',
  'gitlab-agent-values': 'schemas/gitlab-agent-values.schema.json',
  'gitlab-runner-values': 'schemas/gitlab-runner-values.schema.json',
};

export function registerCatalog(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('rules')
    .description('list every rule with its default severity')
    .option('-o, --output <format>', 'text or json', 'text')
    .action((opts: { output: string }) => {
      if (opts.output === 'json') {
        io.writeOut(JSON.stringify(RULES.map((r) => r.meta), null, 2) + '\n');
      } else if (opts.output === 'text') {
        const lines = ['RULE\tSEVERITY\tRECOMMENDED\tDESCRIPTION', ...RULES.map((r) => `${r.meta.id}\t${r.meta.defaultSeverity}\t${r.meta.recommended ? 'yes' : 'no'}\t${r.meta.description}`)];
        io.writeOut(formatTabbed(lines.join('\n') + '\n', { minWidth: 0, padding: 2 }));
      } else throw new CliError(`unknown output format "${opts.output}" (text or json)`);
      setExit(0);
    });

  program
    .command('explain')
    .description('print the documentation page of a rule')
    .argument('<rule>', 'rule id, e.g. yaml/duplicate-key')
    .action(async (id: string) => {
      const rule = ruleById(id);
      if (!rule) throw new CliError(`unknown rule "${id}" (kaslint rules lists them)`);
      io.writeOut(await readFile(packagePath('rules', `${rule.meta.id}.md`), 'utf8'));
      setExit(0);
    });

  program
    .command('schema')
    .description(`print a bundled JSON Schema: ${Object.keys(PRINTABLE_SCHEMAS).join(', ')}`)
    .argument('<name>', 'schema name')
    .action(async (name: string) => {
      const file = Object.prototype.hasOwnProperty.call(PRINTABLE_SCHEMAS, name) ? PRINTABLE_SCHEMAS[name] : undefined;
      if (!file) throw new CliError(`unknown schema "${name}" (one of: ${Object.keys(PRINTABLE_SCHEMAS).join(', ')})`);
      io.writeOut(await readFile(packagePath(...file.split('/')), 'utf8'));
      setExit(0);
    });
}
