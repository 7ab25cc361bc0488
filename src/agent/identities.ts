// Kubernetes identities of requests that reach the cluster through the agent
// (gitlab-agent.md §4). Two shapes are kept apart on purpose:
//   - an impersonation REQUEST: what agentk asks the API server to impersonate (the
//     Impersonate-* headers). `impersonationRequirements` works on this.
//   - an identity (`UserInfo`): what the authorizer finally sees, after the API server has
//     completed the impersonated user (SA groups, `system:authenticated`), as types.ts defines.
// Strings are the contract with RBAC manifests: do not reformat them.
//
// GitLab numeric ids: agentk uses numeric project/group/job ids, never names. Offline we
// often do not know them, so every id is a parameter; when the user has not supplied the real
// ids (project config), callers pass `placeholderId(...)` values, which are visibly not
// numeric (`<project:group/app>`) and recognisable with `isPlaceholderId`, so findings can say
// "with the real id this may differ" instead of silently matching nothing.

import type { UserInfo } from '../rbac/types.js';

export type GitlabId = number | string;

export function placeholderId(kind: string, label?: string): string {
  return label === undefined || label === '' ? `<${kind}>` : `<${kind}:${label}>`;
}

export function isPlaceholderId(id: GitlabId): boolean {
  return typeof id === 'string' && id.startsWith('<') && id.endsWith('>');
}

/** An impersonation request as agentk sends it (before the API server completes it). */
export interface ImpersonationRequest {
  readonly name: string;
  readonly groups: readonly string[];
  readonly uid?: string;
  /** Extra keys in the order agentk sends them. */
  readonly extra: readonly { readonly key: string; readonly values: readonly string[] }[];
}

const SA_PREFIX = 'system:serviceaccount:';
const DNS_LABEL = /^[a-z0-9](?:[-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9](?:[-a-z0-9]*[a-z0-9])?(?:\.[a-z0-9](?:[-a-z0-9]*[a-z0-9])?)*$/;

/**
 * Kubernetes `serviceaccount.SplitUsername`: `system:serviceaccount:<ns>:<name>` with exactly
 * two parts, a valid namespace (DNS label) and SA name (DNS subdomain). Otherwise the username
 * is impersonated as a plain user (older apiservers skipped the name validation).
 */
export function splitServiceAccountUsername(username: string): { namespace: string; name: string } | undefined {
  if (!username.startsWith(SA_PREFIX)) return undefined;
  const parts = username.slice(SA_PREFIX.length).split(':');
  if (parts.length !== 2) return undefined;
  const [namespace, name] = parts as [string, string];
  if (namespace.length > 63 || !DNS_LABEL.test(namespace)) return undefined;
  if (name.length > 253 || !DNS_SUBDOMAIN.test(name)) return undefined;
  return { namespace, name };
}

export function serviceAccountGroups(namespace: string): string[] {
  return ['system:serviceaccounts', `system:serviceaccounts:${namespace}`];
}

/** agentk's own ServiceAccount, as the token authenticator presents it (§4.1). */
export function agentServiceAccountUser(namespace: string, name: string): UserInfo {
  return {
    name: `${SA_PREFIX}${namespace}:${name}`,
    groups: [...serviceAccountGroups(namespace), 'system:authenticated'],
  };
}

/**
 * What the API server's impersonation filter makes of a request: SA groups when the user is a
 * ServiceAccount and no group was sent; then `system:authenticated` unless the groups already
 * hold it or `system:unauthenticated` (`system:anonymous` gets `system:unauthenticated`).
 * Extra keys arrive as HTTP header names, which the filter lowercases.
 */
export function completeImpersonation(req: ImpersonationRequest): UserInfo {
  let groups = [...req.groups];
  const sa = splitServiceAccountUsername(req.name);
  if (sa && groups.length === 0) groups = serviceAccountGroups(sa.namespace);
  if (req.name === 'system:anonymous') {
    if (!groups.includes('system:unauthenticated')) groups.push('system:unauthenticated');
  } else if (!groups.includes('system:authenticated') && !groups.includes('system:unauthenticated')) {
    groups.push('system:authenticated');
  }
  const extra: Record<string, string[]> = {};
  for (const e of req.extra) {
    const key = e.key.toLowerCase();
    (extra[key] ??= []).push(...e.values);
  }
  return {
    name: req.name,
    groups,
    ...(req.uid !== undefined && req.uid !== '' ? { uid: req.uid } : {}),
    ...(req.extra.length > 0 ? { extra } : {}),
  };
}

// ---- ci_access: ci_job (§4.2) --------------------------------------------------------------

/** GitLab environment tiers. */
export type EnvironmentTier = 'production' | 'staging' | 'testing' | 'development' | 'other';

export interface CiJobIdentityParams {
  readonly jobId: GitlabId;
  readonly projectId: GitlabId;
  /** Ids of the project's ancestor groups, OUTERMOST first (the order agentk emits). */
  readonly groupIds: readonly GitlabId[];
  readonly environment?: { readonly slug: string; readonly tier: EnvironmentTier | string };
  readonly pipelineId?: GitlabId;
  /** The GitLab user the job runs as. */
  readonly username?: string;
  readonly agentId?: GitlabId;
  readonly configProjectId?: GitlabId;
}

export function ciJobImpersonation(p: CiJobIdentityParams): ImpersonationRequest {
  const env = p.environment;
  const groups = ['gitlab:ci_job'];
  for (const g of p.groupIds) {
    groups.push(`gitlab:group:${g}`);
    if (env) groups.push(`gitlab:group_env_tier:${g}:${env.tier}`);
  }
  groups.push(`gitlab:project:${p.projectId}`);
  if (env) groups.push(`gitlab:project_env:${p.projectId}:${env.slug}`, `gitlab:project_env_tier:${p.projectId}:${env.tier}`);
  // agentk always sends these six keys; unknown values become placeholders.
  const extra = [
    { key: 'agent.gitlab.com/id', values: [String(p.agentId ?? placeholderId('agent-id'))] },
    { key: 'agent.gitlab.com/config_project_id', values: [String(p.configProjectId ?? placeholderId('config-project-id'))] },
    { key: 'agent.gitlab.com/project_id', values: [String(p.projectId)] },
    { key: 'agent.gitlab.com/ci_pipeline_id', values: [String(p.pipelineId ?? placeholderId('pipeline-id'))] },
    { key: 'agent.gitlab.com/ci_job_id', values: [String(p.jobId)] },
    { key: 'agent.gitlab.com/username', values: [p.username ?? placeholderId('username')] },
  ];
  if (env) {
    extra.push(
      { key: 'agent.gitlab.com/environment_slug', values: [env.slug] },
      { key: 'agent.gitlab.com/environment_tier', values: [env.tier] },
    );
  }
  return { name: `gitlab:ci_job:${p.jobId}`, groups, extra };
}

/** The `ci_job` identity as the authorizer sees it (documented groups + system:authenticated). */
export function ciJobIdentity(p: CiJobIdentityParams): UserInfo {
  return completeImpersonation(ciJobImpersonation(p));
}

// ---- user_access: user (§4.4) --------------------------------------------------------------

/**
 * GitLab roles and access levels. `planner` (15) exists in current GitLab (added around 17.7)
 * and is emitted like any other role; pass `includePlanner: false` to model older versions.
 */
export const GITLAB_ROLES = [
  ['guest', 10],
  ['planner', 15],
  ['reporter', 20],
  ['developer', 30],
  ['maintainer', 40],
  ['owner', 50],
] as const;

export type GitlabRole = (typeof GITLAB_ROLES)[number][0];
export type AccessLevel = GitlabRole | number;

export function accessLevelValue(level: AccessLevel): number {
  if (typeof level === 'number') return level;
  return (GITLAB_ROLES.find(([r]) => r === level) as readonly [GitlabRole, number])[1];
}

/** Every role at or below the level, lowest first (EE selects all roles with level ≤ the user's). */
export function rolesAtOrBelow(level: AccessLevel, includePlanner = true): GitlabRole[] {
  const v = accessLevelValue(level);
  return GITLAB_ROLES.filter(([r, l]) => l <= v && (includePlanner || r !== 'planner')).map(([r]) => r);
}

export type UserAccessType = 'personal_access_token' | 'session_cookie' | 'oidc_id_token';

export interface UserAccessIdentityParams {
  readonly username: string;
  /** The user's level; a role entry may override it for that project/group. */
  readonly accessLevel: AccessLevel;
  /** Projects listed DIRECTLY under user_access that authorise the user. */
  readonly projectRoles: readonly { readonly projectId: GitlabId; readonly accessLevel?: AccessLevel }[];
  /** Groups listed DIRECTLY under user_access that authorise the user. */
  readonly groupRoles: readonly { readonly groupId: GitlabId; readonly accessLevel?: AccessLevel }[];
  readonly agentId?: GitlabId;
  readonly configProjectId?: GitlabId;
  readonly accessType?: UserAccessType;
  readonly includePlanner?: boolean;
}

export function userAccessImpersonation(p: UserAccessIdentityParams): ImpersonationRequest {
  const groups = ['gitlab:user'];
  for (const r of p.projectRoles) {
    for (const role of rolesAtOrBelow(r.accessLevel ?? p.accessLevel, p.includePlanner)) {
      groups.push(`gitlab:project_role:${r.projectId}:${role}`);
    }
  }
  for (const r of p.groupRoles) {
    for (const role of rolesAtOrBelow(r.accessLevel ?? p.accessLevel, p.includePlanner)) {
      groups.push(`gitlab:group_role:${r.groupId}:${role}`);
    }
  }
  return {
    name: `gitlab:user:${p.username}`,
    groups,
    extra: [
      { key: 'agent.gitlab.com/id', values: [String(p.agentId ?? placeholderId('agent-id'))] },
      { key: 'agent.gitlab.com/username', values: [p.username] },
      { key: 'agent.gitlab.com/access_type', values: [p.accessType ?? 'personal_access_token'] },
      { key: 'agent.gitlab.com/config_project_id', values: [String(p.configProjectId ?? placeholderId('config-project-id'))] },
    ],
  };
}

export function userAccessIdentity(p: UserAccessIdentityParams): UserInfo {
  return completeImpersonation(userAccessImpersonation(p));
}

// ---- ci_access: static impersonate (§4.3) --------------------------------------------------

export interface StaticImpersonateConfig {
  readonly username?: string;
  readonly groups?: readonly string[];
  readonly uid?: string;
  readonly extra?: readonly { readonly key: string; readonly values?: readonly string[]; readonly val?: readonly string[] }[];
}

/** The configured identity exactly as written (username is required; '' when missing). */
export function staticImpersonation(cfg: StaticImpersonateConfig): ImpersonationRequest {
  return {
    name: cfg.username ?? '',
    groups: [...(cfg.groups ?? [])],
    ...(cfg.uid !== undefined && cfg.uid !== '' ? { uid: cfg.uid } : {}),
    extra: (cfg.extra ?? []).map((e) => ({ key: e.key, values: [...(e.values ?? e.val ?? [])] })),
  };
}

export function staticImpersonationIdentity(cfg: StaticImpersonateConfig): UserInfo {
  return completeImpersonation(staticImpersonation(cfg));
}

// ---- RBAC the agent ServiceAccount needs (§4.5) --------------------------------------------

export interface ImpersonationCheck {
  readonly verb: 'impersonate';
  readonly group: string;
  readonly resource: string;
  readonly subresource: string;
  readonly name: string;
  /** Only for ServiceAccount impersonation. */
  readonly namespace: string;
  readonly kind: 'user' | 'serviceaccount' | 'group' | 'uid' | 'userextra';
  /**
   * The name changes from job to job (or user to user): to hold for every one, the granting
   * rule must not restrict `resourceNames`. Set only when `mode` tells us.
   */
  readonly variesPer?: 'job' | 'pipeline' | 'user';
}

export type ImpersonationMode = 'ci_job' | 'impersonate' | 'user';

const CI_JOB_VARYING: Record<string, 'job' | 'pipeline' | 'user'> = {
  'agent.gitlab.com/ci_job_id': 'job',
  'agent.gitlab.com/ci_pipeline_id': 'pipeline',
  'agent.gitlab.com/username': 'user',
};

/**
 * The `impersonate` checks the API server makes for a request, in its order: user (or SA),
 * each group, each extra value (subresource = lowercased key), then uid.
 */
export function impersonationRequirements(req: ImpersonationRequest, mode?: ImpersonationMode): ImpersonationCheck[] {
  const out: ImpersonationCheck[] = [];
  const base = { verb: 'impersonate' as const, subresource: '', namespace: '' };
  const sa = splitServiceAccountUsername(req.name);
  const userVaries = mode === 'ci_job' ? 'job' : mode === 'user' ? 'user' : undefined;
  if (sa) {
    out.push({ ...base, group: '', resource: 'serviceaccounts', name: sa.name, namespace: sa.namespace, kind: 'serviceaccount' });
  } else {
    out.push({ ...base, group: '', resource: 'users', name: req.name, kind: 'user', ...(userVaries ? { variesPer: userVaries } : {}) });
  }
  for (const g of req.groups) out.push({ ...base, group: '', resource: 'groups', name: g, kind: 'group' });
  for (const e of req.extra) {
    const key = e.key.toLowerCase();
    const varies = mode === 'ci_job' ? CI_JOB_VARYING[key] : mode === 'user' && key === 'agent.gitlab.com/username' ? 'user' : undefined;
    for (const v of e.values) {
      out.push({
        ...base,
        group: 'authentication.k8s.io',
        resource: 'userextras',
        subresource: key,
        name: v,
        kind: 'userextra',
        ...(varies ? { variesPer: varies } : {}),
      });
    }
  }
  if (req.uid !== undefined && req.uid !== '') {
    out.push({ ...base, group: 'authentication.k8s.io', resource: 'uids', name: req.uid, kind: 'uid' });
  }
  return out;
}
