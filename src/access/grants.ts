import type { RbacIndex } from '../rbac/index.js';
import { resolveRoleRef } from '../rbac/resolve.js';
import type { Binding, Role, Subject } from '../rbac/types.js';

/** A subject as a binding grants to it, with a ServiceAccount's namespace defaulted. */
export type BoundSubject =
  | { readonly kind: 'User' | 'Group'; readonly name: string }
  | { readonly kind: 'ServiceAccount'; readonly name: string; readonly namespace: string };

/** One binding granting one role to one subject, in one scope. */
export interface Grant {
  readonly binding: Binding;
  readonly subjectIndex: number;
  readonly subject: BoundSubject;
  /** The role with its effective (aggregated) rules. */
  readonly role: Role;
  /** '' = cluster-wide (ClusterRoleBinding), else the RoleBinding's namespace. */
  readonly scope: string;
}

export interface GrantResolution {
  readonly grants: readonly Grant[];
  /** Bindings whose role does not exist: [binding, error]. */
  readonly dangling: readonly { readonly binding: Binding; readonly error: string }[];
}

export function subjectKey(s: BoundSubject): string {
  return s.kind === 'ServiceAccount' ? `ServiceAccount:${s.namespace}/${s.name}` : `${s.kind}:${s.name}`;
}

export function describeBoundSubject(s: BoundSubject): string {
  return s.kind === 'ServiceAccount' ? `ServiceAccount "${s.namespace}/${s.name}"` : `${s.kind} "${s.name}"`;
}

/** The username a ServiceAccount subject authenticates as. */
export function subjectUsername(s: BoundSubject): string | undefined {
  if (s.kind === 'ServiceAccount') return `system:serviceaccount:${s.namespace}:${s.name}`;
  return s.kind === 'User' ? s.name : undefined;
}

function boundSubject(subject: Subject, binding: Binding): BoundSubject | undefined {
  if (subject.kind !== 'ServiceAccount') return { kind: subject.kind, name: subject.name };
  // Upstream: an SA subject without namespace defaults to a RoleBinding's namespace and
  // matches nothing in a ClusterRoleBinding.
  const ns = subject.namespace ?? (binding.kind === 'RoleBinding' ? binding.namespace : undefined);
  return ns ? { kind: 'ServiceAccount', name: subject.name, namespace: ns } : undefined;
}

/**
 * Every grant made by the given bindings, resolved through the index (so aggregated
 * ClusterRoles contribute their effective rules). Bindings to missing roles grant nothing
 * and are listed as dangling.
 */
export function resolveGrants(index: RbacIndex, bindings: readonly Binding[]): GrantResolution {
  const grants: Grant[] = [];
  const dangling: { binding: Binding; error: string }[] = [];
  for (const binding of bindings) {
    const scope = binding.kind === 'ClusterRoleBinding' ? '' : binding.namespace ?? 'default';
    const resolved = resolveRoleRef(index, binding.roleRef, scope);
    if ('error' in resolved) {
      dangling.push({ binding, error: resolved.error });
      continue;
    }
    binding.subjects.forEach((s, subjectIndex) => {
      const subject = boundSubject(s, binding);
      if (subject) grants.push({ binding, subjectIndex, subject, role: resolved.role, scope });
    });
  }
  return { grants, dangling };
}

const bySubjectCache = new WeakMap<readonly Grant[], Map<string, Grant[]>>();

/** Grants grouped by subject, in first-seen order (computed once per grant list). */
export function grantsBySubject(grants: readonly Grant[]): Map<string, Grant[]> {
  const cached = bySubjectCache.get(grants);
  if (cached) return cached;
  const out = new Map<string, Grant[]>();
  bySubjectCache.set(grants, out);
  for (const g of grants) {
    const key = subjectKey(g.subject);
    const list = out.get(key);
    if (list) list.push(g);
    else out.set(key, [g]);
  }
  return out;
}
