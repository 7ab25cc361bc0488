import { describeBoundSubject, type Grant } from '../../access/grants.js';
import { probeText } from '../../access/probes.js';
import { evaluateRisk, type RiskHit, type RiskSpec } from '../../access/risk.js';
import { refAt, type K8sObject } from '../../model/k8s.js';
import type { JsonPath, SourceRef } from '../../model/path.js';
import type { RbacIndex } from '../../rbac/index.js';
import type { Binding, Role } from '../../rbac/types.js';
import { defineRule, type RuleContext, type RuleDefinition, type RuleMeta } from '../types.js';

function asObject(origin: unknown): K8sObject | undefined {
  return typeof origin === 'object' && origin !== null && 'body' in origin && 'origin' in origin ? (origin as K8sObject) : undefined;
}

export function bindingText(b: Binding): string {
  return b.namespace ? `RoleBinding "${b.namespace}/${b.name}"` : `ClusterRoleBinding "${b.name}"`;
}

export function roleText(r: Role): string {
  return r.namespace ? `Role "${r.namespace}/${r.name}"` : `ClusterRole "${r.name}"`;
}

export function scopeText(scope: string): string {
  return scope === '' ? 'cluster-wide' : `in namespace "${scope}"`;
}

/** Where a field of an RBAC object is, when it came from the repository. */
export function at(origin: unknown, path: JsonPath): SourceRef | undefined {
  const obj = asObject(origin);
  return obj ? refAt(obj, path) : undefined;
}

/**
 * Where a granted rule should be reported: the rule itself when the repository wrote it
 * (following aggregation to the ClusterRole that holds it), else the binding's roleRef.
 */
export function grantLocation(index: RbacIndex, grant: Grant, ruleIndex: number): { at: SourceRef; target: 'key' | 'value' } | undefined {
  const { owner, ownerIndex } = index.ruleProvenance(grant.role, ruleIndex);
  const ruleAt = owner.builtin ? undefined : at(owner.origin, ['rules', ownerIndex]);
  if (ruleAt) return { at: ruleAt, target: 'key' };
  const refAtBinding = at(grant.binding.origin, ['roleRef', 'name']);
  return refAtBinding ? { at: refAtBinding, target: 'value' } : undefined;
}

export function grantRelated(index: RbacIndex, grant: Grant, ruleIndex: number): { message: string; at?: SourceRef; target?: 'key' | 'value' }[] {
  const out: { message: string; at?: SourceRef; target?: 'key' | 'value' }[] = [];
  // Objects modelled from chart values say which value (or chart default) caused them.
  const modelled = at(grant.binding.origin, ['roleRef', 'name']);
  if (modelled && 'note' in modelled && typeof modelled.note === 'string') out.push({ message: `rendered by the chart: ${modelled.note}`, at: modelled });
  const subjectAt = at(grant.binding.origin, ['subjects', grant.subjectIndex]);
  out.push({ message: `granted to ${describeBoundSubject(grant.subject)} by ${bindingText(grant.binding)}`, ...(subjectAt ? { at: subjectAt } : {}) });
  const { owner, ownerIndex } = index.ruleProvenance(grant.role, ruleIndex);
  const ownerAt = owner.builtin ? undefined : at(owner.origin, ['rules', ownerIndex]);
  const via = owner !== grant.role ? ` (aggregated into ${roleText(grant.role)})` : '';
  out.push({
    message: `rule ${ownerIndex} of ${roleText(owner)}${via}${owner.builtin ? ' (Kubernetes default policy)' : ''}`,
    ...(ownerAt ? { at: ownerAt } : {}),
  });
  return out;
}

export function riskMessage(spec: RiskSpec, hit: RiskHit): string {
  const first = hit.hits[0];
  const via = first ? ` through ${bindingText(first.grant.binding)} → ${roleText(first.grant.role)}` : '';
  const probes = hit.hits.map((h) => probeText(h.probe)).join(' + ');
  const raised = hit.raisedBy.length > 0 ? `; ${hit.raisedBy.join('; ')}` : '';
  return `${describeBoundSubject(hit.subject)} can ${spec.what} ${scopeText(hit.scope)} (${probes})${via}${raised}`;
}

/** Report every hit of a risk: at the granting rule, with binding and role as related locations. */
export function reportRiskHits(ctx: RuleContext, spec: RiskSpec, hits: readonly RiskHit[]): void {
  const index = ctx.analysis.rbac();
  for (const hit of hits) {
    const first = hit.hits[0];
    if (!first) continue;
    const loc = grantLocation(index, first.grant, first.ruleIndex);
    if (!loc) continue;
    // A risk needing two permissions often finds both through one binding: name it once.
    const related = hit.hits.flatMap((h) => grantRelated(index, h.grant, h.ruleIndex)).filter((r, i, all) => all.findIndex((o) => o.message === r.message) === i);
    const b = first.grant.binding;
    ctx.report({
      at: loc.at,
      target: loc.target,
      message: riskMessage(spec, hit),
      key: `${hit.subject.kind}:${'namespace' in hit.subject ? hit.subject.namespace : ''}:${hit.subject.name}@${hit.scope}`,
      severity: hit.severity,
      object: { kind: b.kind, name: b.name, ...(b.namespace ? { namespace: b.namespace } : {}) },
      related,
    });
  }
}

/** A permission-side rule: metadata plus the risk it looks for. */
export function riskRule(meta: RuleMeta, spec: RiskSpec): RuleDefinition {
  return defineRule({
    meta,
    check(ctx) {
      reportRiskHits(ctx, spec, evaluateRisk(ctx.analysis.ownGrants().grants, spec, ctx.analysis.gitlabReach()));
    },
  });
}
