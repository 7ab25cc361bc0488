import { defineRule } from '../types.js';
import { reportSchemaIssues } from './report-issues.js';

export default defineRule({
  meta: {
    id: 'schema/chart-values',
    category: 'schema',
    description: 'Values of the gitlab-agent or gitlab-runner chart have the wrong type or shape for a key that matters for security.',
    defaultSeverity: 'error',
    recommended: true,
    remediation: 'Give the value the type the chart expects (for example a boolean for rbac.create, a string for serviceAccount.name).',
    since: '0.1.0',
  },
  check(ctx) {
    reportSchemaIssues(ctx, ['gitlab-agent-values', 'gitlab-runner-values'], (s) => ` (${s === 'gitlab-agent-values' ? 'gitlab-agent' : 'gitlab-runner'} chart values)`);
  },
});
