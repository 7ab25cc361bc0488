import { riskRule } from './risk-rule.js';
import { probes } from './probe-sets.js';

export default riskRule(
  {
    id: 'rbac/events-delete',
    category: 'rbac',
    description: 'A subject can delete Events (core or events.k8s.io), removing the trail of what happened in the cluster.',
    defaultSeverity: 'warning',
    recommended: false,
    remediation: 'Remove delete and deletecollection on events; Events expire on their own (one hour by default).',
    since: '0.1.0',
    sources: [{ tool: 'kubescape', id: 'C-0031' }],
  },
  {
    requires: [[...probes(['delete', 'deletecollection'], '', ['events']), ...probes(['delete', 'deletecollection'], 'events.k8s.io', ['events'])]],
    what: 'delete Events (covering its tracks)',
    severity: { cluster: 'warning', namespace: 'info' },
  },
);
