import type { Finding } from '../model/finding.js';
import { isRecord } from '../model/k8s.js';

export const BASELINE_VERSION = 1;

export interface BaselineEntry {
  readonly fingerprint: string;
  readonly ruleId: string;
  readonly file: string;
}

/** The baseline file: findings accepted when kaslint was adopted; only new ones fail. */
export function baselineText(findings: readonly Finding[]): string {
  const entries = findings
    .filter((f) => f.suppressions.length === 0)
    .map((f) => ({ fingerprint: f.fingerprint, ruleId: f.ruleId, file: f.location.file, message: f.message }));
  return JSON.stringify({ version: BASELINE_VERSION, findings: entries }, null, 2) + '\n';
}

export function parseBaseline(text: string): { ok: true; entries: BaselineEntry[] } | { ok: false; error: string } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { ok: false, error: 'not valid JSON' };
  }
  if (!isRecord(data) || data['version'] !== BASELINE_VERSION || !Array.isArray(data['findings'])) {
    return { ok: false, error: `expected {"version": ${BASELINE_VERSION}, "findings": [...]}` };
  }
  const entries: BaselineEntry[] = [];
  for (const e of data['findings']) {
    if (isRecord(e) && typeof e['fingerprint'] === 'string' && typeof e['ruleId'] === 'string' && typeof e['file'] === 'string') {
      entries.push({ fingerprint: e['fingerprint'], ruleId: e['ruleId'], file: e['file'] });
    }
  }
  return { ok: true, entries };
}
