import {
  agentServiceAccountUser,
  buildAgentConfigModel,
  ciJobIdentity,
  placeholderId,
  resolveCiAccessForAgent,
  resolveUserAccess,
  staticImpersonationIdentity,
  userAccessIdentity,
  type AccessLevel,
  type AgentConfigModel,
  type AgentInRepo,
  type CiAccessDecision,
  type UserAccessDecision,
} from '../agent/index.js';
import { isRecord } from '../model/k8s.js';
import type { AgentConfigInput, Workspace } from '../model/workspace.js';
import type { UserInfo } from '../rbac/types.js';
import type { ModelledChart } from './analysis.js';

/** The ServiceAccount an agent runs as, and how kaslint knows it. */
export interface AgentServiceAccount {
  readonly namespace: string;
  readonly name: string;
  readonly how: string;
}

export interface AgentView {
  readonly name: string;
  readonly input: AgentConfigInput;
  readonly model: AgentConfigModel;
  /** Full path of the config project, when known (.kaslint.yaml configProject). */
  readonly configProjectPath?: string;
  readonly serviceAccount?: AgentServiceAccount;
}

/** What identifies a placeholder-free GitLab id, or a placeholder naming what is missing. */
function idOf(ids: Readonly<Record<string, number>>, kind: string, path: string): number | string {
  const key = Object.keys(ids).find((k) => k.toLowerCase() === path.toLowerCase());
  return key !== undefined ? (ids[key] as number) : placeholderId(kind, path);
}

/** agentk Deployments of a plain-manifest install: an image named …/agentk. */
function agentkDeployments(ws: Workspace): AgentServiceAccount[] {
  const out: AgentServiceAccount[] = [];
  for (const obj of ws.objects) {
    if (obj.kind !== 'Deployment' || obj.group !== 'apps') continue;
    const spec = isRecord(obj.body['spec']) && isRecord(obj.body['spec']['template']) && isRecord(obj.body['spec']['template']['spec']) ? obj.body['spec']['template']['spec'] : undefined;
    if (!spec) continue;
    const containers = Array.isArray(spec['containers']) ? spec['containers'] : [];
    if (!containers.some((c) => isRecord(c) && typeof c['image'] === 'string' && /\/agentk(-fips)?(:|@|$)/.test(c['image']))) continue;
    const sa = typeof spec['serviceAccountName'] === 'string' && spec['serviceAccountName'] !== '' ? spec['serviceAccountName'] : 'default';
    const where = obj.origin.kind === 'document' ? obj.origin.file : 'the manifests';
    out.push({ namespace: obj.namespace ?? 'default', name: sa, how: `agentk Deployment "${obj.name}" in ${where}` });
  }
  return out;
}

/**
 * Every agent config with the ServiceAccount its agentk runs as: the gitlab-agent chart
 * values mapped to that agent (or the only chart, when there is one agent), else an agentk
 * Deployment among the manifests (when there is one agent).
 */
export function agentViews(ws: Workspace, charts: readonly ModelledChart[]): AgentView[] {
  const agentCharts = charts.filter((c) => c.values.chart === 'gitlab-agent');
  const deployments = agentkDeployments(ws);
  const single = ws.agentConfigs.length === 1;
  return ws.agentConfigs.map((input) => {
    const chart = agentCharts.find((c) => c.values.agentName === input.agentName) ?? (single && agentCharts.length === 1 ? agentCharts[0] : undefined);
    const chartSa = chart?.model.identities.find((i) => i.role === 'agent');
    let serviceAccount: AgentServiceAccount | undefined;
    if (chart && chartSa) {
      const r = chart.model.release;
      serviceAccount = {
        namespace: chartSa.namespace,
        name: chartSa.serviceAccountName,
        how: `gitlab-agent chart values ${chart.values.file.source.path} (release "${r.name}" in namespace "${r.namespace}")`,
      };
    } else if (single && deployments.length === 1) serviceAccount = deployments[0];
    return {
      name: input.agentName,
      input,
      model: buildAgentConfigModel(input.data),
      ...(ws.projectConfig.configProject ? { configProjectPath: ws.projectConfig.configProject } : {}),
      ...(serviceAccount ? { serviceAccount } : {}),
    };
  });
}

export function inRepo(a: AgentView): AgentInRepo {
  return { name: a.name, configProjectPath: a.configProjectPath ?? placeholderId('config-project'), model: a.model };
}

export interface ResolvedIdentity {
  readonly user: UserInfo;
  /** Human description: "the agent's ServiceAccount gitlab-agent/x", "ci_job identity …". */
  readonly description: string;
  /** Ids that were not configured and stand as placeholders (e.g. <project:g/app>). */
  readonly placeholders: boolean;
}

export type IdentityResult = { readonly ok: true; readonly identity: ResolvedIdentity } | { readonly ok: false; readonly message: string };

function agentIdentity(agent: AgentView): IdentityResult {
  const sa = agent.serviceAccount;
  if (!sa) {
    return {
      ok: false,
      message: `the ServiceAccount of agent "${agent.name}" is unknown: map its chart values (--values gitlab-agent=PATH, or values[].agent in .kaslint.yaml)`,
    };
  }
  return { ok: true, identity: { user: agentServiceAccountUser(sa.namespace, sa.name), description: `the agent's ServiceAccount ${sa.namespace}/${sa.name} (from ${sa.how})`, placeholders: false } };
}

/** GitLab's environment tier guess from the environment name (used when --tier is not given). */
export function guessTier(environment: string): string {
  if (/(dev|review|trunk)/i.test(environment)) return 'development';
  if (/(test|tst|int|ac(ce)?pt|qa|qc|control|quality)/i.test(environment)) return 'testing';
  if (/(st(a)?g|mod(e)?l|pre|demo|non)/i.test(environment)) return 'staging';
  if (/(pr(o)?d|live)/i.test(environment)) return 'production';
  return 'other';
}

/** A slug when the name already is one; otherwise a placeholder (GitLab's slug adds a hash). */
function environmentSlug(name: string): string {
  return /^[a-z][a-z0-9-]{0,22}[a-z0-9]$|^[a-z]$/.test(name) ? name : placeholderId('environment-slug', name);
}

export interface CiJobQueryInput {
  readonly project: string;
  readonly environment?: string;
  readonly tier?: string;
  readonly protected?: boolean;
}

export interface CiJobAccess {
  readonly decision: CiAccessDecision;
  readonly identity?: IdentityResult;
}

/** What a CI job of `project` reaches the cluster as, through `agent`. */
export function ciJobAccess(ws: Workspace, agent: AgentView, q: CiJobQueryInput): CiJobAccess {
  const decision = resolveCiAccessForAgent(inRepo(agent), {
    agents: [inRepo(agent)],
    jobProjectPath: q.project,
    ...(q.environment !== undefined ? { environment: q.environment } : {}),
    ...(q.protected !== undefined ? { protected: q.protected } : {}),
  });
  if (!decision.authorized) return { decision };
  switch (decision.accessAs) {
    case 'agent':
      return { decision, identity: agentIdentity(agent) };
    case 'impersonate': {
      const imp = decision.impersonate;
      if (!imp?.username) return { decision, identity: { ok: false, message: 'the impersonate entry has no username' } };
      const user = staticImpersonationIdentity({ username: imp.username, groups: imp.groups, ...(imp.uid ? { uid: imp.uid } : {}), extra: imp.extra.map((e) => ({ key: e.key, values: e.values })) });
      return { decision, identity: { ok: true, identity: { user, description: `the static impersonate identity "${imp.username}"`, placeholders: false } } };
    }
    case 'ci_job': {
      const ids = ws.projectConfig.gitlab;
      const segments = q.project.split('/');
      const groupPaths = segments.slice(0, -1).map((_, i) => segments.slice(0, i + 1).join('/'));
      const projectId = idOf(ids.projects, 'project', q.project);
      const groupIds = groupPaths.map((g) => idOf(ids.groups, 'group', g));
      const env = q.environment !== undefined ? { slug: environmentSlug(q.environment), tier: q.tier ?? guessTier(q.environment) } : undefined;
      const user = ciJobIdentity({ jobId: placeholderId('job-id'), projectId, groupIds, ...(env ? { environment: env } : {}), ...(ids.agents[agent.name] !== undefined ? { agentId: ids.agents[agent.name] as number } : {}) });
      const placeholders = [projectId, ...groupIds].some((x) => typeof x === 'string') || (env?.slug.startsWith('<') ?? false);
      return { decision, identity: { ok: true, identity: { user, description: `the ci_job identity ${user.name}`, placeholders } } };
    }
    default:
      return { decision, identity: { ok: false, message: `access_as ${String(decision.accessAs)} cannot be evaluated` } };
  }
}

export interface UserAccessResult {
  readonly decision: UserAccessDecision;
  readonly identity?: IdentityResult;
}

/**
 * What a GitLab user with `accessLevel` reaches the cluster as through user_access. Without
 * membership details the user is taken to be a member of every listed project and group.
 */
export function userAccess(ws: Workspace, agent: AgentView, username: string, accessLevel: AccessLevel, memberOf?: readonly string[]): UserAccessResult {
  const listed = [
    ...(agent.model.userAccess?.projects?.entries ?? []).map((e) => e.id),
    ...(agent.model.userAccess?.groups?.entries ?? []).map((e) => e.id),
  ].filter((x): x is string => typeof x === 'string');
  const members = memberOf && memberOf.length > 0 ? memberOf : listed;
  const decision = resolveUserAccess({
    model: agent.model,
    agentName: agent.name,
    ...(agent.configProjectPath ? { configProjectPath: agent.configProjectPath } : {}),
    projectMemberships: members,
    groupMemberships: members,
    accessLevel,
  });
  if (!decision.authorized) return { decision };
  if (decision.accessAs === 'agent') return { decision, identity: agentIdentity(agent) };
  const ids = ws.projectConfig.gitlab;
  const user = userAccessIdentity({
    username,
    accessLevel,
    projectRoles: decision.grants.filter((g) => g.kind === 'project').map((g) => ({ projectId: idOf(ids.projects, 'project', g.id) })),
    groupRoles: decision.grants.filter((g) => g.kind === 'group').map((g) => ({ groupId: idOf(ids.groups, 'group', g.id) })),
    ...(ids.agents[agent.name] !== undefined ? { agentId: ids.agents[agent.name] as number } : {}),
  });
  return { decision, identity: { ok: true, identity: { user, description: `the user identity ${user.name}`, placeholders: user.groups.some((g) => g.includes('<')) } } };
}
