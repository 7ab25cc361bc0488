import { podStreamRule } from './pod-stream.js';

export default podStreamRule(
  {
    id: 'rbac/pod-attach',
    category: 'rbac',
    description: "A subject can attach to Pods' running containers (pods/attach) cluster-wide or in a system namespace.",
    defaultSeverity: 'error',
    recommended: true,
    remediation: 'Grant pods/attach only through RoleBindings in the namespaces the subject operates, and keep system namespaces out of reach.',
    since: '0.1.0',
    sources: [
      { tool: 'trivy', id: 'KSV054' },
      { tool: 'polaris', id: 'clusterrolePodExecAttach' },
    ],
  },
  'attach',
  "attach to Pods' main processes (reading their output and writing to their input)",
);
