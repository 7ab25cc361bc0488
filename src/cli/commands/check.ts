import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { baselineText, parseBaseline, type BaselineEntry } from '../../engine/baseline.js';
import { Analysis } from '../../engine/analysis.js';
import { lint } from '../../engine/lint.js';
import { isSeverity, severityRank, type Severity } from '../../model/finding.js';
import { RULES } from '../../rules/registry.js';
import type { RuleSetting } from '../../model/project-config.js';
import { CliError, EXIT_ERROR, EXIT_FINDINGS, EXIT_OK } from '../errors.js';
import { toolVersion, useColor, type CliIo } from '../io.js';
import { parseOutputs, writeOutputs } from '../output.js';
import { addInputOptions, loadSide, loadWorkspace, type InputOptions } from '../workspace-options.js';
import { Progress, progressWanted } from '../progress.js';
import { displayPath } from '../../load/discover.js';
import { compareWorkspaces } from '../../engine/compare.js';
import { maskSecrets } from '../../model/secrets.js';
import { chartTokenSecrets } from '../../rules/gitlab/plaintext-token.js';

interface CheckOptions extends InputOptions {
  output?: string[];
  failOn?: string;
  quiet?: boolean;
  color?: boolean;
  rule?: string[];
  baseline?: string;
  paths?: boolean;
  base?: string;
  hook?: boolean;
  writeBaseline?: string | boolean;
}

/** Where the baseline lives unless --baseline or the project config say otherwise. */
export const DEFAULT_BASELINE = '.kaslint-baseline.json';

async function readBaseline(io: CliIo, file: string, explicit: boolean): Promise<BaselineEntry[]> {
  let text: string;
  try {
    text = await readFile(path.resolve(io.cwd, file), 'utf8');
  } catch {
    if (explicit) throw new CliError(`cannot read baseline file ${file}`);
    return [];
  }
  const parsed = parseBaseline(text);
  if (!parsed.ok) throw new CliError(`${file}: ${parsed.error}`);
  return parsed.entries;
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

function parseRuleFlags(values: readonly string[] | undefined): Record<string, RuleSetting> {
  const out: Record<string, RuleSetting> = {};
  for (const v of values ?? []) {
    const eq = v.indexOf('=');
    const id = eq === -1 ? v : v.slice(0, eq);
    const sev = eq === -1 ? 'on' : v.slice(eq + 1);
    if (sev !== 'off' && sev !== 'on' && !isSeverity(sev)) throw new CliError(`invalid --rule "${v}" (expected RULE=on|off|info|warning|error|critical)`);
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
    .option('-o, --output <format[=path]>', 'output format, optionally to a file (repeatable): text, json, sarif, codequality, junit, markdown', collect)
    .option('--fail-on <severity>', 'lowest severity that makes the exit code 1', 'error')
    .option('--rule <rule=severity>', 'set a rule severity or turn it off (repeatable)', collect)
    .option('-q, --quiet', 'text output: show only findings at or above --fail-on')
    .option('--paths', 'report every escalation path, not only the shortest per subject')
    .option('--hook', 'pre-commit mode: analyse the whole working directory, report only findings in the files given as arguments')
    .option('--base <rev>', 'also report the permission change since this git revision (or directory)')
    .option('--baseline <file>', `accept the findings listed in this file (default: ${DEFAULT_BASELINE} or the project config's baseline)`)
    .option('--write-baseline [file]', 'write the current findings as the baseline and exit 0')
    .option('--color', 'force coloured text output')
    .option('--no-color', 'disable coloured text output')
    .action(async (paths: string[], opts: CheckOptions) => {
      if (!isSeverity(opts.failOn)) throw new CliError(`invalid --fail-on "${String(opts.failOn)}" (one of info, warning, error, critical)`);
      const failOn = opts.failOn;
      const outputs = parseOutputs(opts.output);
      const ruleOverrides = parseRuleFlags(opts.rule);
      const progress = new Progress(io, progressWanted(io, opts.quiet === true));
      progress.phase('reading files');
      // In hook mode the arguments name the changed files; permissions need every file.
      const reportOnly = opts.hook ? new Set(paths.map((p) => displayPath(io.cwd, path.resolve(io.cwd, p)))) : undefined;
      const { workspace, includeDefaultPolicy } = await loadWorkspace(io, opts.hook ? [] : paths, opts);
      progress.phase(`analysing ${workspace.files.length} files`);
      const analysis = new Analysis(workspace, { includeDefaultPolicy, allPaths: opts.paths === true });
      const baselineFile = typeof opts.writeBaseline === 'string' ? opts.writeBaseline : opts.baseline ?? workspace.projectConfig.baseline ?? DEFAULT_BASELINE;
      if (opts.writeBaseline !== undefined) {
        const result = lint(workspace, { rules: RULES, ruleOverrides, analysis });
        await io.writeFile(path.resolve(io.cwd, baselineFile), baselineText(result.findings));
        const n = result.findings.filter((f) => f.suppressions.length === 0).length;
        io.writeOut(`wrote ${n} finding${n === 1 ? '' : 's'} to ${baselineFile}\n`);
        setExit(result.internalErrors.length > 0 ? EXIT_ERROR : EXIT_OK);
        return;
      }
      const baseline = await readBaseline(io, baselineFile, opts.baseline !== undefined || workspace.projectConfig.baseline !== undefined);
      const linted = lint(workspace, { rules: RULES, ruleOverrides, analysis, baseline });
      const result = reportOnly ? { ...linted, findings: linted.findings.filter((f) => reportOnly.has(f.location.file)) } : linted;
      if (opts.base !== undefined) progress.phase(`comparing with ${opts.base}`);
      const delta = opts.base === undefined
        ? undefined
        : compareWorkspaces({ label: opts.base, workspace: (await loadSide(io, opts.base, opts)).workspace }, { label: 'working tree', workspace, findings: result.findings }, { includeDefaultPolicy });
      const shown = opts.quiet ? result.findings.filter((f) => severityRank(f.severity) >= severityRank(failOn)) : result.findings;
      const files = [...workspace.files.map((f) => f.source.path), ...workspace.problems.map((p) => p.path)].sort();
      const color = useColor(io, io.stdoutIsTTY, opts.color);
      // Tokens found in the input are never printed whole, in code frames or anywhere else.
      const secrets = chartTokenSecrets(analysis);
      const redact = (text: string): string => maskSecrets(text, { keepLength: true, extra: secrets });
      progress.done();
      await writeOutputs(io, outputs, { findings: shown, internalErrors: result.internalErrors, ...(delta ? { delta } : {}) }, (spec) => ({
        color: spec.path === undefined && spec.format === 'text' ? color : false,
        sources: (p) => {
          const text = workspace.file(p)?.source.text;
          return text === undefined ? undefined : redact(text);
        },
        files,
        failOn,
        toolVersion: toolVersion(),
        rules: RULES.map((r) => r.meta),
      }), redact);
      const failing = result.findings.some((f) => f.suppressions.length === 0 && severityRank(f.severity) >= severityRank(failOn));
      const ioFailure = workspace.problems.some((p) => p.kind === 'missing' || p.kind === 'unreadable');
      setExit(result.internalErrors.length > 0 || ioFailure ? EXIT_ERROR : failing ? EXIT_FINDINGS : EXIT_OK);
    });
}
