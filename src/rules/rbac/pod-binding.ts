import { riskRule } from './risk-rule.js';
import { probes } from './probe-sets.js';

export default riskRule(
  {
    id: 'rbac/pod-binding',
    category: 'rbac',
    description: 'A subject can bind Pods to nodes (create pods/binding or bindings), doing the scheduler\'s job.',
    defaultSeverity: 'warning',
    recommended: false,
    remediation: 'Leave pod binding to the scheduler; a custom scheduler needs it, nothing else does.',
    since: '0.1.0',
  },
  {
    requires: [[...probes(['create'], '', ['pods/binding']), ...probes(['create'], '', ['bindings'])]],
    what: 'choose the node Pods run on (pods/binding)',
    severity: { cluster: 'warning', namespace: 'info' },
  },
);
