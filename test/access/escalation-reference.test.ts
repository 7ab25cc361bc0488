// The escalation search against a deliberately naive reference on random small worlds: the
// reference is the straightforward algorithm (a full who-can per namespace and per target
// ServiceAccount, one reach entry per takeover × target, authorize() for every terminal
// check). EscalationFinder shares takeovers between goals, pre-selects bindings, keeps
// cluster-wide takeovers once and filters terminal checks through who-can; it must give
// the very same answers (same paths, order, actions and rule sources).

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ALL_SECRETS_CHECKS,
  EscalationFinder,
  indexServiceAccounts,
  PROBES,
  serviceAccountsNamedBy,
  TERMINAL_CHECKS,
  TakeoverCache,
  type EscalationPath,
  type EscalationStep,
  type Goal,
  type KnownServiceAccount,
} from '../../src/access/escalation.js';
import { authorize } from '../../src/rbac/authorize.js';
import { serviceAccountUser } from '../../src/rbac/identity.js';
import { buildRbacIndex, type RbacIndex, type RbacInput } from '../../src/rbac/index.js';
import { whoCan } from '../../src/rbac/who-can.js';
import type { AccessRequest, Binding, PolicyRule, Role, RuleSource, Subject, UserInfo } from '../../src/rbac/types.js';

// ---------- the reference ----------

interface RefTakeover {
  readonly subject: { readonly kind: 'User' | 'Group' | 'ServiceAccount'; readonly name: string; readonly namespace?: string };
  readonly action: string;
  readonly source?: RuleSource;
  readonly tokenOnly: boolean;
}

const key = (sa: KnownServiceAccount): string => `${sa.namespace}/${sa.name}`;
const nsOf = (k: string): string => k.slice(0, k.indexOf('/'));

function identityKey(subject: RefTakeover['subject']): string {
  if (subject.kind === 'Group') return `g:${subject.name}`;
  if (subject.kind === 'ServiceAccount') return `u:system:serviceaccount:${subject.namespace ?? ''}:${subject.name}`;
  return `u:${subject.name}`;
}

class ReferenceFinder {
  private readonly byNamespace = new Map<string, KnownServiceAccount[]>();
  private readonly all: KnownServiceAccount[] = [];
  private readonly toTerminal = new Map<string, EscalationPath>();
  private readonly checks: typeof TERMINAL_CHECKS;
  private readonly tokenSecrets: ReadonlySet<string>;
  private readonly maxDepth: number;

  constructor(
    private readonly index: RbacIndex,
    serviceAccounts: readonly KnownServiceAccount[],
    options: { goal?: Goal; tokenSecrets?: ReadonlySet<string>; maxDepth?: number },
  ) {
    this.checks = options.goal === 'all-secrets' ? ALL_SECRETS_CHECKS : TERMINAL_CHECKS;
    this.tokenSecrets = options.tokenSecrets ?? new Set();
    this.maxDepth = options.maxDepth ?? 4;
    indexServiceAccounts(serviceAccounts, this.byNamespace, this.all);
    this.solve();
  }

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

  takeoversOf(ns: string): RefTakeover[] {
    const best = new Map<string, RefTakeover>();
    for (const p of PROBES) {
      const query = { verb: p.verb, group: p.group, resource: p.resource, subresource: p.subresource ?? '', namespace: ns };
      const cluster = whoCan(this.index, { ...query, namespace: '' });
      const local = whoCan(this.index, query, { roleBindingsOnly: true });
      for (const s of [...cluster.subjects, ...local.subjects]) {
        const k = `${s.kind}:${s.namespace ?? ''}:${s.name}:${p.tokenOnly ? 't' : ''}`;
        if (best.has(k)) continue;
        const source = s.sources[0];
        best.set(k, { subject: { kind: s.kind, name: s.name, ...(s.namespace ? { namespace: s.namespace } : {}) }, action: `${p.action} in namespace "${ns}"`, ...(source ? { source } : {}), tokenOnly: p.tokenOnly });
      }
    }
    return [...best.values()];
  }

  impersonatorsOf(sa: KnownServiceAccount): RefTakeover[] {
    const r = whoCan(this.index, { verb: 'impersonate', group: '', resource: 'serviceaccounts', subresource: '', name: sa.name, namespace: sa.namespace });
    return r.subjects.map((s) => ({
      subject: { kind: s.kind, name: s.name, ...(s.namespace ? { namespace: s.namespace } : {}) },
      action: `impersonate ServiceAccount "${key(sa)}"`,
      ...(s.sources[0] ? { source: s.sources[0] } : {}),
      tokenOnly: false,
    }));
  }

  targetsIn(ns: string): [KnownServiceAccount, EscalationPath][] {
    return (this.byNamespace.get(ns) ?? [])
      .filter((sa) => this.toTerminal.has(key(sa)))
      .map((sa) => [sa, this.toTerminal.get(key(sa)) as EscalationPath] as [KnownServiceAccount, EscalationPath])
      .sort(([a, pa], [b, pb]) => pa.steps.length - pb.steps.length || (key(a) < key(b) ? -1 : 1));
  }

  pathsFrom(user: UserInfo, selfKey?: string): EscalationPath[] {
    const reach = new Map<string, { sa: KnownServiceAccount; rest: EscalationPath; t: RefTakeover }[]>();
    const add = (t: RefTakeover, sa: KnownServiceAccount, rest: EscalationPath): void => {
      const k = identityKey(t.subject);
      reach.set(k, [...(reach.get(k) ?? []), { sa, rest, t }]);
    };
    for (const ns of [...new Set([...this.toTerminal.keys()].map(nsOf))].sort()) {
      const targets = this.targetsIn(ns);
      for (const t of this.takeoversOf(ns)) for (const [sa, rest] of targets) if (!t.tokenOnly || this.tokenSecrets.has(key(sa))) add(t, sa, rest);
      for (const [sa, rest] of targets) for (const t of this.impersonatorsOf(sa)) add(t, sa, rest);
    }
    const best = new Map<string, EscalationPath>();
    for (const k of [`u:${user.name}`, ...user.groups.map((g) => `g:${g}`)]) {
      for (const { sa, rest, t } of reach.get(k) ?? []) {
        const target = key(sa);
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

  // Unchanged by the optimisation, so shared with the finder rather than copied.
  serviceAccountsOf(subject: RefTakeover['subject']): readonly KnownServiceAccount[] {
    return serviceAccountsNamedBy(subject, this.byNamespace, this.all);
  }

  solve(): void {
    for (const sa of this.all) {
      const t = this.terminalOf(serviceAccountUser(sa.namespace, sa.name));
      if (t) this.toTerminal.set(key(sa), { steps: [], terminal: t });
    }
    let frontier = new Set([...this.toTerminal.keys()].map(nsOf));
    for (let depth = 1; depth < this.maxDepth && frontier.size > 0; depth++) {
      const added = new Map<string, EscalationPath>();
      for (const ns of [...frontier].sort()) {
        const targets = this.targetsIn(ns);
        const first = targets[0];
        if (!first) continue;
        const consider = (t: RefTakeover, target: KnownServiceAccount, rest: EscalationPath): void => {
          for (const sa of this.serviceAccountsOf(t.subject)) {
            const k = key(sa);
            if (k === key(target) || this.toTerminal.has(k) || added.has(k)) continue;
            const step: EscalationStep = { action: t.action, becomes: `ServiceAccount "${key(target)}"`, ...(t.source ? { source: t.source } : {}) };
            added.set(k, { steps: [step, ...rest.steps], terminal: rest.terminal });
          }
        };
        for (const t of this.takeoversOf(ns)) {
          if (!t.tokenOnly) consider(t, first[0], first[1]);
          else for (const [sa, rest] of targets) if (this.tokenSecrets.has(key(sa))) consider(t, sa, rest);
        }
        for (const [sa, rest] of targets) for (const t of this.impersonatorsOf(sa)) consider(t, sa, rest);
      }
      for (const [k, p] of added) this.toTerminal.set(k, p);
      frontier = new Set([...added.keys()].map(nsOf));
    }
  }
}

// ---------- random worlds aimed at the probes and terminal checks ----------

const NAMESPACES = ['ns1', 'ns2', 'ns3'];
const SA_NAMES = ['sa1', 'sa2', 'default'];
const GROUPS = ['devs', 'system:authenticated', 'system:serviceaccounts', 'system:serviceaccounts:ns1', 'system:serviceaccounts:ns2'];
const USERS = ['alice', 'system:serviceaccount:ns1:sa1', 'system:serviceaccount:ns2:sa2', 'system:serviceaccount:ns3:default'];

const someOf = <T>(items: readonly T[], maxLength: number) => fc.uniqueArray(fc.constantFrom(...items), { minLength: 1, maxLength });

// [verbs, apiGroups, resources]: the probes, the terminal checks and some near misses.
const RULE_SHAPES: readonly [string[], string[], string[]][] = [
  [['create'], [''], ['pods']],
  [['create'], ['apps'], ['deployments', 'daemonsets']],
  [['create'], ['batch'], ['jobs', 'cronjobs']],
  [['create'], [''], ['pods/exec']],
  [['create'], [''], ['serviceaccounts/token']],
  [['create'], ['*'], ['*/exec']],
  [['get'], [''], ['secrets']],
  [['list'], [''], ['secrets']],
  [['get', 'list'], [''], ['secrets']],
  [['impersonate'], [''], ['serviceaccounts']],
  [['impersonate'], [''], ['groups']],
  [['*'], ['*'], ['*']],
  [['bind'], ['rbac.authorization.k8s.io'], ['clusterroles']],
  [['create'], ['rbac.authorization.k8s.io'], ['clusterrolebindings']],
  [['escalate', 'update'], ['rbac.authorization.k8s.io'], ['clusterroles']],
  [['create'], [''], ['nodes/proxy']],
  [['get'], [''], ['pods']],
  [['create'], ['*'], ['*']],
];

// Weighted towards the shapes that make paths: full power, create pods, impersonation.
const shapeArb = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...RULE_SHAPES) },
  { weight: 1, arbitrary: fc.constantFrom(RULE_SHAPES[0] as [string[], string[], string[]], RULE_SHAPES[9] as [string[], string[], string[]], RULE_SHAPES[11] as [string[], string[], string[]]) },
);

const ruleArb: fc.Arbitrary<PolicyRule> = fc
  .tuple(shapeArb, fc.oneof({ weight: 3, arbitrary: fc.constant([] as string[]) }, { weight: 1, arbitrary: someOf(['sa1', 'sa2', 'system:masters', 'cluster-admin'], 2) }))
  .map(([[verbs, apiGroups, resources], resourceNames]) => ({ verbs, apiGroups, resources, resourceNames, nonResourceURLs: [] }));

const rulesArb = fc.array(ruleArb, { minLength: 1, maxLength: 3 });

const clusterRoleArb: fc.Arbitrary<Role> = fc.record({ name: fc.constantFrom('cr1', 'cr2', 'cr3', 'cr4'), rules: rulesArb }).map((r) => ({ kind: 'ClusterRole' as const, labels: {}, ...r }));
const roleArb: fc.Arbitrary<Role> = fc
  .record({ namespace: fc.constantFrom(...NAMESPACES), name: fc.constantFrom('r1', 'r2'), rules: rulesArb })
  .map((r) => ({ kind: 'Role' as const, labels: {}, ...r }));

const subjectArb: fc.Arbitrary<Subject> = fc.oneof(
  fc.record({ kind: fc.constant('User' as const), name: fc.constantFrom(...USERS) }),
  fc.record({ kind: fc.constant('Group' as const), name: fc.constantFrom(...GROUPS) }),
  fc.record({ kind: fc.constant('ServiceAccount' as const), name: fc.constantFrom(...SA_NAMES) }),
  fc.record({ kind: fc.constant('ServiceAccount' as const), name: fc.constantFrom(...SA_NAMES), namespace: fc.constantFrom(...NAMESPACES) }),
);
const subjectsArb = fc.array(subjectArb, { minLength: 1, maxLength: 3 });

const crbArb: fc.Arbitrary<Binding> = fc
  .record({ name: fc.constantFrom('b1', 'b2', 'b3', 'b4', 'b5', 'b6'), role: fc.constantFrom('cr1', 'cr2', 'cr3', 'cr4', 'missing'), subjects: subjectsArb })
  .map(({ name, role, subjects }) => ({ kind: 'ClusterRoleBinding' as const, name, roleRef: { kind: 'ClusterRole' as const, name: role }, subjects }));
const rbArb: fc.Arbitrary<Binding> = fc
  .record({
    namespace: fc.constantFrom(...NAMESPACES),
    name: fc.constantFrom('rb1', 'rb2', 'rb3'),
    roleRef: fc.oneof(
      fc.record({ kind: fc.constant('Role' as const), name: fc.constantFrom('r1', 'r2', 'missing') }),
      fc.record({ kind: fc.constant('ClusterRole' as const), name: fc.constantFrom('cr1', 'cr2', 'cr3', 'cr4') }),
    ),
    subjects: subjectsArb,
  })
  .map((b) => ({ kind: 'RoleBinding' as const, ...b }));

// Every world has a powerful ClusterRole bound to some ServiceAccounts (or groups), so that
// there is something to escalate to; the random bindings may add, repeat or shadow it.
const powerArb: fc.Arbitrary<[Role, Binding]> = fc
  .tuple(
    fc.uniqueArray(fc.constantFrom(RULE_SHAPES[11], RULE_SHAPES[10], RULE_SHAPES[8], RULE_SHAPES[6], RULE_SHAPES[15]), { minLength: 1, maxLength: 2 }),
    fc.array(fc.oneof({ weight: 4, arbitrary: subjectArb.filter((x) => x.kind === 'ServiceAccount' && x.namespace !== undefined) }, { weight: 1, arbitrary: subjectArb }), { minLength: 1, maxLength: 2 }),
  )
  .map(([shapes, subjects]) => [
    { kind: 'ClusterRole', name: 'power', labels: {}, rules: shapes.map((shape) => ({ verbs: shape?.[0] ?? [], apiGroups: shape?.[1] ?? [], resources: shape?.[2] ?? [], resourceNames: [], nonResourceURLs: [] })) },
    { kind: 'ClusterRoleBinding', name: 'b3', roleRef: { kind: 'ClusterRole', name: 'power' }, subjects },
  ]);

const worldArb: fc.Arbitrary<RbacInput> = fc
  .record({
    power: powerArb,
    roles: fc.array(roleArb, { maxLength: 5 }),
    clusterRoles: fc.array(clusterRoleArb, { minLength: 1, maxLength: 5 }),
    roleBindings: fc.array(rbArb, { maxLength: 8 }),
    clusterRoleBindings: fc.array(crbArb, { maxLength: 6 }),
  })
  .map(({ power: [role, binding], ...w }) => ({ ...w, clusterRoles: [role, ...w.clusterRoles], clusterRoleBindings: [binding, ...w.clusterRoleBindings] }));

const allServiceAccounts: KnownServiceAccount[] = NAMESPACES.flatMap((namespace) => SA_NAMES.map((name) => ({ namespace, name })));

const scenarioArb = fc.record({
  world: worldArb,
  serviceAccounts: fc.subarray(allServiceAccounts, { minLength: 3 }),
  tokenSecrets: fc.subarray(allServiceAccounts.map(key)),
  maxDepth: fc.constantFrom(1, 2, 4, 6),
});

/** Users to ask about: every ServiceAccount, listed users, group members, system:masters. */
const USERS_TO_ASK: readonly [UserInfo, string | undefined][] = [
  ...allServiceAccounts.map((sa): [UserInfo, string | undefined] => [serviceAccountUser(sa.namespace, sa.name), key(sa)]),
  ...allServiceAccounts.map((sa): [UserInfo, string | undefined] => [serviceAccountUser(sa.namespace, sa.name), undefined]),
  ...USERS.map((name): [UserInfo, string | undefined] => [{ name, groups: [] }, undefined]),
  ...GROUPS.map((g): [UserInfo, string | undefined] => [{ name: 'member', groups: [g] }, undefined]),
  [{ name: 'alice', groups: ['devs', 'system:authenticated'] }, undefined],
  [{ name: 'root', groups: ['system:masters'] }, undefined],
];

/** Answers as text: rule sources by binding and role identity, keys in their order. */
function render(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => {
    if (v !== null && typeof v === 'object' && 'kind' in v && 'name' in v && ('rules' in v || 'roleRef' in v)) {
      const o = v as { kind: string; namespace?: string; name: string };
      return `${o.kind}:${o.namespace ?? '-'}:${o.name}`;
    }
    return v;
  });
}

function answers(finder: Pick<EscalationFinder, 'terminalOf' | 'pathsFrom' | 'pathFrom'>): string[] {
  return USERS_TO_ASK.map(([user, self]) => render([finder.terminalOf(user), finder.pathsFrom(user, self), finder.pathFrom(user, self) ?? null]));
}

const refPathFrom = (ref: ReferenceFinder) => ({
  terminalOf: (u: UserInfo) => ref.terminalOf(u),
  pathsFrom: (u: UserInfo, self?: string) => ref.pathsFrom(u, self),
  pathFrom: (u: UserInfo, self?: string) => ref.pathsFrom(u, self)[0],
});

describe('EscalationFinder equals the naive reference', () => {
  it('on random worlds, for both goals, with and without a shared TakeoverCache', () => {
    let withPaths = 0;
    let withLongPaths = 0;
    fc.assert(
      fc.property(scenarioArb, fc.boolean(), ({ world, serviceAccounts, tokenSecrets, maxDepth }, secretsFirst) => {
        const index = buildRbacIndex(world);
        const options = { tokenSecrets: new Set(tokenSecrets), maxDepth };
        const shared = new TakeoverCache(index);
        const goals: Goal[] = secretsFirst ? ['all-secrets', 'cluster-admin'] : ['cluster-admin', 'all-secrets'];
        for (const goal of goals) {
          const reference = new ReferenceFinder(index, serviceAccounts, { ...options, goal });
          const expected = answers(refPathFrom(reference));
          expect(answers(new EscalationFinder(index, serviceAccounts, { ...options, goal }))).toEqual(expected);
          expect(answers(new EscalationFinder(index, serviceAccounts, { ...options, goal, takeovers: shared }))).toEqual(expected);
          const lengths = USERS_TO_ASK.flatMap(([user, self]) => reference.pathsFrom(user, self).map((p) => p.steps.length));
          if (lengths.length > 0) withPaths++;
          if (lengths.some((n) => n >= 2)) withLongPaths++;
        }
      }),
      { numRuns: 400 },
    );
    // The comparison is not vacuous: many worlds have escalation paths, some of several steps.
    expect(withPaths).toBeGreaterThan(100);
    expect(withLongPaths).toBeGreaterThan(20);
  });

  it('cites the cluster-wide grant when a namespace grants the same subject the same way', () => {
    const clusterRole = (name: string, rules: PolicyRule[]): Role => ({ kind: 'ClusterRole', name, labels: {}, rules });
    const rule = (verbs: string[], resources: string[]): PolicyRule => ({ verbs, apiGroups: ['*'], resources, resourceNames: [], nonResourceURLs: [] });
    const sa = (namespace: string, name: string): Subject => ({ kind: 'ServiceAccount', namespace, name });
    const index = buildRbacIndex({
      clusterRoles: [clusterRole('all', [rule(['*'], ['*'])]), clusterRole('pods', [rule(['create'], ['pods'])])],
      roles: [],
      clusterRoleBindings: [
        { kind: 'ClusterRoleBinding', name: 'a-admin', roleRef: { kind: 'ClusterRole', name: 'all' }, subjects: [sa('ns1', 'admin')] },
        { kind: 'ClusterRoleBinding', name: 'b-pods', roleRef: { kind: 'ClusterRole', name: 'pods' }, subjects: [sa('ns2', 'ci')] },
      ],
      roleBindings: [
        { kind: 'RoleBinding', namespace: 'ns1', name: 'pods-here', roleRef: { kind: 'ClusterRole', name: 'pods' }, subjects: [sa('ns2', 'ci')] },
        { kind: 'RoleBinding', namespace: 'ns2', name: 'alice-pods', roleRef: { kind: 'ClusterRole', name: 'pods' }, subjects: [{ kind: 'User', name: 'alice' }] },
      ],
    });
    const serviceAccounts = [
      { namespace: 'ns1', name: 'admin' },
      { namespace: 'ns2', name: 'ci' },
    ];
    const finder = new EscalationFinder(index, serviceAccounts);
    const path = finder.pathFrom(serviceAccountUser('ns2', 'ci'), 'ns2/ci');
    expect(path?.steps.map((s) => [s.action, s.becomes, s.source?.binding.name])).toEqual([['create pods in namespace "ns1"', 'ServiceAccount "ns1/admin"', 'b-pods']]);
    // The same step as the second of a longer path (found by the backward search).
    const longer = finder.pathFrom({ name: 'alice', groups: [] });
    expect(longer?.steps.map((s) => [s.action, s.becomes, s.source?.binding.name])).toEqual([
      ['create pods in namespace "ns2"', 'ServiceAccount "ns2/ci"', 'alice-pods'],
      ['create pods in namespace "ns1"', 'ServiceAccount "ns1/admin"', 'b-pods'],
    ]);
    expect(answers(finder)).toEqual(answers(refPathFrom(new ReferenceFinder(index, serviceAccounts, {}))));
  });

  it('cites the first of several subjects that name the same identity', () => {
    const rule = (verbs: string[], resources: string[]): PolicyRule => ({ verbs, apiGroups: [''], resources, resourceNames: [], nonResourceURLs: [] });
    const index = buildRbacIndex({
      clusterRoles: [
        { kind: 'ClusterRole', name: 'all', labels: {}, rules: [{ ...rule(['*'], ['*']), apiGroups: ['*'] }] },
        { kind: 'ClusterRole', name: 'impersonate', labels: {}, rules: [rule(['impersonate'], ['serviceaccounts'])] },
        { kind: 'ClusterRole', name: 'tokens', labels: {}, rules: [rule(['get'], ['secrets'])] },
      ],
      roles: [],
      clusterRoleBindings: [
        { kind: 'ClusterRoleBinding', name: 'admin', roleRef: { kind: 'ClusterRole', name: 'all' }, subjects: [{ kind: 'ServiceAccount', namespace: 'ns1', name: 'admin' }] },
        {
          kind: 'ClusterRoleBinding',
          name: 'imp',
          roleRef: { kind: 'ClusterRole', name: 'impersonate' },
          subjects: [
            { kind: 'User', name: 'system:serviceaccount:ns2:ci' },
            { kind: 'ServiceAccount', namespace: 'ns2', name: 'ci' },
          ],
        },
      ],
      roleBindings: [
        { kind: 'RoleBinding', namespace: 'ns1', name: 'tokens', roleRef: { kind: 'ClusterRole', name: 'tokens' }, subjects: [{ kind: 'Group', name: 'devs' }] },
      ],
    });
    const serviceAccounts = [
      { namespace: 'ns1', name: 'admin' },
      { namespace: 'ns2', name: 'ci' },
    ];
    for (const tokenSecrets of [new Set<string>(), new Set(['ns1/admin'])]) {
      const finder = new EscalationFinder(index, serviceAccounts, { tokenSecrets });
      const step = finder.pathFrom(serviceAccountUser('ns2', 'ci'))?.steps[0];
      expect([step?.action, step?.source?.binding.name, step?.source?.subjectIndex]).toEqual(['impersonate ServiceAccount "ns1/admin"', 'imp', 0]);
      const dev = finder.pathFrom({ name: 'dev', groups: ['devs'] })?.steps[0];
      expect(dev?.action).toBe(tokenSecrets.size > 0 ? 'read its token Secret in namespace "ns1"' : undefined);
      expect(answers(finder)).toEqual(answers(refPathFrom(new ReferenceFinder(index, serviceAccounts, { tokenSecrets }))));
    }
  });

  it('refuses a TakeoverCache of another index', () => {
    const a = buildRbacIndex({ roles: [], clusterRoles: [], roleBindings: [], clusterRoleBindings: [] });
    const b = buildRbacIndex({ roles: [], clusterRoles: [], roleBindings: [], clusterRoleBindings: [] });
    expect(() => new EscalationFinder(a, [], { takeovers: new TakeoverCache(b) })).toThrow(/another RbacIndex/);
  });
});
