import { defineRule } from '../types.js';
import { reportSchemaIssues } from './report-issues.js';

export default defineRule({
  meta: {
    id: 'schema/agent-config',
    category: 'schema',
    description: 'An agent config does not match the schema KAS parses it with (unknown or removed keys, wrong types, one-of violations).',
    defaultSeverity: 'error',
    recommended: true,
    remediation: 'Fix the key or value as the message says; KAS refuses the whole file and keeps running the last valid configuration until it parses.',
    since: '0.1.0',
  },
  check(ctx) {
    reportSchemaIssues(ctx, ['agent-config'], () => '');
  },
});
