import { riskRule } from './risk-rule.js';
import { probes, WRITE_OR_DELETE } from './probe-sets.js';

export default riskRule(
  {
    id: 'rbac/admission-policies',
    category: 'rbac',
    description: 'A subject can create, change or delete ValidatingAdmissionPolicies, MutatingAdmissionPolicies or their bindings.',
    defaultSeverity: 'error',
    recommended: true,
    remediation: 'Leave admission policies and their bindings to cluster administrators; grant read access to those who only need to see them.',
    since: '0.1.0',
    sources: [{ tool: 'rbac-tool', id: 'Admission Policies' }],
  },
  {
    requires: [
      probes(WRITE_OR_DELETE, 'admissionregistration.k8s.io', [
        'validatingadmissionpolicies',
        'validatingadmissionpolicybindings',
        'mutatingadmissionpolicies',
        'mutatingadmissionpolicybindings',
      ]),
    ],
    what: 'change admission policies (switching guardrails off, or mutating objects as they are stored)',
    severity: { cluster: 'error', namespace: 'error' },
    clusterScoped: true,
  },
);
