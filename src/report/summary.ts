import { SEVERITIES, type Finding, type Severity } from '../model/finding.js';

export function summaryCounts(findings: readonly Finding[]): Record<Severity, number> & { suppressed: number } {
  const counts = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  let suppressed = 0;
  for (const f of findings) {
    if (f.suppressions.length > 0) suppressed += 1;
    else counts[f.severity] += 1;
  }
  return { ...counts, suppressed };
}
