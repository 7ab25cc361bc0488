import { riskRule } from './risk-rule.js';
import { probes } from './probe-sets.js';

export default riskRule(
  {
    id: 'rbac/node-write',
    category: 'rbac',
    description: 'A subject can update or patch Nodes or their status (labels, taints, unschedulable), and so steer where Pods run.',
    defaultSeverity: 'error',
    recommended: true,
    remediation: 'Leave Node writes to the kubelet, node controllers and cluster administrators.',
    since: '0.1.0',
    sources: [{ tool: 'rbac-police', id: 'modify_node_status' }],
  },
  {
    requires: [probes(['update', 'patch'], '', ['nodes', 'nodes/status'])],
    what: 'change Nodes (labels and taints that steer powerful Pods onto a node it controls)',
    severity: { cluster: 'error', namespace: 'error' },
    clusterScoped: true,
  },
);
