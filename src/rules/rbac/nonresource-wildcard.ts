import { describeBoundSubject, subjectKey } from '../../access/grants.js';
import { broadAudience } from '../../access/reach.js';
import { raise } from '../../access/severity.js';
import type { PolicyRule } from '../../rbac/types.js';
import { defineRule } from '../types.js';
import { trimTrailingStars } from '../../rbac/covers.js';
import { bindingText, grantLocation, grantRelated, roleText } from './risk-rule.js';

/** An entry matching every path: "*", or a prefix that is only "/" before its trailing stars. */
function everyPath(url: string): boolean {
  if (!url.endsWith('*')) return false;
  const prefix = trimTrailingStars(url);
  return prefix === '' || prefix === '/';
}

function fullWildcard(rule: PolicyRule): boolean {
  return rule.resources.includes('*') && rule.verbs.includes('*') && rule.apiGroups.includes('*');
}

export default defineRule({
  meta: {
    id: 'rbac/nonresource-wildcard',
    category: 'rbac',
    description: 'A rule bound by a ClusterRoleBinding grants nonResourceURLs "*": every non-resource path, /logs and /debug/pprof included.',
    defaultSeverity: 'warning',
    recommended: true,
    remediation: 'List the paths the subject needs, for example ["/metrics"] for a scraper or ["/healthz", "/readyz"] for a probe.',
    since: '0.1.0',
  },
  check(ctx) {
    const index = ctx.analysis.rbac();
    const reach = ctx.analysis.gitlabReach();
    for (const grant of ctx.analysis.ownGrants().grants) {
      // Non-resource requests carry no namespace: only ClusterRoleBindings grant them.
      if (grant.scope !== '') continue;
      // A role with a "*" / "*" / "*" rule is reported once, by rbac/cluster-admin.
      if (grant.role.rules.some(fullWildcard)) continue;
      grant.role.rules.forEach((rule, ruleIndex) => {
        const wide = rule.nonResourceURLs.filter(everyPath);
        if (wide.length === 0 || rule.verbs.length === 0) return;
        const loc = grantLocation(index, grant, ruleIndex);
        if (!loc) return;
        const raisedBy: string[] = [];
        const audience = broadAudience(grant.subject);
        if (audience) raisedBy.push(`held by ${audience}`);
        const gitlab = reach.reason(grant.subject);
        if (gitlab) raisedBy.push(`reachable from GitLab: ${gitlab}`);
        ctx.report({
          at: loc.at,
          target: loc.target,
          message:
            `${describeBoundSubject(grant.subject)} can ${rule.verbs.join(', ')} every non-resource URL (${wide.map((u) => `"${u}"`).join(', ')}: /logs, /debug/pprof, /metrics, …) ` +
            `through ${bindingText(grant.binding)} → ${roleText(grant.role)}${raisedBy.length ? `; ${raisedBy.join('; ')}` : ''}`,
          key: `${subjectKey(grant.subject)}#${grant.binding.name}`,
          severity: raise('warning', raisedBy.length),
          object: { kind: grant.binding.kind, name: grant.binding.name },
          related: grantRelated(index, grant, ruleIndex),
        });
      });
    }
  },
});
