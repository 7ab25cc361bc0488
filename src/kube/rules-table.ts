// The `kubectl auth can-i --list` table: rules review -> broken-down one-verb rules ->
// compacted -> stably sorted by the protobuf String() form -> tabwriter.
import type { PolicyRule } from '../rbac/types.js';
import { compareGoStrings, goStringSlice } from './go-text.js';
import type { NonResourceRule, ResourceRule } from './rules-review.js';
import { formatTabbed } from './tabwriter.js';

export const RULES_TABLE_HEADER = 'Resources\tNon-Resource URLs\tResource Names\tVerbs';

const EMPTY: readonly string[] = [];

function policyRule(parts: Partial<PolicyRule>): PolicyRule {
  return {
    verbs: parts.verbs ?? EMPTY,
    apiGroups: parts.apiGroups ?? EMPTY,
    resources: parts.resources ?? EMPTY,
    resourceNames: parts.resourceNames ?? EMPTY,
    nonResourceURLs: parts.nonResourceURLs ?? EMPTY,
  };
}

/** Review rules back to PolicyRules: resource rules first, then non-resource rules. */
export function convertToPolicyRules(resourceRules: readonly ResourceRule[], nonResourceRules: readonly NonResourceRule[]): PolicyRule[] {
  return [
    ...resourceRules.map((r) => policyRule({ verbs: r.verbs, apiGroups: r.apiGroups, resources: r.resources, resourceNames: r.resourceNames })),
    ...nonResourceRules.map((r) => policyRule({ verbs: r.verbs, nonResourceURLs: r.nonResourceURLs })),
  ];
}

/**
 * One rule per group x resource x verb (x resourceName), then one per URL x verb. A rule
 * without apiGroups (or resources) yields no resource rules at all.
 */
export function breakdownRule(rule: PolicyRule): PolicyRule[] {
  const out: PolicyRule[] = [];
  for (const group of rule.apiGroups) {
    for (const resource of rule.resources) {
      for (const verb of rule.verbs) {
        if (rule.resourceNames.length > 0) {
          for (const name of rule.resourceNames) out.push(policyRule({ apiGroups: [group], resources: [resource], verbs: [verb], resourceNames: [name] }));
        } else {
          out.push(policyRule({ apiGroups: [group], resources: [resource], verbs: [verb] }));
        }
      }
    }
  }
  for (const url of rule.nonResourceURLs) {
    for (const verb of rule.verbs) out.push(policyRule({ nonResourceURLs: [url], verbs: [verb] }));
  }
  return out;
}

/**
 * Merges "simple" rules (one group, one resource, at most one name, no URLs) that share
 * group/resource/name by appending verbs in first-seen order, without de-duplication.
 * Other rules (non-resource ones) are kept as they are, duplicates included, and come first.
 */
export function compactRules(rules: readonly PolicyRule[]): PolicyRule[] {
  const kept: PolicyRule[] = [];
  const merged = new Map<string, { rule: PolicyRule; verbs: string[] }>();
  for (const rule of rules) {
    const key = simpleRuleKey(rule);
    if (key === undefined) {
      kept.push(rule);
      continue;
    }
    const existing = merged.get(key);
    if (existing) existing.verbs.push(...rule.verbs);
    else merged.set(key, { rule, verbs: [...rule.verbs] });
  }
  return [...kept, ...[...merged.values()].map(({ rule, verbs }) => ({ ...rule, verbs }))];
}

function simpleRuleKey(rule: PolicyRule): string | undefined {
  if (rule.resourceNames.length > 1 || rule.nonResourceURLs.length > 0) return undefined;
  if (rule.apiGroups.length !== 1 || rule.resources.length !== 1) return undefined;
  const name = rule.resourceNames[0];
  return JSON.stringify([rule.apiGroups[0], rule.resources[0], name !== undefined, name ?? '']);
}

/** k8s.io/api rbac/v1 PolicyRule String(), the --list sort key. */
export function ruleString(rule: PolicyRule): string {
  return (
    `&PolicyRule{Verbs:${goStringSlice(rule.verbs)},APIGroups:${goStringSlice(rule.apiGroups)},` +
    `Resources:${goStringSlice(rule.resources)},ResourceNames:${goStringSlice(rule.resourceNames)},` +
    `NonResourceURLs:${goStringSlice(rule.nonResourceURLs)},}`
  );
}

/** Stable sort by ruleString in Go byte order. */
export function sortRules(rules: readonly PolicyRule[]): PolicyRule[] {
  return rules
    .map((rule) => ({ rule, key: ruleString(rule) }))
    .sort((a, b) => compareGoStrings(a.key, b.key))
    .map(({ rule }) => rule);
}

/** kubectl describe's CombineResourceGroup: "res", "res.group", "res.group/sub", "" for none. */
export function combineResourceGroup(resources: readonly string[], groups: readonly string[]): string {
  const first = resources[0];
  if (first === undefined) return '';
  const slash = first.indexOf('/');
  const resource = slash < 0 ? first : first.slice(0, slash);
  const group = groups[0];
  let combined = group !== undefined && group !== '' ? `${resource}.${group}` : resource;
  if (slash >= 0) combined += `/${first.slice(slash + 1)}`;
  return combined;
}

/** The compacted, sorted rows of a rules review. */
export function rulesTableRows(resourceRules: readonly ResourceRule[], nonResourceRules: readonly NonResourceRule[]): PolicyRule[] {
  const broken = convertToPolicyRules(resourceRules, nonResourceRules).flatMap(breakdownRule);
  return sortRules(compactRules(broken));
}

/** kubectl auth can-i --list stdout for a rules review. */
export function formatRulesTable(
  resourceRules: readonly ResourceRule[],
  nonResourceRules: readonly NonResourceRule[],
  options: { readonly noHeaders?: boolean } = {},
): string {
  let text = options.noHeaders ? '' : `${RULES_TABLE_HEADER}\n`;
  for (const r of rulesTableRows(resourceRules, nonResourceRules)) {
    text +=
      `${combineResourceGroup(r.resources, r.apiGroups)}\t${goStringSlice(r.nonResourceURLs)}\t` +
      `${goStringSlice(r.resourceNames)}\t${goStringSlice(r.verbs)}\n`;
  }
  return formatTabbed(text);
}
