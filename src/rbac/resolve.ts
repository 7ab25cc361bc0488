// Which rules apply to a user in a namespace: upstream DefaultRuleResolver (appliesTo,
// VisitRulesFor, RulesFor, GetRoleReferenceRules) over an RbacIndex. The visitor becomes
// a generator; breaking out of the for..of loop is the short-circuit.

import { clusterRoleNotFound, roleNotFound, unsupportedRoleRefKind } from './errors.js';
import { serviceAccountUsername } from './identity.js';
import type { BindingMatch, RbacIndex } from './index.js';
import type { Binding, PolicyRule, Role, RoleRef, RuleSource, Subject, UserInfo } from './types.js';

export type RuleVisit = { readonly source: RuleSource } | { readonly error: string };

/**
 * Does the binding subject name this user? User: name equality. Group: membership.
 * ServiceAccount: its namespace defaults to the binding's (RoleBindings only; '' for a
 * ClusterRoleBinding, where it then matches nobody) and it matches the user named
 * system:serviceaccount:<ns>:<name> — whatever kind of identity carries that name.
 */
export function appliesToUser(user: UserInfo, subject: Subject, bindingNamespace: string): boolean {
  switch (subject.kind) {
    case 'User':
      return user.name === subject.name;
    case 'Group':
      return user.groups.includes(subject.name);
    case 'ServiceAccount': {
      const ns = subject.namespace || bindingNamespace;
      return ns !== '' && user.name === serviceAccountUsername(ns, subject.name);
    }
    default:
      return false;
  }
}

/** Index of the first subject that applies to the user, or -1. */
export function appliesTo(user: UserInfo, subjects: readonly Subject[], bindingNamespace: string): number {
  return subjects.findIndex((subject) => appliesToUser(user, subject, bindingNamespace));
}

/**
 * GetRoleReferenceRules, returning the role: a RoleBinding's Role is looked up in the
 * binding's namespace ('' for a ClusterRoleBinding, where no Role exists).
 */
export function resolveRoleRef(
  index: RbacIndex,
  roleRef: RoleRef,
  bindingNamespace: string,
): { readonly role: Role } | { readonly error: string } {
  const kind: string = roleRef.kind;
  if (kind === 'Role') {
    const role = index.getRole(bindingNamespace, roleRef.name);
    return role === undefined ? { error: roleNotFound(roleRef.name) } : { role };
  }
  if (kind === 'ClusterRole') {
    const role = index.getClusterRole(roleRef.name);
    return role === undefined ? { error: clusterRoleNotFound(roleRef.name) } : { role };
  }
  return { error: unsupportedRoleRefKind(kind) };
}

export function ruleSource(
  index: RbacIndex,
  binding: Binding,
  role: Role,
  rule: PolicyRule,
  ruleIndex: number,
  subjectIndex?: number,
): RuleSource {
  const { owner, ownerIndex } = index.ruleProvenance(role, ruleIndex);
  if (subjectIndex === undefined) {
    return { binding, role, ruleIndex, rule, ruleOwner: owner, ruleOwnerIndex: ownerIndex };
  }
  return { binding, role, ruleIndex, rule, ruleOwner: owner, ruleOwnerIndex: ownerIndex, subjectIndex };
}

/** A binding that applies to the user, with its role resolved (or the resolution error). */
export type BindingVisit =
  | { readonly binding: Binding; readonly subjectIndex: number; readonly role: Role }
  | { readonly binding: Binding; readonly subjectIndex: number; readonly error: string };

/**
 * The binding-level walk under VisitRulesFor: every ClusterRoleBinding that applies to the
 * user, then — when namespace is not '' — every applying RoleBinding of that namespace,
 * each in name order. Callers that test rules themselves (authorize) use this to avoid
 * building a RuleSource for every rule they look at.
 */
export function* visitBindingsFor(
  index: RbacIndex,
  user: UserInfo,
  namespace: string,
): Generator<BindingVisit, void, undefined> {
  yield* clusterBindingVisits(index, user);
  if (namespace === '') return;
  yield* roleBindingVisits(index, user, namespace);
}

/** The applying ClusterRoleBindings of visitBindingsFor, as a list (the same user asks again). */
export function clusterBindingVisits(index: RbacIndex, user: UserInfo): readonly BindingVisit[] {
  let byUser = clusterVisitCache.get(index);
  if (byUser === undefined) {
    byUser = new Map();
    clusterVisitCache.set(index, byUser);
  }
  const key = user.groups.length === 0 ? user.name : `${user.name}\u0000${user.groups.join('\u0000')}`;
  const known = byUser.get(key);
  if (known !== undefined) return known;
  const visits = index.clusterRoleBindingMatches(user).map((m) => bindingVisit(index, m, ''));
  if (byUser.size >= MAX_CACHED_USERS) byUser.clear();
  byUser.set(key, visits);
  return visits;
}

/** The applying RoleBindings of one namespace, in name order. */
export function roleBindingVisits(index: RbacIndex, user: UserInfo, namespace: string): BindingVisit[] {
  return index.roleBindingMatches(user, namespace).map((m) => bindingVisit(index, m, namespace));
}

/**
 * Which ClusterRoleBindings apply depends only on the user's name and groups, and an index
 * never changes once built: a batch of queries (or a rule asking about the same identity
 * over and over) finds them once per identity. Bounded so that a stream of distinct users
 * cannot grow it without limit.
 */
const clusterVisitCache = new WeakMap<RbacIndex, Map<string, readonly BindingVisit[]>>();
const MAX_CACHED_USERS = 65_536;

function bindingVisit(index: RbacIndex, match: BindingMatch, bindingNamespace: string): BindingVisit {
  const { binding, subjectIndex } = match;
  const resolved = resolveRoleRef(index, binding.roleRef, bindingNamespace);
  return 'error' in resolved ? { binding, subjectIndex, error: resolved.error } : { binding, subjectIndex, role: resolved.role };
}

/**
 * VisitRulesFor: the rules of every applying binding (see visitBindingsFor), in rule
 * order. A binding whose role cannot be resolved yields one error and grants nothing.
 */
export function* visitRulesFor(index: RbacIndex, user: UserInfo, namespace: string): Generator<RuleVisit, void, undefined> {
  for (const visit of visitBindingsFor(index, user, namespace)) {
    if ('error' in visit) {
      yield { error: visit.error };
      continue;
    }
    const { binding, role, subjectIndex } = visit;
    for (let i = 0; i < role.rules.length; i++) {
      const rule = role.rules[i];
      if (rule !== undefined) yield { source: ruleSource(index, binding, role, rule, i, subjectIndex) };
    }
  }
}

export interface RulesForResult {
  readonly rules: readonly { readonly rule: PolicyRule; readonly source: RuleSource }[];
  readonly errors: readonly string[];
}

/** RulesFor: every rule that applies, plus resolution errors (rules stay usable: RBAC only adds). */
export function rulesFor(index: RbacIndex, user: UserInfo, namespace: string): RulesForResult {
  const rules: { rule: PolicyRule; source: RuleSource }[] = [];
  const errors: string[] = [];
  for (const visit of visitRulesFor(index, user, namespace)) {
    if ('error' in visit) errors.push(visit.error);
    else rules.push({ rule: visit.source.rule, source: visit.source });
  }
  return { rules, errors };
}
