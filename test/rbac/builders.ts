// Small builders so conformance tables read like the upstream ones: rules from
// comma-separated strings, subjects as "Kind:name" or "ServiceAccount:ns:name".

import type {
  Binding,
  NonResourceRequest,
  PolicyRule,
  ResourceRequest,
  Role,
  Subject,
  UserInfo,
} from '../../src/rbac/types.js';

const split = (s: string | undefined): string[] => (s === undefined || s === '' ? [] : s.split(','));

/** rule('get,list', '', 'pods') — the core group is written as '""'. */
export function rule(
  verbs: string,
  apiGroups?: string,
  resources?: string,
  extra: { names?: string; urls?: string } = {},
): PolicyRule {
  return {
    verbs: split(verbs),
    apiGroups: split(apiGroups).map((g) => (g === '""' ? '' : g)),
    resources: split(resources),
    resourceNames: split(extra.names),
    nonResourceURLs: split(extra.urls),
  };
}

export function urlRule(verbs: string, urls: string): PolicyRule {
  return rule(verbs, undefined, undefined, { urls });
}

export function clusterRole(name: string, rules: PolicyRule[], extra: Partial<Role> = {}): Role {
  return { kind: 'ClusterRole', name, labels: {}, rules, ...extra };
}

export function role(namespace: string, name: string, rules: PolicyRule[]): Role {
  return { kind: 'Role', namespace, name, labels: {}, rules };
}

export function subject(spec: string): Subject {
  const [kind, ...rest] = spec.split(':');
  if (kind === 'User' || kind === 'Group') return { kind, name: rest.join(':') };
  if (kind === 'ServiceAccount') {
    // "ServiceAccount:name" (no namespace) or "ServiceAccount:ns:name"
    if (rest.length === 1) return { kind, name: rest[0] ?? '' };
    return { kind, namespace: rest[0] ?? '', name: rest.slice(1).join(':') };
  }
  throw new Error(`bad subject spec ${spec}`);
}

export function crb(name: string, roleName: string, ...subjects: string[]): Binding {
  return {
    kind: 'ClusterRoleBinding',
    name,
    roleRef: { kind: 'ClusterRole', name: roleName, apiGroup: 'rbac.authorization.k8s.io' },
    subjects: subjects.map(subject),
  };
}

export function rb(
  namespace: string,
  name: string,
  roleRef: { kind: 'Role' | 'ClusterRole'; name: string },
  ...subjects: string[]
): Binding {
  return { kind: 'RoleBinding', namespace, name, roleRef, subjects: subjects.map(subject) };
}

export function user(name: string, ...groups: string[]): UserInfo {
  return { name, groups };
}

export function resourceRequest(
  u: UserInfo,
  verb: string,
  resource: string,
  opts: { group?: string; subresource?: string; name?: string; namespace?: string } = {},
): ResourceRequest {
  return {
    user: u,
    verb,
    resource,
    group: opts.group ?? '',
    subresource: opts.subresource ?? '',
    name: opts.name ?? '',
    namespace: opts.namespace ?? '',
  };
}

export function nonResourceRequest(u: UserInfo, verb: string, path: string): NonResourceRequest {
  return { user: u, verb, path };
}
