// Checks of `.gitlab-ci.yml` agent references against the agents defined in the repository.
// A reference is only judged when its context value is fully known and names a config
// project we have agents for; contexts of agents in other repositories cannot be checked.
// A line in a template used by several jobs is reported once, naming all the jobs.

import { formatPath, type JsonPath } from '../model/path.js';
import { resolveCiAccessForAgent, type AgentInRepo, type Tier } from './authorization.js';
import { rootNamespace, samePath } from './full-path.js';
import { expandVariables, parseAgentContext } from './ci-context.js';
import type { CiReference } from './gitlab-ci.js';
import { issue, type AgentIssue, type AgentIssueSeverity } from './issues.js';

export interface CiCheckContext {
  readonly agents: readonly AgentInRepo[];
  /** Full path of the project whose pipeline this is; enables the authorization checks. */
  readonly jobProjectPath?: string;
  readonly instanceLevelEnabled?: boolean;
  readonly tier?: Tier;
  /** Pipelines run for protected refs; undefined = unknown (both cases possible). */
  readonly protected?: boolean;
}

interface Pending {
  readonly code: string;
  readonly severity: AgentIssueSeverity;
  readonly path: JsonPath;
  readonly target: 'key' | 'value';
  readonly data: Record<string, string>;
  readonly jobs: string[];
  readonly render: (jobs: string) => string;
}

const CONTEXT_KINDS = new Set(['use-context', 'context-flag', 'kube-context-variable']);

/** Predefined variables derivable from the project path. */
function projectVariables(projectPath: string): Record<string, string> {
  const slash = projectPath.lastIndexOf('/');
  return {
    CI_PROJECT_PATH: projectPath,
    CI_PROJECT_NAMESPACE: slash === -1 ? '' : projectPath.slice(0, slash),
    CI_PROJECT_NAME: projectPath.slice(slash + 1),
    CI_PROJECT_ROOT_NAMESPACE: rootNamespace(projectPath),
  };
}

function reexpand(ref: CiReference, vars: Record<string, string>): CiReference {
  if (ref.unresolved.length === 0) return ref;
  const lookup = (n: string): { value: string; expand: boolean } | undefined =>
    Object.prototype.hasOwnProperty.call(vars, n) ? { value: vars[n] as string, expand: false } : undefined;
  const { value, unresolved } = expandVariables(ref.value, lookup);
  const context = unresolved.length === 0 && ref.kind !== 'impersonation-flag' ? parseAgentContext(value) : undefined;
  const { context: _old, ...rest } = ref;
  return { ...rest, value, unresolved, ...(context ? { context } : {}) };
}

function jobsText(jobs: readonly string[]): string {
  return jobs.length === 1 ? `job "${jobs[0]}"` : `jobs ${jobs.map((j) => `"${j}"`).join(', ')}`;
}

export function checkCiReferences(refs: readonly CiReference[], ctx: CiCheckContext): AgentIssue[] {
  const vars = ctx.jobProjectPath !== undefined ? projectVariables(ctx.jobProjectPath) : {};
  const all = refs.map((r) => reexpand(r, vars));
  const pending = new Map<string, Pending>();
  const add = (key: string, p: Omit<Pending, 'jobs'>, job: string): void => {
    const existing = pending.get(key);
    if (existing) {
      if (!existing.jobs.includes(job)) existing.jobs.push(job);
    } else pending.set(key, { ...p, jobs: [job] });
  };

  for (const ref of all) {
    if (!CONTEXT_KINDS.has(ref.kind) || !ref.context) continue;
    judgeContext(ref, ctx, add);
  }
  for (const ref of all) {
    if (ref.kind === 'impersonation-flag') judgeImpersonation(ref, all, ctx, vars, add);
  }

  return [...pending.values()].map((p) =>
    issue(p.code, p.severity, p.path, p.target, p.render(jobsText(p.jobs)), { ...p.data, jobs: p.jobs.join(',') }),
  );
}

type Add = (key: string, p: Omit<Pending, 'jobs'>, job: string) => void;

/** How the agent authorises the job of a reference (its project, environment and the run's settings). */
function jobDecision(agent: Parameters<typeof resolveCiAccessForAgent>[0], ref: CiReference, ctx: CiCheckContext, jobProjectPath: string): ReturnType<typeof resolveCiAccessForAgent> {
  const env = ref.jobEnvironment;
  return resolveCiAccessForAgent(agent, {
    agents: [agent],
    jobProjectPath,
    ...(env ? { environment: env.name } : {}),
    ...(ctx.protected !== undefined ? { protected: ctx.protected } : {}),
    ...(ctx.instanceLevelEnabled !== undefined ? { instanceLevelEnabled: ctx.instanceLevelEnabled } : {}),
    ...(ctx.tier !== undefined ? { tier: ctx.tier } : {}),
  });
}

function describeRef(ref: CiReference): string {
  switch (ref.kind) {
    case 'use-context':
      return `kubectl config use-context "${ref.value}"`;
    case 'context-flag':
      return `${ref.tool === 'helm' ? '--kube-context' : '--context'} "${ref.value}"`;
    default:
      return `KUBE_CONTEXT "${ref.value}"`;
  }
}

function judgeContext(ref: CiReference, ctx: CiCheckContext, add: Add): void {
  const c = ref.context;
  if (!c) return;
  const here = ctx.agents.filter((a) => samePath(a.configProjectPath, c.configProjectPath));
  if (here.length === 0) return; // an agent of another project: nothing to compare with
  const key = (code: string, extra = ''): string => `${code}|${formatPath(ref.path)}|${ref.value}|${extra}`;
  const what = describeRef(ref);
  const base = { context: ref.value, agent: c.agentName, configProject: c.configProjectPath };

  const exact = here.find((a) => a.configProjectPath === c.configProjectPath);
  if (!exact) {
    const real = (here[0] as AgentInRepo).configProjectPath;
    add(
      key('ci-context-case-mismatch'),
      {
        code: 'ci-context-case-mismatch',
        severity: 'warning',
        path: ref.path,
        target: 'value',
        data: { ...base, expected: `${real}:${c.agentName}` },
        render: (jobs) =>
          `${what} in ${jobs}: kubectl compares context names exactly and GitLab names the context "${real}:${c.agentName}" (the project path as GitLab spells it)`,
      },
      ref.job,
    );
  }

  const agent = here.find((a) => a.name === c.agentName);
  if (!agent) {
    const known = here.map((a) => a.name).sort();
    add(
      key('ci-context-unknown-agent'),
      {
        code: 'ci-context-unknown-agent',
        severity: 'error',
        path: ref.path,
        target: 'value',
        data: { ...base, knownAgents: known.join(',') },
        render: (jobs) =>
          `${what} in ${jobs} names agent "${c.agentName}", but ${c.configProjectPath} defines no such agent (known: ${known.join(', ')}); the kubeconfig has no such context`,
      },
      ref.job,
    );
    return;
  }
  if (ctx.jobProjectPath === undefined) return;

  const decision = jobDecision(agent, ref, ctx, ctx.jobProjectPath);
  if (!decision.authorized) {
    // A run-time environment name cannot be judged against patterns.
    if (decision.reason === 'environment-unknown') return;
    if (decision.reason === 'environment-not-matched' && ref.jobEnvironment?.dynamic === true) return;
    add(
      key('ci-context-not-authorized', decision.message),
      {
        code: 'ci-context-not-authorized',
        severity: 'error',
        path: ref.path,
        target: 'value',
        data: { ...base, reason: decision.reason, project: ctx.jobProjectPath },
        render: (jobs) => `${what} in ${jobs}: ${decision.message}`,
      },
      ref.job,
    );
    return;
  }
  if (decision.onlyOnProtectedRefs) {
    add(
      key('ci-context-protected-refs-only'),
      {
        code: 'ci-context-protected-refs-only',
        severity: 'info',
        path: ref.path,
        target: 'value',
        data: { ...base, project: ctx.jobProjectPath },
        render: (jobs) =>
          `${what} in ${jobs}: the context exists only in pipelines for protected branches or tags (protected_branches_only); elsewhere kubectl finds no such context`,
      },
      ref.job,
    );
  }
}

/** The context an impersonating command talks to: its own --context, else the job's current one. */
function activeContext(ref: CiReference, all: readonly CiReference[], vars: Record<string, string>): string | undefined {
  if (ref.commandContext !== undefined) {
    const lookup = (n: string): { value: string; expand: boolean } | undefined =>
      Object.prototype.hasOwnProperty.call(vars, n) ? { value: vars[n] as string, expand: false } : undefined;
    const e = expandVariables(ref.commandContext, lookup);
    return e.unresolved.length === 0 ? e.value : undefined;
  }
  const sameJob = all.filter((r) => r.job === ref.job && r.context);
  // use-context rewrites the kubeconfig file, so it persists into later lines and sections.
  const switched = sameJob.filter((r) => r.kind === 'use-context' && r.order < ref.order).pop();
  if (switched) return switched.value;
  return sameJob.find((r) => r.kind === 'kube-context-variable')?.value;
}

function judgeImpersonation(ref: CiReference, all: readonly CiReference[], ctx: CiCheckContext, vars: Record<string, string>, add: Add): void {
  if (ctx.jobProjectPath === undefined) return;
  const name = activeContext(ref, all, vars);
  const c = name !== undefined ? parseAgentContext(name) : undefined;
  if (!c) return;
  const agent = ctx.agents.find((a) => a.configProjectPath === c.configProjectPath && a.name === c.agentName);
  if (!agent) return;
  const decision = jobDecision(agent, ref, ctx, ctx.jobProjectPath);
  if (!decision.authorized || decision.accessAs === 'agent') return;
  const mode = decision.accessAs;
  add(
    `ci-nested-impersonation|${formatPath(ref.path)}|${ref.flag ?? ''}|${name ?? ''}`,
    {
      code: 'ci-nested-impersonation',
      severity: 'error',
      path: ref.path,
      target: 'value',
      data: { flag: ref.flag ?? '', value: ref.value, agent: agent.name, accessAs: mode, context: name ?? '' },
      render: (jobs) =>
        `${ref.tool ?? 'kubectl'} ${ref.flag ?? '--as'}=${ref.value} in ${jobs}: agent "${agent.name}" authorizes this project with access_as ${mode}, and agentk refuses requests that carry impersonation headers in that mode ("nested impersonation is not supported"); client-side impersonation works only with access_as agent`,
    },
    ref.job,
  );
}
