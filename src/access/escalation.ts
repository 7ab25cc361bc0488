import { authorize } from '../rbac/authorize.js';
import type { RbacIndex } from '../rbac/index.js';
import type { AccessRequest, ResourceRequest, RuleSource, UserInfo } from '../rbac/types.js';
import { rulesFor } from '../rbac/resolve.js';
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

/**
 * Finds how identities can become cluster-admin-equivalent through other ServiceAccounts:
 * create pods (or workloads, exec, tokens, token Secrets) in a namespace ⇒ act as any of its
 * ServiceAccounts; impersonate a ServiceAccount ⇒ be it. Search runs backwards from the
 * terminal ServiceAccounts so that only namespaces that matter are ever asked about.
 */
export class EscalationFinder {
  private readonly byNamespace = new Map<string, KnownServiceAccount[]>();
  /** SA key → shortest path from that SA to cluster-admin power ([] steps = itself). */
  private readonly toTerminal = new Map<string, EscalationPath>();
  private readonly maxDepth: number;

  private readonly checks: typeof TERMINAL_CHECKS;
  private readonly tokenSecrets: ReadonlySet<string>;

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
      if (!list.some((s) => s.name === sa.name)) list.push(sa);
      this.byNamespace.set(sa.namespace, list);
    }
    this.solve();
  }

  /** The cluster-admin-equivalent power a user holds directly, if any. */
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

  /** How `user` can act as every ServiceAccount of a namespace, if it can. */
  namespaceTakeover(user: UserInfo, namespace: string): { action: string; source?: RuleSource } | undefined {
    for (const p of TAKEOVER_PROBES) {
      const d = authorize(this.index, { user, verb: p.verb, group: p.group, resource: p.resource, subresource: p.subresource ?? '', name: '', namespace });
      if (d.allowed) return { action: `${p.action} in namespace "${namespace}"`, ...(d.source ? { source: d.source } : {}) };
    }
    return undefined;
  }

  /**
   * One path per ServiceAccount the user can take over that leads to the goal (shortest
   * first): the `--paths` view. The first element equals pathFrom().
   */
  pathsFrom(user: UserInfo, selfKey?: string): EscalationPath[] {
    const out: EscalationPath[] = [];
    for (const [key, rest] of this.toTerminal) {
      if (key === selfKey) continue;
      const [ns, name] = splitKey(key);
      const take = this.namespaceTakeover(user, ns);
      let step: EscalationStep | undefined = take ? { action: take.action, becomes: `ServiceAccount "${key}"`, ...(take.source ? { source: take.source } : {}) } : undefined;
      if (!step && this.mayImpersonate(user, ns)) {
        const d = authorize(this.index, { user, verb: 'impersonate', group: '', resource: 'serviceaccounts', subresource: '', name, namespace: ns });
        if (d.allowed) step = { action: `impersonate ServiceAccount "${key}"`, becomes: `ServiceAccount "${key}"`, ...(d.source ? { source: d.source } : {}) };
      }
      if (step) out.push({ steps: [step, ...rest.steps], terminal: rest.terminal });
    }
    return out.sort((a, b) => a.steps.length - b.steps.length);
  }

  /** Shortest path from `user` to cluster-admin power through other ServiceAccounts (≥ 1 step). */
  pathFrom(user: UserInfo, selfKey?: string): EscalationPath | undefined {
    let best: EscalationPath | undefined;
    const namespaces = [...new Set([...this.toTerminal.keys()].map((k) => splitKey(k)[0]))].sort();
    for (const ns of namespaces) {
      const targets = [...this.toTerminal.entries()]
        .filter(([k]) => k !== selfKey && splitKey(k)[0] === ns)
        .sort(([ka, a], [kb, b]) => a.steps.length - b.steps.length || (ka < kb ? -1 : 1));
      const first = targets[0];
      if (!first || (best && first[1].steps.length + 1 >= best.steps.length)) continue;
      const take = this.namespaceTakeover(user, ns);
      if (take) {
        const step: EscalationStep = { action: take.action, becomes: `ServiceAccount "${first[0]}"`, ...(take.source ? { source: take.source } : {}) };
        best = { steps: [step, ...first[1].steps], terminal: first[1].terminal };
        continue;
      }
      for (const [key, rest] of targets) {
        if (!this.tokenSecrets.has(key) || (best && rest.steps.length + 1 >= best.steps.length)) continue;
        for (const p of TOKEN_SECRET_PROBES) {
          const d = authorize(this.index, { user, verb: p.verb, group: '', resource: 'secrets', subresource: '', name: '', namespace: ns });
          if (!d.allowed) continue;
          const step: EscalationStep = { action: `${p.action} in namespace "${ns}"`, becomes: `ServiceAccount "${key}"`, ...(d.source ? { source: d.source } : {}) };
          best = { steps: [step, ...rest.steps], terminal: rest.terminal };
          break;
        }
      }
      // Impersonation is per name; ask only when some rule of the user can impersonate at all.
      if (!this.mayImpersonate(user, ns)) continue;
      for (const [key, rest] of targets) {
        if (best && rest.steps.length + 1 >= best.steps.length) break;
        const name = splitKey(key)[1];
        const d = authorize(this.index, { user, verb: 'impersonate', group: '', resource: 'serviceaccounts', subresource: '', name, namespace: ns });
        if (!d.allowed) continue;
        const step: EscalationStep = { action: `impersonate ServiceAccount "${key}"`, becomes: `ServiceAccount "${key}"`, ...(d.source ? { source: d.source } : {}) };
        best = { steps: [step, ...rest.steps], terminal: rest.terminal };
      }
    }
    return best;
  }

  private mayImpersonate(user: UserInfo, namespace: string): boolean {
    return rulesFor(this.index, user, namespace).rules.some(({ rule }) => rule.verbs.includes('impersonate') || rule.verbs.includes('*'));
  }

  private solve(): void {
    const all = [...this.byNamespace.values()].flat();
    for (const sa of all) {
      const t = this.terminalOf(serviceAccountUser(sa.namespace, sa.name));
      if (t) this.toTerminal.set(saKey(sa), { steps: [], terminal: t });
    }
    // Backward layers: an SA that can take over an SA already known to lead to the goal.
    for (let depth = 1; depth < this.maxDepth; depth++) {
      const added: [string, EscalationPath][] = [];
      for (const sa of all) {
        const key = saKey(sa);
        if (this.toTerminal.has(key)) continue;
        const path = this.pathFrom(serviceAccountUser(sa.namespace, sa.name), key);
        if (path) added.push([key, path]);
      }
      if (added.length === 0) break;
      for (const [k, p] of added) this.toTerminal.set(k, p);
    }
  }
}

function splitKey(key: string): [string, string] {
  const i = key.indexOf('/');
  return [key.slice(0, i), key.slice(i + 1)];
}
