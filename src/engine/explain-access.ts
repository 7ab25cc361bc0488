import type { K8sObject } from '../model/k8s.js';
import { refAt } from '../model/k8s.js';
import type { JsonPath } from '../model/path.js';
import type { Workspace } from '../model/workspace.js';
import { compactString } from '../rbac/describe.js';
import type { NearMiss } from '../rbac/nearest-miss.js';
import type { Binding, Decision, Role, RuleSource } from '../rbac/types.js';
import { locateRef } from './locate-ref.js';

function isK8sObject(v: unknown): v is K8sObject {
  return typeof v === 'object' && v !== null && 'origin' in v && 'body' in v;
}

/** `file:line:col` of a part of an RBAC object, or where the built-in came from. */
export function whereIs(ws: Workspace, origin: unknown, path: JsonPath, builtinVersion: string): string {
  if (!isK8sObject(origin)) return `built-in default policy, Kubernetes ${builtinVersion}`;
  const ref = refAt(origin, path);
  if (!ref) return `built-in default policy, Kubernetes ${builtinVersion}`;
  const loc = locateRef(ws, ref);
  const note = 'note' in ref && ref.note ? ` (${ref.note})` : '';
  return `${loc.file}:${loc.range.start.line}:${loc.range.start.column}${note}`;
}

function bindingLabel(b: Binding): string {
  return b.namespace ? `${b.kind} "${b.namespace}/${b.name}"` : `${b.kind} "${b.name}"`;
}

function roleLabel(r: Role): string {
  return r.namespace ? `${r.kind} "${r.namespace}/${r.name}"` : `${r.kind} "${r.name}"`;
}

/** The chain binding → role → rule with a location for each step. */
export function describeChain(ws: Workspace, source: RuleSource, version: string): string[] {
  const b = source.binding;
  const lines = [
    `  binding: ${bindingLabel(b)} at ${whereIs(ws, b.origin, [], version)}`,
    `  role:    ${roleLabel(source.role)} at ${whereIs(ws, source.role.origin, [], version)}`,
  ];
  const owner = source.ruleOwner;
  const via = owner !== source.role ? ` (aggregated from ${roleLabel(owner)})` : '';
  lines.push(`  rule:    ${compactString(source.rule)}${via} at ${whereIs(ws, owner.origin, ['rules', source.ruleOwnerIndex], version)}`);
  return lines;
}

const MISMATCH_TEXT: Readonly<Record<NearMiss['mismatches'][number], string>> = {
  verb: 'another verb',
  apiGroup: 'another API group',
  subresource: 'the resource but not this subresource',
  resourceName: 'only other resource names',
  nonResourceURL: 'another URL',
};

/** Lines for `can-i --explain`: what decided, or why nothing matched. */
export function explainDecision(ws: Workspace, decision: Decision, miss: NearMiss | undefined, version: string): string[] {
  if (decision.privileged) return ['allowed: the identity is in group system:masters, which is allowed everything (no RBAC rule needed)'];
  if (decision.allowed && decision.source) return [`allowed by:`, ...describeChain(ws, decision.source, version)];
  const lines = ['denied: no RBAC rule allows this request'];
  for (const e of decision.resolutionErrors) lines.push(`  resolution error: ${e}`);
  if (miss) {
    lines.push(`nearest rule (covers ${miss.mismatches.map((m) => MISMATCH_TEXT[m]).join(', ')}):`);
    lines.push(...describeChain(ws, miss.source, version));
  } else {
    lines.push('no rule of this identity mentions the resource or URL');
  }
  return lines;
}
