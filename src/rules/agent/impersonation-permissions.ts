// Kept in src/rules/agent/ because the rule id is agent/…; it is listed in GITLAB_RULES
// (src/rules/gitlab/gitlab-rules.ts) with the other rules that grade the agent's RBAC.

import {
  agentServiceAccountUser,
  ciJobImpersonation,
  effectiveEntries,
  impersonationRequirements,
  isPlaceholderId,
  placeholderId,
  staticImpersonation,
  userAccessImpersonation,
  type CiAccessEntry,
  type GitlabId,
  type ImpersonationCheck,
  type ImpersonationMode,
  type ImpersonationRequest,
} from '../../agent/index.js';
import type { AgentView } from '../../engine/agents.js';
import { guessTier } from '../../engine/agents.js';
import type { ProjectConfig } from '../../model/project-config.js';
import { authorize } from '../../rbac/authorize.js';
import type { RbacIndex } from '../../rbac/index.js';
import { ruleAllows } from '../../rbac/match.js';
import { rulesFor } from '../../rbac/resolve.js';
import type { UserInfo } from '../../rbac/types.js';
import { defineRule } from '../types.js';

interface Variant {
  readonly req: ImpersonationRequest;
  readonly mode: ImpersonationMode;
}

/** The numeric id of a full path from the project config (case-insensitive), else a placeholder. */
function idOf(ids: Readonly<Record<string, number>>, kind: string, path: string): GitlabId {
  const key = Object.keys(ids).find((k) => k.toLowerCase() === path.toLowerCase());
  return key !== undefined ? (ids[key] as number) : placeholderId(kind, path);
}

function ancestors(path: string): string[] {
  const parts = path.split('/');
  return parts.map((_, i) => parts.slice(0, i + 1).join('/'));
}

/** Environment slug when the name already is one (GitLab appends a hash otherwise). */
function slugOf(name: string): string {
  return /^[a-z][a-z0-9-]{0,22}[a-z0-9]$|^[a-z]$/.test(name) ? name : placeholderId('environment-slug', name);
}

/**
 * Every shape of request agentk sends for a ci_job entry: with each listed environment, or —
 * without `environments` — for jobs without and with an environment (both are admitted).
 */
function ciJobVariants(e: CiAccessEntry, agent: AgentView, config: ProjectConfig): Variant[] {
  const ids = config.gitlab;
  let projectId: GitlabId;
  let groupPaths: string[];
  if (e.kind === 'project' && e.id !== undefined) {
    projectId = idOf(ids.projects, 'project', e.id);
    groupPaths = ancestors(e.id).slice(0, -1);
  } else if (e.kind === 'group' && e.id !== undefined) {
    projectId = placeholderId('project', `${e.id}/…`);
    groupPaths = ancestors(e.id);
  } else {
    projectId = placeholderId('project');
    groupPaths = [];
  }
  const groupIds = groupPaths.length > 0 ? groupPaths.map((g) => idOf(ids.groups, 'group', g)) : [placeholderId('group')];
  const configProject = agent.configProjectPath;
  const configProjectId = configProject !== undefined ? idOf(ids.projects, 'project', configProject) : undefined;
  const agentId = ids.agents[agent.name];
  const patterns = e.environments?.patterns.map((p) => p.value) ?? [];
  const envs: ({ slug: string; tier: string } | undefined)[] =
    patterns.length > 0
      ? patterns.map((p) => (p.includes('*') ? { slug: placeholderId('environment-slug', p), tier: placeholderId('tier') } : { slug: slugOf(p), tier: guessTier(p) }))
      : [undefined, { slug: placeholderId('environment-slug'), tier: placeholderId('tier') }];
  return envs.map((env) => ({
    mode: 'ci_job' as const,
    req: ciJobImpersonation({
      jobId: placeholderId('job-id'),
      projectId,
      groupIds,
      ...(env ? { environment: env } : {}),
      ...(agentId !== undefined ? { agentId } : {}),
      ...(configProjectId !== undefined ? { configProjectId } : {}),
    }),
  }));
}

function userVariants(agent: AgentView, config: ProjectConfig): Variant[] {
  const ids = config.gitlab;
  const ua = agent.model.userAccess;
  const projectRoles = [...effectiveEntries(ua?.projects).values()].flatMap((e) => (e.id !== undefined ? [{ projectId: idOf(ids.projects, 'project', e.id) }] : []));
  const groupRoles = [...effectiveEntries(ua?.groups).values()].flatMap((e) => (e.id !== undefined ? [{ groupId: idOf(ids.groups, 'group', e.id) }] : []));
  const configProject = agent.configProjectPath;
  const configProjectId = configProject !== undefined ? idOf(ids.projects, 'project', configProject) : undefined;
  const agentId = ids.agents[agent.name];
  // An Owner carries every role group; dashboard and token users differ in access_type.
  return (['personal_access_token', 'session_cookie'] as const).map((accessType) => ({
    mode: 'user' as const,
    req: userAccessImpersonation({
      username: placeholderId('username'),
      accessLevel: 'owner',
      projectRoles,
      groupRoles,
      accessType,
      ...(agentId !== undefined ? { agentId } : {}),
      ...(configProjectId !== undefined ? { configProjectId } : {}),
    }),
  }));
}

/**
 * - missing: no rule of the ServiceAccount allows the verb on the resource at all;
 * - other-names: some rule does, but its resourceNames leave this name out;
 * - per-name: the name changes per job or user, and only rules with resourceNames allow it;
 * - unknown-id: the name holds a placeholder for a GitLab id kaslint does not know.
 */
type Outcome = 'ok' | 'missing' | 'other-names' | 'per-name' | 'unknown-id';

function hasPlaceholder(name: string): boolean {
  return /<[^<>]+>/.test(name) || isPlaceholderId(name);
}

/** Is the check allowed for the ServiceAccount, and if not, why. */
function outcome(index: RbacIndex, user: UserInfo, c: ImpersonationCheck): Outcome {
  const request = { verb: c.verb, group: c.group, resource: c.resource, subresource: c.subresource, name: c.name, namespace: c.namespace };
  if (authorize(index, { user, ...request }).allowed) return 'ok';
  const anyName = rulesFor(index, user, c.namespace).rules.some(({ rule }) => ruleAllows({ ...request, name: '' }, { ...rule, resourceNames: [] }));
  if (!anyName) return 'missing';
  if (c.variesPer) return 'per-name';
  return hasPlaceholder(c.name) ? 'unknown-id' : 'other-names';
}

/**
 * The missing permission as a resource (`impersonate groups`, `impersonate
 * userextras/agent.gitlab.com/ci_job_id`) and, when names matter, the name or a remark.
 */
function checkText(c: ImpersonationCheck, o: Outcome): { readonly what: string; readonly name?: string } {
  const res = c.subresource ? `${c.resource}/${c.subresource}` : c.resource;
  if (c.kind === 'serviceaccount') return { what: `impersonate serviceaccounts in namespace "${c.namespace}"`, name: `"${c.name}"` };
  if (o === 'per-name' && c.variesPer) return { what: `impersonate ${res}`, name: `without resourceNames (the ${c.kind === 'userextra' ? 'value' : 'name'} changes with every ${c.variesPer})` };
  // A whole resource missing: extra keys and per-job user names stand for any value.
  if (o === 'missing' && (c.kind === 'userextra' || c.variesPer)) return { what: `impersonate ${res}` };
  return { what: `impersonate ${res}`, name: `"${c.name}"` };
}

/** `impersonate groups "a", "b"` per resource, in first-seen order of the resources. */
function missingText(items: readonly { readonly what: string; readonly name?: string }[]): string[] {
  const byWhat = new Map<string, string[]>();
  for (const i of items) {
    const names = byWhat.get(i.what) ?? [];
    if (i.name !== undefined && !names.includes(i.name)) names.push(i.name);
    byWhat.set(i.what, names);
  }
  return [...byWhat].map(([what, names]) => (names.length > 0 ? `${what} ${names.join(', ')}` : what));
}

interface Target {
  readonly label: string;
  readonly mode: string;
  readonly at: readonly (string | number)[];
  readonly variants: readonly Variant[];
  readonly consequence: string;
}

function targetsOf(agent: AgentView, config: ProjectConfig): Target[] {
  const out: Target[] = [];
  const ci = agent.model.ciAccess;
  const entries = [...effectiveEntries(ci?.projects).values(), ...effectiveEntries(ci?.groups).values(), ...(ci?.instance ? [ci.instance] : [])];
  for (const e of entries) {
    const label = e.kind === 'instance' ? 'ci_access.instance' : `ci_access ${e.kind} "${e.id ?? '?'}"`;
    const at = e.accessAs.path ?? e.path;
    if (e.accessAs.mode === 'ci_job') {
      out.push({ label, mode: 'access_as ci_job', at, variants: ciJobVariants(e, agent, config), consequence: 'every Kubernetes request of these CI jobs is refused with 403 Forbidden' });
    } else if (e.accessAs.mode === 'impersonate' && e.accessAs.impersonate?.username) {
      const imp = e.accessAs.impersonate;
      const req = staticImpersonation({ username: imp.username ?? '', groups: imp.groups, ...(imp.uid !== undefined ? { uid: imp.uid } : {}), extra: imp.extra.map((x) => ({ key: x.key, values: x.values })) });
      out.push({ label, mode: 'access_as impersonate', at, variants: [{ req, mode: 'impersonate' }], consequence: 'every Kubernetes request of these CI jobs is refused with 403 Forbidden' });
    }
  }
  const ua = agent.model.userAccess;
  if (ua?.accessAs.mode === 'user') {
    out.push({ label: 'user_access', mode: 'access_as user', at: ua.accessAs.path ?? ua.path, variants: userVariants(agent, config), consequence: 'every request of these users, from the dashboard or kubectl, is refused with 403 Forbidden' });
  }
  return out;
}

export default defineRule({
  meta: {
    id: 'agent/impersonation-permissions',
    category: 'agent',
    description:
      'The agent\'s ServiceAccount lacks an impersonate permission that an access_as ci_job, impersonate or user authorization needs (users or serviceaccounts, groups, uids, userextras/<key> per extra key).',
    defaultSeverity: 'error',
    recommended: true,
    remediation:
      'Bind the agent\'s ServiceAccount to a ClusterRole with verb impersonate on exactly the missing resources: users and groups (core API group), userextras/<key> and uids (authentication.k8s.io); names that change per job or user cannot be listed in resourceNames.',
    since: '0.1.0',
  },
  check(ctx) {
    const index = ctx.analysis.rbac();
    const config = ctx.workspace.projectConfig;
    for (const agent of ctx.analysis.agents()) {
      const sa = agent.serviceAccount;
      if (!sa) continue; // unknown ServiceAccount: nothing to check against
      const user = agentServiceAccountUser(sa.namespace, sa.name);
      for (const t of targetsOf(agent, config)) {
        const missing: { what: string; name?: string }[] = [];
        let unknownIds = 0;
        for (const v of t.variants) {
          for (const c of impersonationRequirements(v.req, v.mode)) {
            const o = outcome(index, user, c);
            if (o === 'ok') continue;
            if (o === 'unknown-id') {
              unknownIds++;
              continue;
            }
            missing.push(checkText(c, o));
          }
        }
        if (missing.length === 0) continue;
        const list = missingText(missing);
        const ids = unknownIds > 0 ? '; checks of names with unknown GitLab ids were skipped (set gitlab.projects, gitlab.groups and gitlab.agents in .kaslint.yaml to check them)' : '';
        ctx.report({
          at: { file: agent.input.file.source.path, docIndex: agent.input.docIndex, path: t.at },
          target: 'key',
          message: `${t.label} of agent "${agent.name}" uses ${t.mode}, but the agent's ServiceAccount "${sa.namespace}/${sa.name}" is missing: ${list.join('; ')} (so ${t.consequence})${ids}`,
          key: `${agent.name}:${t.label}:${list.join(',')}`,
          related: [{ message: `the agent runs as ServiceAccount "${sa.namespace}/${sa.name}" (${sa.how})` }],
        });
      }
    }
  },
});
