import { podStreamRule } from './pod-stream.js';

export default podStreamRule(
  {
    id: 'rbac/pod-exec',
    category: 'rbac',
    description: 'A subject can exec into Pods (pods/exec) cluster-wide or in a system namespace.',
    defaultSeverity: 'error',
    recommended: true,
    remediation: 'Grant pods/exec only through RoleBindings in the namespaces the subject operates, and keep system namespaces out of reach.',
    since: '0.1.0',
    sources: [
      { tool: 'trivy', id: 'KSV053' },
      { tool: 'checkov', id: 'CKV2_K8S_2' },
      { tool: 'kubescape', id: 'C-0002' },
      { tool: 'rbac-police', id: 'pods_exec' },
    ],
  },
  'exec',
  "run commands in Pods' containers (and read their ServiceAccount tokens)",
);
