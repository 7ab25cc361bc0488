import { riskRule } from './risk-rule.js';
import { probes, WRITE } from './probe-sets.js';

export default riskRule(
  {
    id: 'rbac/secrets-write',
    category: 'rbac',
    description: 'A subject can create, update or patch Secrets cluster-wide or in a system namespace, which yields a token for any ServiceAccount there.',
    defaultSeverity: 'error',
    recommended: true,
    remediation: 'Grant Secret writes only through RoleBindings in the namespaces the subject owns, and limit update and patch to named Secrets (resourceNames).',
    since: '0.1.0',
    sources: [{ tool: 'rbac-police', id: 'issue_token_secrets' }],
  },
  {
    // A Secret of type kubernetes.io/service-account-token annotated with a ServiceAccount's
    // name is filled in by the token controller with a long-lived token for that account.
    requires: [probes(WRITE, '', ['secrets'])],
    what: 'write Secrets (a service-account-token Secret gets a token for any ServiceAccount)',
    severity: { cluster: 'error', namespace: 'escalation' },
  },
);
