import { whoCan, type WhoCanQuery, type WhoCanSubject } from '../rbac/who-can.js';
import type { RbacIndex } from '../rbac/index.js';
import type { RuleSource } from '../rbac/types.js';
import type { Workspace } from '../model/workspace.js';
import { compactString } from '../rbac/describe.js';
import { whereIs } from './explain-access.js';

export interface WhoCanRow {
  readonly subject: { readonly kind: string; readonly name: string; readonly namespace?: string };
  /** '' = cluster-wide (through a ClusterRoleBinding), else the namespace. */
  readonly scope: string;
  readonly binding: { readonly kind: string; readonly name: string; readonly namespace?: string; readonly location: string };
  readonly role: { readonly kind: string; readonly name: string; readonly location: string };
  readonly rule: string;
  readonly ruleLocation: string;
}

export interface WhoCanReport {
  readonly rows: readonly WhoCanRow[];
  readonly errors: readonly string[];
}

/**
 * Every subject allowed, with each binding → role → rule that allows it. With
 * allNamespaces, asks cluster-wide and then in every namespace that has RoleBindings,
 * so a subject allowed only in some namespaces is listed with those scopes.
 */
export function whoCanReport(ws: Workspace, index: RbacIndex, base: WhoCanQuery, opts: { allNamespaces: boolean; namespaces: readonly string[] }): WhoCanReport {
  const version = ws.kubernetesVersion;
  const rows: WhoCanRow[] = [];
  const errors = new Set<string>();
  const seen = new Set<string>();
  const scopes = 'path' in base ? [''] : opts.allNamespaces ? ['', ...opts.namespaces] : [base.namespace];
  for (const scope of scopes) {
    const q: WhoCanQuery = 'path' in base ? base : { ...base, namespace: scope };
    // With -A the cluster-wide pass already covered every ClusterRoleBinding: each namespace
    // adds only its RoleBindings.
    const result = whoCan(index, q, { roleBindingsOnly: opts.allNamespaces && scope !== '' });
    result.errors.forEach((e) => errors.add(e));
    for (const s of result.subjects) {
      for (const src of s.sources) {
        const row = toRow(ws, s, src, src.binding.kind === 'ClusterRoleBinding' ? '' : scope, version);
        const key = JSON.stringify([row.subject, row.scope, row.binding.kind, row.binding.name, row.binding.namespace ?? '', row.rule]);
        if (seen.has(key)) continue;
        seen.add(key);
        rows.push(row);
      }
    }
  }
  return { rows, errors: [...errors] };
}

function toRow(ws: Workspace, s: WhoCanSubject, src: RuleSource, scope: string, version: string): WhoCanRow {
  const b = src.binding;
  return {
    subject: { kind: s.kind, name: s.name, ...(s.namespace ? { namespace: s.namespace } : {}) },
    scope,
    binding: { kind: b.kind, name: b.name, ...(b.namespace ? { namespace: b.namespace } : {}), location: whereIs(ws, b.origin, [], version) },
    role: { kind: src.role.kind, name: src.role.name, location: whereIs(ws, src.role.origin, [], version) },
    rule: compactString(src.rule),
    ruleLocation: whereIs(ws, src.ruleOwner.origin, ['rules', src.ruleOwnerIndex], version),
  };
}

export function subjectText(s: WhoCanRow['subject']): string {
  return s.kind === 'ServiceAccount' ? `ServiceAccount ${s.namespace ?? ''}/${s.name}` : `${s.kind} ${s.name}`;
}
