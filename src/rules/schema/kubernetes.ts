import { defineRule } from '../types.js';
import { reportSchemaIssues } from './report-issues.js';

export default defineRule({
  meta: {
    id: 'schema/kubernetes',
    category: 'schema',
    description: 'An RBAC object or ServiceAccount fails the API server\'s validation (e.g. nonResourceURLs in a Role, empty verbs, a bad roleRef or subject).',
    defaultSeverity: 'error',
    recommended: true,
    remediation: 'Fix the field as the message says; the API server rejects the object, so the permission it was meant to grant or limit does not exist.',
    since: '0.1.0',
  },
  check(ctx) {
    reportSchemaIssues(
      ctx,
      ['kubernetes/role', 'kubernetes/clusterrole', 'kubernetes/rolebinding', 'kubernetes/clusterrolebinding', 'kubernetes/serviceaccount'],
      () => '',
    );
  },
});
