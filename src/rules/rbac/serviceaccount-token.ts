import { riskRule } from './risk-rule.js';
import { probes } from './probe-sets.js';

export default riskRule(
  {
    id: 'rbac/serviceaccount-token',
    category: 'rbac',
    description: 'A subject can request tokens for ServiceAccounts (create serviceaccounts/token) cluster-wide or in a system namespace.',
    defaultSeverity: 'error',
    recommended: true,
    remediation: 'Limit serviceaccounts/token to the named ServiceAccounts that need it (resourceNames), granted in their own namespace.',
    since: '0.1.0',
    sources: [
      { tool: 'rbac-police', id: 'token_request' },
      { tool: 'kubescape', id: 'C-0282' },
    ],
  },
  {
    requires: [probes(['create'], '', ['serviceaccounts/token'])],
    what: 'mint tokens for any ServiceAccount (acting with its permissions)',
    severity: { cluster: 'error', namespace: 'escalation' },
  },
);
