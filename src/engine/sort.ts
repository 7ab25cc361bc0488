import { severityRank, type Finding } from '../model/finding.js';

function cmp(a: string | number, b: string | number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Deterministic order: file, line, column, rule id, message, then the fingerprint. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    cmp(a.location.file, b.location.file) ||
    cmp(a.location.range.start.line, b.location.range.start.line) ||
    cmp(a.location.range.start.column, b.location.range.start.column) ||
    cmp(a.ruleId, b.ruleId) ||
    cmp(severityRank(b.severity), severityRank(a.severity)) ||
    cmp(a.message, b.message) ||
    cmp(a.fingerprint, b.fingerprint)
  );
}
