import { riskRule } from './risk-rule.js';
import { probes, WRITE_OR_DELETE } from './probe-sets.js';

export default riskRule(
  {
    id: 'rbac/admission-webhooks',
    category: 'rbac',
    description: 'A subject can create, change or delete admission webhook configurations, and so see and rewrite every object sent to the API.',
    defaultSeverity: 'critical',
    recommended: true,
    remediation: 'Leave webhook configurations to the installer of each admission controller (usually a cluster administrator); controllers that patch their own CA bundle can be limited with resourceNames.',
    since: '0.1.0',
    sources: [
      { tool: 'trivy', id: 'KSV114' },
      { tool: 'checkov', id: 'CKV_K8S_155' },
      { tool: 'kubescape', id: 'C-0281' },
      { tool: 'rbac-police', id: 'control_webhooks' },
    ],
  },
  {
    requires: [probes(WRITE_OR_DELETE, 'admissionregistration.k8s.io', ['mutatingwebhookconfigurations', 'validatingwebhookconfigurations'])],
    what: 'register, change or remove admission webhooks (receiving and mutating Secrets, Pods and every other object, or switching policy engines off)',
    severity: { cluster: 'critical', namespace: 'critical' },
    clusterScoped: true,
  },
);
