// Property tests on random small worlds: the indexed authorizer, rulesFor, whoCan, a
// naive full-scan reference and the aggregation fixed point must all tell the same story.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aggregateClusterRoles, ruleKey } from '../../src/rbac/aggregate.js';
import { authorize } from '../../src/rbac/authorize.js';
import { covers } from '../../src/rbac/covers.js';
import { describeRuleSource } from '../../src/rbac/describe.js';
import { aggregateErrors } from '../../src/rbac/errors.js';
import { buildRbacIndex, type RbacIndex, type RbacInput } from '../../src/rbac/index.js';
import { ruleAllows, rulesAllow } from '../../src/rbac/match.js';
import { appliesTo, resolveRoleRef, rulesFor } from '../../src/rbac/resolve.js';
import { labelSelectorMatches } from '../../src/rbac/selector.js';
import { whoCan, type WhoCanQuery } from '../../src/rbac/who-can.js';
import type {
  AccessRequest,
  Binding,
  Decision,
  PolicyRule,
  Role,
  Subject,
  UserInfo,
} from '../../src/rbac/types.js';

// ---------- generators: tiny pools so that names collide often ----------

const NAMESPACES = ['ns1', 'ns2'];
const USERS = ['alice', 'bob', 'system:serviceaccount:ns1:sa1', 'system:serviceaccount:ns2:sa1', 'system:serviceaccount:ns1:sa2'];
const GROUPS = ['devs', 'ops', 'system:authenticated', 'system:serviceaccounts:ns1'];
const CLUSTER_ROLE_NAMES = ['cr1', 'cr2', 'cr3'];
const ROLE_NAMES = ['r1', 'r2'];

const subset = <T>(items: readonly T[], maxLength = items.length) =>
  fc.uniqueArray(fc.constantFrom(...items), { maxLength });

// Mostly rules that can match the generated requests, some URL rules, a few odd mixes.
const someOf = <T>(items: readonly T[], maxLength: number) =>
  fc.uniqueArray(fc.constantFrom(...items), { minLength: 1, maxLength });

const resourceRule: fc.Arbitrary<PolicyRule> = fc.record({
  verbs: someOf(['get', 'list', 'delete', '*'], 3),
  apiGroups: fc.oneof(fc.constant(['']), someOf(['', 'apps', '*'], 2)),
  resources: someOf(['pods', 'pods/log', 'deployments', '*', '*/log', 'pods/*'], 3),
  resourceNames: fc.oneof({ weight: 4, arbitrary: fc.constant([]) }, { weight: 1, arbitrary: someOf(['a', 'b'], 1) }),
  nonResourceURLs: fc.constant([]),
});

const urlRule: fc.Arbitrary<PolicyRule> = fc.record({
  verbs: someOf(['get', 'post', '*'], 2),
  apiGroups: fc.constant([]),
  resources: fc.constant([]),
  resourceNames: fc.constant([]),
  nonResourceURLs: someOf(['/healthz', '/api', '/api/*', '*'], 2),
});

const mixedRule: fc.Arbitrary<PolicyRule> = fc.record({
  verbs: subset(['get', 'list', 'delete', '*'], 2),
  apiGroups: subset(['', 'apps', '*'], 2),
  resources: subset(['pods', 'pods/log', 'deployments', '*', '*/log', 'pods/*'], 2),
  resourceNames: subset(['a', 'b'], 1),
  nonResourceURLs: subset(['/healthz', '/api', '/api/*', '*'], 1),
});

const policyRule: fc.Arbitrary<PolicyRule> = fc.oneof(
  { weight: 6, arbitrary: resourceRule },
  { weight: 2, arbitrary: urlRule },
  { weight: 1, arbitrary: mixedRule },
);

const labels = fc.dictionary(fc.constantFrom('tier', 'agg'), fc.constantFrom('x', 'y'), { maxKeys: 2 });

// About one ClusterRole in four aggregates.
const aggregationRule = fc.oneof(
  { weight: 3, arbitrary: fc.constant(undefined) },
  {
    weight: 1,
    arbitrary: fc.record({
    clusterRoleSelectors: fc.array(
      fc.oneof(
        fc.record({ matchLabels: labels }),
        fc.record({
          matchExpressions: fc.array(
            fc.record({
              key: fc.constantFrom('tier', 'agg'),
              operator: fc.constantFrom('In' as const, 'NotIn' as const),
              values: fc.uniqueArray(fc.constantFrom('x', 'y'), { minLength: 1, maxLength: 2 }),
            }),
            { maxLength: 1 },
          ),
        }),
      ),
      { maxLength: 2 },
    ),
    }),
  },
);

const clusterRoleArb: fc.Arbitrary<Role> = fc
  .record({
    name: fc.constantFrom(...CLUSTER_ROLE_NAMES),
    labels,
    rules: fc.array(policyRule, { minLength: 1, maxLength: 3 }),
    aggregationRule,
  })
  .map(({ aggregationRule: agg, ...rest }) => ({
    kind: 'ClusterRole' as const,
    ...rest,
    ...(agg === undefined ? {} : { aggregationRule: agg }),
  }));

const roleArb: fc.Arbitrary<Role> = fc.record({
  kind: fc.constant('Role' as const),
  namespace: fc.constantFrom(...NAMESPACES),
  name: fc.constantFrom(...ROLE_NAMES),
  labels: fc.constant({}),
  rules: fc.array(policyRule, { minLength: 1, maxLength: 3 }),
});

const subjectArb: fc.Arbitrary<Subject> = fc.oneof(
  fc.record({ kind: fc.constant('User' as const), name: fc.constantFrom(...USERS) }),
  fc.record({ kind: fc.constant('Group' as const), name: fc.constantFrom(...GROUPS) }),
  fc.record({ kind: fc.constant('ServiceAccount' as const), name: fc.constantFrom('sa1', 'sa2') }),
  fc.record({
    kind: fc.constant('ServiceAccount' as const),
    name: fc.constantFrom('sa1', 'sa2'),
    namespace: fc.constantFrom(...NAMESPACES),
  }),
);

const clusterRoleBindingArb: fc.Arbitrary<Binding> = fc.record({
  kind: fc.constant('ClusterRoleBinding' as const),
  name: fc.constantFrom('b1', 'b2', 'b3', 'b4'),
  roleRef: fc.record({
    kind: fc.constant('ClusterRole' as const),
    name: fc.constantFrom(...CLUSTER_ROLE_NAMES, ...CLUSTER_ROLE_NAMES, 'missing'),
  }),
  subjects: fc.array(subjectArb, { minLength: 1, maxLength: 3 }),
});

const roleBindingArb: fc.Arbitrary<Binding> = fc.record({
  kind: fc.constant('RoleBinding' as const),
  namespace: fc.constantFrom(...NAMESPACES),
  name: fc.constantFrom('rb1', 'rb2', 'rb3'),
  roleRef: fc.oneof(
    fc.record({ kind: fc.constant('Role' as const), name: fc.constantFrom(...ROLE_NAMES, ...ROLE_NAMES, 'missing') }),
    fc.record({ kind: fc.constant('ClusterRole' as const), name: fc.constantFrom(...CLUSTER_ROLE_NAMES) }),
  ),
  subjects: fc.array(subjectArb, { minLength: 1, maxLength: 3 }),
});

const worldArb: fc.Arbitrary<RbacInput> = fc.record({
  roles: fc.array(roleArb, { maxLength: 5 }),
  clusterRoles: fc.array(clusterRoleArb, { minLength: 2, maxLength: 6 }),
  roleBindings: fc.array(roleBindingArb, { maxLength: 6 }),
  clusterRoleBindings: fc.array(clusterRoleBindingArb, { maxLength: 4 }),
});

const userArb: fc.Arbitrary<UserInfo> = fc.record({
  name: fc.constantFrom(...USERS, 'system:masters'),
  groups: fc.oneof(
    { weight: 6, arbitrary: subset(GROUPS, 3) },
    { weight: 1, arbitrary: subset([...GROUPS, 'system:masters'], 3) },
  ),
});

const resourceQueryArb = fc.record({
  verb: fc.constantFrom('get', 'get', 'list', 'delete', '*'),
  group: fc.constantFrom('', '', 'apps'),
  resource: fc.constantFrom('pods', 'pods', 'deployments', '*'),
  subresource: fc.constantFrom('', '', '', 'log', 'status', '*'),
  name: fc.constantFrom('', '', 'a', 'c'),
  namespace: fc.constantFrom('', ...NAMESPACES, ...NAMESPACES),
});
const nonResourceQueryArb = fc.record({
  verb: fc.constantFrom('get', 'post', '*'),
  path: fc.constantFrom('/healthz', '/api', '/api/v1', '/apis'),
});
const queryArb: fc.Arbitrary<WhoCanQuery> = fc.oneof(
  { weight: 3, arbitrary: resourceQueryArb },
  { weight: 1, arbitrary: nonResourceQueryArb },
);

function requestFor(user: UserInfo, q: WhoCanQuery): AccessRequest {
  if ('path' in q) return { user, verb: q.verb, path: q.path };
  return {
    user,
    verb: q.verb,
    group: q.group,
    resource: q.resource,
    subresource: q.subresource ?? '',
    name: q.name ?? '',
    namespace: q.namespace,
  };
}

const namespaceOf = (q: WhoCanQuery): string => ('path' in q ? '' : q.namespace);

// Half of the scenarios aim at a binding of the world: a user its subject stands for and a
// request one of its role's declared rules allows. Without this, random requests are
// mostly denied and the equivalences above would hold vacuously.
function aimedQuery(rule: PolicyRule, namespace: string, k: number): WhoCanQuery | undefined {
  const pick = <T>(items: readonly T[]): T | undefined => items[k % Math.max(items.length, 1)];
  const verb = pick(rule.verbs);
  if (verb === undefined) return undefined;
  if (rule.nonResourceURLs.length > 0 && (rule.resources.length === 0 || k % 2 === 0)) {
    const url = pick(rule.nonResourceURLs) ?? '/';
    return { verb, path: url === '*' ? '/healthz' : url.endsWith('*') ? `${url.replace(/\*+$/, '')}x` : url };
  }
  const group = pick(rule.apiGroups);
  const resource = pick(rule.resources);
  if (group === undefined || resource === undefined) return undefined;
  const [res = '', sub = ''] = resource.split('/');
  return {
    verb,
    group: group === '*' ? 'apps' : group,
    resource: res === '*' ? 'pods' : res,
    subresource: sub,
    name: pick(rule.resourceNames) ?? '',
    namespace,
  };
}

function userStandingFor(subject: Subject, bindingNamespace: string, fallback: UserInfo): UserInfo {
  switch (subject.kind) {
    case 'User':
      return { name: subject.name, groups: [] };
    case 'Group':
      return { name: 'member', groups: [subject.name] };
    case 'ServiceAccount': {
      const ns = subject.namespace || bindingNamespace;
      return ns === '' ? fallback : { name: `system:serviceaccount:${ns}:${subject.name}`, groups: [] };
    }
  }
}

const scenarioArb: fc.Arbitrary<[RbacInput, UserInfo, WhoCanQuery]> = worldArb.chain((world) => {
  const random = fc.tuple(fc.constant(world), userArb, queryArb);
  const bindings = [...world.clusterRoleBindings, ...world.roleBindings];
  if (bindings.length === 0) return random;
  const aimed = fc
    .tuple(fc.constantFrom(...bindings), fc.nat(20), fc.constantFrom(...NAMESPACES), userArb, queryArb)
    .map(([binding, k, someNamespace, fallbackUser, fallbackQuery]): [RbacInput, UserInfo, WhoCanQuery] => {
      const bindingNamespace = binding.namespace ?? '';
      const subject = binding.subjects[k % Math.max(binding.subjects.length, 1)];
      const user = subject === undefined ? fallbackUser : userStandingFor(subject, bindingNamespace, fallbackUser);
      const pool = binding.roleRef.kind === 'Role'
        ? world.roles.filter((r) => r.namespace === bindingNamespace && r.name === binding.roleRef.name)
        : world.clusterRoles.filter((r) => r.name === binding.roleRef.name);
      const rules = pool[pool.length - 1]?.rules ?? [];
      const rule = rules[k % Math.max(rules.length, 1)];
      const query = rule === undefined ? undefined : aimedQuery(rule, bindingNamespace || someNamespace, k);
      return [world, user, query ?? fallbackQuery];
    });
  return fc.oneof(random, aimed);
});

// ---------- a deliberately naive reference authorizer: scan every binding ----------

function referenceAuthorize(index: RbacIndex, request: AccessRequest): Decision {
  if (request.user.groups.includes('system:masters')) {
    return { allowed: true, reason: '', privileged: true, resolutionErrors: [] };
  }
  const namespace = 'path' in request ? '' : request.namespace;
  const scopes: [readonly Binding[], string][] = [[index.listClusterRoleBindings(), '']];
  if (namespace !== '') scopes.push([index.listRoleBindings(namespace), namespace]);
  const errors: string[] = [];
  for (const [bindings, bindingNamespace] of scopes) {
    for (const binding of bindings) {
      const subjectIndex = appliesTo(request.user, binding.subjects, bindingNamespace);
      if (subjectIndex < 0) continue;
      const resolved = resolveRoleRef(index, binding.roleRef, bindingNamespace);
      if ('error' in resolved) {
        errors.push(resolved.error);
        continue;
      }
      const ruleIndex = resolved.role.rules.findIndex((r) => ruleAllows(request, r));
      if (ruleIndex >= 0) {
        const reason = describeRuleSource({
          binding,
          role: resolved.role,
          ruleIndex,
          rule: resolved.role.rules[ruleIndex] as PolicyRule,
          ruleOwner: resolved.role,
          ruleOwnerIndex: ruleIndex,
          subjectIndex,
        });
        return { allowed: true, reason: `RBAC: allowed by ${reason}`, resolutionErrors: errors };
      }
    }
  }
  return { allowed: false, reason: errors.length > 0 ? `RBAC: ${aggregateErrors(errors)}` : '', resolutionErrors: errors };
}

const RUNS = { numRuns: 300 };

describe('authorizer properties on random worlds', () => {
  it('the indexed authorizer gives the same decision, reason and errors as a full scan', () => {
    fc.assert(
      fc.property(scenarioArb, ([world, user, query]) => {
        const index = buildRbacIndex(world);
        const request = requestFor(user, query);
        const actual = authorize(index, request);
        const expected = referenceAuthorize(index, request);
        expect(actual.allowed).toBe(expected.allowed);
        expect(actual.reason).toBe(expected.reason);
        expect(actual.resolutionErrors).toEqual(expected.resolutionErrors);
      }),
      RUNS,
    );
  });

  it('allowed ⇔ system:masters or some rule from rulesFor allows the request', () => {
    fc.assert(
      fc.property(scenarioArb, ([world, user, query]) => {
        const index = buildRbacIndex(world);
        const request = requestFor(user, query);
        const decision = authorize(index, request);
        const { rules, errors } = rulesFor(index, user, namespaceOf(query));
        const viaRules = rulesAllow(request, rules.map((r) => r.rule));
        expect(decision.allowed).toBe(user.groups.includes('system:masters') || viaRules);
        if (!decision.allowed) {
          expect(decision.resolutionErrors).toEqual(errors);
          expect(decision.reason).toBe(errors.length === 0 ? '' : `RBAC: ${aggregateErrors(errors)}`);
        }
        if (decision.source !== undefined) {
          expect(ruleAllows(request, decision.source.rule)).toBe(true);
          expect(rules.map((r) => r.source)).toContainEqual(decision.source);
        }
      }),
      RUNS,
    );
  });

  it('allowed ⇔ system:masters or the user matches a subject whoCan returns', () => {
    fc.assert(
      fc.property(scenarioArb, ([world, user, query]) => {
        const index = buildRbacIndex(world);
        const decision = authorize(index, requestFor(user, query));
        const result = whoCan(index, query);
        const matched = result.subjects.some((s) => appliesTo(user, [toSubject(s)], '') >= 0);
        expect(decision.allowed).toBe(user.groups.includes('system:masters') || matched);
      }),
      RUNS,
    );
  });

  it('every subject whoCan returns is allowed, and every source it cites allows the request', () => {
    fc.assert(
      fc.property(worldArb, queryArb, (world, query) => {
        const index = buildRbacIndex(world);
        for (const s of whoCan(index, query).subjects) {
          const request = requestFor(canonicalUser(s), query);
          expect(authorize(index, request).allowed).toBe(true);
          expect(s.sources.length).toBeGreaterThan(0);
          for (const source of s.sources) {
            expect(ruleAllows(request, source.rule)).toBe(true);
            expect(source.role.rules[source.ruleIndex]).toBe(source.rule);
          }
        }
      }),
      RUNS,
    );
  });

  it('rule provenance always points at a declared rule equal to the effective one', () => {
    fc.assert(
      fc.property(worldArb, userArb, fc.constantFrom('', ...NAMESPACES), (world, user, namespace) => {
        const index = buildRbacIndex(world);
        for (const { source } of rulesFor(index, user, namespace).rules) {
          expect(source.role.rules[source.ruleIndex]).toBe(source.rule);
          expect(source.ruleOwner.rules[source.ruleOwnerIndex]).toEqual(source.rule);
          const inputs = [...world.clusterRoles, ...world.roles];
          expect(inputs).toContain(source.ruleOwner);
        }
      }),
      RUNS,
    );
  });
});

describe('aggregation properties', () => {
  it('when settled, every aggregated role equals one more controller sync', () => {
    fc.assert(
      fc.property(fc.array(clusterRoleArb, { maxLength: 6 }), (roles) => {
        const result = aggregateClusterRoles(roles);
        if (!result.converged) return; // reported as an error; nothing to compare
        const byName = new Map(result.clusterRoles.map((r) => [r.name, r]));
        const sorted = [...byName.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
        for (const role of result.clusterRoles) {
          if (role.aggregationRule === undefined || !result.provenance.has(role)) continue;
          const expected: PolicyRule[] = [];
          const seen = new Set<string>();
          for (const selector of role.aggregationRule.clusterRoleSelectors) {
            for (const other of sorted) {
              if (other.name === role.name || !labelSelectorMatches(selector, other.labels)) continue;
              for (const r of other.rules) {
                if (!seen.has(ruleKey(r))) {
                  seen.add(ruleKey(r));
                  expected.push(r);
                }
              }
            }
          }
          expect(role.rules).toEqual(expected);
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('aggregation provenance', () => {
  it('every effective rule is a declared rule of the input role it names, settled or not', () => {
    fc.assert(
      fc.property(fc.array(clusterRoleArb, { maxLength: 6 }), (roles) => {
        const result = aggregateClusterRoles(roles);
        for (const role of result.clusterRoles) {
          const provenance = result.provenance.get(role);
          if (provenance === undefined) {
            expect(roles).toContain(role);
            continue;
          }
          expect(provenance).toHaveLength(role.rules.length);
          provenance.forEach((p, i) => {
            expect(roles).toContain(p.owner);
            expect(p.owner.rules[p.ownerIndex]).toBe(role.rules[i]);
          });
          expect(new Set(role.rules.map(ruleKey)).size).toBe(role.rules.length);
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('covers properties', () => {
  const resourceRequestArb = fc.record({
    verb: fc.constantFrom('get', 'list', 'delete', '*'),
    group: fc.constantFrom('', 'apps', '*'),
    resource: fc.constantFrom('pods', 'deployments', '*'),
    subresource: fc.constantFrom('', 'log', '*'),
    name: fc.constantFrom('', 'a', 'b'),
    namespace: fc.constant('ns1'),
  });
  const anyRequest = fc.oneof(resourceRequestArb, nonResourceQueryArb);

  it('is reflexive (for rules that do not mix resourceNames with URLs, see covers.test)', () => {
    const unmixed = policyRule.filter((r) => r.resourceNames.length === 0 || r.nonResourceURLs.length === 0);
    fc.assert(
      fc.property(fc.array(unmixed, { maxLength: 4 }), (rules) => {
        expect(covers(rules, rules).covered).toBe(true);
      }),
    );
  });

  it('is sound: whatever a covered servant rule allows, the owner rules allow', () => {
    fc.assert(
      fc.property(fc.array(policyRule, { maxLength: 4 }), policyRule, anyRequest, (owner, servant, request) => {
        if (covers(owner, [servant]).covered && ruleAllows(request, servant)) {
          expect(rulesAllow(request, owner)).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

function toSubject(s: { kind: Subject['kind']; name: string; namespace?: string }): Subject {
  return s.kind === 'ServiceAccount'
    ? { kind: 'ServiceAccount', name: s.name, ...(s.namespace === undefined ? {} : { namespace: s.namespace }) }
    : { kind: s.kind, name: s.name };
}

/** The user that only this subject stands for (no groups, or only the subject's group). */
function canonicalUser(s: { kind: Subject['kind']; name: string; namespace?: string }): UserInfo {
  if (s.kind === 'User') return { name: s.name, groups: [] };
  if (s.kind === 'Group') return { name: '\u0000member', groups: [s.name] };
  return { name: `system:serviceaccount:${s.namespace ?? ''}:${s.name}`, groups: [] };
}

describe('generator health (the properties above are not vacuous)', () => {
  it('random worlds produce allows via both binding kinds, denials with errors, and aggregated sources', () => {
    const samples = fc.sample(scenarioArb, { numRuns: 400, seed: 20240601 });
    let viaClusterRoleBinding = 0;
    let viaRoleBinding = 0;
    let deniedWithErrors = 0;
    let aggregated = 0;
    for (const [world, user, query] of samples) {
      const index = buildRbacIndex(world);
      const decision = authorize(index, requestFor(user, query));
      if (decision.source?.binding.kind === 'ClusterRoleBinding') viaClusterRoleBinding++;
      if (decision.source?.binding.kind === 'RoleBinding') viaRoleBinding++;
      if (!decision.allowed && decision.resolutionErrors.length > 0) deniedWithErrors++;
      if (decision.source !== undefined && decision.source.ruleOwner !== decision.source.role) aggregated++;
    }
    expect(viaClusterRoleBinding).toBeGreaterThan(20);
    expect(viaRoleBinding).toBeGreaterThan(10);
    expect(deniedWithErrors).toBeGreaterThan(20);
    expect(aggregated).toBeGreaterThan(0);
  });
});
