import { riskRule } from './risk-rule.js';
import { probes } from './probe-sets.js';

export default riskRule(
  {
    id: 'rbac/ephemeral-containers',
    category: 'rbac',
    description: 'A subject can add ephemeral (debug) containers to running Pods cluster-wide or in a system namespace.',
    defaultSeverity: 'error',
    recommended: true,
    remediation: 'Grant pods/ephemeralcontainers only through RoleBindings in the namespaces the subject debugs, and keep system namespaces out of reach.',
    since: '0.1.0',
    sources: [{ tool: 'rbac-police', id: 'pods_ephemeral_ctrs' }],
  },
  {
    requires: [probes(['update', 'patch'], '', ['pods/ephemeralcontainers'])],
    what: "add debug containers to running Pods (running with their ServiceAccounts and mounts)",
    severity: { cluster: 'error', namespace: 'escalation' },
  },
);
