import { authorize } from '../rbac/authorize.js';
import type { RbacIndex } from '../rbac/index.js';
import type { AccessRequest, Binding, ResourceRequest, Role, RuleSource, UserInfo } from '../rbac/types.js';
import { whoCan, type WhoCanSubject } from '../rbac/who-can.js';
import { ruleAllows } from '../rbac/match.js';
import { resolveRoleRef } from '../rbac/resolve.js';
import { PRIVILEGED_GROUP, serviceAccountUser } from '../rbac/identity.js';

/** A ServiceAccount known to exist (declared, bound, or every namespace's `default`). */
export interface KnownServiceAccount {
  readonly namespace: string;
  readonly name: string;
}

/** One step of a path: how the current identity becomes the next, and the rule that lets it. */
export interface EscalationStep {
  /** 'create pods in namespace "x"' etc. */
  readonly action: string;
  /** The identity obtained, e.g. ServiceAccount "ns/name". */
  readonly becomes: string;
  readonly source?: RuleSource;
}

/** What a path ends in: cluster-admin power, or reading every Secret of the cluster. */
export type Goal = 'cluster-admin' | 'all-secrets';

export interface EscalationPath {
  readonly steps: readonly EscalationStep[];
  /** What the last identity can do: the cluster-admin-equivalent permission and its rule. */
  readonly terminal: { readonly action: string; readonly source?: RuleSource; readonly privileged?: boolean };
}

/** How a namespace's ServiceAccounts can be taken over, most direct first. */
const TAKEOVER_PROBES: readonly { readonly action: string; readonly group: string; readonly resource: string; readonly subresource?: string; readonly verb: string }[] = [
  { action: 'create pods', verb: 'create', group: '', resource: 'pods' },
  { action: 'create deployments', verb: 'create', group: 'apps', resource: 'deployments' },
  { action: 'create daemonsets', verb: 'create', group: 'apps', resource: 'daemonsets' },
  { action: 'create statefulsets', verb: 'create', group: 'apps', resource: 'statefulsets' },
  { action: 'create jobs', verb: 'create', group: 'batch', resource: 'jobs' },
  { action: 'create cronjobs', verb: 'create', group: 'batch', resource: 'cronjobs' },
  { action: 'exec into pods', verb: 'create', group: '', resource: 'pods', subresource: 'exec' },
  { action: 'mint ServiceAccount tokens', verb: 'create', group: '', resource: 'serviceaccounts', subresource: 'token' },
];

/**
 * Reading Secrets yields a ServiceAccount only where a legacy token Secret for it exists:
 * Kubernetes no longer creates them (1.24+), so this edge needs one in the input.
 */
const TOKEN_SECRET_PROBES: readonly { readonly action: string; readonly verb: string }[] = [
  { action: 'read its token Secret', verb: 'get' },
  { action: 'list Secrets (its token Secret)', verb: 'list' },
];

export const ALL_SECRETS_CHECKS: readonly { readonly action: string; readonly requests: readonly Omit<ResourceRequest, 'user'>[] }[] = [
  { action: 'read every Secret of the cluster', requests: [{ verb: 'get', group: '', resource: 'secrets', subresource: '', name: '', namespace: '' }] },
  { action: 'list every Secret of the cluster', requests: [{ verb: 'list', group: '', resource: 'secrets', subresource: '', name: '', namespace: '' }] },
];

/** Permissions that amount to cluster-admin, each sufficient alone (or in the pair given). */
export const TERMINAL_CHECKS: readonly { readonly action: string; readonly requests: readonly Omit<ResourceRequest, 'user'>[] }[] = [
  { action: 'do anything cluster-wide (* on *)', requests: [{ verb: '*', group: '*', resource: '*', subresource: '', name: '', namespace: '' }] },
  { action: 'impersonate group system:masters', requests: [{ verb: 'impersonate', group: '', resource: 'groups', subresource: '', name: 'system:masters', namespace: '' }] },
  {
    action: 'bind ClusterRole cluster-admin with a new ClusterRoleBinding',
    requests: [
      { verb: 'bind', group: 'rbac.authorization.k8s.io', resource: 'clusterroles', subresource: '', name: 'cluster-admin', namespace: '' },
      { verb: 'create', group: 'rbac.authorization.k8s.io', resource: 'clusterrolebindings', subresource: '', name: '', namespace: '' },
    ],
  },
  {
    action: 'escalate and update ClusterRoles',
    requests: [
      { verb: 'escalate', group: 'rbac.authorization.k8s.io', resource: 'clusterroles', subresource: '', name: '', namespace: '' },
      { verb: 'update', group: 'rbac.authorization.k8s.io', resource: 'clusterroles', subresource: '', name: '', namespace: '' },
    ],
  },
  { action: 'proxy to every kubelet (create nodes/proxy)', requests: [{ verb: 'create', group: '', resource: 'nodes', subresource: 'proxy', name: '', namespace: '' }] },
];

export function saKey(sa: KnownServiceAccount): string {
  return `${sa.namespace}/${sa.name}`;
}

/**
 * One way for a subject to take over ServiceAccounts: a probe it is allowed in a namespace,
 * or impersonating one ServiceAccount. An entry from a ClusterRoleBinding is shared by
 * every namespace's list, so the action names the namespace only when a step is built.
 */
interface Takeover {
  readonly subject: { readonly kind: 'User' | 'Group' | 'ServiceAccount'; readonly name: string; readonly namespace?: string };
  /** 'create pods' (then ` in namespace "x"` when inNamespace), or the whole action. */
  readonly verbPhrase: string;
  readonly inNamespace: boolean;
  readonly source?: RuleSource;
  /** Reading Secrets: reaches only ServiceAccounts with a token Secret in the input. */
  readonly tokenOnly: boolean;
  /** Index of the probe in PROBES (-1 for impersonation). */
  readonly probe: number;
  /**
   * Position in a namespace's takeover list, which runs probe by probe, cluster-wide
   * subjects before the namespace's own, each in who-can order.
   */
  readonly rank: number;
  /** identityKey(subject). */
  readonly key: string;
}

export type Probe = { readonly action: string; readonly verb: string; readonly group: string; readonly resource: string; readonly subresource?: string; readonly tokenOnly: boolean };

/** Every takeover probe, most direct first (exported for the reference test). */
export const PROBES: readonly Probe[] = [
  ...TAKEOVER_PROBES.map((p) => ({ ...p, tokenOnly: false })),
  ...TOKEN_SECRET_PROBES.map((p) => ({ action: p.action, verb: p.verb, group: '', resource: 'secrets', tokenOnly: true })),
];

/** The action of a step taken through `t` into a ServiceAccount of namespace `ns`. */
function actionOf(t: Takeover, ns: string): string {
  return t.inNamespace ? `${t.verbPhrase} in namespace "${ns}"` : t.verbPhrase;
}

const RANK_PART = 2 ** 32;

/** The first takeover of a list per identity key: of any kind, and not needing a token Secret. */
interface FirstTakeovers {
  readonly any: Takeover;
  nonToken: Takeover | undefined;
}

/** Takeovers in list order, with the first per identity key. */
interface TakeoverTable {
  readonly list: readonly Takeover[];
  readonly first: ReadonlyMap<string, FirstTakeovers>;
}

function tableOf(list: readonly Takeover[]): TakeoverTable {
  const first = new Map<string, FirstTakeovers>();
  for (const t of list) {
    const f = first.get(t.key);
    if (f === undefined) first.set(t.key, { any: t, nonToken: t.tokenOnly ? undefined : t });
    else if (f.nonToken === undefined && !t.tokenOnly) f.nonToken = t;
  }
  return { list, first };
}

/** Of the two, the takeover listed first (either may be missing). */
function earlier(a: Takeover | undefined, b: Takeover | undefined): Takeover | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return a.rank < b.rank ? a : b;
}

/** The best-probe key of takeoversOf: one entry per subject (and token-only or not). */
function bestKey(s: WhoCanSubject, p: Probe): string {
  return `${s.kind}:${s.namespace ?? ''}:${s.name}:${p.tokenOnly ? 't' : ''}`;
}

/**
 * Who can take over which ServiceAccounts over one RbacIndex, whatever the goal: built
 * lazily and shared by the finders of an analysis (cluster-admin and all-secrets ask the
 * same questions). A namespace's takeover list is the cluster-wide list (computed once)
 * merged with the subjects of the namespace's own RoleBindings.
 */
export class TakeoverCache {
  private base: (TakeoverTable & { readonly byBestKey: ReadonlyMap<string, Takeover> }) | undefined;
  private readonly locals = new Map<string, TakeoverTable & { readonly merged: readonly Takeover[] }>();
  private readonly impersonators = new Map<string, Takeover[]>();
  private readonly canImpersonate = new Map<Role, boolean>();
  private readonly probeMasks = new Map<Role, number>();
  private impersonationClusterBindings: readonly Binding[] | undefined;
  private readonly impersonationRoleBindings = new Map<string, readonly Binding[]>();
  private anyImpersonation: boolean | undefined;

  constructor(readonly index: RbacIndex) {}

  /** Takeovers through ClusterRoleBindings: the part of every namespace's list that does not depend on it. */
  clusterWide(): TakeoverTable {
    return this.baseTable();
  }

  private baseTable(): TakeoverTable & { readonly byBestKey: ReadonlyMap<string, Takeover> } {
    if (this.base) return this.base;
    const byBestKey = new Map<string, Takeover>();
    const list: Takeover[] = [];
    PROBES.forEach((p, pi) => {
      const r = whoCan(this.index, { verb: p.verb, group: p.group, resource: p.resource, subresource: p.subresource ?? '', namespace: '' });
      r.subjects.forEach((s, pos) => {
        const k = bestKey(s, p);
        if (byBestKey.has(k)) return;
        const t = probeTakeover(s, p, pi, (pi * 2) * RANK_PART + pos);
        byBestKey.set(k, t);
        list.push(t);
      });
    });
    this.base = { ...tableOf(list), byBestKey };
    return this.base;
  }

  /**
   * The namespace's own takeovers (RoleBindings), without those a cluster-wide entry for
   * the same subject precedes; and the whole list of the namespace (cluster-wide merged in).
   */
  local(ns: string): TakeoverTable & { readonly merged: readonly Takeover[] } {
    let local = this.locals.get(ns);
    if (local) return local;
    const base = this.baseTable();
    const seen = new Set<string>();
    const superseded = new Set<Takeover>();
    const list: Takeover[] = [];
    // Only the RoleBindings whose role allows the probe can add subjects: who-can over those.
    const candidates = this.index.listRoleBindings(ns).map((b) => {
      const resolved = resolveRoleRef(this.index, b.roleRef, ns);
      return { b, probes: 'error' in resolved ? 0 : this.probesOf(resolved.role) };
    });
    PROBES.forEach((p, pi) => {
      const roleBindings = candidates.filter((c) => (c.probes & (1 << pi)) !== 0).map((c) => c.b);
      if (roleBindings.length === 0) return;
      const query = { verb: p.verb, group: p.group, resource: p.resource, subresource: p.subresource ?? '', namespace: ns };
      const r = whoCan(this.index, query, { roleBindingsOnly: true, bindings: { clusterRoleBindings: [], roleBindings } });
      r.subjects.forEach((s, pos) => {
        const k = bestKey(s, p);
        if (seen.has(k)) return;
        seen.add(k);
        const b = base.byBestKey.get(k);
        if (b !== undefined && b.probe <= pi) return;
        if (b !== undefined) superseded.add(b);
        list.push(probeTakeover(s, p, pi, (pi * 2 + 1) * RANK_PART + pos));
      });
    });
    let merged: readonly Takeover[] = base.list;
    if (list.length > 0) {
      const out: Takeover[] = [];
      let i = 0;
      for (const b of base.list) {
        while (i < list.length && (list[i] as Takeover).rank < b.rank) out.push(list[i++] as Takeover);
        if (!superseded.has(b)) out.push(b);
      }
      while (i < list.length) out.push(list[i++] as Takeover);
      merged = out;
    }
    local = { ...tableOf(list), merged };
    this.locals.set(ns, local);
    return local;
  }

  /** Every subject that can take over namespace `ns`, with its most direct way (best probe first). */
  takeoversOf(ns: string): readonly Takeover[] {
    return this.local(ns).merged;
  }

  /** The probes (bit i: PROBES[i]) some rule of the role allows; rule matching does not read the namespace. */
  private probesOf(role: Role): number {
    let mask = this.probeMasks.get(role);
    if (mask === undefined) {
      mask = 0;
      for (const [i, p] of PROBES.entries()) {
        const request = { verb: p.verb, group: p.group, resource: p.resource, subresource: p.subresource ?? '', name: '', namespace: '' };
        if (role.rules.some((rule) => ruleAllows(request, rule))) mask |= 1 << i;
      }
      this.probeMasks.set(role, mask);
    }
    return mask;
  }

  /** Whether a rule of the role could allow impersonating some ServiceAccount. */
  private couldImpersonate(role: Role): boolean {
    let can = this.canImpersonate.get(role);
    if (can === undefined) {
      can = role.rules.some((rule) => ruleAllows({ verb: 'impersonate', group: '', resource: 'serviceaccounts', subresource: '', name: rule.resourceNames[0] ?? 'any', namespace: '' }, rule));
      this.canImpersonate.set(role, can);
    }
    return can;
  }

  /**
   * Whether any role could allow impersonating some ServiceAccount: asked once, so the
   * per-account who-can below runs only in clusters that grant impersonation at all.
   */
  private impersonationGranted(): boolean {
    if (this.anyImpersonation === undefined) {
      const roles = [...this.index.listClusterRoles(), ...this.index.namespaces().flatMap((ns) => this.index.listRoles(ns))];
      this.anyImpersonation = roles.some((role) => this.couldImpersonate(role));
    }
    return this.anyImpersonation;
  }

  /** The bindings (in list order) whose role could allow impersonating some ServiceAccount. */
  private impersonationBindings(bindings: readonly Binding[], bindingNamespace: string): Binding[] {
    return bindings.filter((b) => {
      const resolved = resolveRoleRef(this.index, b.roleRef, bindingNamespace);
      return !('error' in resolved) && this.couldImpersonate(resolved.role);
    });
  }

  /** Every subject that can impersonate ServiceAccount `sa` (who-can over the bindings that could allow it). */
  impersonatorsOf(sa: KnownServiceAccount): readonly Takeover[] {
    const key = saKey(sa);
    let list = this.impersonators.get(key);
    if (list) return list;
    if (!this.impersonationGranted()) return [];
    this.impersonationClusterBindings ??= this.impersonationBindings(this.index.listClusterRoleBindings(), '');
    let roleBindings = this.impersonationRoleBindings.get(sa.namespace);
    if (roleBindings === undefined) {
      roleBindings = sa.namespace === '' ? [] : this.impersonationBindings(this.index.listRoleBindings(sa.namespace), sa.namespace);
      this.impersonationRoleBindings.set(sa.namespace, roleBindings);
    }
    const r = whoCan(
      this.index,
      { verb: 'impersonate', group: '', resource: 'serviceaccounts', subresource: '', name: sa.name, namespace: sa.namespace },
      { bindings: { clusterRoleBindings: this.impersonationClusterBindings, roleBindings } },
    );
    const verbPhrase = `impersonate ServiceAccount "${key}"`;
    list = r.subjects.map((s, pos) => {
      const subject = subjectOf(s);
      return { subject, verbPhrase, inNamespace: false, ...(s.sources[0] ? { source: s.sources[0] } : {}), tokenOnly: false, probe: -1, rank: pos, key: identityKey(subject) };
    });
    this.impersonators.set(key, list);
    return list;
  }
}

function subjectOf(s: WhoCanSubject): Takeover['subject'] {
  return { kind: s.kind, name: s.name, ...(s.namespace ? { namespace: s.namespace } : {}) };
}

function probeTakeover(s: WhoCanSubject, p: Probe, probe: number, rank: number): Takeover {
  const subject = subjectOf(s);
  const source = s.sources[0];
  return { subject, verbPhrase: p.action, inNamespace: true, ...(source ? { source } : {}), tokenOnly: p.tokenOnly, probe, rank, key: identityKey(subject) };
}

/** A ServiceAccount that leads to the goal, as pathsFrom looks at it. */
interface Target {
  readonly sa: KnownServiceAccount;
  readonly key: string;
  readonly rest: EscalationPath;
  /** Has a token Secret in the input (token-only takeovers reach it). */
  readonly token: boolean;
  /** Its namespace's own takeovers. */
  readonly local: TakeoverTable;
  /** The first impersonator per identity key. */
  readonly impersonators: ReadonlyMap<string, Takeover>;
}

/** Shortest path first, then by ServiceAccount. */
function compareTargets(a: Target, b: Target): number {
  return a.rest.steps.length - b.rest.steps.length || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}

/**
 * pathsFrom's view of the takeovers: every goal-leading ServiceAccount (sorted), and, per
 * identity key, the namespaces whose own takeovers name it and the ServiceAccounts it can
 * impersonate. Cluster-wide takeovers stay in the shared table, once.
 */
interface Reach {
  readonly cluster: TakeoverTable;
  readonly targets: readonly Target[];
  readonly byNamespace: ReadonlyMap<string, readonly Target[]>;
  readonly namespacesByKey: ReadonlyMap<string, readonly string[]>;
  readonly impersonatedByKey: ReadonlyMap<string, readonly Target[]>;
}

/**
 * Finds how identities can become cluster-admin-equivalent (or read every Secret) through
 * other ServiceAccounts: create pods or workloads, exec, or mint tokens in a namespace ⇒ act
 * as any of its ServiceAccounts; read a token Secret ⇒ act as its ServiceAccount;
 * impersonate a ServiceAccount ⇒ be it. The search runs backwards from the ServiceAccounts
 * that hold the power, asking "who can take over this namespace" once per namespace (who-can
 * over its bindings), so the cost grows with bindings, not with identities × namespaces.
 * Those answers do not depend on the goal: pass the same TakeoverCache to the finders of
 * one RbacIndex to compute them once.
 */
export class EscalationFinder {
  private readonly byNamespace = new Map<string, KnownServiceAccount[]>();
  private readonly all: KnownServiceAccount[] = [];
  /** SA key → shortest path from that SA to the goal ([] steps = itself). */
  private readonly toTerminal = new Map<string, EscalationPath>();
  private readonly maxDepth: number;
  private readonly checks: typeof TERMINAL_CHECKS;
  private readonly tokenSecrets: ReadonlySet<string>;
  private readonly takeovers: TakeoverCache;
  private reach: Reach | undefined;
  private allowedKeys: (readonly ReadonlySet<string>[])[] | undefined;

  constructor(
    private readonly index: RbacIndex,
    serviceAccounts: readonly KnownServiceAccount[],
    options: { readonly goal?: Goal; readonly tokenSecrets?: ReadonlySet<string>; readonly maxDepth?: number; readonly takeovers?: TakeoverCache } = {},
  ) {
    this.checks = options.goal === 'all-secrets' ? ALL_SECRETS_CHECKS : TERMINAL_CHECKS;
    this.tokenSecrets = options.tokenSecrets ?? new Set();
    this.maxDepth = options.maxDepth ?? 4;
    if (options.takeovers && options.takeovers.index !== index) throw new Error('EscalationFinder: the TakeoverCache was built for another RbacIndex');
    this.takeovers = options.takeovers ?? new TakeoverCache(index);
    indexServiceAccounts(serviceAccounts, this.byNamespace, this.all);
    this.solve();
  }

  /**
   * Per check, per request: the identity keys of the subjects who-can lists for it. A user
   * none of whose keys is listed (and not in system:masters) is denied without authorize().
   */
  private checkSubjects(): readonly (readonly ReadonlySet<string>[])[] {
    this.allowedKeys ??= this.checks.map((check) =>
      check.requests.map((r) => new Set(whoCan(this.index, { verb: r.verb, group: r.group, resource: r.resource, subresource: r.subresource, name: r.name, namespace: r.namespace }).subjects.map((s) => identityKey(s)))),
    );
    return this.allowedKeys;
  }

  /** The goal's power a user holds directly, if any. */
  terminalOf(user: UserInfo): EscalationPath['terminal'] | undefined {
    const subjects = this.checkSubjects();
    const keys = user.groups.includes(PRIVILEGED_GROUP) ? undefined : userKeys(user);
    for (const [i, check] of this.checks.entries()) {
      if (keys && !(subjects[i] ?? []).every((listed) => keys.some((k) => listed.has(k)))) continue;
      const decisions = check.requests.map((r) => authorize(this.index, { ...r, user } as AccessRequest));
      if (decisions.every((d) => d.allowed)) {
        const d = decisions[0];
        return { action: check.action, ...(d?.source ? { source: d.source } : {}), ...(d?.privileged ? { privileged: true } : {}) };
      }
    }
    return undefined;
  }

  /** The ServiceAccounts of `ns` that lead to the goal, shortest path first. */
  private targetsIn(ns: string, selfKey: string | undefined): [KnownServiceAccount, EscalationPath][] {
    return (this.byNamespace.get(ns) ?? [])
      .filter((sa) => saKey(sa) !== selfKey && this.toTerminal.has(saKey(sa)))
      .map((sa) => [sa, this.toTerminal.get(saKey(sa)) as EscalationPath] as [KnownServiceAccount, EscalationPath])
      .sort(([a, pa], [b, pb]) => pa.steps.length - pb.steps.length || (saKey(a) < saKey(b) ? -1 : 1));
  }

  /** Built once the search is done: what pathsFrom needs to look up only what can apply to a user. */
  private reachIndex(): Reach {
    if (this.reach) return this.reach;
    const targets: Target[] = [];
    const byNamespace = new Map<string, Target[]>();
    const namespacesByKey = new Map<string, string[]>();
    const impersonatedByKey = new Map<string, Target[]>();
    const namespaces = [...new Set([...this.toTerminal.keys()].map((k) => splitKey(k)[0]))].sort();
    for (const ns of namespaces) {
      const local = this.takeovers.local(ns);
      for (const key of local.first.keys()) {
        const list = namespacesByKey.get(key);
        if (list) list.push(ns);
        else namespacesByKey.set(key, [ns]);
      }
      const inNs: Target[] = [];
      for (const [sa, rest] of this.targetsIn(ns, undefined)) {
        const impersonators = new Map<string, Takeover>();
        for (const t of this.takeovers.impersonatorsOf(sa)) if (!impersonators.has(t.key)) impersonators.set(t.key, t);
        const key = saKey(sa);
        const target: Target = { sa, key, rest, token: this.tokenSecrets.has(key), local, impersonators };
        for (const k of impersonators.keys()) {
          const list = impersonatedByKey.get(k);
          if (list) list.push(target);
          else impersonatedByKey.set(k, [target]);
        }
        inNs.push(target);
        targets.push(target);
      }
      byNamespace.set(ns, inNs);
    }
    targets.sort(compareTargets);
    this.reach = { cluster: this.takeovers.clusterWide(), targets, byNamespace, namespacesByKey, impersonatedByKey };
    return this.reach;
  }

  /**
   * The takeover a step into `target` uses for a user with these identity keys: the first
   * that applies in the order the keys come (user name, then groups), and for one key in
   * the order of the namespace's takeover list, impersonation last.
   */
  private takeoverInto(reach: Reach, target: Target, keys: readonly string[]): Takeover | undefined {
    for (const key of keys) {
      const c = reach.cluster.first.get(key);
      const l = target.local.first.get(key);
      const t = target.token ? earlier(c?.any, l?.any) : earlier(c?.nonToken, l?.nonToken);
      if (t) return t;
      const i = target.impersonators.get(key);
      if (i) return i;
    }
    return undefined;
  }

  /** The ServiceAccounts a user with these keys may reach (a superset; in target order when `sorted`). */
  private candidates(reach: Reach, keys: readonly string[]): { readonly targets: Iterable<Target>; readonly sorted: boolean } {
    if (keys.some((k) => reach.cluster.first.has(k))) return { targets: reach.targets, sorted: true };
    const found = new Set<Target>();
    for (const key of keys) {
      for (const ns of reach.namespacesByKey.get(key) ?? []) for (const t of reach.byNamespace.get(ns) ?? []) found.add(t);
      for (const t of reach.impersonatedByKey.get(key) ?? []) found.add(t);
    }
    return { targets: found, sorted: false };
  }

  private pathVia(target: Target, t: Takeover): EscalationPath {
    const step: EscalationStep = { action: actionOf(t, target.sa.namespace), becomes: `ServiceAccount "${target.key}"`, ...(t.source ? { source: t.source } : {}) };
    return { steps: [step, ...target.rest.steps], terminal: target.rest.terminal };
  }

  /** One path per goal-leading ServiceAccount the user can take over (shortest first). */
  pathsFrom(user: UserInfo, selfKey?: string): EscalationPath[] {
    const reach = this.reachIndex();
    const keys = userKeys(user);
    const found: [Target, Takeover][] = [];
    const { targets, sorted } = this.candidates(reach, keys);
    for (const target of targets) {
      if (target.key === selfKey) continue;
      const t = this.takeoverInto(reach, target, keys);
      if (t) found.push([target, t]);
    }
    if (!sorted) found.sort(([a], [b]) => compareTargets(a, b));
    return found.map(([target, t]) => this.pathVia(target, t));
  }

  /** Shortest path from `user` to the goal through other ServiceAccounts (≥ 1 step). */
  pathFrom(user: UserInfo, selfKey?: string): EscalationPath | undefined {
    const reach = this.reachIndex();
    const keys = userKeys(user);
    const { targets, sorted } = this.candidates(reach, keys);
    let best: [Target, Takeover] | undefined;
    for (const target of targets) {
      if (target.key === selfKey || (best && compareTargets(target, best[0]) >= 0)) continue;
      const t = this.takeoverInto(reach, target, keys);
      if (!t) continue;
      best = [target, t];
      if (sorted) break;
    }
    return best && this.pathVia(best[0], best[1]);
  }

  /** ServiceAccounts a subject of a binding stands for (groups expand to their members). */
  private serviceAccountsOf(subject: Takeover['subject']): readonly KnownServiceAccount[] {
    return serviceAccountsNamedBy(subject, this.byNamespace, this.all);
  }

  private solve(): void {
    for (const sa of this.all) {
      const t = this.terminalOf(serviceAccountUser(sa.namespace, sa.name));
      if (t) this.toTerminal.set(saKey(sa), { steps: [], terminal: t });
    }
    // A takeover looked at once has placed all its ServiceAccounts (each is then known, or
    // added in this layer): looking at it again, in another namespace or layer, adds nothing.
    const done = new Set<Takeover>();
    // Backward layers: ServiceAccounts that can take over one already known to lead there.
    let frontier = new Set([...this.toTerminal.keys()].map((k) => splitKey(k)[0]));
    for (let depth = 1; depth < this.maxDepth && frontier.size > 0; depth++) {
      const added = new Map<string, EscalationPath>();
      for (const ns of [...frontier].sort()) {
        const targets = this.targetsIn(ns, undefined);
        const first = targets[0];
        if (!first) continue;
        const consider = (t: Takeover, target: KnownServiceAccount, rest: EscalationPath): void => {
          if (done.has(t)) return;
          done.add(t);
          for (const sa of this.serviceAccountsOf(t.subject)) {
            const key = saKey(sa);
            if (key === saKey(target) || this.toTerminal.has(key) || added.has(key)) continue;
            const step: EscalationStep = { action: actionOf(t, ns), becomes: `ServiceAccount "${saKey(target)}"`, ...(t.source ? { source: t.source } : {}) };
            added.set(key, { steps: [step, ...rest.steps], terminal: rest.terminal });
          }
        };
        for (const t of this.takeovers.takeoversOf(ns)) {
          if (done.has(t)) continue;
          if (!t.tokenOnly) consider(t, first[0], first[1]);
          else for (const [sa, rest] of targets) if (this.tokenSecrets.has(saKey(sa))) consider(t, sa, rest);
        }
        for (const [sa, rest] of targets) for (const t of this.takeovers.impersonatorsOf(sa)) consider(t, sa, rest);
      }
      for (const [k, p] of added) this.toTerminal.set(k, p);
      frontier = new Set([...added.keys()].map((k) => splitKey(k)[0]));
    }
  }
}

/** The identity keys pathsFrom looks up for a user: its name, then its groups. */
function userKeys(user: UserInfo): string[] {
  return [`u:${user.name}`, ...user.groups.map((g) => `g:${g}`)];
}

/** The identity a binding subject names: a user name (ServiceAccounts by their user name) or a group. */
function identityKey(subject: Takeover['subject']): string {
  if (subject.kind === 'Group') return `g:${subject.name}`;
  if (subject.kind === 'ServiceAccount') return `u:system:serviceaccount:${subject.namespace ?? ''}:${subject.name}`;
  return `u:${subject.name}`;
}

function splitKey(key: string): [string, string] {
  const i = key.indexOf('/');
  return [key.slice(0, i), key.slice(i + 1)];
}

/** The known ServiceAccounts a binding subject stands for: itself, its user name, or the members of a ServiceAccount group. */
export function serviceAccountsNamedBy(
  subject: { readonly kind: 'User' | 'Group' | 'ServiceAccount'; readonly name: string; readonly namespace?: string },
  byNamespace: ReadonlyMap<string, readonly KnownServiceAccount[]>,
  all: readonly KnownServiceAccount[],
): readonly KnownServiceAccount[] {
  switch (subject.kind) {
    case 'ServiceAccount':
      return (byNamespace.get(subject.namespace ?? '') ?? []).filter((s) => s.name === subject.name);
    case 'User': {
      const m = /^system:serviceaccount:([^:]+):([^:]+)$/.exec(subject.name);
      return m ? (byNamespace.get(m[1] ?? '') ?? []).filter((s) => s.name === m[2]) : [];
    }
    case 'Group':
      if (subject.name === 'system:serviceaccounts' || subject.name === 'system:authenticated') return all;
      if (subject.name.startsWith('system:serviceaccounts:')) return byNamespace.get(subject.name.slice('system:serviceaccounts:'.length)) ?? [];
      return [];
  }
}

/** Fill `byNamespace` and `all` with the distinct ServiceAccounts, in input order. */
export function indexServiceAccounts(
  serviceAccounts: readonly KnownServiceAccount[],
  byNamespace: Map<string, KnownServiceAccount[]>,
  all: KnownServiceAccount[],
): void {
  for (const sa of serviceAccounts) {
    const list = byNamespace.get(sa.namespace) ?? [];
    if (list.some((s) => s.name === sa.name)) continue;
    list.push(sa);
    byNamespace.set(sa.namespace, list);
    all.push(sa);
  }
}
