import type { Finding, Severity } from '../model/finding.js';
import { severityRank } from '../model/finding.js';
import type { Workspace } from '../model/workspace.js';
import type { RuleSetting } from '../model/project-config.js';
import { isOffsetRef, type ReportInput, type RuleDefinition } from '../rules/types.js';
import { Analysis } from './analysis.js';
import type { BaselineEntry } from './baseline.js';
import { fingerprintOf } from './fingerprint.js';
import { locateOffsets, locateRef } from './locate-ref.js';
import { compareFindings } from './sort.js';
import { lineText } from '../load/source-file.js';
import { severityFor } from './rule-settings.js';
import { applySuppressions } from './suppress.js';

export interface LintOptions {
  readonly rules: readonly RuleDefinition[];
  /** Rule id → severity, 'on' or 'off' (command line wins over the project config). */
  readonly ruleOverrides?: Readonly<Record<string, RuleSetting>>;
  readonly analysis?: Analysis;
  /** Findings accepted earlier (kaslint check --write-baseline). */
  readonly baseline?: readonly BaselineEntry[];
}

export interface InternalError {
  readonly ruleId: string;
  readonly message: string;
}

export interface LintResult {
  readonly findings: readonly Finding[];
  /** Rules that threw: reported, never fatal for the others. */
  readonly internalErrors: readonly InternalError[];
  readonly filesChecked: number;
}

/** Rules whose findings the engine itself produces after suppressions are applied. */
const SUPPRESSION_RULES = new Set(['kaslint/suppression-without-reason', 'kaslint/unused-suppression']);

export function lint(workspace: Workspace, options: LintOptions): LintResult {
  const analysis = options.analysis ?? new Analysis(workspace);
  const findings: Finding[] = [];
  const internalErrors: InternalError[] = [];
  const seen = new Set<string>();
  const fingerprintUses = new Map<string, number>();

  const reporterFor = (rule: RuleDefinition) => (input: ReportInput): void => {
    const at = input.at;
    const location = isOffsetRef(at) ? locateOffsets(workspace, at.file, at.startOffset, at.endOffset) : locateRef(workspace, at, input.target ?? 'key');
    const sev = severityFor(rule.meta, workspace.projectConfig, options.ruleOverrides, location.file, input.severity);
    if (sev === 'off') return;
    // Offsets carry no path; the offending line's text stands in for it, so the
    // fingerprint survives edits elsewhere in the file.
    const fpPath = isOffsetRef(at) ? ['@', offendingLine(workspace, location.file, location.range.start.line)] : at.path;
    const identity = `${rule.meta.id}\0${location.file}\0${location.range.startOffset}\0${location.range.endOffset}\0${input.message}`;
    if (seen.has(identity)) return;
    seen.add(identity);
    let fingerprint = fingerprintOf(rule.meta.id, location.file, input.object, fpPath, input.key ?? input.message);
    const n = (fingerprintUses.get(fingerprint) ?? 0) + 1;
    fingerprintUses.set(fingerprint, n);
    if (n > 1) fingerprint = `${fingerprint}-${n}`;
    findings.push({
      ruleId: rule.meta.id,
      severity: sev,
      message: input.message,
      location,
      ...(input.object ? { object: input.object } : {}),
      related: (input.related ?? []).map((r) => ({
        message: r.message,
        ...(r.at ? { location: locateRef(workspace, r.at, r.target ?? 'key') } : {}),
      })),
      help: input.help ?? rule.meta.remediation,
      fingerprint,
      matchKey: fingerprintOf(rule.meta.id, '', input.object, isOffsetRef(at) ? fpPath : [], input.key ?? input.message),
      suppressions: [],
    });
  };

  for (const rule of options.rules) {
    if (SUPPRESSION_RULES.has(rule.meta.id) || !isEnabled(rule, workspace, options.ruleOverrides)) continue;
    try {
      rule.check({ workspace, analysis, report: reporterFor(rule) });
    } catch (err) {
      internalErrors.push({ ruleId: rule.meta.id, message: err instanceof Error ? err.message : String(err) });
    }
  }

  const ruleFindings = findings.splice(0, findings.length);
  const suppressed = applySuppressions(workspace, ruleFindings, options.baseline ?? [], new Set(options.rules.map((r) => r.meta.id)));
  for (const rule of options.rules) {
    if (!SUPPRESSION_RULES.has(rule.meta.id) || !isEnabled(rule, workspace, options.ruleOverrides)) continue;
    const report = reporterFor(rule);
    for (const p of suppressed.problems) if (p.ruleId === rule.meta.id) report({ at: p.at, message: p.message });
  }
  const all = [...suppressed.findings, ...findings].sort(compareFindings);
  return { findings: all, internalErrors, filesChecked: workspace.files.length + workspace.problems.length };
}

/**
 * Recommended rules run unless turned off; the others run only when the project config,
 * a path override or the command line gives them a severity.
 */
function isEnabled(rule: RuleDefinition, ws: Workspace, cli: LintOptions['ruleOverrides']): boolean {
  const id = rule.meta.id;
  const explicit = cli?.[id] ?? ws.projectConfig.rules[id];
  const inOverrides = ws.projectConfig.overrides.some((o) => o.rules[id] !== undefined && o.rules[id] !== 'off');
  if (explicit !== undefined) return explicit !== 'off' || inOverrides;
  return rule.meta.recommended || inOverrides;
}

export function countAtOrAbove(findings: readonly Finding[], threshold: Severity): number {
  const rank = severityRank(threshold);
  return findings.filter((f) => f.suppressions.length === 0 && severityRank(f.severity) >= rank).length;
}

function offendingLine(ws: Workspace, file: string, line: number): string {
  const f = ws.file(file);
  return f ? lineText(f.source, line).trim() : '';
}
