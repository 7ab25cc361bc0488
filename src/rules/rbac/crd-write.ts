import { riskRule } from './risk-rule.js';
import { probes, WRITE_OR_DELETE } from './probe-sets.js';

export default riskRule(
  {
    id: 'rbac/crd-write',
    category: 'rbac',
    description: 'A subject can create, change or delete CustomResourceDefinitions.',
    defaultSeverity: 'error',
    recommended: true,
    remediation: 'Install CRDs with the cluster administrator or the platform pipeline; an operator that must manage its own CRDs can be limited to them with resourceNames.',
    since: '0.1.0',
    sources: [{ tool: 'rbac-tool', id: 'Cluster Extensions' }],
  },
  {
    requires: [probes(WRITE_OR_DELETE, 'apiextensions.k8s.io', ['customresourcedefinitions'])],
    what: 'change CustomResourceDefinitions (adding a conversion webhook that receives every stored object of a type, or deleting all its objects)',
    severity: { cluster: 'error', namespace: 'error' },
    clusterScoped: true,
  },
);
