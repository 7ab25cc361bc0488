import { defineRule } from '../types.js';
import { reportConfigIssues } from './agent-issues.js';

const CODES = new Set(['id-is-url', 'id-is-numeric', 'id-has-whitespace', 'id-has-edge-slash', 'id-has-git-suffix', 'id-not-a-path', 'id-has-uppercase']);

export default defineRule({
  meta: {
    id: 'agent/project-reference',
    category: 'agent',
    description:
      'A ci_access or user_access id is not a GitLab full path (a URL, a numeric id, spaces, a leading or trailing slash, a .git suffix), so it silently authorizes nothing.',
    defaultSeverity: 'warning',
    recommended: true,
    remediation: 'Write the full path of the project or group exactly as GitLab shows it (group/subgroup/project), without host, slashes at either end or ".git".',
    since: '0.1.0',
  },
  check(ctx) {
    reportConfigIssues(ctx, CODES);
  },
});
