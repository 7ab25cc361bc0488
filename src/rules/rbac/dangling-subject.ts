import type { Binding } from '../../rbac/types.js';
import { loadDefaultPolicy } from '../../kube/default-policy.js';
import { defineRule, type RuleContext } from '../types.js';
import { assess, describeServiceAccount, grantOpening, reportAtSubject, serviceAccountOf } from './subject-rule.js';

/**
 * ServiceAccounts the control plane creates itself: those named by the bindings of the
 * Kubernetes default policy (kube-system controllers). Read from the bundled policy of the
 * workspace's version even under --no-default-policy: the accounts exist either way.
 */
function controlPlaneServiceAccounts(ctx: RuleContext): Set<string> {
  const fromIndex = ctx.analysis.rbacObjects();
  const builtin: Binding[] = [...fromIndex.clusterRoleBindings, ...fromIndex.roleBindings].filter((b) => b.builtin);
  const bindings: readonly Binding[] =
    builtin.length > 0
      ? builtin
      : (() => {
          const p = loadDefaultPolicy(ctx.workspace.kubernetesVersion);
          return [...p.clusterRoleBindings, ...p.roleBindings];
        })();
  const out = new Set<string>();
  for (const b of bindings) {
    for (const s of b.subjects) {
      if (s.kind !== 'ServiceAccount') continue;
      const ns = s.namespace ?? b.namespace;
      if (ns) out.add(`${ns}/${s.name}`);
    }
  }
  return out;
}

export default defineRule({
  meta: {
    id: 'rbac/dangling-subject',
    category: 'rbac',
    description: 'A binding grants a role to a ServiceAccount that the input does not create (checked when the input manages ServiceAccounts).',
    defaultSeverity: 'warning',
    recommended: true,
    remediation: 'Remove the subject, correct its name or namespace, or add the ServiceAccount to the manifests.',
    since: '0.1.0',
  },
  check(ctx) {
    const accounts = ctx.analysis.objects().filter((o) => o.kind === 'ServiceAccount' && o.group === '');
    // Repositories that leave ServiceAccounts to someone else would see every subject as missing.
    if (accounts.length === 0) return;
    const exact = new Set<string>();
    // A ServiceAccount written without metadata.namespace lands in whichever namespace it is
    // applied to, so it stands for its name in any namespace.
    const anyNamespace = new Set<string>();
    for (const a of accounts) (a.namespace ? exact : anyNamespace).add(a.namespace ? `${a.namespace}/${a.name}` : a.name);
    const controlPlane = controlPlaneServiceAccounts(ctx);

    for (const grant of ctx.analysis.ownGrants().grants) {
      const sa = serviceAccountOf(grant.subject);
      if (!sa || sa.name === 'default') continue;
      const key = `${sa.namespace}/${sa.name}`;
      if (exact.has(key) || anyNamespace.has(sa.name) || controlPlane.has(key)) continue;
      const { power, summary, powerful } = assess(grant);
      // Nothing to inherit beyond what every identity has.
      if (!power.beyondDiscovery) continue;
      reportAtSubject(ctx, grant, {
        message:
          `${grantOpening(grant, describeServiceAccount(sa))}, which no ServiceAccount in the input matches: whoever later creates ` +
          `ServiceAccount "${sa.name}" in namespace "${sa.namespace}" (anyone allowed to create ServiceAccounts there) inherits the grant; ${summary.text}`,
        severity: powerful ? 'error' : 'warning',
        summary,
      });
    }
  },
});
