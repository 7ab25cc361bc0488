import type { Command } from 'commander';
import { Analysis } from '../../engine/analysis.js';
import { agentAccessReport, type AgentAccess } from '../../engine/access-report.js';
import { formatTabbed } from '../../kube/tabwriter.js';
import { CliError } from '../errors.js';
import type { CliIo } from '../io.js';
import { addInputOptions, loadWorkspace, type InputOptions } from '../workspace-options.js';

function render(a: AgentAccess): string {
  const out: string[] = [];
  out.push(`Agent "${a.agent}" (${a.configFile}${a.configProject ? `, config project ${a.configProject}` : ''})`);
  out.push(`  runs as: ${a.serviceAccount ?? 'unknown ServiceAccount (map the chart values with --values gitlab-agent=PATH or values[].agent)'}`);
  out.push('');
  const table = ['WHO\tVIA\tIDENTITY', ...a.rows.map((r) => `${r.who}\t${r.via}\t${r.identity}`)];
  out.push(...formatTabbed(table.join('\n') + '\n', { minWidth: 0, padding: 3 }).trimEnd().split('\n').map((l) => `  ${l}`));
  for (const p of a.permissions) {
    out.push('');
    out.push(`  ${p.identity}:`);
    if (p.clusterAdminEquivalent) out.push(`    CLUSTER-ADMIN-EQUIVALENT: ${p.clusterAdminEquivalent}`);
    if (p.scopes.length === 0) out.push('    no permissions from the repository (Kubernetes defaults only)');
    for (const s of p.scopes) {
      out.push(`    ${s.scope === '' ? 'cluster-wide' : `namespace ${s.scope}`}:`);
      for (const r of s.rules) out.push(`      ${r}`);
    }
  }
  return out.join('\n') + '\n';
}

export function registerAccess(program: Command, io: CliIo, setExit: (code: number) => void): void {
  const cmd = program.command('access').description('per agent: every identity that reaches the cluster through it, and what it can do');
  addInputOptions(cmd)
    .option('-o, --output <format>', 'text or json', 'text')
    .action(async (opts: InputOptions & { output: string }) => {
      if (opts.output !== 'text' && opts.output !== 'json') throw new CliError(`unknown output format "${opts.output}" (text or json)`);
      const { workspace, includeDefaultPolicy } = await loadWorkspace(io, [], opts);
      const report = agentAccessReport(new Analysis(workspace, { includeDefaultPolicy }));
      if (opts.output === 'json') io.writeOut(JSON.stringify({ agents: report }, null, 2) + '\n');
      else if (report.length === 0) io.writeOut('no agent configs (.gitlab/agents/<name>/config.yaml) found\n');
      else io.writeOut(report.map(render).join('\n'));
      setExit(0);
    });
}
