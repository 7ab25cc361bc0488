import type { Binding, LabelSelector, PolicyRule, Role, Subject } from '../rbac/types.js';
import type { RbacV1Subject, V1PolicyRule, V1RoleRef } from '@kubernetes/client-node';
import { isRecord, type K8sObject } from './k8s.js';

export const RBAC_GROUP = 'rbac.authorization.k8s.io';

/** Stands in for a malformed subject: NUL cannot occur in a real group name. */
const INVALID_SUBJECT: Subject = { kind: 'Group', name: '\u0000invalid-subject' };

export interface RbacObjects {
  readonly roles: Role[];
  readonly clusterRoles: Role[];
  readonly roleBindings: Binding[];
  readonly clusterRoleBindings: Binding[];
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/**
 * The manifest fields read here, as the Kubernetes client types name them (type-only: the
 * client library is never loaded by offline commands). Input is untrusted, so every field
 * is still checked before use.
 */
type ManifestRule = Partial<Record<keyof V1PolicyRule, unknown>>;
type ManifestSubject = Partial<Record<keyof RbacV1Subject, unknown>>;
type ManifestRoleRef = Partial<Record<keyof V1RoleRef, unknown>>;

function toRule(v: unknown): PolicyRule {
  const r: ManifestRule = isRecord(v) ? v : {};
  return {
    verbs: strings(r['verbs']),
    apiGroups: strings(r['apiGroups']),
    resources: strings(r['resources']),
    resourceNames: strings(r['resourceNames']),
    nonResourceURLs: strings(r['nonResourceURLs']),
  };
}

function toSelector(v: unknown): LabelSelector {
  const s = isRecord(v) ? v : {};
  const matchLabels: Record<string, string> = {};
  if (isRecord(s['matchLabels'])) for (const [k, val] of Object.entries(s['matchLabels'])) if (typeof val === 'string') matchLabels[k] = val;
  const exprs = Array.isArray(s['matchExpressions']) ? s['matchExpressions'] : [];
  return {
    matchLabels,
    matchExpressions: exprs.filter(isRecord).flatMap((e) => {
      const op = e['operator'];
      if (typeof e['key'] !== 'string' || (op !== 'In' && op !== 'NotIn' && op !== 'Exists' && op !== 'DoesNotExist')) return [];
      return [{ key: e['key'], operator: op, values: strings(e['values']) }];
    }),
  };
}

function toSubject(raw: unknown): Subject | undefined {
  if (!isRecord(raw)) return undefined;
  const v: ManifestSubject = raw;
  if (typeof v['name'] !== 'string') return undefined;
  const kind = v['kind'];
  const apiGroup = typeof v['apiGroup'] === 'string' ? { apiGroup: v['apiGroup'] } : {};
  if (kind === 'ServiceAccount') {
    return { kind, name: v['name'], ...(typeof v['namespace'] === 'string' && v['namespace'] !== '' ? { namespace: v['namespace'] } : {}), ...apiGroup };
  }
  if (kind === 'User' || kind === 'Group') return { kind, name: v['name'], ...apiGroup };
  return undefined;
}

/**
 * The RBAC view of parsed objects. Malformed fields become empty lists (the schema rules
 * report them); each RBAC object keeps its source object as `origin`.
 */
export function toRbacObjects(objects: readonly K8sObject[]): RbacObjects {
  const out: RbacObjects = { roles: [], clusterRoles: [], roleBindings: [], clusterRoleBindings: [] };
  for (const obj of objects) {
    if (obj.group !== RBAC_GROUP) continue;
    const body = obj.body;
    switch (obj.kind) {
      case 'Role':
      case 'ClusterRole': {
        const agg = isRecord(body['aggregationRule']) ? body['aggregationRule'] : undefined;
        const role: Role = {
          kind: obj.kind,
          name: obj.name,
          ...(obj.kind === 'Role' ? { namespace: obj.namespace ?? 'default' } : {}),
          labels: obj.labels,
          rules: Array.isArray(body['rules']) ? body['rules'].map(toRule) : [],
          ...(obj.kind === 'ClusterRole' && agg && Array.isArray(agg['clusterRoleSelectors'])
            ? { aggregationRule: { clusterRoleSelectors: agg['clusterRoleSelectors'].map(toSelector) } }
            : {}),
          origin: obj,
        };
        (obj.kind === 'Role' ? out.roles : out.clusterRoles).push(role);
        break;
      }
      case 'RoleBinding':
      case 'ClusterRoleBinding': {
        const ref: ManifestRoleRef = isRecord(body['roleRef']) ? body['roleRef'] : {};
        const refKind = ref['kind'] === 'Role' || ref['kind'] === 'ClusterRole' ? ref['kind'] : undefined;
        if (!refKind || typeof ref['name'] !== 'string') break;
        const binding: Binding = {
          kind: obj.kind,
          name: obj.name,
          ...(obj.kind === 'RoleBinding' ? { namespace: obj.namespace ?? 'default' } : {}),
          roleRef: { kind: refKind, name: ref['name'], ...(typeof ref['apiGroup'] === 'string' ? { apiGroup: ref['apiGroup'] } : {}) },
          // Malformed subjects (schema rules report them) stay as a group no user can be
          // in, so subject indexes keep pointing at the right entry of the object.
          subjects: (Array.isArray(body['subjects']) ? body['subjects'] : []).map((v) => toSubject(v) ?? INVALID_SUBJECT),
          origin: obj,
        };
        (obj.kind === 'RoleBinding' ? out.roleBindings : out.clusterRoleBindings).push(binding);
        break;
      }
      default:
        break;
    }
  }
  return out;
}
