import { defineRule } from '../types.js';
import { reportConfigIssues } from './agent-issues.js';

const CODES = new Set(['premium-access-mode', 'premium-access-mode-unavailable', 'protected-branches-only-scope']);

export default defineRule({
  meta: {
    id: 'agent/premium-access-mode',
    category: 'agent',
    description:
      'An authorization uses a feature with conditions: access_as ci_job, impersonate or user need GitLab Premium (on Free the entry is silently dropped), protected_branches_only needs 17.3+ and also admits protected tags.',
    defaultSeverity: 'error',
    recommended: true,
    remediation:
      'Confirm the instance has Premium or Ultimate before relying on ci_job, impersonate or user access (on Free use access_as agent with a narrowly bound agent ServiceAccount), and review who may push to protected branches or create protected tags before relying on protected_branches_only.',
    since: '0.1.0',
  },
  check(ctx) {
    reportConfigIssues(ctx, CODES);
  },
});
