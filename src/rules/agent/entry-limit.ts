import { defineRule } from '../types.js';
import { reportConfigIssues } from './agent-issues.js';

const CODES = new Set(['over-entry-limit']);

export default defineRule({
  meta: {
    id: 'agent/entry-limit',
    category: 'agent',
    description: 'A ci_access or user_access list has more than 500 entries; GitLab silently drops every entry after the 500th.',
    defaultSeverity: 'warning',
    recommended: true,
    remediation:
      'Authorize a common parent group instead of many projects, or split the access over several agents, so that no list has more than 500 entries.',
    since: '0.1.0',
  },
  check(ctx) {
    reportConfigIssues(ctx, CODES);
  },
});
