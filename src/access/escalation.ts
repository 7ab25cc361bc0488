import { authorize } from '../rbac/authorize.js';
import type { RbacIndex } from '../rbac/index.js';
import type { AccessRequest, ResourceRequest, RuleSource, UserInfo } from '../rbac/types.js';
import { whoCan } from '../rbac/who-can.js';
import { ruleAllows } from '../rbac/match.js';
import { serviceAccountUser } from '../rbac/identity.js';

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

const ALL_SECRETS_CHECKS: readonly { readonly action: string; readonly requests: readonly Omit<ResourceRequest, 'user'>[] }[] = [
  { action: 'read every Secret of the cluster', requests: [{ verb: 'get', group: '', resource: 'secrets', subresource: '', name: '', namespace: '' }] },
  { action: 'list every Secret of the cluster', requests: [{ verb: 'list', group: '', resource: 'secrets', subresource: '', name: '', namespace: '' }] },
];

/** Permissions that amount to cluster-admin, each sufficient alone (or in the pair given). */
const TERMINAL_CHECKS: readonly { readonly action: string; readonly requests: readonly Omit<ResourceRequest, 'user'>[] }[] = [
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

/** Who can take over a namespace's ServiceAccounts, and how (one entry per subject, best probe). */
interface Takeover {
  readonly subject: { readonly kind: 'User' | 'Group' | 'ServiceAccount'; readonly name: string; readonly namespace?: string };
  readonly action: string;
  readonly source?: RuleSource;
  /** Reading Secrets: reaches only ServiceAccounts with a token Secret in the input. */
  readonly tokenOnly: boolean;
}

type Probe = { readonly action: string; readonly verb: string; readonly group: string; readonly resource: string; readonly subresource?: string; readonly tokenOnly: boolean };

const PROBES: readonly Probe[] = [
  ...TAKEOVER_PROBES.map((p) => ({ ...p, tokenOnly: false })),
  ...TOKEN_SECRET_PROBES.map((p) => ({ action: p.action, verb: p.verb, group: '', resource: 'secrets', tokenOnly: true })),
];

/**
 * Finds how identities can become cluster-admin-equivalent (or read every Secret) through
 * other ServiceAccounts: create pods or workloads, exec, or mint tokens in a namespace ⇒ act
 * as any of its ServiceAccounts; read a token Secret ⇒ act as its ServiceAccount;
 * impersonate a ServiceAccount ⇒ be it. The search runs backwards from the ServiceAccounts
 * that hold the power, asking "who can take over this namespace" once per namespace (who-can
 * over its bindings), so the cost grows with bindings, not with identities × namespaces.
 */
export class EscalationFinder {
  private readonly byNamespace = new Map<string, KnownServiceAccount[]>();
  private readonly all: KnownServiceAccount[] = [];
  /** SA key → shortest path from that SA to the goal ([] steps = itself). */
  private readonly toTerminal = new Map<string, EscalationPath>();
  private readonly maxDepth: number;
  private readonly checks: typeof TERMINAL_CHECKS;
  private readonly tokenSecrets: ReadonlySet<string>;
  private readonly clusterPart = new Map<Probe, ReturnType<typeof whoCan>>();
  private readonly takeovers = new Map<string, Takeover[]>();
  private readonly impersonators = new Map<string, Takeover[]>();
  private anyImpersonation: boolean | undefined;
  private reach: Map<string, { readonly sa: KnownServiceAccount; readonly rest: EscalationPath; readonly t: Takeover }[]> | undefined;

  constructor(
    private readonly index: RbacIndex,
    serviceAccounts: readonly KnownServiceAccount[],
    options: { readonly goal?: Goal; readonly tokenSecrets?: ReadonlySet<string>; readonly maxDepth?: number } = {},
  ) {
    this.checks = options.goal === 'all-secrets' ? ALL_SECRETS_CHECKS : TERMINAL_CHECKS;
    this.tokenSecrets = options.tokenSecrets ?? new Set();
    this.maxDepth = options.maxDepth ?? 4;
    for (const sa of serviceAccounts) {
      const list = this.byNamespace.get(sa.namespace) ?? [];
      if (list.some((s) => s.name === sa.name)) continue;
      list.push(sa);
      this.byNamespace.set(sa.namespace, list);
      this.all.push(sa);
    }
    this.solve();
  }

  /** The goal's power a user holds directly, if any. */
  terminalOf(user: UserInfo): EscalationPath['terminal'] | undefined {
    for (const check of this.checks) {
      const decisions = check.requests.map((r) => authorize(this.index, { ...r, user } as AccessRequest));
      if (decisions.every((d) => d.allowed)) {
        const d = decisions[0];
        return { action: check.action, ...(d?.source ? { source: d.source } : {}), ...(d?.privileged ? { privileged: true } : {}) };
      }
    }
    return undefined;
  }

  /** Every subject that can take over namespace `ns`, with its most direct way. */
  private takeoversOf(ns: string): Takeover[] {
    let list = this.takeovers.get(ns);
    if (list) return list;
    const best = new Map<string, Takeover>();
    for (const p of PROBES) {
      const query = { verb: p.verb, group: p.group, resource: p.resource, subresource: p.subresource ?? '', namespace: ns };
      let cluster = this.clusterPart.get(p);
      if (!cluster) {
        cluster = whoCan(this.index, { ...query, namespace: '' });
        this.clusterPart.set(p, cluster);
      }
      const local = whoCan(this.index, query, { roleBindingsOnly: true });
      for (const s of [...cluster.subjects, ...local.subjects]) {
        const key = `${s.kind}:${s.namespace ?? ''}:${s.name}:${p.tokenOnly ? 't' : ''}`;
        if (best.has(key)) continue;
        const source = s.sources[0];
        best.set(key, { subject: { kind: s.kind, name: s.name, ...(s.namespace ? { namespace: s.namespace } : {}) }, action: `${p.action} in namespace "${ns}"`, ...(source ? { source } : {}), tokenOnly: p.tokenOnly });
      }
    }
    list = [...best.values()];
    this.takeovers.set(ns, list);
    return list;
  }

  /**
   * Whether any role could allow impersonating some ServiceAccount: asked once, so the
   * per-account who-can below runs only in clusters that grant impersonation at all.
   */
  private impersonationGranted(): boolean {
    if (this.anyImpersonation === undefined) {
      const roles = [...this.index.listClusterRoles(), ...this.index.namespaces().flatMap((ns) => this.index.listRoles(ns))];
      this.anyImpersonation = roles.some((role) =>
        role.rules.some((rule) => ruleAllows({ verb: 'impersonate', group: '', resource: 'serviceaccounts', subresource: '', name: rule.resourceNames[0] ?? 'any', namespace: '' }, rule)),
      );
    }
    return this.anyImpersonation;
  }

  /** Every subject that can impersonate ServiceAccount `sa`. */
  private impersonatorsOf(sa: KnownServiceAccount): Takeover[] {
    const key = saKey(sa);
    let list = this.impersonators.get(key);
    if (list) return list;
    if (!this.impersonationGranted()) return [];
    const r = whoCan(this.index, { verb: 'impersonate', group: '', resource: 'serviceaccounts', subresource: '', name: sa.name, namespace: sa.namespace });
    list = r.subjects.map((s) => ({
      subject: { kind: s.kind, name: s.name, ...(s.namespace ? { namespace: s.namespace } : {}) },
      action: `impersonate ServiceAccount "${key}"`,
      ...(s.sources[0] ? { source: s.sources[0] } : {}),
      tokenOnly: false,
    }));
    this.impersonators.set(key, list);
    return list;
  }

  /** The ServiceAccounts of `ns` that lead to the goal, shortest path first. */
  private targetsIn(ns: string, selfKey: string | undefined): [KnownServiceAccount, EscalationPath][] {
    return (this.byNamespace.get(ns) ?? [])
      .filter((sa) => saKey(sa) !== selfKey && this.toTerminal.has(saKey(sa)))
      .map((sa) => [sa, this.toTerminal.get(saKey(sa)) as EscalationPath] as [KnownServiceAccount, EscalationPath])
      .sort(([a, pa], [b, pb]) => pa.steps.length - pb.steps.length || (saKey(a) < saKey(b) ? -1 : 1));
  }

  /**
   * Takeover entries by the identity they name (user name, or group), built once the search
   * is done: a subject then looks up only the entries that can apply to it.
   */
  private reachIndex(): Map<string, { readonly sa: KnownServiceAccount; readonly rest: EscalationPath; readonly t: Takeover }[]> {
    if (this.reach) return this.reach;
    const reach = new Map<string, { sa: KnownServiceAccount; rest: EscalationPath; t: Takeover }[]>();
    const add = (t: Takeover, sa: KnownServiceAccount, rest: EscalationPath): void => {
      const key = identityKey(t.subject);
      const list = reach.get(key);
      if (list) list.push({ sa, rest, t });
      else reach.set(key, [{ sa, rest, t }]);
    };
    const namespaces = [...new Set([...this.toTerminal.keys()].map((k) => splitKey(k)[0]))].sort();
    for (const ns of namespaces) {
      const targets = this.targetsIn(ns, undefined);
      for (const t of this.takeoversOf(ns)) {
        for (const [sa, rest] of targets) if (!t.tokenOnly || this.tokenSecrets.has(saKey(sa))) add(t, sa, rest);
      }
      for (const [sa, rest] of targets) for (const t of this.impersonatorsOf(sa)) add(t, sa, rest);
    }
    this.reach = reach;
    return reach;
  }

  /** One path per goal-leading ServiceAccount the user can take over (shortest first). */
  pathsFrom(user: UserInfo, selfKey?: string): EscalationPath[] {
    const reach = this.reachIndex();
    const best = new Map<string, EscalationPath>();
    for (const key of [`u:${user.name}`, ...user.groups.map((g) => `g:${g}`)]) {
      for (const { sa, rest, t } of reach.get(key) ?? []) {
        const target = saKey(sa);
        if (target === selfKey) continue;
        const known = best.get(target);
        if (known && known.steps.length <= rest.steps.length + 1) continue;
        const step: EscalationStep = { action: t.action, becomes: `ServiceAccount "${target}"`, ...(t.source ? { source: t.source } : {}) };
        best.set(target, { steps: [step, ...rest.steps], terminal: rest.terminal });
      }
    }
    return [...best.entries()]
      .sort(([ka, a], [kb, b]) => a.steps.length - b.steps.length || (ka < kb ? -1 : ka > kb ? 1 : 0))
      .map(([, p]) => p);
  }

  /** Shortest path from `user` to the goal through other ServiceAccounts (≥ 1 step). */
  pathFrom(user: UserInfo, selfKey?: string): EscalationPath | undefined {
    return this.pathsFrom(user, selfKey)[0];
  }

  /** ServiceAccounts a subject of a binding stands for (groups expand to their members). */
  private serviceAccountsOf(subject: Takeover['subject']): KnownServiceAccount[] {
    switch (subject.kind) {
      case 'ServiceAccount':
        return (this.byNamespace.get(subject.namespace ?? '') ?? []).filter((s) => s.name === subject.name);
      case 'User': {
        const m = /^system:serviceaccount:([^:]+):([^:]+)$/.exec(subject.name);
        return m ? (this.byNamespace.get(m[1] ?? '') ?? []).filter((s) => s.name === m[2]) : [];
      }
      case 'Group':
        if (subject.name === 'system:serviceaccounts' || subject.name === 'system:authenticated') return this.all;
        if (subject.name.startsWith('system:serviceaccounts:')) return this.byNamespace.get(subject.name.slice('system:serviceaccounts:'.length)) ?? [];
        return [];
    }
  }

  private solve(): void {
    for (const sa of this.all) {
      const t = this.terminalOf(serviceAccountUser(sa.namespace, sa.name));
      if (t) this.toTerminal.set(saKey(sa), { steps: [], terminal: t });
    }
    // Backward layers: ServiceAccounts that can take over one already known to lead there.
    let frontier = new Set([...this.toTerminal.keys()].map((k) => splitKey(k)[0]));
    for (let depth = 1; depth < this.maxDepth && frontier.size > 0; depth++) {
      const added = new Map<string, EscalationPath>();
      for (const ns of [...frontier].sort()) {
        const targets = this.targetsIn(ns, undefined);
        const first = targets[0];
        if (!first) continue;
        const consider = (t: Takeover, target: KnownServiceAccount, rest: EscalationPath): void => {
          for (const sa of this.serviceAccountsOf(t.subject)) {
            const key = saKey(sa);
            if (key === saKey(target) || this.toTerminal.has(key) || added.has(key)) continue;
            const step: EscalationStep = { action: t.action, becomes: `ServiceAccount "${saKey(target)}"`, ...(t.source ? { source: t.source } : {}) };
            added.set(key, { steps: [step, ...rest.steps], terminal: rest.terminal });
          }
        };
        for (const t of this.takeoversOf(ns)) {
          if (!t.tokenOnly) consider(t, first[0], first[1]);
          else for (const [sa, rest] of targets) if (this.tokenSecrets.has(saKey(sa))) consider(t, sa, rest);
        }
        for (const [sa, rest] of targets) for (const t of this.impersonatorsOf(sa)) consider(t, sa, rest);
      }
      for (const [k, p] of added) this.toTerminal.set(k, p);
      frontier = new Set([...added.keys()].map((k) => splitKey(k)[0]));
    }
  }
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
