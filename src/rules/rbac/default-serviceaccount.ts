import { defineRule } from '../types.js';
import { assess, describeServiceAccount, grantOpening, reportAtSubject, serviceAccountOf } from './subject-rule.js';

export default defineRule({
  meta: {
    id: 'rbac/default-serviceaccount',
    category: 'rbac',
    description: 'A binding grants a role to a namespace\'s "default" ServiceAccount, which every pod without serviceAccountName runs as.',
    defaultSeverity: 'warning',
    recommended: true,
    remediation: 'Create a dedicated ServiceAccount for the workload that needs the permissions, bind the role to it, and set serviceAccountName in its pod template.',
    since: '0.1.0',
    sources: [
      { tool: 'checkov', id: 'CKV_K8S_42' },
      { tool: 'kube-linter', id: 'default-service-account' },
      { tool: 'kubescape', id: 'C-0189' },
    ],
  },
  check(ctx) {
    for (const grant of ctx.analysis.ownGrants().grants) {
      const sa = serviceAccountOf(grant.subject);
      if (!sa || sa.name !== 'default') continue;
      const { power, summary, powerful } = assess(grant);
      if (!power.beyondDiscovery) continue;
      reportAtSubject(ctx, grant, {
        message:
          `${grantOpening(grant, describeServiceAccount(sa))}: every pod of namespace "${sa.namespace}" that sets no serviceAccountName runs as it ` +
          `and inherits the grant, including pods added later by anyone who may create them there; ${summary.text}`,
        severity: powerful ? 'error' : 'warning',
        summary,
      });
    }
  },
});
