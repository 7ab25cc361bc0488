import { riskRule } from './risk-rule.js';
import { probes, WRITE } from './probe-sets.js';

export default riskRule(
  {
    id: 'rbac/apiservice-write',
    category: 'rbac',
    description: 'A subject can create or change APIServices, and so send a whole API group to a server of its choosing.',
    defaultSeverity: 'critical',
    recommended: true,
    remediation: 'Leave APIService registration to the cluster administrator who installs the aggregated API server (metrics-server and the like).',
    since: '0.1.0',
  },
  {
    requires: [probes(WRITE, 'apiregistration.k8s.io', ['apiservices'])],
    what: "redirect API groups to a server of its choosing (reading and answering that group's requests)",
    severity: { cluster: 'critical', namespace: 'critical' },
    clusterScoped: true,
  },
);
