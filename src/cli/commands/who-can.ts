import type { Command } from 'commander';
import { Analysis } from '../../engine/analysis.js';
import { subjectText, whoCanReport } from '../../engine/who-can-report.js';
import { formatWarning, isCanIArgsError, parseCanIArgs, resolveCanIRequest } from '../../kube/can-i.js';
import { formatTabbed } from '../../kube/tabwriter.js';
import type { WhoCanQuery } from '../../rbac/who-can.js';
import { CliError } from '../errors.js';
import { useColor, type CliIo } from '../io.js';
import { addInputOptions, loadWorkspace, type InputOptions } from '../workspace-options.js';

interface WhoCanOptions extends InputOptions {
  namespace?: string;
  allNamespaces?: boolean;
  subresource?: string;
  output?: string;
}

export function registerWhoCan(program: Command, io: CliIo, setExit: (code: number) => void): void {
  const cmd = program
    .command('who-can')
    .description('every subject allowed to do something, with the binding and role that allow it')
    .argument('<verb>', 'verb, e.g. get, create, impersonate')
    .argument('<type>', 'TYPE[.GROUP][/NAME] or /URL');
  addInputOptions(cmd)
    .option('-n, --namespace <ns>', 'namespace of the request (default "default")')
    .option('-A, --all-namespaces', 'cluster-wide and in every namespace that has RoleBindings')
    .option('--subresource <sub>', 'subresource, e.g. log, exec')
    .option('-o, --output <format>', 'text or json', 'text')
    .action(async (verb: string, type: string, opts: WhoCanOptions) => {
      if (opts.output !== 'text' && opts.output !== 'json') throw new CliError(`unknown output format "${String(opts.output)}" (text or json)`);
      const parsed = parseCanIArgs([verb, type], { ...(opts.subresource !== undefined ? { subresource: opts.subresource } : {}) });
      if (isCanIArgsError(parsed)) throw new CliError(parsed.error);
      const { workspace, includeDefaultPolicy } = await loadWorkspace(io, [], opts);
      const analysis = new Analysis(workspace, { includeDefaultPolicy });
      const resolved = resolveCanIRequest(parsed, analysis.discovery(), opts.namespace, false);
      const color = useColor(io, io.stderrIsTTY, undefined);
      // The scope warning does not apply: who-can states each row's scope itself.
      for (const w of resolved.warnings) if (!w.includes('is not namespace scoped')) io.writeErr(formatWarning(w, color));
      if (resolved.kind === 'list') throw new CliError('who-can needs a verb and a type');
      const query: WhoCanQuery =
        resolved.kind === 'nonResource'
          ? { verb: resolved.verb, path: resolved.path }
          : { verb: resolved.verb, group: resolved.group, resource: resolved.resource, subresource: resolved.subresource, name: resolved.name, namespace: resolved.namespace };
      const namespaces = [...new Set(analysis.rbacObjects().roleBindings.map((b) => b.namespace ?? 'default'))].sort();
      const report = whoCanReport(workspace, analysis.rbac(), query, { allNamespaces: opts.allNamespaces === true, namespaces });
      if (opts.output === 'json') {
        io.writeOut(JSON.stringify({ query, allNamespaces: opts.allNamespaces === true, systemMasters: 'members of group system:masters are allowed everything', subjects: report.rows, errors: report.errors }, null, 2) + '\n');
      } else {
        const lines = ['SUBJECT\tSCOPE\tBINDING\tROLE'];
        for (const r of report.rows) {
          const binding = `${r.binding.kind}/${r.binding.namespace ? `${r.binding.namespace}/` : ''}${r.binding.name}`;
          lines.push(`${subjectText(r.subject)}\t${r.scope === '' ? 'cluster-wide' : r.scope}\t${binding}\t${r.role.kind}/${r.role.name}`);
        }
        if (!report.rows.some((r) => r.subject.kind === 'Group' && r.subject.name === 'system:masters' && r.scope === '')) {
          lines.push('Group system:masters\tcluster-wide\t(privileged group, no binding)\t-');
        }
        io.writeOut(formatTabbed(lines.join('\n') + '\n'));
        for (const e of report.errors) io.writeErr(formatWarning(`RBAC: ${e}`, color));
      }
      setExit(0);
    });
}
