import { severityRank, type Severity } from '../model/finding.js';

/** SARIF 2.1.0 `level` values kaslint emits (`none` is never used). */
export type SarifLevel = 'note' | 'warning' | 'error';

/** GitLab Code Quality `severity` values (the report format's full enum). */
export type CodeQualitySeverity = 'info' | 'minor' | 'major' | 'critical' | 'blocker';

/**
 * The one table that maps kaslint severities onto other formats. Every reporter reads it;
 * none has its own copy.
 *
 * | kaslint  | SARIF level | Code Quality | JUnit                                  |
 * | -------- | ----------- | ------------ | -------------------------------------- |
 * | info     | note        | info         | `<failure>` when at or above --fail-on |
 * | warning  | warning     | minor        | ditto                                  |
 * | error    | error       | major        | ditto                                  |
 * | critical | error       | critical     | ditto                                  |
 *
 * - SARIF has no level above `error`, so `critical` and `error` share it; the SARIF reporter
 *   keeps the kaslint severity in `result.properties.severity` so nothing is lost.
 * - Code Quality's `blocker` is reserved and never emitted: a finding does not know whether the
 *   identity it concerns is reachable from GitLab, and guessing would make the widget's ordering
 *   depend on data the reporter does not have.
 * - JUnit has no levels: a testcase fails when one of its unsuppressed findings is at or above
 *   `--fail-on` — the same test that decides the exit code.
 */
export const SEVERITY_MAP: Readonly<Record<Severity, { readonly sarif: SarifLevel; readonly codeQuality: CodeQualitySeverity }>> = {
  info: { sarif: 'note', codeQuality: 'info' },
  warning: { sarif: 'warning', codeQuality: 'minor' },
  error: { sarif: 'error', codeQuality: 'major' },
  critical: { sarif: 'error', codeQuality: 'critical' },
};

export function sarifLevel(severity: Severity): SarifLevel {
  return SEVERITY_MAP[severity].sarif;
}

export function codeQualitySeverity(severity: Severity): CodeQualitySeverity {
  return SEVERITY_MAP[severity].codeQuality;
}

/** True when a finding of this severity fails a run (and a JUnit testcase) at `failOn`. */
export function failsAt(severity: Severity, failOn: Severity): boolean {
  return severityRank(severity) >= severityRank(failOn);
}
