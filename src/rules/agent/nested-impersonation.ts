import { defineRule } from '../types.js';
import { reportCiIssues } from './agent-issues.js';

const CODES = new Set(['ci-nested-impersonation']);

export default defineRule({
  meta: {
    id: 'agent/nested-impersonation',
    category: 'agent',
    description:
      'A CI job passes kubectl --as/--as-group (or helm --kube-as-*) through an agent that authorizes it with access_as ci_job or impersonate; agentk refuses such requests ("nested impersonation is not supported").',
    defaultSeverity: 'error',
    recommended: true,
    remediation:
      'Drop the impersonation flags and grant the ci_job or impersonated identity the permissions directly, or authorize the job with access_as agent if client-side impersonation is really needed.',
    since: '0.1.0',
  },
  check(ctx) {
    reportCiIssues(ctx, CODES);
  },
});
