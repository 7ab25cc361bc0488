import { isOcsChartClusterRoleBinding } from '../gitlab/chart-bindings.js';
import { riskRule } from './risk-rule.js';

export default riskRule(
  {
    id: 'rbac/secrets-read',
    category: 'rbac',
    description: 'A subject can read Secrets (get, list or watch) without a resourceNames restriction.',
    defaultSeverity: 'error',
    recommended: true,
    remediation: 'Grant access to named Secrets only (resourceNames), or mount the Secret into the workload instead of reading it through the API.',
    since: '0.1.0',
    sources: [
      { tool: 'trivy', id: 'KSV041' },
      { tool: 'kube-linter', id: 'access-to-secrets' },
      { tool: 'kubescape', id: 'C-0015' },
    ],
  },
  {
    // list and watch return whole objects: as good as get on every Secret.
    requires: [[
      { verb: 'get', group: '', resource: 'secrets' },
      { verb: 'list', group: '', resource: 'secrets' },
      { verb: 'watch', group: '', resource: 'secrets' },
    ]],
    what: 'read Secrets',
    severity: { cluster: 'error', namespace: 'info' },
    // The gitlab-agent chart's OCS ClusterRoleBinding: gitlab/ocs-secrets-read reports it.
    excludeGrant: isOcsChartClusterRoleBinding,
  },
);
