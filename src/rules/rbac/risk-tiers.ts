// Rules whose risk one RiskSpec cannot express: a permission that mixes namespaced and
// cluster-scoped kinds (Roles and ClusterRoles), a permission whose meaning depends on the
// Kubernetes version (pods/exec), or one with graded variants (impersonation of anyone,
// of named identities, or through the constrained-impersonation verbs). Such a rule is a
// list of specs, strongest first; each subject and scope is reported once, by the first
// spec that matches there.

import { subjectKey, type Grant } from '../../access/grants.js';
import type { GitlabReach } from '../../access/reach.js';
import { evaluateRisk, type RiskHit, type RiskSpec } from '../../access/risk.js';
import { defineRule, type RuleContext, type RuleDefinition, type RuleMeta } from '../types.js';
import { reportRiskHits } from './risk-rule.js';

export interface TieredHit {
  readonly spec: RiskSpec;
  readonly hit: RiskHit;
}

/**
 * Evaluate specs in order. A hit is dropped when an earlier spec already hit the same
 * subject in the same scope, or cluster-wide (which covers every namespace).
 */
export function evaluateTiers(grants: readonly Grant[], specs: readonly RiskSpec[], reach: GitlabReach): TieredHit[] {
  const taken = new Set<string>();
  const out: TieredHit[] = [];
  for (const spec of specs) {
    const fresh: TieredHit[] = [];
    for (const hit of evaluateRisk(grants, spec, reach)) {
      const who = subjectKey(hit.subject);
      if (taken.has(`${who}@`) || taken.has(`${who}@${hit.scope}`)) continue;
      fresh.push({ spec, hit });
    }
    // Marked after the spec is done, so one spec's own cluster and namespace hits never
    // hide each other (evaluateRisk already reports a cluster-wide hit alone).
    for (const t of fresh) taken.add(`${subjectKey(t.hit.subject)}@${t.hit.scope}`);
    out.push(...fresh);
  }
  return out;
}

/** `subjectKey@scope` of every hit, for rules that step aside where another rule reports. */
export function hitScopes(hits: readonly TieredHit[]): Set<string> {
  return new Set(hits.map((t) => `${subjectKey(t.hit.subject)}@${t.hit.scope}`));
}

/** Is this hit's subject already reported in its scope, or cluster-wide? */
export function coveredBy(scopes: ReadonlySet<string>, t: TieredHit): boolean {
  const who = subjectKey(t.hit.subject);
  return scopes.has(`${who}@`) || scopes.has(`${who}@${t.hit.scope}`);
}

export function reportTiers(ctx: RuleContext, hits: readonly TieredHit[]): void {
  for (const t of hits) reportRiskHits(ctx, t.spec, [t.hit]);
}

/** A permission-side rule made of several specs, chosen per workspace when needed. */
export function tieredRiskRule(meta: RuleMeta, specs: readonly RiskSpec[] | ((ctx: RuleContext) => readonly RiskSpec[])): RuleDefinition {
  return defineRule({
    meta,
    check(ctx) {
      const list = typeof specs === 'function' ? specs(ctx) : specs;
      reportTiers(ctx, evaluateTiers(ctx.analysis.ownGrants().grants, list, ctx.analysis.gitlabReach()));
    },
  });
}

/** Is the workspace's Kubernetes version ("1.35") at least `min`? */
export function versionAtLeast(version: string, min: string): boolean {
  const parse = (v: string): [number, number] => {
    const [major, minor] = v.split('.').map((p) => Number.parseInt(p, 10));
    return [major ?? 0, minor ?? 0];
  };
  const [a, b] = parse(version);
  const [c, d] = parse(min);
  return a !== c ? a > c : b >= d;
}
