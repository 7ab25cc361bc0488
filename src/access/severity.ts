import { SEVERITIES, type Severity } from '../model/finding.js';

/** Raise a severity by n steps, capped at critical. */
export function raise(s: Severity, n: number): Severity {
  const i = Math.min(SEVERITIES.length - 1, SEVERITIES.indexOf(s) + Math.max(0, n));
  return SEVERITIES[i] ?? s;
}
