import { podStreamRule } from './pod-stream.js';

export default podStreamRule(
  {
    id: 'rbac/pod-port-forward',
    category: 'rbac',
    description: 'A subject can port-forward to Pods (pods/portforward) cluster-wide or in a system namespace.',
    defaultSeverity: 'error',
    recommended: true,
    remediation: 'Grant pods/portforward only through RoleBindings in the namespaces the subject operates, and keep system namespaces out of reach.',
    since: '0.1.0',
    sources: [{ tool: 'kubescape', id: 'C-0063' }],
  },
  'portforward',
  "open connections to Pods' ports (past NetworkPolicies and ingress authentication)",
);
