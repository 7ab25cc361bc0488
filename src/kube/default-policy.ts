// The Kubernetes default RBAC policy (bootstrap ClusterRoles, bindings, kube-system Roles),
// bundled as JSON by scripts/bundle-kubernetes-data.mjs. JSON.parse only, cached per process.
import { readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { AggregationRule, Binding, PolicyRule, Role, RoleRef, Subject } from '../rbac/types.js';
import { KUBERNETES_DATA_DIR, readBundledJson } from './data-dir.js';

export const DEFAULT_K8S_VERSION = '1.37';

const RBAC_API_GROUP = 'rbac.authorization.k8s.io';

export interface DefaultPolicy {
  /** The bundled version directory, e.g. "1.37". */
  readonly kubernetesVersion: string;
  readonly clusterRoles: readonly Role[];
  readonly roles: readonly Role[];
  readonly clusterRoleBindings: readonly Binding[];
  readonly roleBindings: readonly Binding[];
  /** What the bundle changed relative to upstream (e.g. synthesized bindings). */
  readonly notes: readonly string[];
}

// Shapes of data/kubernetes/<version>/policy.json (see data/kubernetes/README.md).
interface BundledRule {
  verbs: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}
interface BundledRole {
  name: string;
  namespace?: string;
  labels: Record<string, string>;
  aggregationRule?: AggregationRule;
  rules: BundledRule[];
}
interface BundledSubject {
  kind: string;
  apiGroup?: string;
  name: string;
  namespace?: string;
}
interface BundledBinding {
  name: string;
  namespace?: string;
  labels: Record<string, string>;
  roleRef: { kind: string; name: string };
  subjects: BundledSubject[];
}
interface BundledPolicy {
  kubernetesVersion: string;
  notes: string[];
  clusterRoles: BundledRole[];
  roles: BundledRole[];
  clusterRoleBindings: BundledBinding[];
  roleBindings: BundledBinding[];
}

const cache = new Map<string, DefaultPolicy>();
let versionsCache: readonly string[] | undefined;

/** Bundled policy versions ("major.minor"), oldest first. */
export function supportedVersions(): readonly string[] {
  versionsCache ??= Object.freeze(
    readdirSync(KUBERNETES_DATA_DIR, { withFileTypes: true })
      .filter((e) => e.isDirectory() && /^\d+\.\d+$/.test(e.name) && existsSync(join(KUBERNETES_DATA_DIR, e.name, 'policy.json')))
      .map((e) => e.name)
      .sort(compareMajorMinor),
  );
  return versionsCache;
}

/**
 * The default policy of a Kubernetes version. Accepts "1.37", "v1.37" and "1.37.2" (the patch is
 * ignored). Throws for versions that are not bundled. The result is frozen and shared.
 */
export function loadDefaultPolicy(version: string = DEFAULT_K8S_VERSION): DefaultPolicy {
  const key = normalizeVersion(version);
  const cached = key === undefined ? undefined : cache.get(key);
  if (cached) return cached;
  if (key === undefined || !supportedVersions().includes(key)) {
    throw new Error(`unsupported Kubernetes version "${version}" (bundled default policies: ${supportedVersions().join(', ')})`);
  }
  const policy = convertPolicy(readBundledJson(`${key}/policy.json`) as BundledPolicy);
  cache.set(key, policy);
  return policy;
}

function normalizeVersion(version: string): string | undefined {
  const m = /^v?(\d+)\.(\d+)(?:\.\d+)?$/.exec(version.trim());
  return m ? `${m[1]}.${m[2]}` : undefined;
}

function compareMajorMinor(a: string, b: string): number {
  const [am = 0, an = 0] = a.split('.').map(Number);
  const [bm = 0, bn = 0] = b.split('.').map(Number);
  return am - bm || an - bn;
}

function convertPolicy(p: BundledPolicy): DefaultPolicy {
  return deepFreeze({
    kubernetesVersion: p.kubernetesVersion,
    clusterRoles: p.clusterRoles.map((r) => convertRole(r, 'ClusterRole')),
    roles: p.roles.map((r) => convertRole(r, 'Role')),
    clusterRoleBindings: p.clusterRoleBindings.map((b) => convertBinding(b, 'ClusterRoleBinding')),
    roleBindings: p.roleBindings.map((b) => convertBinding(b, 'RoleBinding')),
    notes: p.notes,
  });
}

function convertRule(r: BundledRule): PolicyRule {
  return {
    verbs: r.verbs,
    apiGroups: r.apiGroups ?? [],
    resources: r.resources ?? [],
    resourceNames: r.resourceNames ?? [],
    nonResourceURLs: r.nonResourceURLs ?? [],
  };
}

function convertRole(r: BundledRole, kind: Role['kind']): Role {
  return {
    kind,
    name: r.name,
    ...(kind === 'Role' && r.namespace !== undefined ? { namespace: r.namespace } : {}),
    labels: r.labels,
    rules: r.rules.map(convertRule),
    ...(r.aggregationRule ? { aggregationRule: r.aggregationRule } : {}),
    builtin: true,
  };
}

function convertBinding(b: BundledBinding, kind: Binding['kind']): Binding {
  return {
    kind,
    name: b.name,
    ...(kind === 'RoleBinding' && b.namespace !== undefined ? { namespace: b.namespace } : {}),
    roleRef: convertRoleRef(b),
    subjects: b.subjects.map((s) => convertSubject(s, b.name)),
    builtin: true,
  };
}

function convertRoleRef(b: BundledBinding): RoleRef {
  const kind = b.roleRef.kind;
  if (kind !== 'Role' && kind !== 'ClusterRole') throw new Error(`bundled binding ${b.name}: bad roleRef kind ${kind}`);
  return { kind, name: b.roleRef.name, apiGroup: RBAC_API_GROUP };
}

function convertSubject(s: BundledSubject, bindingName: string): Subject {
  const apiGroup = s.apiGroup !== undefined ? { apiGroup: s.apiGroup } : {};
  switch (s.kind) {
    case 'User':
    case 'Group':
      return { kind: s.kind, name: s.name, ...apiGroup };
    case 'ServiceAccount':
      return { kind: 'ServiceAccount', name: s.name, ...(s.namespace !== undefined ? { namespace: s.namespace } : {}), ...apiGroup };
    default:
      throw new Error(`bundled binding ${bindingName}: bad subject kind ${s.kind}`);
  }
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
