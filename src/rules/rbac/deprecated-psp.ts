import { isWildcardGrant, ruleAllowsProbe } from '../../access/probes.js';
import { defineRule } from '../types.js';
import { probes } from './probe-sets.js';
import { at, roleText } from './risk-rule.js';

/** PodSecurityPolicy was served by policy/v1beta1 (and extensions/v1beta1 before it). */
function usePsp(name?: string) {
  return [...probes(['use'], 'policy', ['podsecuritypolicies'], name), ...probes(['use'], 'extensions', ['podsecuritypolicies'], name)];
}

export default defineRule({
  meta: {
    id: 'rbac/deprecated-psp',
    category: 'rbac',
    description: 'A role grants use of PodSecurityPolicies, which Kubernetes removed in 1.25: the rule is dead configuration.',
    defaultSeverity: 'info',
    recommended: false,
    remediation: 'Delete the rule (and the PodSecurityPolicies); enforce pod security with Pod Security Admission namespace labels or a policy engine.',
    since: '0.1.0',
  },
  check(ctx) {
    // Dead whether bound or not, so every role of the repository is checked once.
    const o = ctx.analysis.rbacObjects();
    for (const role of [...o.clusterRoles, ...o.roles]) {
      if (role.builtin) continue;
      role.rules.forEach((rule, i) => {
        // "*" rules are not about PodSecurityPolicies in particular.
        // Rules naming their policies (the usual form) are dead too: probe those names as well.
        const candidates = [...usePsp(), ...rule.resourceNames.flatMap((n) => usePsp(n))];
        if (isWildcardGrant(rule) || !candidates.some((p) => ruleAllowsProbe(rule, p, ''))) return;
        const where = at(role.origin, ['rules', i]);
        if (!where) return;
        ctx.report({
          at: where,
          target: 'key',
          message: `${roleText(role)} grants use of PodSecurityPolicies, removed in Kubernetes 1.25: the rule has no effect`,
          key: `${role.kind}:${role.namespace ?? ''}/${role.name}#${i}`,
          object: { kind: role.kind, name: role.name, ...(role.namespace ? { namespace: role.namespace } : {}) },
        });
      });
    }
  },
});
