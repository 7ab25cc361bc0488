import { isAgentChartClusterRoleBinding } from '../gitlab/chart-bindings.js';
import { riskRule } from './risk-rule.js';

export default riskRule(
  {
    id: 'rbac/cluster-admin',
    category: 'rbac',
    description: 'A subject gets every verb on every resource (cluster-admin, or any role with "*" verbs, resources and API groups).',
    defaultSeverity: 'critical',
    recommended: true,
    remediation: 'Bind a role with only the verbs and resources the subject needs; for the GitLab agent, set rbac.create=false (or rbac.useExistingRole) and grant namespace-scoped Roles.',
    since: '0.1.0',
    sources: [
      { tool: 'kube-linter', id: 'cluster-admin-role-binding' },
      { tool: 'trivy', id: 'KSV111' },
      { tool: 'kubescape', id: 'C-0185' },
    ],
  },
  {
    requires: [[{ verb: '*', group: '*', resource: '*' }]],
    what: 'do anything (every verb on every resource)',
    severity: { cluster: 'critical', namespace: 'error' },
    subsumedByWildcard: false,
    // The gitlab-agent chart's own ClusterRoleBinding: gitlab/agent-cluster-admin reports it.
    excludeGrant: isAgentChartClusterRoleBinding,
  },
);
