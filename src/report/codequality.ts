import { isSuppressed } from './labels.js';
import { codeQualitySeverity, type CodeQualitySeverity } from './severity-map.js';
import type { Reporter } from './types.js';

/**
 * One GitLab Code Quality issue, with exactly the fields GitLab documents for the
 * `artifacts:reports:codequality` report (a subset of the Code Climate spec; GitLab ignores the
 * rest, so kaslint does not emit `type`, `categories`, `content` or `lines.end`).
 */
export interface CodeQualityIssue {
  /** The finding's message. */
  readonly description: string;
  /** The rule id. */
  readonly check_name: string;
  /** kaslint's fingerprint: no line numbers, so an issue keeps its identity when lines move. */
  readonly fingerprint: string;
  readonly severity: CodeQualitySeverity;
  readonly location: {
    /** As kaslint prints it: relative to the directory it ran in (the repository root in CI). */
    readonly path: string;
    /** 1-based, the same number kaslint shows; never the 0-based value some peers emit. */
    readonly lines: { readonly begin: number };
  };
}

/**
 * GitLab Code Quality JSON: an array of issues in kaslint's finding order.
 *
 * Suppressed findings are left out: the format has no way to mark an issue as suppressed, and an
 * entry in the widget reads as "fix this". They remain in the JSON and SARIF reports. Rule
 * crashes are not issues either; they show in the exit code and the other formats.
 */
export function toCodeQuality(data: Parameters<Reporter>[0]): CodeQualityIssue[] {
  return data.findings
    .filter((f) => !isSuppressed(f))
    .map((f) => ({
      description: f.message,
      check_name: f.ruleId,
      fingerprint: f.fingerprint,
      severity: codeQualitySeverity(f.severity),
      location: { path: f.location.file, lines: { begin: Math.max(1, f.location.range.start.line) } },
    }));
}

export const codeQualityReporter: Reporter = (data) => JSON.stringify(toCodeQuality(data), null, 2) + '\n';
