// Strings that mirror upstream wording: the rule resolver's binding "describers" (the
// RBAC allow reason), the generated PolicyRule String() that kubectl sorts `--list` rows
// by, and CompactString used in escalation messages.

import { goList, goQuote, goQuotedList } from './gostring.js';
import type { Binding, PolicyRule, RuleSource, Subject } from './types.js';

/** Generated protobuf String(): `&PolicyRule{Verbs:[get list],APIGroups:[],...,}`. */
export function ruleString(rule: PolicyRule): string {
  return (
    '&PolicyRule{' +
    `Verbs:${goList(rule.verbs)},` +
    `APIGroups:${goList(rule.apiGroups)},` +
    `Resources:${goList(rule.resources)},` +
    `ResourceNames:${goList(rule.resourceNames)},` +
    `NonResourceURLs:${goList(rule.nonResourceURLs)},` +
    '}'
  );
}

/** rbacv1helpers.CompactString: non-empty fields only, `{APIGroups:[""], Resources:["pods"], Verbs:["get"]}`. */
export function compactString(rule: PolicyRule): string {
  const parts: string[] = [];
  if (rule.apiGroups.length > 0) parts.push(`APIGroups:${goQuotedList(rule.apiGroups)}`);
  if (rule.resources.length > 0) parts.push(`Resources:${goQuotedList(rule.resources)}`);
  if (rule.nonResourceURLs.length > 0) parts.push(`NonResourceURLs:${goQuotedList(rule.nonResourceURLs)}`);
  if (rule.resourceNames.length > 0) parts.push(`ResourceNames:${goQuotedList(rule.resourceNames)}`);
  if (rule.verbs.length > 0) parts.push(`Verbs:${goQuotedList(rule.verbs)}`);
  return `{${parts.join(', ')}}`;
}

/** describeSubject: `User "alice"`, `ServiceAccount "sa/ns"` (namespace defaulted to the binding's). */
export function describeSubject(subject: Subject, bindingNamespace: string): string {
  if (subject.kind === 'ServiceAccount') {
    const ns = subject.namespace || bindingNamespace;
    return `${subject.kind} ${goQuote(`${subject.name}/${ns}`)}`;
  }
  return `${subject.kind} ${goQuote(subject.name)}`;
}

/**
 * The describer text: `ClusterRoleBinding "crb" of ClusterRole "r" to Group "g"` or
 * `RoleBinding "rb/ns" of Role "r" to ServiceAccount "sa/ns"`.
 */
export function describeBinding(binding: Binding, subject: Subject): string {
  const roleRef = `${binding.roleRef.kind} ${goQuote(binding.roleRef.name)}`;
  if (binding.kind === 'RoleBinding') {
    const ns = binding.namespace ?? '';
    return `RoleBinding ${goQuote(`${binding.name}/${ns}`)} of ${roleRef} to ${describeSubject(subject, ns)}`;
  }
  return `ClusterRoleBinding ${goQuote(binding.name)} of ${roleRef} to ${describeSubject(subject, '')}`;
}

/** describeBinding for the subject that matched (the first subject when unknown). */
export function describeRuleSource(source: RuleSource): string {
  const subject = source.binding.subjects[source.subjectIndex ?? 0];
  if (subject === undefined) {
    // Only reachable for hand-made sources; keep the binding/role part of the sentence.
    const ns = source.binding.kind === 'RoleBinding' ? `/${source.binding.namespace ?? ''}` : '';
    return `${source.binding.kind} ${goQuote(source.binding.name + ns)} of ${source.binding.roleRef.kind} ${goQuote(source.binding.roleRef.name)}`;
  }
  return describeBinding(source.binding, subject);
}
