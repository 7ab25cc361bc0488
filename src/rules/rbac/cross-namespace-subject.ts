import { defineRule } from '../types.js';
import { assess, describeServiceAccount, grantOpening, reportAtSubject, serviceAccountOf } from './subject-rule.js';

export default defineRule({
  meta: {
    id: 'rbac/cross-namespace-subject',
    category: 'rbac',
    description: 'A RoleBinding grants a role in its namespace to a ServiceAccount of another namespace.',
    defaultSeverity: 'info',
    recommended: true,
    remediation: 'Run the workload that needs the access in the namespace it acts on, or keep the grant and make sure the other namespace is trusted as much as this one.',
    since: '0.1.0',
  },
  check(ctx) {
    // The GitLab agent runs in its own namespace and acts on application namespaces by
    // design; its reach is graded by the agent rules instead.
    const agents = ctx.analysis.agentServiceAccounts();
    for (const grant of ctx.analysis.ownGrants().grants) {
      if (grant.binding.kind !== 'RoleBinding') continue;
      const sa = serviceAccountOf(grant.subject);
      if (!sa || sa.namespace === grant.scope) continue;
      if (agents.has(`ServiceAccount:${sa.namespace}/${sa.name}`)) continue;
      const { power, summary, powerful } = assess(grant);
      // Through a RoleBinding, discovery-only rules (non-resource URLs) grant nothing.
      if (!power.beyondDiscovery) continue;
      reportAtSubject(ctx, grant, {
        message:
          `${grantOpening(grant, describeServiceAccount(sa))}, a ServiceAccount of namespace "${sa.namespace}": whoever controls workloads ` +
          `or tokens in "${sa.namespace}" acts in "${grant.scope}" too; ${summary.text}`,
        severity: powerful ? 'warning' : 'info',
        summary,
      });
    }
  },
});
