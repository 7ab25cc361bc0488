import { apiGroupMatches, combinedResource, nonResourceURLMatches, resourceMatches, resourceNameMatches, verbMatches } from './match.js';
import { isNonResourceRequest, type AccessRequest, type PolicyRule, type RuleSource } from './types.js';

export type Mismatch = 'verb' | 'apiGroup' | 'subresource' | 'resourceName' | 'nonResourceURL';

export interface NearMiss {
  readonly source: RuleSource;
  /** What this rule does not cover; never empty (the rule does not allow the request). */
  readonly mismatches: readonly Mismatch[];
}

/**
 * The applicable rule that comes closest to allowing a denied request: same resource (or
 * URL) but another verb, group, subresource or name. Rules about other resources are not
 * "near". Ties go to the first rule in evaluation order.
 */
export function nearestMiss(rules: readonly { readonly rule: PolicyRule; readonly source: RuleSource }[], request: Omit<AccessRequest, 'user'>): NearMiss | undefined {
  let best: NearMiss | undefined;
  for (const { rule, source } of rules) {
    const mismatches = mismatchesOf(rule, request);
    if (mismatches === undefined || mismatches.length === 0) continue;
    if (!best || mismatches.length < best.mismatches.length) best = { source, mismatches };
  }
  return best;
}

function mismatchesOf(rule: PolicyRule, request: Omit<AccessRequest, 'user'>): Mismatch[] | undefined {
  const out: Mismatch[] = [];
  if (isNonResourceRequest(request as AccessRequest)) {
    const r = request as { verb: string; path: string };
    if (rule.nonResourceURLs.length === 0) return undefined;
    if (!nonResourceURLMatches(rule, r.path)) return undefined;
    if (!verbMatches(rule, r.verb)) out.push('verb');
    return out;
  }
  const r = request as { verb: string; group: string; resource: string; subresource: string; name: string };
  if (rule.resources.length === 0) return undefined;
  const combined = combinedResource(r.resource, r.subresource);
  if (!resourceMatches(rule, combined, r.subresource)) {
    // The rule covers the resource itself but not the asked-for subresource.
    if (r.subresource !== '' && resourceMatches(rule, r.resource, '')) out.push('subresource');
    else return undefined;
  }
  if (!apiGroupMatches(rule, r.group)) out.push('apiGroup');
  if (!verbMatches(rule, r.verb)) out.push('verb');
  if (!resourceNameMatches(rule, r.name)) out.push('resourceName');
  return out;
}
