import { riskRule } from './risk-rule.js';
import { probes } from './probe-sets.js';

export default riskRule(
  {
    id: 'rbac/node-proxy',
    category: 'rbac',
    description: "A subject can reach the kubelet API through nodes/proxy (get or create), and so run commands in any Pod on every node.",
    defaultSeverity: 'critical',
    recommended: true,
    remediation: 'Remove nodes/proxy; monitoring agents need nodes/metrics or nodes/stats, which do not open the kubelet exec endpoints.',
    since: '0.1.0',
    sources: [
      { tool: 'trivy', id: 'KSV047' },
      { tool: 'checkov', id: 'CKV2_K8S_2' },
      { tool: 'kubescape', id: 'C-0279' },
      { tool: 'rbac-police', id: 'nodes_proxy' },
    ],
  },
  {
    // `get` alone is enough: the 1.35 create check for websocket upgrades covers
    // pods/exec, attach and portforward, not nodes/proxy.
    requires: [probes(['get', 'create'], '', ['nodes/proxy'])],
    what: 'use the kubelet API of every node (exec in any Pod, bypassing API audit)',
    severity: { cluster: 'critical', namespace: 'critical' },
    clusterScoped: true,
  },
);
