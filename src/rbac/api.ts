// Public surface of the RBAC engine. Everything here is pure: no I/O, no YAML.

export type {
  AccessRequest,
  AggregationRule,
  Binding,
  Decision,
  LabelSelector,
  LabelSelectorRequirement,
  NonResourceRequest,
  PolicyRule,
  ResourceRequest,
  Role,
  RoleRef,
  RuleSource,
  SelectorOperator,
  Subject,
  UserInfo,
} from './types.js';
export { isNonResourceRequest } from './types.js';

export {
  API_GROUP_ALL,
  NON_RESOURCE_ALL,
  RESOURCE_ALL,
  VERB_ALL,
  apiGroupMatches,
  combinedResource,
  nonResourceURLMatches,
  resourceMatches,
  resourceNameMatches,
  ruleAllows,
  rulesAllow,
  verbMatches,
  type RuleRequest,
} from './match.js';
export {
  labelSelectorMatches,
  parseLabelSelector,
  selectorMatches,
  type CompiledSelector,
  type Labels,
  type SelectorParse,
} from './selector.js';
export { aggregateClusterRoles, ruleKey, type AggregationResult, type RuleProvenance } from './aggregate.js';
export { RbacIndex, buildRbacIndex, type RbacInput, type Replacement } from './index.js';
export {
  appliesTo,
  appliesToUser,
  resolveRoleRef,
  ruleSource,
  rulesFor,
  visitBindingsFor,
  visitRulesFor,
  type BindingVisit,
  type RuleVisit,
  type RulesForResult,
} from './resolve.js';
export {
  ALL_AUTHENTICATED_GROUP,
  ALL_SERVICE_ACCOUNTS_GROUP,
  ALL_UNAUTHENTICATED_GROUP,
  ANONYMOUS_USER,
  PRIVILEGED_GROUP,
  completeImpersonatedUser,
  parseServiceAccountUsername,
  serviceAccountGroups,
  serviceAccountUser,
  serviceAccountUsername,
  type ImpersonationOptions,
} from './identity.js';
export { authorize } from './authorize.js';
export { whoCan, type WhoCanQuery, type WhoCanResult, type WhoCanSubject } from './who-can.js';
export { breakdownRule, covers, nonResourceURLCovers, ruleCovers, type CoversResult } from './covers.js';
export { compactString, describeBinding, describeRuleSource, describeSubject, ruleString } from './describe.js';
export { aggregateErrors, clusterRoleNotFound, roleNotFound, unsupportedRoleRefKind } from './errors.js';
export { compareGoStrings, goList, goQuote, goQuotedList } from './gostring.js';
