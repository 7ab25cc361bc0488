import { createHash } from 'node:crypto';
import type { ObjectIdentity } from '../model/finding.js';
import type { JsonPath } from '../model/path.js';

/** Stable across edits that move lines: no line numbers, only what the finding is about. */
export function fingerprintOf(ruleId: string, file: string, object: ObjectIdentity | undefined, path: JsonPath, key: string): string {
  const h = createHash('sha256');
  h.update(JSON.stringify([ruleId, file, object ? [object.kind, object.namespace ?? '', object.name] : null, path, key]));
  return h.digest('hex').slice(0, 32);
}
