import { defineRule } from '../types.js';
import { aboutMalformedId, reportConfigIssues } from './agent-issues.js';

const CODES = new Set([
  'outside-top-level-group',
  'group-in-personal-namespace',
  'instance-authorization-enabled',
  'instance-authorization-needs-admin-setting',
]);

export default defineRule({
  meta: {
    id: 'agent/authorization-scope',
    category: 'agent',
    description:
      "An authorization reaches outside what GitLab resolves for the agent: a project or group outside the config project's top-level group, or ci_access.instance, which depends on an administrator setting.",
    defaultSeverity: 'warning',
    recommended: true,
    remediation:
      "Authorize only projects and groups under the configuration project's top-level group, or register an agent in the other top-level group; use instance-level authorization only on self-managed GitLab with the administrator setting enabled.",
    since: '0.1.0',
  },
  check(ctx) {
    // An id that is not a path at all (a URL, a number …) is agent/project-reference's finding;
    // calling it "outside the top-level group" as well would only mislead.
    reportConfigIssues(ctx, CODES, { filter: (li) => !aboutMalformedId(ctx.workspace, li) });
  },
});
