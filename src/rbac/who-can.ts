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
import type { Binding, PolicyRule, RuleSource, Subject } from './types.js';

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
  /**
   * Evaluate only these bindings instead of every ClusterRoleBinding and every RoleBinding
   * of the query's namespace: callers asking many similar questions pre-select once the
   * bindings that can matter (each list a subsequence of the index's list, in its order).
   * The subjects and sources are then exactly whoCan's as long as no left-out binding
   * allows the request; errors come only from the bindings given. roleBindingsOnly and a
   * cluster-wide query ('' namespace) still leave out the respective list.
   */
  readonly bindings?: {
    readonly clusterRoleBindings: readonly Binding[];
    readonly roleBindings: readonly Binding[];
  };
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
    const rules = role.rules;
    let allowing: RuleSource[] | undefined;
    for (let i = 0; i < rules.length; i++) {
      const rule = rules[i] as PolicyRule;
      if (ruleAllows(request, rule)) (allowing ??= []).push(ruleSource(index, binding, role, rule, i));
    }
    if (allowing === undefined) return;
    const subjects = binding.subjects;
    for (let subjectIndex = 0; subjectIndex < subjects.length; subjectIndex++) {
      const normalized = normalizeSubject(subjects[subjectIndex] as Subject, bindingNamespace);
      if (normalized === undefined) continue;
      const key = subjectKey(normalized);
      let entry = entries.get(key);
      if (entry === undefined) {
        entry = { ...normalized, sources: [] };
        entries.set(key, entry);
      }
      for (const s of allowing) {
        // The RuleSource of ruleSource(…, subjectIndex), built without spreading.
        entry.sources.push({ binding: s.binding, role: s.role, ruleIndex: s.ruleIndex, rule: s.rule, ruleOwner: s.ruleOwner, ruleOwnerIndex: s.ruleOwnerIndex, subjectIndex });
      }
    }
  };

  if (!options.roleBindingsOnly) for (const binding of options.bindings?.clusterRoleBindings ?? index.listClusterRoleBindings()) visit(binding, '');
  if (namespace !== '') {
    for (const binding of options.bindings?.roleBindings ?? index.listRoleBindings(namespace)) visit(binding, namespace);
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

/** A distinct key per (kind, namespace, name): the namespace is length-prefixed, kinds hold no ':'. */
function subjectKey(s: Omit<WhoCanSubject, 'sources'>): string {
  const ns = s.namespace ?? '';
  return `${s.kind}:${ns.length}:${ns}:${s.name}`;
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
