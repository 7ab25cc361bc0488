import { defineRule } from '../types.js';
import { reportConfigIssues } from './agent-issues.js';

const CODES = new Set(['impersonate-extra-key-case']);

export default defineRule({
  meta: {
    id: 'agent/impersonate-extra-key',
    category: 'agent',
    description: 'An access_as impersonate extra key has uppercase letters; Kubernetes receives it lowercased, so RBAC rules for the original spelling never match.',
    defaultSeverity: 'info',
    recommended: true,
    remediation: 'Write the extra key in lowercase, and use the lowercase key in the userextras RBAC rules that allow impersonating it.',
    since: '0.1.0',
  },
  check(ctx) {
    reportConfigIssues(ctx, CODES);
  },
});
