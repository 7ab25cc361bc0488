import { effectiveEntries, type CiAccessEntry } from '../agent/index.js';
import { compactString } from '../rbac/describe.js';
import { rulesFor } from '../rbac/resolve.js';
import type { UserInfo } from '../rbac/types.js';
import type { Analysis } from './analysis.js';
import { ciJobAccess, userAccess, type AgentView, type IdentityResult } from './agents.js';

export interface AccessRow {
  /** Who: "CI jobs of group/app (environments: prod)". */
  readonly who: string;
  /** Which config entry: "ci_access.projects[0]", "implicit (config project)", "user_access". */
  readonly via: string;
  /** The Kubernetes identity requests arrive with, or why it is unknown. */
  readonly identity: string;
  readonly identityKey?: string;
}

export interface IdentityPermissions {
  readonly identity: string;
  /** Cluster-admin-equivalent power, directly or through another ServiceAccount. */
  readonly clusterAdminEquivalent?: string;
  /** '' = cluster-wide → rules granted by the repository's bindings. */
  readonly scopes: readonly { readonly scope: string; readonly rules: readonly string[] }[];
}

export interface AgentAccess {
  readonly agent: string;
  readonly configFile: string;
  readonly configProject?: string;
  readonly serviceAccount?: string;
  readonly rows: readonly AccessRow[];
  readonly permissions: readonly IdentityPermissions[];
}

function conditions(e: CiAccessEntry): string {
  const parts: string[] = [];
  if (e.environments && e.environments.patterns.length > 0) parts.push(`environments: ${e.environments.patterns.map((p) => p.value).join(', ')}`);
  if (e.protectedBranchesOnly) parts.push('protected refs only');
  return parts.length ? ` (${parts.join('; ')})` : '';
}

function identityText(r: IdentityResult | undefined): { text: string; user?: UserInfo } {
  if (!r) return { text: 'no access' };
  if (!r.ok) return { text: `unknown: ${r.message}` };
  return { text: r.identity.user.name + (r.identity.user.name.startsWith('gitlab:') ? ` (groups ${r.identity.user.groups.filter((g) => g.startsWith('gitlab:')).join(', ')})` : ''), user: r.identity.user };
}

/**
 * "Who can reach my cluster and with what": for each agent, every way in (implicit
 * config-project access, ci_access entries, user_access) and the effective permissions of
 * each identity those ways arrive as, from the repository's own bindings.
 */
export function agentAccessReport(analysis: Analysis): AgentAccess[] {
  const ws = analysis.workspace;
  return analysis.agents().map((agent: AgentView) => {
    const rows: AccessRow[] = [];
    const users = new Map<string, UserInfo>();
    const add = (who: string, via: string, r: IdentityResult | undefined): void => {
      const t = identityText(r);
      if (t.user) users.set(t.user.name, t.user);
      rows.push({ who, via, identity: t.text, ...(t.user ? { identityKey: t.user.name } : {}) });
    };
    const projects = effectiveEntries(agent.model.ciAccess?.projects);
    const groups = effectiveEntries(agent.model.ciAccess?.groups);
    const configProject = agent.configProjectPath;
    if (configProject === undefined || !projects.has(configProject.toLowerCase())) {
      const job = ciJobAccess(ws, agent, { project: configProject ?? '<config project>' });
      add(`CI jobs of the config project${configProject ? ` ${configProject}` : ''}`, 'implicit access', job.identity);
    }
    for (const e of projects.values()) {
      const job = ciJobAccess(ws, agent, { project: e.id ?? '', ...(e.environments?.patterns[0] ? { environment: e.environments.patterns[0].value } : {}), protected: true });
      add(`CI jobs of ${e.id ?? '?'}${conditions(e)}`, `ci_access.projects[${e.index}] (access_as ${e.accessAs.mode === 'unset' ? 'agent' : e.accessAs.mode})`, job.identity);
    }
    for (const e of groups.values()) {
      const job = ciJobAccess(ws, agent, { project: `${e.id ?? '?'}/<any project>`, ...(e.environments?.patterns[0] ? { environment: e.environments.patterns[0].value } : {}), protected: true });
      add(`CI jobs of every project under ${e.id ?? '?'}${conditions(e)}`, `ci_access.groups[${e.index}] (access_as ${e.accessAs.mode === 'unset' ? 'agent' : e.accessAs.mode})`, job.identity);
    }
    if (agent.model.ciAccess?.instance) {
      add('CI jobs of every project (only with instance-level authorization enabled)', 'ci_access.instance', ciJobAccess(ws, agent, { project: '<any>/<project>' }).identity);
    }
    const ua = agent.model.userAccess;
    if (ua) {
      const listed = [...(ua.projects?.entries ?? []), ...(ua.groups?.entries ?? [])].map((e) => e.id).filter((x): x is string => x !== undefined);
      const r = userAccess(ws, agent, '<username>', 'developer');
      add(`Developer+ members of ${listed.join(', ') || '(nothing listed)'}, and administrators`, `user_access (access_as ${ua.accessAs.mode === 'unset' ? 'agent' : ua.accessAs.mode})`, r.identity);
    }

    const index = analysis.rbac();
    const finder = analysis.escalation();
    const permissions: IdentityPermissions[] = [];
    for (const [name, user] of [...users.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const scopes: { scope: string; rules: string[] }[] = [];
      const cluster = rulesFor(index, user, '').rules.filter((r) => !r.source.binding.builtin);
      if (cluster.length) scopes.push({ scope: '', rules: cluster.map((r) => compactString(r.rule)) });
      for (const ns of index.namespaces()) {
        const own = rulesFor(index, user, ns).rules.filter((r) => !r.source.binding.builtin && r.source.binding.kind === 'RoleBinding');
        if (own.length) scopes.push({ scope: ns, rules: own.map((r) => compactString(r.rule)) });
      }
      const direct = finder.terminalOf(user);
      const path = direct ? undefined : finder.pathFrom(user, /^system:serviceaccount:([^:]+):([^:]+)$/.exec(name)?.slice(1).join('/'));
      const cae = direct ? direct.action : path ? `through ${path.steps.map((s) => `${s.action} → ${s.becomes}`).join(' → ')}, which can ${path.terminal.action}` : undefined;
      permissions.push({ identity: name, ...(cae ? { clusterAdminEquivalent: cae } : {}), scopes });
    }
    const sa = agent.serviceAccount;
    return {
      agent: agent.name,
      configFile: agent.input.file.source.path,
      ...(configProject ? { configProject } : {}),
      ...(sa ? { serviceAccount: `${sa.namespace}/${sa.name} (from ${sa.how})` } : {}),
      rows,
      permissions,
    };
  });
}
