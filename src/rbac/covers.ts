// The escalation check's policy comparator (component-helpers rbac/validation Covers):
// do the owner's rules cover every atomic permission of the servant's rules? Wildcards
// are honoured on the owner side only, so an owner listing every verb does not cover a
// servant's '*'.

import type { PolicyRule } from './types.js';

function atomic(fields: Partial<PolicyRule>): PolicyRule {
  return { verbs: [], apiGroups: [], resources: [], resourceNames: [], nonResourceURLs: [], ...fields };
}

/**
 * BreakdownRule: one rule per group × resource × verb (× name when names are listed),
 * then one per non-resource URL × verb. A resource rule without apiGroups yields nothing.
 */
export function breakdownRule(rule: PolicyRule): PolicyRule[] {
  const subrules: PolicyRule[] = [];
  for (const group of rule.apiGroups) {
    for (const resource of rule.resources) {
      for (const verb of rule.verbs) {
        const base = { apiGroups: [group], resources: [resource], verbs: [verb] };
        if (rule.resourceNames.length === 0) subrules.push(atomic(base));
        else for (const name of rule.resourceNames) subrules.push(atomic({ ...base, resourceNames: [name] }));
      }
    }
  }
  for (const url of rule.nonResourceURLs) {
    for (const verb of rule.verbs) subrules.push(atomic({ nonResourceURLs: [url], verbs: [verb] }));
  }
  return subrules;
}

export interface CoversResult {
  readonly covered: boolean;
  /** The servant's atomic rules that no owner rule covers, in breakdown order. */
  readonly uncovered: readonly PolicyRule[];
}

export function covers(ownerRules: readonly PolicyRule[], servantRules: readonly PolicyRule[]): CoversResult {
  const uncovered: PolicyRule[] = [];
  for (const servant of servantRules) {
    for (const subrule of breakdownRule(servant)) {
      if (!ownerRules.some((owner) => ruleCovers(owner, subrule))) uncovered.push(subrule);
    }
  }
  return { covered: uncovered.length === 0, uncovered };
}

/** Does one owner rule cover an atomic rule (at most one verb, resource and name)? */
export function ruleCovers(owner: PolicyRule, sub: PolicyRule): boolean {
  const verbs = owner.verbs.includes('*') || hasAll(owner.verbs, sub.verbs);
  const groups = owner.apiGroups.includes('*') || hasAll(owner.apiGroups, sub.apiGroups);
  const resources = resourceCoversAll(owner.resources, sub.resources);
  const urls = sub.nonResourceURLs.every((path) => owner.nonResourceURLs.some((o) => nonResourceURLCovers(o, path)));
  const names =
    sub.resourceNames.length === 0
      ? owner.resourceNames.length === 0
      : owner.resourceNames.length === 0 || hasAll(owner.resourceNames, sub.resourceNames);
  return verbs && groups && resources && names && urls;
}

function hasAll(set: readonly string[], wanted: readonly string[]): boolean {
  return wanted.every((w) => set.includes(w));
}

/** '*' covers everything; 'x/sub' is also covered by '*\/sub'; 'pods/*' is not special. */
function resourceCoversAll(owned: readonly string[], wanted: readonly string[]): boolean {
  if (owned.includes('*') || hasAll(owned, wanted)) return true;
  return wanted.every((path) => {
    if (owned.includes(path)) return true;
    const slash = path.indexOf('/');
    return slash >= 0 && owned.includes(`*/${path.slice(slash + 1)}`);
  });
}

export function nonResourceURLCovers(ownerPath: string, subPath: string): boolean {
  if (ownerPath === subPath) return true;
  return ownerPath.endsWith('*') && subPath.startsWith(trimTrailingStars(ownerPath));
}

/** The path without its trailing '*'s (a loop: a regex here backtracks on long input). */
export function trimTrailingStars(path: string): string {
  let end = path.length;
  while (end > 0 && path[end - 1] === '*') end--;
  return path.slice(0, end);
}
