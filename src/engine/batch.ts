import { isRecord } from '../model/k8s.js';
import { authorize } from '../rbac/authorize.js';
import { completeImpersonatedUser } from '../rbac/identity.js';
import type { RbacIndex } from '../rbac/index.js';
import type { AccessRequest } from '../rbac/types.js';

const RESOURCE_FIELDS = ['group', 'resource', 'subresource', 'name', 'namespace'] as const;

export type BatchQuery = { readonly request: AccessRequest } | { readonly error: string };

/**
 * One line of `can-i --batch` input → the request it asks. `user`/`groups` are completed
 * as --as/--as-group are; fields are already resolved (no short names); an empty or
 * missing namespace is a cluster-wide request.
 */
export function parseBatchLine(line: string): BatchQuery {
  let data: unknown;
  try {
    data = JSON.parse(line);
  } catch {
    return { error: 'invalid JSON' };
  }
  if (!isRecord(data)) return { error: 'expected a JSON object' };
  for (const k of ['user', 'verb', 'nonResourceURL', ...RESOURCE_FIELDS]) {
    const v = data[k];
    if (v !== undefined && v !== null && typeof v !== 'string') return { error: `"${k}" must be a string` };
  }
  const str = (k: string): string => {
    const v = data[k];
    return typeof v === 'string' ? v : '';
  };
  const groupsRaw = data['groups'];
  if (groupsRaw !== undefined && groupsRaw !== null && !(Array.isArray(groupsRaw) && groupsRaw.every((g) => typeof g === 'string'))) {
    return { error: '"groups" must be a list of strings' };
  }
  const groups = (groupsRaw ?? []) as string[];
  const userName = str('user');
  if (userName === '') return { error: '"user" is required (it means --as)' };
  const verb = str('verb');
  if (verb === '') return { error: '"verb" is required' };
  const user = completeImpersonatedUser(userName, groups);
  const url = str('nonResourceURL');
  if (url !== '') {
    if (RESOURCE_FIELDS.some((k) => str(k) !== '')) return { error: '"nonResourceURL" cannot be combined with resource fields' };
    return { request: { user, verb, path: url } };
  }
  const resource = str('resource');
  if (resource === '') return { error: '"resource" or "nonResourceURL" is required' };
  return {
    request: {
      user,
      verb,
      group: str('group'),
      resource,
      subresource: str('subresource'),
      name: str('name'),
      namespace: str('namespace'),
    },
  };
}

/** Answer one batch line with exactly one JSON line (no trailing newline). */
export function answerBatchLine(index: RbacIndex, line: string): string {
  const q = parseBatchLine(line);
  if ('error' in q) return JSON.stringify({ error: q.error });
  const d = authorize(index, q.request);
  return JSON.stringify({ allowed: d.allowed, reason: d.reason });
}
