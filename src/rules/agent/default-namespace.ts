import { defineRule } from '../types.js';
import { reportConfigIssues } from './agent-issues.js';

const CODES = new Set(['default-namespace-not-a-boundary']);

export default defineRule({
  meta: {
    id: 'agent/default-namespace',
    category: 'agent',
    description:
      "A ci_access entry that acts as the agent's own ServiceAccount sets default_namespace, which only picks the kubeconfig namespace and restricts nothing.",
    defaultSeverity: 'info',
    recommended: true,
    remediation:
      "Do not rely on default_namespace for isolation: use access_as ci_job or impersonate with RoleBindings in the intended namespace, or narrow the agent ServiceAccount's own RBAC.",
    since: '0.1.0',
  },
  check(ctx) {
    // With ci_job or impersonate the job has its own identity, which RBAC can confine to the
    // namespace; with the agent's identity nothing per-entry can, so the setting misleads.
    reportConfigIssues(ctx, CODES, {
      filter: (li) => li.entryMode === 'agent' || li.entryMode === 'unset',
      message: (li) =>
        `${li.issue.message}; this entry uses the agent's own ServiceAccount (access_as agent${li.entryMode === 'unset' ? ', the default' : ''}), ` +
        `so its jobs can do in every namespace whatever that ServiceAccount may do`,
    });
  },
});
