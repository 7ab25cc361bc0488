import { wildcardRule, wildcardSeverity } from './wildcard.js';

export default wildcardRule(
  {
    id: 'rbac/wildcard-api-groups',
    category: 'rbac',
    description: 'A bound rule grants its resources in every API group ("*"), including custom and future groups.',
    defaultSeverity: 'info',
    recommended: true,
    remediation: 'Name the API groups ("" for core, "apps", …); "*" matches any group that defines a resource of the same name.',
    since: '0.1.0',
    sources: [{ tool: 'trivy', id: 'KSV044' }],
  },
  'apiGroups',
  wildcardSeverity.apiGroups,
  'its resources in every API group ("*")',
);
