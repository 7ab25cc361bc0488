import { riskRule } from './risk-rule.js';
import { probes, WRITE } from './probe-sets.js';

export default riskRule(
  {
    id: 'rbac/workload-create',
    category: 'rbac',
    description: 'A subject can create or change Pod controllers (Deployments, DaemonSets, Jobs, …) cluster-wide or in a system namespace, and so run Pods as any ServiceAccount there.',
    defaultSeverity: 'error',
    recommended: true,
    remediation: 'Grant workload writes through RoleBindings in the namespaces the subject deploys to, and keep system namespaces out of reach.',
    since: '0.1.0',
    sources: [
      { tool: 'trivy', id: 'KSV048' },
      { tool: 'kube-linter', id: 'access-to-create-pods' },
      { tool: 'rbac-police', id: 'assign_sa' },
    ],
  },
  {
    // A controller creates the Pods from the template it is given, with the template's
    // ServiceAccount, volumes and security context: writing the template is writing the Pod.
    requires: [[
      ...probes(WRITE, 'apps', ['deployments', 'daemonsets', 'statefulsets', 'replicasets']),
      ...probes(WRITE, 'batch', ['jobs', 'cronjobs']),
      ...probes(WRITE, '', ['replicationcontrollers', 'podtemplates']),
    ]],
    what: 'create or change workloads that run Pods (as any ServiceAccount of the namespace)',
    severity: { cluster: 'error', namespace: 'escalation' },
  },
);
