// Kubernetes RBAC data model, named as upstream (k8s.io/api/rbac/v1 and the authorizer).
// This module is pure: no YAML, no files. Objects may carry an opaque `origin` that the
// caller uses to map answers back to source locations; the RBAC code never looks inside it.

export interface PolicyRule {
  readonly verbs: readonly string[];
  readonly apiGroups: readonly string[];
  readonly resources: readonly string[];
  readonly resourceNames: readonly string[];
  readonly nonResourceURLs: readonly string[];
}

export type SelectorOperator = 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';

export interface LabelSelectorRequirement {
  readonly key: string;
  readonly operator: SelectorOperator;
  readonly values?: readonly string[];
}

export interface LabelSelector {
  readonly matchLabels?: Readonly<Record<string, string>>;
  readonly matchExpressions?: readonly LabelSelectorRequirement[];
}

export interface AggregationRule {
  readonly clusterRoleSelectors: readonly LabelSelector[];
}

export interface Role {
  readonly kind: 'Role' | 'ClusterRole';
  readonly name: string;
  /** Set for Role, absent for ClusterRole. */
  readonly namespace?: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly rules: readonly PolicyRule[];
  readonly aggregationRule?: AggregationRule;
  /** True for objects of the bundled Kubernetes default policy. */
  readonly builtin?: boolean;
  /** Opaque back-reference for the caller (e.g. the parsed object). */
  readonly origin?: unknown;
}

export type Subject =
  | { readonly kind: 'User' | 'Group'; readonly name: string; readonly apiGroup?: string }
  | { readonly kind: 'ServiceAccount'; readonly name: string; readonly namespace?: string; readonly apiGroup?: string };

export interface RoleRef {
  readonly kind: 'Role' | 'ClusterRole';
  readonly name: string;
  readonly apiGroup?: string;
}

export interface Binding {
  readonly kind: 'RoleBinding' | 'ClusterRoleBinding';
  readonly name: string;
  /** Set for RoleBinding, absent for ClusterRoleBinding. */
  readonly namespace?: string;
  readonly roleRef: RoleRef;
  readonly subjects: readonly Subject[];
  readonly builtin?: boolean;
  readonly origin?: unknown;
}

/** An authenticated identity as the authorizer sees it (after impersonation completion). */
export interface UserInfo {
  readonly name: string;
  readonly groups: readonly string[];
  readonly uid?: string;
  readonly extra?: Readonly<Record<string, readonly string[]>>;
}

export interface ResourceRequest {
  readonly user: UserInfo;
  readonly verb: string;
  /** '' means a cluster-wide request (only ClusterRoleBindings are consulted). */
  readonly namespace: string;
  readonly group: string;
  readonly resource: string;
  readonly subresource: string;
  readonly name: string;
}

export interface NonResourceRequest {
  readonly user: UserInfo;
  readonly verb: string;
  readonly path: string;
}

export type AccessRequest = ResourceRequest | NonResourceRequest;

export function isNonResourceRequest(r: AccessRequest): r is NonResourceRequest {
  return (r as NonResourceRequest).path !== undefined;
}

/** The binding + role + rule that allowed (or would be cited for) a request. */
export interface RuleSource {
  readonly binding: Binding;
  readonly role: Role;
  /** Index of the rule in the role's effective rules (after aggregation). */
  readonly ruleIndex: number;
  readonly rule: PolicyRule;
  /**
   * For aggregated ClusterRoles: the ClusterRole whose own rule this is, and the
   * index there. Equal to `role`/`ruleIndex` for ordinary roles.
   */
  readonly ruleOwner: Role;
  readonly ruleOwnerIndex: number;
  /**
   * Index in `binding.subjects` of the first subject that applied to the user, as the
   * upstream describer cites it. Absent when the source was not reached through a user.
   */
  readonly subjectIndex?: number;
}

export interface Decision {
  readonly allowed: boolean;
  /** Upstream-style reason: 'RBAC: allowed by ...' when allowed, resolution errors when denied. */
  readonly reason: string;
  /** Set when allowed through RBAC. */
  readonly source?: RuleSource;
  /** Allowed by the privileged-group authorizer (system:masters). */
  readonly privileged?: boolean;
  /** Errors met while resolving (e.g. a binding to a missing role). */
  readonly resolutionErrors: readonly string[];
}
