import { defineRule } from '../types.js';
import { reportConfigIssues } from './agent-issues.js';

const CODES = new Set(['config-project-not-restricted-by-group']);

export default defineRule({
  meta: {
    id: 'agent/group-restricts-config-project',
    category: 'agent',
    description:
      "A ci_access group entry restricts environments, protected branches or the access mode for a group that contains the agent's configuration project, where it has no effect.",
    defaultSeverity: 'warning',
    recommended: true,
    remediation: 'List the configuration project itself under ci_access.projects with the restrictions it should have; a group entry never applies to it.',
    since: '0.1.0',
  },
  check(ctx) {
    reportConfigIssues(ctx, CODES);
  },
});
