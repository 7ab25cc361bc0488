import { tieredRiskRule } from './risk-tiers.js';
import { probes } from './probe-sets.js';

export default tieredRiskRule(
  {
    id: 'rbac/namespace-write',
    category: 'rbac',
    description: "A subject can update or patch Namespaces, and so relabel them to switch off Pod Security Admission.",
    defaultSeverity: 'error',
    recommended: true,
    remediation: 'Leave Namespace labels to cluster administrators (or the pipeline that creates namespaces); grant get on namespaces to those who only need to read them.',
    since: '0.1.0',
  },
  [
    {
      requires: [probes(['update', 'patch'], '', ['namespaces'])],
      what: 'relabel every Namespace (pod-security.kubernetes.io/enforce: privileged, then privileged Pods)',
      severity: { cluster: 'error', namespace: 'error' },
      clusterScoped: true,
    },
    {
      // Namespaces are cluster-scoped, but a request for namespace X carries namespace X,
      // so a RoleBinding in X does grant update on the Namespace object X itself.
      requires: [probes(['update', 'patch'], '', ['namespaces'])],
      what: 'relabel its own Namespace (pod-security.kubernetes.io/enforce: privileged, then privileged Pods)',
      severity: { cluster: 'error', namespace: 'warning' },
    },
  ],
);
