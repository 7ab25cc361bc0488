import { riskRule } from './risk-rule.js';
import { probes, WRITE } from './probe-sets.js';

export default riskRule(
  {
    id: 'rbac/service-hijack',
    category: 'rbac',
    description: "A subject can write Endpoints, EndpointSlices or services/status, and so redirect or intercept a Service's traffic.",
    defaultSeverity: 'warning',
    recommended: true,
    remediation: 'Leave Endpoints, EndpointSlices and Service status to the controllers that own them; Services with selectors get them automatically.',
    since: '0.1.0',
    sources: [
      { tool: 'trivy', id: 'KSV056' },
      { tool: 'checkov', id: 'CKV2_K8S_4' },
      { tool: 'rbac-police', id: 'modify_service_status_cve_2020_8554' },
    ],
  },
  {
    requires: [[
      ...probes(['update', 'patch'], '', ['services/status']),
      ...probes(WRITE, '', ['endpoints']),
      ...probes(WRITE, 'discovery.k8s.io', ['endpointslices']),
    ]],
    what: "redirect Service traffic (endpoints, or a LoadBalancer IP in status: CVE-2020-8554)",
    severity: { cluster: 'warning', namespace: 'info' },
  },
);
