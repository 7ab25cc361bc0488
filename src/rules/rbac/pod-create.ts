import { riskRule } from './risk-rule.js';

export default riskRule(
  {
    id: 'rbac/pod-create',
    category: 'rbac',
    description: 'A subject can create Pods cluster-wide or in a system namespace, and so run as any ServiceAccount there.',
    defaultSeverity: 'error',
    recommended: true,
    remediation: 'Limit pod creation to the namespaces the subject deploys to, with a RoleBinding; keep kube-system out of reach.',
    since: '0.1.0',
    sources: [
      { tool: 'kube-linter', id: 'access-to-create-pods' },
      { tool: 'kubescape', id: 'C-0188' },
    ],
  },
  {
    requires: [[{ verb: 'create', group: '', resource: 'pods' }]],
    what: 'create Pods (running as any ServiceAccount of the namespace)',
    severity: { cluster: 'error', namespace: 'escalation' },
  },
);
