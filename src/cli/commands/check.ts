import type { Command } from 'commander';
import { Analysis } from '../../engine/analysis.js';
import { lint } from '../../engine/lint.js';
import { isSeverity, severityRank, type Severity } from '../../model/finding.js';
import { RULES } from '../../rules/registry.js';
import { CliError, EXIT_ERROR, EXIT_FINDINGS, EXIT_OK } from '../errors.js';
import { toolVersion, useColor, type CliIo } from '../io.js';
import { parseOutputs, writeOutputs } from '../output.js';
import { addInputOptions, loadWorkspace, type InputOptions } from '../workspace-options.js';

interface CheckOptions extends InputOptions {
  output?: string[];
  failOn?: string;
  quiet?: boolean;
  color?: boolean;
  rule?: string[];
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

function parseRuleFlags(values: readonly string[] | undefined): Record<string, Severity | 'off'> {
  const out: Record<string, Severity | 'off'> = {};
  for (const v of values ?? []) {
    const eq = v.indexOf('=');
    const id = eq === -1 ? v : v.slice(0, eq);
    const sev = eq === -1 ? 'error' : v.slice(eq + 1);
    if (sev !== 'off' && !isSeverity(sev)) throw new CliError(`invalid --rule "${v}" (expected RULE=off|info|warning|error|critical)`);
    out[id] = sev;
  }
  return out;
}

export function registerCheck(program: Command, io: CliIo, setExit: (code: number) => void): void {
  const cmd = program
    .command('check')
    .description('lint agent configs, chart values and RBAC manifests (default: the current directory)')
    .argument('[paths...]', 'files or directories to check');
  addInputOptions(cmd)
    .option('-o, --output <format[=path]>', 'output format, optionally to a file (repeatable): text, json', collect)
    .option('--fail-on <severity>', 'lowest severity that makes the exit code 1', 'error')
    .option('--rule <rule=severity>', 'set a rule severity or turn it off (repeatable)', collect)
    .option('-q, --quiet', 'text output: show only findings at or above --fail-on')
    .option('--color', 'force coloured text output')
    .option('--no-color', 'disable coloured text output')
    .action(async (paths: string[], opts: CheckOptions) => {
      if (!isSeverity(opts.failOn)) throw new CliError(`invalid --fail-on "${String(opts.failOn)}" (one of info, warning, error, critical)`);
      const failOn = opts.failOn;
      const outputs = parseOutputs(opts.output);
      const ruleOverrides = parseRuleFlags(opts.rule);
      const { workspace, includeDefaultPolicy } = await loadWorkspace(io, paths, opts);
      const analysis = new Analysis(workspace, { includeDefaultPolicy });
      const result = lint(workspace, { rules: RULES, ruleOverrides, analysis });
      const shown = opts.quiet ? result.findings.filter((f) => severityRank(f.severity) >= severityRank(failOn)) : result.findings;
      const files = [...workspace.files.map((f) => f.source.path), ...workspace.problems.map((p) => p.path)].sort();
      const color = useColor(io, io.stdoutIsTTY, opts.color);
      await writeOutputs(io, outputs, { findings: shown, internalErrors: result.internalErrors }, (spec) => ({
        color: spec.path === undefined && spec.format === 'text' ? color : false,
        sources: (p) => workspace.file(p)?.source.text,
        files,
        failOn,
        toolVersion: toolVersion(),
      }));
      const failing = result.findings.some((f) => f.suppressions.length === 0 && severityRank(f.severity) >= severityRank(failOn));
      const ioFailure = workspace.problems.some((p) => p.kind === 'missing' || p.kind === 'unreadable');
      setExit(result.internalErrors.length > 0 || ioFailure ? EXIT_ERROR : failing ? EXIT_FINDINGS : EXIT_OK);
    });
}
