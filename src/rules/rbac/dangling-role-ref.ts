import { describeBoundSubject } from '../../access/grants.js';
import { loadDefaultPolicy } from '../../kube/default-policy.js';
import type { SourceRef } from '../../model/path.js';
import type { Binding } from '../../rbac/types.js';
import { defineRule, type RuleContext } from '../types.js';
import { at, bindingText } from './risk-rule.js';
import { bindingIdentity, chartNote, subjectAt } from './subject-rule.js';

type Related = { message: string; at?: SourceRef; target?: 'key' | 'value' };

function subjectsText(binding: Binding): string {
  const names = binding.subjects.map((s) => {
    if (s.kind !== 'ServiceAccount') return describeBoundSubject(s);
    const namespace = s.namespace ?? binding.namespace;
    // Without a namespace, a ClusterRoleBinding's ServiceAccount subject matches nobody.
    return namespace ? describeBoundSubject({ kind: 'ServiceAccount', name: s.name, namespace }) : `ServiceAccount "${s.name}" (no namespace: matches nobody)`;
  });
  if (names.length === 0) return 'to nobody yet (the binding has no subjects)';
  const shown = names.slice(0, 3).join(', ');
  return names.length > 3 ? `to ${shown} and ${names.length - 3} more` : `to ${shown}`;
}

/** A role of the same name that exists where the binding cannot refer to it. */
function nearMisses(ctx: RuleContext, binding: Binding): Related[] {
  const index = ctx.analysis.rbac();
  const ref = binding.roleRef;
  const out: Related[] = [];
  const where = (origin: unknown): Pick<Related, 'at'> => {
    const r = at(origin, ['metadata', 'name']);
    return r ? { at: r } : {};
  };
  if (ref.kind === 'Role') {
    const cluster = index.getClusterRole(ref.name);
    if (cluster) out.push({ message: `ClusterRole "${ref.name}" exists: did you mean roleRef.kind ClusterRole?`, ...where(cluster.origin) });
    if (binding.kind === 'ClusterRoleBinding') {
      out.push({ message: 'a ClusterRoleBinding can refer only to a ClusterRole (the API server rejects roleRef.kind Role here)' });
    }
    for (const ns of index.namespaces()) {
      if (ns === binding.namespace) continue;
      const role = index.getRole(ns, ref.name);
      if (role) out.push({ message: `Role "${ns}/${ref.name}" exists, but a RoleBinding can refer only to a Role of its own namespace`, ...where(role.origin) });
    }
  } else if (binding.namespace) {
    const role = index.getRole(binding.namespace, ref.name);
    if (role) out.push({ message: `Role "${binding.namespace}/${ref.name}" exists: did you mean roleRef.kind Role?`, ...where(role.origin) });
  }
  if (out.length > 0) return out;
  // A misspelt name: the closest role the binding could refer to, if it is close.
  const candidates = ref.kind === 'ClusterRole' ? index.listClusterRoles() : binding.namespace ? index.listRoles(binding.namespace) : [];
  let best: { name: string; origin: unknown; distance: number } | undefined;
  for (const role of candidates) {
    const d = editDistance(ref.name, role.name);
    if (d <= Math.min(2, Math.floor(ref.name.length / 2)) && (!best || d < best.distance)) best = { name: role.name, origin: role.origin, distance: d };
  }
  if (best) out.push({ message: `did you mean ${ref.kind} "${best.name}"?`, ...where(best.origin) });
  return out;
}

/** Levenshtein distance (names are short). */
function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur.push(Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost));
    }
    prev = cur;
  }
  return prev[b.length] ?? 0;
}

/**
 * Under --no-default-policy the built-in roles are left out of the analysis, not out of
 * the cluster: a binding to one of them is not dangling.
 */
function builtinRoleLeftOut(ctx: RuleContext, binding: Binding): boolean {
  if (ctx.analysis.includeDefaultPolicy) return false;
  const p = loadDefaultPolicy(ctx.workspace.kubernetesVersion);
  const ref = binding.roleRef;
  if (ref.kind === 'ClusterRole') return p.clusterRoles.some((r) => r.name === ref.name);
  return binding.namespace !== undefined && p.roles.some((r) => r.name === ref.name && r.namespace === binding.namespace);
}

export default defineRule({
  meta: {
    id: 'rbac/dangling-role-ref',
    category: 'rbac',
    description: 'A binding refers to a Role or ClusterRole that does not exist: it grants nothing now, and whoever creates that role later grants its permissions through it.',
    defaultSeverity: 'error',
    recommended: true,
    remediation: 'Correct roleRef (kind and name), add the missing role to the manifests, or delete the binding.',
    since: '0.1.0',
    sources: [
      { tool: 'krane', id: 'subjects-with-non-existing-roles' },
      { tool: 'kube-linter', id: 'flagRolesNotFound' },
    ],
  },
  check(ctx) {
    for (const { binding, error } of ctx.analysis.ownGrants().dangling) {
      const where = at(binding.origin, ['roleRef', 'name']);
      if (!where || builtinRoleLeftOut(ctx, binding)) continue;
      const ref = binding.roleRef;
      const note = chartNote(where);
      const related: Related[] = note ? [{ message: `rendered by the chart: ${note}` }] : [];
      binding.subjects.forEach((s, i) => {
        const sAt = subjectAt(binding, i);
        related.push({ message: `subject ${i}: ${s.kind} "${s.kind === 'ServiceAccount' && s.namespace ? `${s.namespace}/` : ''}${s.name}"`, ...(sAt ? { at: sAt } : {}) });
      });
      related.push(...nearMisses(ctx, binding));
      ctx.report({
        at: where,
        target: 'value',
        message:
          `${bindingText(binding)} refers to ${ref.kind} "${ref.name}", which does not exist: ${error}. ` +
          `It grants nothing now (kubectl auth can-i shows this error as the reason for a denial), but creating ${ref.kind} "${ref.name}" ` +
          `later silently grants its permissions ${subjectsText(binding)}`,
        key: `${ref.kind}/${ref.name}@${binding.kind}/${binding.namespace ?? ''}/${binding.name}`,
        object: bindingIdentity(binding),
        related,
      });
    }
  },
});
