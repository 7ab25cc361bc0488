import { defineRule } from '../types.js';
import { reportCiIssues } from './agent-issues.js';

const CODES = new Set(['ci-context-unknown-agent', 'ci-context-not-authorized', 'ci-context-case-mismatch', 'ci-context-protected-refs-only']);

export default defineRule({
  meta: {
    id: 'agent/ci-context',
    category: 'agent',
    description:
      "A .gitlab-ci.yml job selects an agent's kubeconfig context (kubectl config use-context, --context, KUBE_CONTEXT) that the job will not have: the agent is not defined in the repository, or the agent does not authorize the job.",
    defaultSeverity: 'error',
    recommended: true,
    remediation:
      'Use the context name <config project path>:<agent name> of an agent defined under .gitlab/agents/, and authorize the job through that agent\'s ci_access (project entry, group entry or the configuration project itself) with matching environments.',
    since: '0.1.0',
  },
  check(ctx) {
    reportCiIssues(ctx, CODES);
  },
});
