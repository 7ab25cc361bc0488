import { riskRule } from './risk-rule.js';
import { probes } from './probe-sets.js';

export default riskRule(
  {
    id: 'rbac/pod-modify',
    category: 'rbac',
    description: 'A subject can update or patch running Pods cluster-wide or in a system namespace, and so swap their container images.',
    defaultSeverity: 'error',
    recommended: true,
    remediation: 'Remove update and patch on pods; change Pods through their controllers, in the namespaces the subject owns.',
    since: '0.1.0',
    sources: [
      { tool: 'trivy', id: 'KSV048' },
      { tool: 'rbac-police', id: 'modify_pods' },
    ],
  },
  {
    requires: [probes(['update', 'patch'], '', ['pods'])],
    what: "change running Pods' images (running code as their ServiceAccounts)",
    severity: { cluster: 'error', namespace: 'escalation' },
  },
);
