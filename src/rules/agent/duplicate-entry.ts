import { defineRule } from '../types.js';
import { reportConfigIssues } from './agent-issues.js';

const CODES = new Set(['duplicate-id', 'duplicate-id-redundant']);

export default defineRule({
  meta: {
    id: 'agent/duplicate-entry',
    category: 'agent',
    description: 'A project or group is listed twice in the same ci_access or user_access list; GitLab keeps only the last entry, so the earlier one is dead.',
    defaultSeverity: 'warning',
    recommended: true,
    remediation:
      'Keep one entry per project or group (ids are compared case-insensitively) and put the settings you want into it; entries cannot be repeated to combine environments or access modes.',
    since: '0.1.0',
  },
  check(ctx) {
    reportConfigIssues(ctx, CODES);
  },
});
