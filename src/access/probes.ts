import { ruleAllows } from '../rbac/match.js';
import type { PolicyRule } from '../rbac/types.js';
import type { Grant } from './grants.js';

/** A concrete request used to test whether granted rules allow something. */
export type Probe =
  | { readonly verb: string; readonly group: string; readonly resource: string; readonly subresource?: string; readonly name?: string }
  | { readonly verb: string; readonly nonResourceURL: string };

export interface ProbeHit {
  readonly grant: Grant;
  readonly ruleIndex: number;
  readonly rule: PolicyRule;
  readonly probe: Probe;
}

export function probeText(p: Probe): string {
  if ('nonResourceURL' in p) return `${p.verb} ${p.nonResourceURL}`;
  const res = `${p.resource}${p.subresource ? `/${p.subresource}` : ''}`;
  return `${p.verb} ${p.group === '' ? res : `${res}.${p.group}`}${p.name ? ` "${p.name}"` : ''}`;
}

/** Does this rule allow the probe? Asked through the RBAC engine, never re-implemented. */
export function ruleAllowsProbe(rule: PolicyRule, p: Probe, namespace: string): boolean {
  if ('nonResourceURL' in p) return ruleAllows({ verb: p.verb, path: p.nonResourceURL }, rule);
  return ruleAllows(
    { verb: p.verb, group: p.group, resource: p.resource, subresource: p.subresource ?? '', name: p.name ?? '', namespace },
    rule,
  );
}

/** The first grant and rule (in evaluation order) that allows any of the probes. */
export function firstHit(grants: readonly Grant[], probes: readonly Probe[], namespace: string): ProbeHit | undefined {
  for (const grant of grants) {
    for (let i = 0; i < grant.role.rules.length; i++) {
      const rule = grant.role.rules[i];
      if (!rule) continue;
      for (const probe of probes) if (ruleAllowsProbe(rule, probe, namespace)) return { grant, ruleIndex: i, rule, probe };
    }
  }
  return undefined;
}

/** A rule that grants through `*` (resources or API groups), so a wildcard rule reports it. */
export function isWildcardGrant(rule: PolicyRule): boolean {
  return rule.resources.includes('*') || rule.apiGroups.includes('*') || rule.verbs.includes('*');
}
