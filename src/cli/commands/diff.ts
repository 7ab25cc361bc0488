import type { Command } from 'commander';
import { compareWorkspaces } from '../../engine/compare.js';
import { isSeverity } from '../../model/finding.js';
import { deltaJson, deltaMarkdown, deltaText, riskyGainsAtOrAbove } from '../../report/delta.js';
import { CliError, EXIT_FINDINGS, EXIT_OK } from '../errors.js';
import type { CliIo } from '../io.js';
import { addInputOptions, loadSide, loadWorkspace, type InputOptions } from '../workspace-options.js';

interface DiffOptions extends InputOptions {
  output?: string;
  failOn?: string;
}

export function registerDiff(program: Command, io: CliIo, setExit: (code: number) => void): void {
  const cmd = program
    .command('diff')
    .description('permissions gained and lost between two states (git revisions or directories); HEAD defaults to the working tree')
    .argument('<base>', 'git revision or directory')
    .argument('[head]', 'git revision or directory (default: the working tree)');
  addInputOptions(cmd)
    .option('-o, --output <format>', 'text, json or markdown', 'text')
    .option('--fail-on <severity>', 'exit 1 when a risky permission at or above this severity is gained', 'error')
    .action(async (base: string, head: string | undefined, opts: DiffOptions) => {
      const format = opts.output ?? 'text';
      if (!['text', 'json', 'markdown'].includes(format)) throw new CliError(`unknown output format "${format}" (text, json or markdown)`);
      if (!isSeverity(opts.failOn)) throw new CliError(`invalid --fail-on "${String(opts.failOn)}" (one of info, warning, error, critical)`);
      const b = await loadSide(io, base, opts);
      const h = head === undefined ? await loadWorkspace(io, [], opts) : await loadSide(io, head, opts);
      const comparison = compareWorkspaces({ label: base, workspace: b.workspace }, { label: head ?? 'working tree', workspace: h.workspace }, { includeDefaultPolicy: h.includeDefaultPolicy });
      io.writeOut(format === 'json' ? JSON.stringify(deltaJson(comparison), null, 2) + '\n' : format === 'markdown' ? deltaMarkdown(comparison) : deltaText(comparison));
      setExit(riskyGainsAtOrAbove(comparison, opts.failOn) > 0 ? EXIT_FINDINGS : EXIT_OK);
    });
}
