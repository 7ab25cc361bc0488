import { PRIVILEGED_GROUP } from '../../rbac/identity.js';
import { defineRule } from '../types.js';
import { bindingText } from './risk-rule.js';
import { bindingIdentity, chartNote, ownBindings, roleRefRelated, subjectAt } from './subject-rule.js';

export default defineRule({
  meta: {
    id: 'rbac/system-masters-subject',
    category: 'rbac',
    description: 'A binding names Group "system:masters", whose members are superusers without any RBAC grant.',
    defaultSeverity: 'warning',
    recommended: true,
    remediation: 'Remove the system:masters subject (it changes nothing) and move administrators to an ordinary group bound to the role they need; avoid issuing credentials in system:masters.',
    since: '0.1.0',
    sources: [
      { tool: 'trivy', id: 'KSV123' },
      { tool: 'kubescape', id: 'C-0246' },
    ],
  },
  check(ctx) {
    for (const binding of ownBindings(ctx)) {
      binding.subjects.forEach((subject, i) => {
        if (subject.kind !== 'Group' || subject.name !== PRIVILEGED_GROUP) return;
        const where = subjectAt(binding, i);
        if (!where) return;
        ctx.report({
          at: where,
          target: chartNote(where) !== undefined ? 'value' : 'key',
          message:
            `${bindingText(binding)} names Group "system:masters": its members pass the privileged-group authorizer before RBAC is asked, ` +
            `so this grant of ${binding.roleRef.kind} "${binding.roleRef.name}" adds nothing, and it suggests that credentials in system:masters ` +
            `(client certificates that cannot be revoked) are in use`,
          key: `Group:system:masters@${binding.kind}/${binding.namespace ?? ''}/${binding.name}`,
          object: bindingIdentity(binding),
          related: [roleRefRelated(binding, `${bindingText(binding)} refers to ${binding.roleRef.kind} "${binding.roleRef.name}"`)],
        });
      });
    }
  },
});
