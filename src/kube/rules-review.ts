// SelfSubjectRulesReview as the API server builds it, for `kubectl auth can-i --list`.
import type { PolicyRule, UserInfo } from '../rbac/types.js';

export interface ResourceRule {
  readonly verbs: readonly string[];
  readonly apiGroups?: readonly string[];
  readonly resources?: readonly string[];
  readonly resourceNames?: readonly string[];
}

export interface NonResourceRule {
  readonly verbs: readonly string[];
  readonly nonResourceURLs?: readonly string[];
}

export interface RulesReviewStatus {
  readonly resourceRules: readonly ResourceRule[];
  readonly nonResourceRules: readonly NonResourceRule[];
  readonly incomplete: boolean;
  readonly evaluationError: string;
}

/**
 * Splits policy rules the way the RBAC authorizer's RulesFor does: a rule with resources
 * becomes a resource rule (even with empty apiGroups, which --list then drops), a rule with
 * nonResourceURLs a non-resource rule; a rule with both becomes one of each, a rule with
 * neither disappears.
 */
export function rulesReviewFromPolicyRules(rules: readonly PolicyRule[]): { resourceRules: ResourceRule[]; nonResourceRules: NonResourceRule[] } {
  const resourceRules: ResourceRule[] = [];
  const nonResourceRules: NonResourceRule[] = [];
  for (const r of rules) {
    if (r.resources.length > 0) resourceRules.push({ verbs: r.verbs, apiGroups: r.apiGroups, resources: r.resources, resourceNames: r.resourceNames });
    if (r.nonResourceURLs.length > 0) nonResourceRules.push({ verbs: r.verbs, nonResourceURLs: r.nonResourceURLs });
  }
  return { resourceRules, nonResourceRules };
}

/** The group the API server's privileged-group authorizer allows everything. */
export const SYSTEM_PRIVILEGED_GROUP = 'system:masters';

export function isPrivilegedUser(user: Pick<UserInfo, 'groups'>): boolean {
  return user.groups.includes(SYSTEM_PRIVILEGED_GROUP);
}

/**
 * Rules the privileged-group authorizer adds to a rules review: none. It authorizes
 * system:masters before RBAC but is not a rule resolver, so a member's `--list` shows only
 * what RBAC grants. The `*.*  []  []  [*]` and `[*]  []  [*]` rows such users see come from
 * the default `cluster-admin` ClusterRoleBinding to system:masters, through RBAC.
 */
export function privilegedGroupReviewRules(): { resourceRules: ResourceRule[]; nonResourceRules: NonResourceRule[] } {
  return { resourceRules: [], nonResourceRules: [] };
}

/** Evaluation error of the Node authorizer for node identities; it also sets `incomplete`. */
export const NODE_AUTHORIZER_RULES_ERROR = 'node authorizer does not support user rule resolution';

/** Whether the Node authorizer (mode "Node,RBAC") treats the user as a node: system:node:<name> in system:nodes. */
export function isNodeIdentity(user: Pick<UserInfo, 'name' | 'groups'>): boolean {
  return user.name.startsWith('system:node:') && user.name.length > 'system:node:'.length && user.groups.includes('system:nodes');
}

/**
 * Message of apimachinery's error aggregate: the single message, or "[a, b]" with duplicates
 * removed. Used for status.evaluationError (authorizers' errors) and RBAC's denial reason.
 */
export function aggregateErrorMessage(messages: readonly string[]): string {
  const unique = [...new Set(messages)];
  if (unique.length <= 1) return unique[0] ?? '';
  return `[${unique.join(', ')}]`;
}

/**
 * Warnings kubectl prints for a rules review: only when `incomplete` is set (RBAC alone never
 * sets it, even with evaluation errors). The message has no trailing newline.
 */
export function rulesReviewWarnings(status: Pick<RulesReviewStatus, 'incomplete' | 'evaluationError'>): string[] {
  return status.incomplete ? [listIncompleteWarning(status.evaluationError)] : [];
}

export function listIncompleteWarning(evaluationError: string): string {
  return `the list may be incomplete: ${evaluationError}`;
}
