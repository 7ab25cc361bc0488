import { defineRule } from '../types.js';
import { reportConfigIssues } from './agent-issues.js';

const CODES = new Set(['environments-exclude-jobs-without-environment']);

export default defineRule({
  meta: {
    id: 'agent/jobs-without-environment',
    category: 'agent',
    description: 'A ci_access entry sets environments, so jobs that declare no environment get no context for the agent (opt-in reminder).',
    defaultSeverity: 'info',
    recommended: false,
    remediation: 'Give every job that talks to the cluster an environment: that the entry allows, or authorize those jobs through an entry without environments.',
    since: '0.1.0',
  },
  check(ctx) {
    reportConfigIssues(ctx, CODES);
  },
});
