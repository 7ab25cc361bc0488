// Rule matching, as the apiserver's RBAC authorizer does it (rbac.go RuleAllows and the
// helpers in pkg/apis/rbac/v1/evaluation_helpers.go). Every comparison is exact and
// case-sensitive; '*' is special only on the rule side, so a request for verb '*' or
// resource '*' matches nothing but a literal '*' in a rule.

import type { NonResourceRequest, PolicyRule, ResourceRequest } from './types.js';

export const VERB_ALL = '*';
export const API_GROUP_ALL = '*';
export const RESOURCE_ALL = '*';
export const NON_RESOURCE_ALL = '*';

/** The request attributes that rule matching reads (the user plays no part in it). */
export type RuleRequest = Omit<ResourceRequest, 'user'> | Omit<NonResourceRequest, 'user'>;

export function isNonResourceRuleRequest(r: RuleRequest): r is Omit<NonResourceRequest, 'user'> {
  return (r as { path?: unknown }).path !== undefined;
}

export function verbMatches(rule: PolicyRule, requestedVerb: string): boolean {
  for (const verb of rule.verbs) {
    if (verb === VERB_ALL || verb === requestedVerb) return true;
  }
  return false;
}

export function apiGroupMatches(rule: PolicyRule, requestedGroup: string): boolean {
  for (const group of rule.apiGroups) {
    if (group === API_GROUP_ALL || group === requestedGroup) return true;
  }
  return false;
}

/** 'res' or 'res/sub', the form rules spell resources in. */
export function combinedResource(resource: string, subresource: string): string {
  return subresource === '' ? resource : `${resource}/${subresource}`;
}

/**
 * '*' matches every resource and subresource; '*\/sub' matches `sub` of any resource.
 * Anything else must equal the combined 'res/sub' string, so 'pods' does not match
 * 'pods/status' and 'pods/*' is not a wildcard.
 */
export function resourceMatches(
  rule: PolicyRule,
  combinedRequestedResource: string,
  requestedSubresource: string,
): boolean {
  for (const resource of rule.resources) {
    if (resource === RESOURCE_ALL || resource === combinedRequestedResource) return true;
    if (
      requestedSubresource !== '' &&
      resource.length === requestedSubresource.length + 2 &&
      resource.startsWith('*/') &&
      resource.endsWith(requestedSubresource)
    ) {
      return true;
    }
  }
  return false;
}

/**
 * An empty list allows every name. Otherwise the requested name must be listed, so a
 * request without a name (list, watch, create, deletecollection) is not allowed — unless
 * the rule literally lists the empty name "", which upstream compares like any other.
 */
export function resourceNameMatches(rule: PolicyRule, requestedName: string): boolean {
  if (rule.resourceNames.length === 0) return true;
  return rule.resourceNames.includes(requestedName);
}

/** Exact match, '*', or a prefix match for a URL ending in '*' (all trailing '*' trimmed). */
export function nonResourceURLMatches(rule: PolicyRule, requestedURL: string): boolean {
  for (const url of rule.nonResourceURLs) {
    if (url === NON_RESOURCE_ALL || url === requestedURL) return true;
    if (url.endsWith('*') && requestedURL.startsWith(trimTrailingStars(url))) return true;
  }
  return false;
}

function trimTrailingStars(s: string): string {
  let end = s.length;
  while (end > 0 && s.charCodeAt(end - 1) === 0x2a) end--;
  return s.slice(0, end);
}

export function ruleAllows(request: RuleRequest, rule: PolicyRule): boolean {
  if (isNonResourceRuleRequest(request)) {
    return verbMatches(rule, request.verb) && nonResourceURLMatches(rule, request.path);
  }
  return (
    verbMatches(rule, request.verb) &&
    apiGroupMatches(rule, request.group) &&
    resourceMatches(rule, combinedResource(request.resource, request.subresource), request.subresource) &&
    resourceNameMatches(rule, request.name)
  );
}

/** upstream RulesAllow: does any of the rules allow the request? */
export function rulesAllow(request: RuleRequest, rules: readonly PolicyRule[]): boolean {
  return rules.some((rule) => ruleAllows(request, rule));
}
