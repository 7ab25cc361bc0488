import { effectiveEntries } from '../../agent/index.js';
import type { AgentView } from '../../engine/agents.js';
import { grantPower, powerfulHit } from '../../access/power.js';
import { probeText } from '../../access/probes.js';
import { defineRule } from '../types.js';
import { at, bindingText, roleText, scopeText } from '../rbac/risk-rule.js';
import { listText } from './shared.js';

/**
 * The two groups every impersonated GitLab identity of a kind carries (gitlab-agent.md §4.2,
 * §4.4). Narrower groups (gitlab:project:<id>, gitlab:group_role:<id>:<role>,
 * gitlab:project_env_tier:<id>:<tier> …) name one project, group or environment and are the
 * intended way to grant.
 */
const BROAD_GROUPS: Readonly<Record<string, { readonly who: string; readonly mode: 'ci_job' | 'user' }>> = {
  'gitlab:ci_job': { who: 'every CI job that any agent authorises with access_as ci_job (every project, branch and environment those agents admit)', mode: 'ci_job' },
  'gitlab:user': { who: 'every GitLab user that any agent admits through user_access with access_as user (Developer+ members of every listed project and group, and administrators)', mode: 'user' },
};

/** The agents of the repository that hand out this kind of identity. */
function sources(agents: readonly AgentView[], mode: 'ci_job' | 'user'): string[] {
  const out: string[] = [];
  for (const a of agents) {
    if (mode === 'user') {
      if (a.model.userAccess?.accessAs.mode === 'user') out.push(`agent "${a.name}" (user_access)`);
      continue;
    }
    const ci = a.model.ciAccess;
    const entries = [...effectiveEntries(ci?.projects).values(), ...effectiveEntries(ci?.groups).values(), ...(ci?.instance ? [ci.instance] : [])];
    const ids = entries.filter((e) => e.accessAs.mode === 'ci_job').map((e) => (e.kind === 'instance' ? 'the instance' : `${e.kind} ${e.id ?? '?'}`));
    if (ids.length > 0) out.push(`agent "${a.name}" (${listText(ids)})`);
  }
  return out;
}

export default defineRule({
  meta: {
    id: 'gitlab/gitlab-group-grant',
    category: 'gitlab',
    description:
      'A binding grants to the group gitlab:ci_job or gitlab:user, which every CI job (access_as ci_job) or every user (user_access with access_as user) of every agent carries.',
    defaultSeverity: 'warning',
    recommended: true,
    remediation:
      'Bind the narrower groups GitLab sends instead: gitlab:project:<id> or gitlab:project_env_tier:<id>:<tier> for CI jobs, gitlab:project_role:<id>:<role> or gitlab:group_role:<id>:<role> for users, ideally through RoleBindings in the namespaces concerned.',
    since: '0.1.0',
  },
  check(ctx) {
    const agents = ctx.analysis.agents();
    for (const grant of ctx.analysis.ownGrants().grants) {
      if (grant.subject.kind !== 'Group') continue;
      const broad = BROAD_GROUPS[grant.subject.name];
      if (!broad) continue;
      const power = grantPower(grant);
      if (!power.beyondDiscovery) continue; // discovery only: what every identity has anyway
      const strong = powerfulHit(power);
      const loc = at(grant.binding.origin, ['subjects', grant.subjectIndex]);
      if (!loc) continue;
      const given = sources(agents, broad.mode);
      const inRepo =
        given.length > 0
          ? `; in this repository: ${listText(given)}`
          : `; no agent config here uses access_as ${broad.mode}, but any agent of the instance that does hands it out`;
      const allows = strong ? `it allows ${probeText(strong.probe)}` : `it allows ${power.beyondDiscovery.what}`;
      const b = grant.binding;
      ctx.report({
        at: loc,
        target: 'key',
        message: `Group "${grant.subject.name}" is granted ${roleText(grant.role)} ${scopeText(grant.scope)} by ${bindingText(b)}: ${broad.who} holds it; ${allows}${inRepo}`,
        key: `${grant.subject.name}@${grant.scope}:${b.name}`,
        severity: strong ? 'error' : 'warning',
        object: { kind: b.kind, name: b.name, ...(b.namespace ? { namespace: b.namespace } : {}) },
      });
    }
  },
});
