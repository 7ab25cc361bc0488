import { defineRule } from '../types.js';
import { reportConfigIssues } from './agent-issues.js';

const CODES = new Set([
  'environments-empty',
  'environment-pattern-blank',
  'environment-pattern-invalid',
  'environment-pattern-not-evaluated',
  'environment-pattern-regex-metacharacters',
  'environment-pattern-unanchored',
]);

export default defineRule({
  meta: {
    id: 'agent/environment-pattern',
    category: 'agent',
    description:
      'A ci_access environments pattern matches more (or less) than it says: a pattern with * is an unanchored Ruby regular expression (prod* also matches preprod), and an empty list restricts nothing.',
    defaultSeverity: 'error',
    recommended: true,
    remediation: 'Anchor wildcard patterns (^prod* or ^review/.*$), escape regex characters such as . with a backslash, and list at least one environment or remove the key.',
    since: '0.1.0',
  },
  check(ctx) {
    reportConfigIssues(ctx, CODES);
  },
});
