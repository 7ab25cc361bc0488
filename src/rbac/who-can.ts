// The reverse question (upstream has no `who-can`; this mirrors the authorizer): which
// binding subjects may make a request? A binding counts when its role resolves and one of
// its rules allows the request; then each of its subjects that can match anybody is
// listed. Subjects mean what appliesTo makes them mean: a User subject is the user with
// that name, a Group subject any user in that group, a ServiceAccount subject the user
// named system:serviceaccount:<ns>:<name>. So a user is allowed by authorize() exactly
// when some listed subject applies to it (or it is in system:masters).

import type { RbacIndex } from './index.js';
import { ruleAllows, type RuleRequest } from './match.js';
import { resolveRoleRef, ruleSource } from './resolve.js';
import type { Binding, RuleSource, Subject } from './types.js';

export type WhoCanQuery =
  | {
      readonly verb: string;
      readonly group: string;
      readonly resource: string;
      readonly subresource?: string;
      readonly name?: string;
      /** '' asks about cluster-wide access: only ClusterRoleBindings count. */
      readonly namespace: string;
    }
  | { readonly verb: string; readonly path: string };

export interface WhoCanSubject {
  readonly kind: 'User' | 'Group' | 'ServiceAccount';
  readonly name: string;
  /** Set for ServiceAccount subjects, defaulted from the RoleBinding when absent. */
  readonly namespace?: string;
  /** Every binding rule that allows the request for this subject, in canonical order. */
  readonly sources: readonly RuleSource[];
}

export interface WhoCanResult {
  /** Distinct subjects in order of first appearance (ClusterRoleBindings by name, then RoleBindings by name). */
  readonly subjects: readonly WhoCanSubject[];
  /**
   * Always true: members of system:masters are allowed everything by the privileged-group
   * authorizer, whether or not a binding lists that group.
   */
  readonly includesSystemMasters: true;
  /** Resolution errors of the bindings in scope (dangling role references). */
  readonly errors: readonly string[];
}

interface Entry {
  readonly kind: WhoCanSubject['kind'];
  readonly name: string;
  readonly namespace?: string;
  readonly sources: RuleSource[];
}

export interface WhoCanOptions {
  /**
   * Only the RoleBindings of the query's namespace: callers asking about many namespaces
   * compute the ClusterRoleBinding part once (a cluster-wide query) and add this per namespace.
   */
  readonly roleBindingsOnly?: boolean;
}

export function whoCan(index: RbacIndex, query: WhoCanQuery, options: WhoCanOptions = {}): WhoCanResult {
  const request = toRuleRequest(query);
  const namespace = 'path' in query ? '' : query.namespace;
  const entries = new Map<string, Entry>();
  const errors: string[] = [];

  const visit = (binding: Binding, bindingNamespace: string): void => {
    const resolved = resolveRoleRef(index, binding.roleRef, bindingNamespace);
    if ('error' in resolved) {
      // Upstream only meets this error for bindings that apply; here every binding is in play.
      errors.push(resolved.error);
      return;
    }
    const { role } = resolved;
    const allowing: RuleSource[] = [];
    role.rules.forEach((rule, i) => {
      if (ruleAllows(request, rule)) allowing.push(ruleSource(index, binding, role, rule, i));
    });
    if (allowing.length === 0) return;
    binding.subjects.forEach((subject, subjectIndex) => {
      const normalized = normalizeSubject(subject, bindingNamespace);
      if (normalized === undefined) return;
      const key = JSON.stringify([normalized.kind, normalized.namespace ?? '', normalized.name]);
      let entry = entries.get(key);
      if (entry === undefined) {
        entry = { ...normalized, sources: [] };
        entries.set(key, entry);
      }
      for (const source of allowing) entry.sources.push({ ...source, subjectIndex });
    });
  };

  if (!options.roleBindingsOnly) for (const binding of index.listClusterRoleBindings()) visit(binding, '');
  if (namespace !== '') {
    for (const binding of index.listRoleBindings(namespace)) visit(binding, namespace);
  }
  return { subjects: [...entries.values()], includesSystemMasters: true, errors };
}

function toRuleRequest(query: WhoCanQuery): RuleRequest {
  if ('path' in query) return { verb: query.verb, path: query.path };
  return {
    verb: query.verb,
    namespace: query.namespace,
    group: query.group,
    resource: query.resource,
    subresource: query.subresource ?? '',
    name: query.name ?? '',
  };
}

/** The subject as appliesTo reads it; undefined when it can match nobody. */
function normalizeSubject(
  subject: Subject,
  bindingNamespace: string,
): Omit<WhoCanSubject, 'sources'> | undefined {
  switch (subject.kind) {
    case 'User':
    case 'Group':
      return { kind: subject.kind, name: subject.name };
    case 'ServiceAccount': {
      const ns = subject.namespace || bindingNamespace;
      return ns === '' ? undefined : { kind: 'ServiceAccount', name: subject.name, namespace: ns };
    }
    default:
      return undefined;
  }
}
