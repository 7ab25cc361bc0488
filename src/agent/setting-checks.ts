// Checks of per-entry settings whose meaning differs from what their names suggest:
// environments patterns, default_namespace, Premium-only modes, protected_branches_only,
// ci_access.instance and user_access's identity. Severity policy: see reference-checks.ts.

import type { JsonPath } from '../model/path.js';
import type { AgentCheckContext } from './reference-checks.js';
import { AUTHORIZED_ENTITY_LIMIT, type AgentConfigModel, type CiAccessEntry } from './config-model.js';
import { describeEnvironmentPattern, environmentMatches } from './environment-matcher.js';
import { issue, type AgentIssue } from './issues.js';

export function checkSettings(model: AgentConfigModel, ctx: AgentCheckContext): AgentIssue[] {
  const out: AgentIssue[] = [];
  const ci = model.ciAccess;
  const entries: { label: string; e: CiAccessEntry }[] = [];
  for (const list of [ci?.projects, ci?.groups]) {
    for (const e of list?.entries ?? []) {
      if (e.index < AUTHORIZED_ENTITY_LIMIT) entries.push({ label: `ci_access.${e.kind}s[${e.index}]`, e });
    }
  }
  if (ci?.instance) {
    entries.push({ label: 'ci_access.instance', e: ci.instance });
    out.push(checkInstance(ci.instance, ctx));
  }
  for (const { label, e } of entries) {
    out.push(...checkEnvironments(label, e));
    out.push(...checkMode(label, e, ctx));
    if (e.defaultNamespace) {
      out.push(
        issue(
          'default-namespace-not-a-boundary',
          'info',
          e.defaultNamespace.path,
          'key',
          `default_namespace "${e.defaultNamespace.value}" of ${label} only sets the namespace of the job's kubeconfig context; it is not an access restriction (kubectl -n other-namespace still works with whatever the identity is allowed)`,
          { namespace: e.defaultNamespace.value },
        ),
      );
    }
    if (e.protectedBranchesOnly && e.protectedBranchesOnlyPath) {
      out.push(
        issue(
          'protected-branches-only-scope',
          'info',
          e.protectedBranchesOnlyPath,
          'key',
          `protected_branches_only in ${label}: only pipelines for protected branches AND protected tags get the context, so everyone allowed to push or merge to a protected branch or to create a protected tag can use it; the key needs GitLab 17.3+ (generally available in 17.10), older versions reject the whole file`,
        ),
      );
    }
  }
  out.push(...checkUserAccess(model, ctx));
  return out;
}

// ---- environments --------------------------------------------------------------------------

function checkEnvironments(label: string, e: CiAccessEntry): AgentIssue[] {
  const env = e.environments;
  if (!env) return [];
  if (env.patterns.length === 0) {
    // An empty list is "blank" in Rails: no restriction at all, unlike what it may suggest.
    return [
      issue(
        'environments-empty',
        'warning',
        env.path,
        'key',
        `environments: [] in ${label} does not restrict anything: GitLab treats an empty list like no list, so every job of the authorized projects gets the context; list environment names, or remove the key`,
      ),
    ];
  }
  const out: AgentIssue[] = [
    issue(
      'environments-exclude-jobs-without-environment',
      'info',
      env.path,
      'key',
      `with environments set in ${label}, jobs that declare no environment: get no context for this agent (including build or test jobs that run kubectl)`,
    ),
  ];
  for (const p of env.patterns) out.push(...checkPattern(label, p.value, p.path));
  return out;
}

function checkPattern(label: string, pattern: string, path: JsonPath): AgentIssue[] {
  const info = describeEnvironmentPattern(pattern);
  const data = { pattern };
  // Warning, not error, for blank/unanchored/metacharacter patterns: they still work for the
  // intended names; the problem is what else they match (or that nothing matches).
  if (info.kind === 'blank') {
    return [issue('environment-pattern-blank', 'warning', path, 'value', `environment pattern ${JSON.stringify(pattern)} in ${label} is blank; GitLab never matches a blank pattern`, data)];
  }
  if (info.kind === 'exact') return [];
  if (info.status === 'invalid') {
    // Error: Regexp.new raises in Rails, so the pattern can never authorize anything. Whether
    // the exception also breaks the job's kubeconfig generation is [unverified].
    return [
      issue(
        'environment-pattern-invalid',
        'error',
        path,
        'value',
        `environment pattern "${pattern}" in ${label} contains '*', so GitLab compiles it as a Ruby regular expression ("${pattern.split('*').join('.*')}"), which is invalid (${info.detail ?? 'syntax error'}); it never matches`,
        { ...data, detail: info.detail ?? '' },
      ),
    ];
  }
  const out: AgentIssue[] = [];
  if (info.status !== 'ok') {
    out.push(
      issue(
        'environment-pattern-not-evaluated',
        'info',
        path,
        'value',
        `environment pattern "${pattern}" in ${label} uses regular-expression syntax kaslint does not evaluate (${info.detail ?? info.status}); authorization results for it are unknown`,
        data,
      ),
    );
  }
  if (info.metacharacters.length > 0) {
    out.push(
      issue(
        'environment-pattern-regex-metacharacters',
        'warning',
        path,
        'value',
        `environment pattern "${pattern}" in ${label} contains '*', so the whole pattern is a Ruby regular expression and ${info.metacharacters.map((m) => `'${m}'`).join(' ')} ${info.metacharacters.length === 1 ? 'is' : 'are'} regex syntax, not literal characters (for example '.' matches any character); escape them with '\\' or avoid them`,
        { ...data, metacharacters: info.metacharacters.join('') },
      ),
    );
  }
  const openStart = !info.anchoredStart && !pattern.startsWith('*');
  const openEnd = !info.anchoredEnd && !pattern.endsWith('*');
  if (openStart || openEnd) {
    const suggestion = `${openStart ? '^' : ''}${pattern}${openEnd ? '$' : ''}`;
    const example = unintendedExample(pattern, info.metacharacters.length === 0, openStart);
    out.push(
      issue(
        'environment-pattern-unanchored',
        'warning',
        path,
        'value',
        `environment pattern "${pattern}" in ${label} is matched as an unanchored regular expression, so it also matches environments that merely contain it` +
          (example ? ` (for example "${example}")` : '') +
          `; write "${suggestion}" to match from the ${openStart && openEnd ? 'start to the end' : openStart ? 'start' : 'end'} of the name`,
        { ...data, suggestion, ...(example ? { example } : {}) },
      ),
    );
  }
  return out;
}

/** A name the author probably did not mean to match, verified against the matcher. */
function unintendedExample(pattern: string, literalOnly: boolean, openStart: boolean): string | undefined {
  if (!literalOnly) return undefined;
  const core = pattern.split('*').join('');
  const candidate = openStart ? `pre${core}` : `${core}-old`;
  return candidate !== pattern && environmentMatches(pattern, candidate) ? candidate : undefined;
}

// ---- modes ---------------------------------------------------------------------------------

function checkMode(label: string, e: CiAccessEntry, ctx: AgentCheckContext): AgentIssue[] {
  const mode = e.accessAs.mode;
  const out: AgentIssue[] = [];
  if ((mode === 'impersonate' || mode === 'ci_job') && e.accessAs.memberPath) {
    out.push(premiumMode(e.accessAs.memberPath, `access_as ${mode} in ${label}`, `its jobs get no context for agent "${ctx.agentName}" through it`, ctx));
  }
  for (const x of e.accessAs.impersonate?.extra ?? []) {
    if (x.key !== x.key.toLowerCase()) {
      out.push(
        issue(
          'impersonate-extra-key-case',
          'info',
          [...x.path, 'key'],
          'value',
          `impersonate extra key "${x.key}" reaches Kubernetes lowercased ("${x.key.toLowerCase()}"): impersonation headers are case-insensitive, so RBAC rules for userextras must use the lowercase key`,
          { key: x.key },
        ),
      );
    }
  }
  return out;
}

/**
 * Info when the tier is unknown (most users of these modes are licensed); error when the
 * caller says Free, because GitLab then drops the entry without any message.
 */
function premiumMode(path: JsonPath, what: string, outcome: string, ctx: AgentCheckContext): AgentIssue {
  if (ctx.tier === 'free') {
    return issue(
      'premium-access-mode-unavailable',
      'error',
      path,
      'key',
      `${what} needs GitLab Premium or Ultimate; on Free GitLab silently drops this authorization: ${outcome}`,
    );
  }
  return issue(
    'premium-access-mode',
    'info',
    path,
    'key',
    `${what} needs GitLab Premium or Ultimate; on Free GitLab silently drops this authorization: ${outcome}`,
  );
}

function checkInstance(inst: CiAccessEntry, ctx: AgentCheckContext): AgentIssue {
  if (ctx.instanceLevelEnabled === true) {
    return issue(
      'instance-authorization-enabled',
      'warning',
      inst.path,
      'key',
      `ci_access.instance authorizes every project of the GitLab instance to use agent "${ctx.agentName}" (as the lowest-precedence entry)`,
    );
  }
  return issue(
    'instance-authorization-needs-admin-setting',
    'info',
    inst.path,
    'key',
    `ci_access.instance (GitLab 17.11+, self-managed only) is ignored unless an administrator enables "instance level authorization"; when enabled it authorizes every project of the instance`,
  );
}

// ---- user_access ---------------------------------------------------------------------------

function checkUserAccess(model: AgentConfigModel, ctx: AgentCheckContext): AgentIssue[] {
  const ua = model.userAccess;
  if (!ua) return [];
  const mode = ua.accessAs.mode;
  const who = 'Developer+ members of the listed projects and groups (and administrators in admin mode)';
  if (mode === 'agent' && ua.accessAs.memberPath) {
    return [
      issue(
        'user-access-as-agent',
        'warning',
        ua.accessAs.memberPath,
        'key',
        `user_access with access_as agent: ${who} act as the agent's own ServiceAccount, with all its permissions (cluster-admin with the default Helm chart); prefer access_as user and RBAC for gitlab:user groups`,
      ),
    ];
  }
  if (mode === 'unset') {
    return [
      issue(
        'user-access-as-agent',
        'warning',
        ua.path,
        'key',
        `user_access without access_as: since GitLab 18.3 this means access as the agent, so ${who} act as the agent's own ServiceAccount, with all its permissions (older versions refuse the requests); set access_as explicitly, preferably user`,
      ),
    ];
  }
  // The user_access risk grading (what the agent SA can do) is done by the RBAC rules; here we
  // only state the fact. `user` mode on Free: CE has no user impersonation [unverified].
  if (mode === 'user' && ua.accessAs.memberPath) {
    return [premiumMode(ua.accessAs.memberPath, 'user_access with access_as user', `users get no access to agent "${ctx.agentName}" through it`, ctx)];
  }
  return [];
}
