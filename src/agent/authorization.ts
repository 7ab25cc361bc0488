// Which ci_access / user_access entry authorises a CI job or a user for an agent, following
// GitLab's Rails code (gitlab-agent.md §2.2, §2.4):
//   CI finder: explicit `projects` entry → implicit config-project access → innermost
//   `groups` entry → `instance` (only with the admin setting). The FIRST candidate wins per
//   agent (`uniq(&:agent_id)`); the environment and protected-ref filters run AFTER that
//   choice, so an entry that then excludes the job does not fall back to a less specific one.
//   The tier filter (`with_available_ci_access_fields`) is part of the candidate queries,
//   so on Free an `impersonate`/`ci_job` entry is skipped and a less specific agent-mode entry
//   may win instead [derived from the finder and ConfigScopes code].

import type { JsonPath } from '../model/path.js';
import {
  effectiveEntries,
  type AgentConfigModel,
  type CiAccessEntry,
  type ImpersonateSettings,
  type UserAccessEntry,
} from './config-model.js';
import { matchEnvironment } from './environment-matcher.js';
import { ancestorPaths, isSameOrBelow, pathKey, rootNamespace, samePath } from './full-path.js';
import { accessLevelValue, type AccessLevel } from './identities.js';

export type Tier = 'free' | 'premium' | 'ultimate';

export interface AgentInRepo {
  readonly name: string;
  /** Full path of the project holding `.gitlab/agents/<name>/config.yaml`. */
  readonly configProjectPath: string;
  readonly model: AgentConfigModel;
  /** The config project lives in a personal (user) namespace: group entries never resolve. */
  readonly configProjectInUserNamespace?: boolean;
}

export interface CiJobQuery {
  readonly agents: readonly AgentInRepo[];
  readonly jobProjectPath: string;
  /** Ancestor groups of the job's project, outermost first; derived from the path when omitted. */
  readonly jobGroupPaths?: readonly string[];
  /** The job's `environment:name`; undefined = the job has no environment. */
  readonly environment?: string;
  /** The pipeline runs for a protected branch or tag; undefined = unknown (offline). */
  readonly protected?: boolean;
  /** Admin setting "Enable instance level authorization" (self-managed). */
  readonly instanceLevelEnabled?: boolean;
  /** Undefined = unknown: Premium-only modes are assumed available and flagged. */
  readonly tier?: Tier;
}

export type CiEntryKind = 'project' | 'implicit' | 'group' | 'instance';

export interface CiEntryRef {
  readonly kind: CiEntryKind;
  /** JSON path of the entry in the agent config (absent for implicit access). */
  readonly path?: JsonPath;
  readonly id?: string;
}

export type CiAccessAs = 'agent' | 'impersonate' | 'ci_job';

export type CiDenialReason =
  | 'not-authorized'
  | 'no-environment'
  | 'environment-not-matched'
  | 'environment-unknown'
  | 'protected-refs-only'
  | 'premium-only-mode'
  | 'invalid-access-as';

export type CiAccessDecision =
  | {
      readonly agentName: string;
      readonly configProjectPath: string;
      readonly authorized: true;
      readonly entry: CiEntryRef;
      readonly accessAs: CiAccessAs;
      readonly impersonate?: ImpersonateSettings;
      readonly defaultNamespace?: string;
      /** kubeconfig context GitLab injects: `<config project path>:<agent name>`. */
      readonly contextName: string;
      /** The entry has protected_branches_only and `protected` was not given. */
      readonly onlyOnProtectedRefs: boolean;
      /** The mode needs Premium+ and the tier was not given. */
      readonly requiresPremium: boolean;
      readonly message: string;
    }
  | {
      readonly agentName: string;
      readonly configProjectPath: string;
      readonly authorized: false;
      readonly reason: CiDenialReason;
      /** The entry that applied and then excluded the job, if any. */
      readonly entry?: CiEntryRef;
      readonly message: string;
    };

function entryRef(e: CiAccessEntry): CiEntryRef {
  return { kind: e.kind, path: e.path, ...(e.id !== undefined ? { id: e.id } : {}) };
}

function describeEntry(e: CiEntryRef): string {
  switch (e.kind) {
    case 'implicit':
      return 'the implicit access of the agent configuration project';
    case 'instance':
      return 'ci_access.instance';
    default:
      return `ci_access.${e.kind}s[${String(e.path?.[2] ?? '?')}] (${e.id ?? '?'})`;
  }
}

function isPremiumMode(e: CiAccessEntry): boolean {
  return e.accessAs.mode === 'impersonate' || e.accessAs.mode === 'ci_job';
}

/** Candidates in precedence order, before the tier filter. */
function candidates(agent: AgentInRepo, q: CiJobQuery): (CiAccessEntry | 'implicit')[] {
  const ci = agent.model.ciAccess;
  const out: (CiAccessEntry | 'implicit')[] = [];
  // Without the admin setting, Rails only resolves ids under the config project's root
  // namespace (and the finder requires the agent's project in the job's root namespace).
  const sameRoot = samePath(rootNamespace(agent.configProjectPath), rootNamespace(q.jobProjectPath));
  // With the setting, cross-root entries are accepted (ci_access 18.1); that the finder then
  // also returns them for jobs of another root namespace is [unverified].
  const inScope = q.instanceLevelEnabled === true || sameRoot;
  const project = effectiveEntries(ci?.projects).get(pathKey(q.jobProjectPath));
  if (project && inScope) out.push(project);
  if (samePath(agent.configProjectPath, q.jobProjectPath)) out.push('implicit');
  const groupsAllowed = inScope && (q.instanceLevelEnabled === true || agent.configProjectInUserNamespace !== true);
  if (groupsAllowed) {
    const groups = effectiveEntries(ci?.groups);
    const ancestors = q.jobGroupPaths ?? ancestorPaths(q.jobProjectPath);
    for (let i = ancestors.length - 1; i >= 0; i--) {
      const g = groups.get(pathKey(ancestors[i] as string));
      if (g) out.push(g); // innermost first
    }
  }
  if (ci?.instance && q.instanceLevelEnabled === true) out.push(ci.instance);
  return out;
}

/** Resolve one agent for a CI job. */
export function resolveCiAccessForAgent(agent: AgentInRepo, q: CiJobQuery): CiAccessDecision {
  const head = { agentName: agent.name, configProjectPath: agent.configProjectPath };
  const contextName = `${agent.configProjectPath}:${agent.name}`;
  const noContext = `this project's jobs get no context for agent "${agent.name}"`;
  const all = candidates(agent, q);
  const available = q.tier === 'free' ? all.filter((c) => c === 'implicit' || !isPremiumMode(c)) : all;
  const chosen = available[0];

  if (chosen === undefined) {
    if (all.length > 0) {
      const first = all[0] as CiAccessEntry;
      return {
        ...head,
        authorized: false,
        reason: 'premium-only-mode',
        entry: entryRef(first),
        message: `${noContext}: ${describeEntry(entryRef(first))} uses access_as ${first.accessAs.mode}, which needs GitLab Premium or Ultimate; on Free GitLab silently drops it`,
      };
    }
    return { ...head, authorized: false, reason: 'not-authorized', message: `${noContext}: ${whyNotListed(agent, q)}` };
  }

  if (chosen === 'implicit') {
    return {
      ...head,
      authorized: true,
      entry: { kind: 'implicit' },
      accessAs: 'agent',
      contextName,
      onlyOnProtectedRefs: false,
      requiresPremium: false,
      message: `authorized for agent "${agent.name}" by the implicit access of its configuration project (agent identity, no restrictions)`,
    };
  }

  const ref = entryRef(chosen);
  const where = describeEntry(ref);
  const mode = chosen.accessAs.mode;
  if (mode === 'invalid') {
    return {
      ...head,
      authorized: false,
      reason: 'invalid-access-as',
      entry: ref,
      message: `${noContext} from this configuration: ${where} has an invalid access_as, so GitLab rejects the whole file and keeps the last valid configuration`,
    };
  }

  const patterns = chosen.environments?.patterns ?? [];
  if (patterns.length > 0) {
    const list = patterns.map((p) => p.value).join(', ');
    if (q.environment === undefined) {
      return {
        ...head,
        authorized: false,
        reason: 'no-environment',
        entry: ref,
        message: `jobs without an environment get no context for agent "${agent.name}": ${where} applies to this project and only allows environments ${list}`,
      };
    }
    const results = patterns.map((p) => matchEnvironment(p.value, q.environment as string));
    if (!results.some((r) => r.matched)) {
      const unknown = results.some((r) => r.status === 'unsupported' || r.status === 'too-complex' || r.status === 'pattern-too-long');
      return {
        ...head,
        authorized: false,
        reason: unknown ? 'environment-unknown' : 'environment-not-matched',
        entry: ref,
        message: unknown
          ? `cannot tell whether environment "${q.environment}" matches ${where} for agent "${agent.name}": a pattern uses regex syntax kaslint does not evaluate`
          : `jobs in environment "${q.environment}" get no context for agent "${agent.name}": ${where} applies to this project and only allows environments ${list}`,
      };
    }
  }

  if (chosen.protectedBranchesOnly && q.protected === false) {
    return {
      ...head,
      authorized: false,
      reason: 'protected-refs-only',
      entry: ref,
      message: `pipelines for unprotected branches get no context for agent "${agent.name}": ${where} sets protected_branches_only`,
    };
  }

  const accessAs: CiAccessAs = mode === 'unset' ? 'agent' : mode;
  return {
    ...head,
    authorized: true,
    entry: ref,
    accessAs,
    ...(chosen.accessAs.impersonate ? { impersonate: chosen.accessAs.impersonate } : {}),
    ...(chosen.defaultNamespace ? { defaultNamespace: chosen.defaultNamespace.value } : {}),
    contextName,
    onlyOnProtectedRefs: chosen.protectedBranchesOnly && q.protected === undefined,
    requiresPremium: isPremiumMode(chosen) && q.tier === undefined,
    message:
      `authorized for agent "${agent.name}" by ${where} (access as ${accessAs})` +
      (all[0] !== chosen ? `; more specific entries using impersonate or ci_job are dropped on GitLab Free` : ''),
  };
}

function whyNotListed(agent: AgentInRepo, q: CiJobQuery): string {
  const ci = agent.model.ciAccess;
  const project = effectiveEntries(ci?.projects).get(pathKey(q.jobProjectPath));
  const groups = effectiveEntries(ci?.groups);
  const ancestors = q.jobGroupPaths ?? ancestorPaths(q.jobProjectPath);
  const group = [...ancestors].reverse().find((a) => groups.has(pathKey(a)));
  if ((project || group) && !samePath(rootNamespace(agent.configProjectPath), rootNamespace(q.jobProjectPath))) {
    return `${q.jobProjectPath} is outside the top-level group of the configuration project ${agent.configProjectPath}; GitLab ignores such entries unless instance-level authorization is enabled (self-managed)`;
  }
  if (group && agent.configProjectInUserNamespace === true) {
    return `the configuration project ${agent.configProjectPath} is in a personal namespace, where ci_access.groups entries never resolve`;
  }
  return `${q.jobProjectPath} is not listed in ci_access.projects, no ci_access.groups entry covers it, and it is not the configuration project ${agent.configProjectPath}`;
}

/** Resolve every agent for a CI job, in the order given. */
export function resolveCiAccess(q: CiJobQuery): CiAccessDecision[] {
  return q.agents.map((a) => resolveCiAccessForAgent(a, q));
}

// ---- user_access ---------------------------------------------------------------------------

export interface UserAccessQuery {
  readonly model: AgentConfigModel;
  readonly agentName?: string;
  readonly configProjectPath?: string;
  /** Projects the user is a member of (directly, or shared) at `accessLevel`. */
  readonly projectMemberships?: readonly string[];
  /** Groups the user is a member of at `accessLevel`; membership is inherited by descendants. */
  readonly groupMemberships?: readonly string[];
  readonly accessLevel: AccessLevel;
  /** Instance administrator in admin mode: treated as Owner everywhere, membership or not. */
  readonly admin?: boolean;
  readonly instanceLevelEnabled?: boolean;
  readonly tier?: Tier;
}

export interface UserAccessGrant {
  readonly kind: 'project' | 'group';
  readonly id: string;
  readonly path: JsonPath;
}

export type UserAccessDecision =
  | {
      readonly authorized: true;
      readonly accessAs: 'agent' | 'user';
      /** Directly listed entries that authorise the user: they produce the role groups. */
      readonly grants: readonly UserAccessGrant[];
      readonly requiresPremium: boolean;
      readonly message: string;
    }
  | {
      readonly authorized: false;
      readonly reason: 'no-user-access' | 'not-a-member' | 'access-level-too-low' | 'premium-only-mode' | 'invalid-access-as';
      readonly message: string;
    };

const DEVELOPER = 30;

/**
 * Whether a user reaches the cluster through user_access, and as whom. A listed project
 * authorises Developer+ members of the project (membership of an ancestor group counts); a
 * listed group authorises Developer+ members of that group (again inherited from ancestors).
 * Whether a membership only in a SUBGROUP of a listed group counts is [unverified]; we say no.
 */
export function resolveUserAccess(q: UserAccessQuery): UserAccessDecision {
  const ua = q.model.userAccess;
  const agent = q.agentName !== undefined ? ` "${q.agentName}"` : '';
  if (!ua) return { authorized: false, reason: 'no-user-access', message: `agent${agent} has no user_access section: users get no access through it` };
  const mode = ua.accessAs.mode;
  if (mode === 'invalid') {
    return { authorized: false, reason: 'invalid-access-as', message: `user_access.access_as is invalid, so GitLab rejects the whole file` };
  }
  const accessAs = mode === 'unset' ? 'agent' : mode;
  if (accessAs === 'user' && q.tier === 'free') {
    // [unverified] CE has no user impersonation: we assume the request is refused.
    return { authorized: false, reason: 'premium-only-mode', message: `access_as user needs GitLab Premium or Ultimate` };
  }
  const level = q.admin === true ? 50 : accessLevelValue(q.accessLevel);
  const inScope = (id: string): boolean =>
    q.instanceLevelEnabled === true ||
    q.configProjectPath === undefined ||
    samePath(rootNamespace(id), rootNamespace(q.configProjectPath));
  const memberOfProject = (p: string): boolean =>
    q.admin === true ||
    (q.projectMemberships ?? []).some((m) => samePath(m, p)) ||
    (q.groupMemberships ?? []).some((g) => isSameOrBelow(p, g));
  const memberOfGroup = (g: string): boolean => q.admin === true || (q.groupMemberships ?? []).some((m) => isSameOrBelow(g, m));

  const listed: UserAccessEntry[] = [...effectiveEntries(ua.projects).values(), ...effectiveEntries(ua.groups).values()];
  const reachable = listed.filter((e) => e.id !== undefined && inScope(e.id));
  const member = reachable.filter((e) => (e.kind === 'project' ? memberOfProject(e.id as string) : memberOfGroup(e.id as string)));
  if (member.length === 0) {
    return { authorized: false, reason: 'not-a-member', message: `the user is not a member of any project or group listed under user_access${agent}` };
  }
  if (level < DEVELOPER) {
    return {
      authorized: false,
      reason: 'access-level-too-low',
      message: `user_access${agent} requires the Developer role or higher on a listed project or group`,
    };
  }
  const grants = member.map((e) => ({ kind: e.kind, id: e.id as string, path: e.path }));
  return {
    authorized: true,
    accessAs,
    grants,
    requiresPremium: accessAs === 'user' && q.tier === undefined,
    message: `authorized through user_access${agent} (${grants.map((g) => g.id).join(', ')}) as ${accessAs === 'agent' ? "the agent's ServiceAccount" : 'gitlab:user:<username>'}`,
  };
}
