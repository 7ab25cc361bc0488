// Shared pieces of the subject-side rules: where a binding subject is in the source, which
// ServiceAccount a subject stands for, and the related locations every finding carries.

import { describeBoundSubject, type BoundSubject, type Grant } from '../../access/grants.js';
import { grantPower, powerfulHit, type GrantPower } from '../../access/power.js';
import { probeText, type ProbeHit } from '../../access/probes.js';
import { isRecord } from '../../model/k8s.js';
import type { ObjectIdentity, Severity } from '../../model/finding.js';
import type { SourceRef } from '../../model/path.js';
import type { RbacIndex } from '../../rbac/index.js';
import { parseServiceAccountUsername } from '../../rbac/identity.js';
import type { Binding } from '../../rbac/types.js';
import type { RuleContext } from '../types.js';
import { at, bindingText, roleText, scopeText } from './risk-rule.js';

type Related = { message: string; at?: SourceRef; target?: 'key' | 'value' };

/** The repository's own bindings (and the charts'), without the built-in default policy. */
export function ownBindings(ctx: RuleContext): Binding[] {
  const o = ctx.analysis.rbacObjects();
  return [...o.clusterRoleBindings, ...o.roleBindings].filter((b) => !b.builtin);
}

/**
 * Where subject `index` of a binding is written, when the repository (or a chart's values)
 * wrote it. For a binding modelled from chart values, the subject's name is what values
 * decide, so its location is the value that named the account.
 */
export function subjectAt(binding: Binding, index: number): (SourceRef & { readonly note?: string }) | undefined {
  const i = index;
  const origin = binding.origin;
  const modelled = isRecord(origin) && isRecord(origin['origin']) && origin['origin']['kind'] === 'modelled';
  return at(binding.origin, modelled ? ['subjects', i, 'name'] : ['subjects', i]);
}

/** The chart's explanation attached to a modelled location, if any. */
export function chartNote(ref: SourceRef | undefined): string | undefined {
  return ref && 'note' in ref && typeof ref.note === 'string' ? ref.note : undefined;
}

export function bindingIdentity(b: Binding): ObjectIdentity {
  return { kind: b.kind, name: b.name, ...(b.namespace ? { namespace: b.namespace } : {}) };
}

/** A ServiceAccount as a subject names it, and whether it was written as a User. */
export interface SubjectServiceAccount {
  readonly namespace: string;
  readonly name: string;
  readonly asUser: boolean;
}

/**
 * The ServiceAccount a subject stands for: a ServiceAccount subject, or a User subject
 * named system:serviceaccount:<ns>:<name>, which the authorizer matches against the same
 * user name and so grants the ServiceAccount just the same.
 */
export function serviceAccountOf(s: BoundSubject): SubjectServiceAccount | undefined {
  if (s.kind === 'ServiceAccount') return { namespace: s.namespace, name: s.name, asUser: false };
  if (s.kind !== 'User') return undefined;
  const sa = parseServiceAccountUsername(s.name);
  return sa ? { ...sa, asUser: true } : undefined;
}

export function describeServiceAccount(sa: SubjectServiceAccount): string {
  const base = `ServiceAccount "${sa.namespace}/${sa.name}"`;
  return sa.asUser ? `${base} (written as User "system:serviceaccount:${sa.namespace}:${sa.name}")` : base;
}

/** What the grant allows, as a phrase, with the rule that shows it. */
export interface PowerSummary {
  readonly text: string;
  readonly ruleIndex?: number;
}

export function summarisePower(power: GrantPower): PowerSummary {
  const hit = powerfulHit(power);
  if (hit) {
    const all = (xs: readonly string[]): boolean => xs.includes('*');
    const everything = all(hit.rule.verbs) && all(hit.rule.resources) && all(hit.rule.apiGroups);
    return { text: everything ? 'it allows every verb on every resource ("*" on "*")' : `it allows ${probeText(hit.probe)}`, ruleIndex: hit.ruleIndex };
  }
  const beyond = power.beyondDiscovery;
  if (beyond) return { text: `it allows ${beyond.what}`, ruleIndex: beyond.ruleIndex };
  return { text: 'it allows only API discovery and health reads' };
}

/** The role rule behind a power summary, followed through aggregation to the ClusterRole that declares it. */
function ruleRelated(index: RbacIndex, grant: Grant, ruleIndex: number, text: string): Related {
  const { owner, ownerIndex } = index.ruleProvenance(grant.role, ruleIndex);
  const ownerAt = owner.builtin ? undefined : at(owner.origin, ['rules', ownerIndex]);
  const via = owner !== grant.role ? ` (aggregated into ${roleText(grant.role)})` : '';
  return {
    message: `rule ${ownerIndex} of ${roleText(owner)}${via}${owner.builtin ? ' (Kubernetes default policy)' : ''}: ${text.replace(/^it /, '')}`,
    ...(ownerAt ? { at: ownerAt } : {}),
  };
}

/** The roleRef of a binding as a related location; for chart-modelled bindings, with the value that chose the role. */
export function roleRefRelated(binding: Binding, text: string): Related {
  const ref = at(binding.origin, ['roleRef', 'name']);
  const note = chartNote(ref);
  return { message: note ? `${text}; rendered by the chart: ${note}` : text, ...(ref ? { at: ref, target: 'value' as const } : {}) };
}

/** Related locations for a grant: roleRef, the rule that decided the severity, chart and GitLab notes. */
export function grantRelatedFor(ctx: RuleContext, grant: Grant, summary: PowerSummary): Related[] {
  const index = ctx.analysis.rbac();
  const out: Related[] = [];
  const subjectNote = chartNote(subjectAt(grant.binding, grant.subjectIndex));
  if (subjectNote) out.push({ message: `subject rendered by the chart: ${subjectNote}` });
  out.push(roleRefRelated(grant.binding, `${bindingText(grant.binding)} refers to ${roleText(grant.role)} (${scopeText(grant.scope)})`));
  if (summary.ruleIndex !== undefined) out.push(ruleRelated(index, grant, summary.ruleIndex, summary.text));
  const gitlab = ctx.analysis.gitlabReach().reason(grant.subject);
  if (gitlab) out.push({ message: `reachable from GitLab: ${gitlab}` });
  return out;
}

export interface GrantFinding {
  readonly message: string;
  readonly severity: Severity;
  readonly summary: PowerSummary;
  readonly help?: string;
}

/** Report a finding about one grant at its subject entry. */
export function reportAtSubject(ctx: RuleContext, grant: Grant, finding: GrantFinding): void {
  const where = subjectAt(grant.binding, grant.subjectIndex);
  if (!where) return;
  ctx.report({
    at: where,
    target: chartNote(where) !== undefined ? 'value' : 'key',
    message: finding.message,
    key: `${describeBoundSubject(grant.subject)}@${grant.binding.kind}/${grant.binding.namespace ?? ''}/${grant.binding.name}`,
    severity: finding.severity,
    object: bindingIdentity(grant.binding),
    related: grantRelatedFor(ctx, grant, finding.summary),
    ...(finding.help ? { help: finding.help } : {}),
  });
}

/** Grant power plus its summary, computed once per grant. */
export function assess(grant: Grant): { power: GrantPower; summary: PowerSummary; powerful: ProbeHit | undefined } {
  const power = grantPower(grant);
  return { power, summary: summarisePower(power), powerful: powerfulHit(power) };
}

/** `Binding "x" grants Role "y" cluster-wide to <subject>` — the common opening of messages. */
export function grantOpening(grant: Grant, subjectText: string = describeBoundSubject(grant.subject)): string {
  return `${bindingText(grant.binding)} grants ${roleText(grant.role)} ${scopeText(grant.scope)} to ${subjectText}`;
}
