import { ALL_SERVICE_ACCOUNTS_GROUP, SERVICE_ACCOUNT_GROUP_PREFIX } from '../../rbac/identity.js';
import { defineRule } from '../types.js';
import { assess, grantOpening, reportAtSubject } from './subject-rule.js';

/** Who a service-account group stands for, or undefined for other subjects. */
function audience(name: string): string | undefined {
  if (name === ALL_SERVICE_ACCOUNTS_GROUP) return 'every ServiceAccount of every namespace';
  if (name.startsWith(SERVICE_ACCOUNT_GROUP_PREFIX) && name.length > SERVICE_ACCOUNT_GROUP_PREFIX.length) {
    return `every ServiceAccount of namespace "${name.slice(SERVICE_ACCOUNT_GROUP_PREFIX.length)}"`;
  }
  return undefined;
}

export default defineRule({
  meta: {
    id: 'rbac/all-serviceaccounts-group',
    category: 'rbac',
    description: 'A binding grants a role to Group "system:serviceaccounts" or "system:serviceaccounts:<namespace>": to every ServiceAccount there.',
    defaultSeverity: 'warning',
    recommended: true,
    remediation: 'Bind the role to the ServiceAccounts that need it, by name, instead of the service-account group.',
    since: '0.1.0',
  },
  check(ctx) {
    for (const grant of ctx.analysis.ownGrants().grants) {
      if (grant.subject.kind !== 'Group') continue;
      const who = audience(grant.subject.name);
      if (!who) continue;
      const { power, summary, powerful } = assess(grant);
      if (!power.beyondDiscovery) continue;
      reportAtSubject(ctx, grant, {
        message:
          `${grantOpening(grant)}, that is to ${who}: every pod that runs there, and every ServiceAccount created there later, ` +
          `holds it, so the least trusted workload decides the blast radius; ${summary.text}`,
        severity: powerful && grant.scope === '' ? 'error' : 'warning',
        summary,
      });
    }
  },
});
