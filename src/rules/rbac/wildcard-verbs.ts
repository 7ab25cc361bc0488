import { wildcardRule, wildcardSeverity } from './wildcard.js';

export default wildcardRule(
  {
    id: 'rbac/wildcard-verbs',
    category: 'rbac',
    description: 'A bound rule grants "*" verbs, which include escalate, bind, impersonate, approve and every verb added later.',
    defaultSeverity: 'warning',
    recommended: true,
    remediation: 'List the verbs the subject needs, for example ["get", "list", "watch"].',
    since: '0.1.0',
    sources: [
      { tool: 'trivy', id: 'KSV045' },
      { tool: 'kubescape', id: 'C-0187' },
    ],
  },
  'verbs',
  wildcardSeverity.verbs,
  'every verb ("*")',
);
