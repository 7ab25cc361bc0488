import { wildcardRule, wildcardSeverity } from './wildcard.js';

export default wildcardRule(
  {
    id: 'rbac/wildcard-resources',
    category: 'rbac',
    description: 'A bound rule grants "*" resources: every resource and subresource, including Secrets, pods/exec and future custom resources.',
    defaultSeverity: 'error',
    recommended: true,
    remediation: 'List the resources the subject needs; "*" also grants secrets, pods/exec, nodes/proxy and every CRD added later.',
    since: '0.1.0',
    sources: [
      { tool: 'trivy', id: 'KSV046' },
      { tool: 'kube-linter', id: 'wildcard-in-rules' },
    ],
  },
  'resources',
  wildcardSeverity.resources,
  'every resource ("*")',
);
