import { ALL_AUTHENTICATED_GROUP } from '../../rbac/identity.js';
import { defineRule } from '../types.js';
import { assess, grantOpening, reportAtSubject } from './subject-rule.js';

export default defineRule({
  meta: {
    id: 'rbac/authenticated-group',
    category: 'rbac',
    description: 'A binding grants Group "system:authenticated" (every user and ServiceAccount that can log in) more than API discovery.',
    defaultSeverity: 'warning',
    recommended: true,
    remediation: 'Grant the role to a group of your identity provider or to named ServiceAccounts instead of system:authenticated.',
    since: '0.1.0',
    sources: [
      { tool: 'trivy', id: 'KSV-01011' },
      { tool: 'kubescape', id: 'C-0265' },
    ],
  },
  check(ctx) {
    for (const grant of ctx.analysis.ownGrants().grants) {
      if (grant.subject.kind !== 'Group' || grant.subject.name !== ALL_AUTHENTICATED_GROUP) continue;
      const { power, summary, powerful } = assess(grant);
      // Discovery, health and self-reviews are what every identity gets anyway.
      if (!power.beyondDiscovery) continue;
      reportAtSubject(ctx, grant, {
        message:
          `${grantOpening(grant)}: every authenticated identity, every ServiceAccount of every namespace included ` +
          `(on managed clusters also the cloud provider's principals, on GKE any signed-in Google account); ${summary.text}`,
        severity: powerful ? 'error' : 'warning',
        summary,
      });
    }
  },
});
