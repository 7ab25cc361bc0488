import { riskRule } from './risk-rule.js';
import { probes, WRITE_OR_DELETE } from './probe-sets.js';

export default riskRule(
  {
    id: 'rbac/networkpolicy-write',
    category: 'rbac',
    description: 'A subject can create, change or delete NetworkPolicies, and so lift network isolation.',
    defaultSeverity: 'warning',
    recommended: true,
    remediation: 'Leave NetworkPolicies to the team that owns network isolation; application deployers seldom need to change them.',
    since: '0.1.0',
    sources: [{ tool: 'trivy', id: 'KSV056' }],
  },
  {
    requires: [probes(WRITE_OR_DELETE, 'networking.k8s.io', ['networkpolicies'])],
    what: 'change NetworkPolicies (removing isolation between workloads)',
    severity: { cluster: 'warning', namespace: 'info' },
  },
);
