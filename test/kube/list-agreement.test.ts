// Property: on random worlds, the rows `can-i --list -n NS` prints agree with `can-i` for
// every resource request in NS: allowed ⇔ some row allows it (system:masters aside).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rulesReviewFromPolicyRules } from '../../src/kube/rules-review.js';
import { rulesTableRows } from '../../src/kube/rules-table.js';
import { authorize } from '../../src/rbac/authorize.js';
import { completeImpersonatedUser } from '../../src/rbac/identity.js';
import { buildRbacIndex } from '../../src/rbac/index.js';
import { ruleAllows } from '../../src/rbac/match.js';
import { rulesFor } from '../../src/rbac/resolve.js';
import type { Binding, PolicyRule, Role } from '../../src/rbac/types.js';

const some = <T>(xs: readonly T[], max: number) => fc.uniqueArray(fc.constantFrom(...xs), { minLength: 1, maxLength: max });
const rule: fc.Arbitrary<PolicyRule> = fc.record({
  verbs: some(['get', 'list', 'create', '*'], 3),
  apiGroups: fc.oneof(some(['', 'apps', '*'], 2), fc.constant([])),
  resources: some(['pods', 'pods/log', 'deployments', '*', '*/log', 'pods/*'], 3),
  resourceNames: fc.oneof({ weight: 3, arbitrary: fc.constant([]) }, { weight: 1, arbitrary: some(['a', 'b'], 2) }),
  nonResourceURLs: fc.oneof({ weight: 4, arbitrary: fc.constant([]) }, { weight: 1, arbitrary: some(['/healthz', '/api/*'], 2) }),
});
const subjects = some(['User:alice', 'User:bob', 'Group:devs', 'ServiceAccount:ns1:sa'], 2).map((xs) =>
  xs.map((x) => {
    const [kind, a, b] = x.split(':');
    return kind === 'ServiceAccount' ? { kind: 'ServiceAccount' as const, namespace: a ?? '', name: b ?? '' } : { kind: kind as 'User' | 'Group', name: a ?? '' };
  }),
);
const world = fc.record({
  clusterRoles: fc.array(fc.array(rule, { maxLength: 3 }), { minLength: 1, maxLength: 3 }),
  roles: fc.array(fc.array(rule, { maxLength: 3 }), { maxLength: 2 }),
  crbs: fc.array(fc.record({ role: fc.nat(2), subjects }), { maxLength: 2 }),
  rbs: fc.array(fc.record({ ns: fc.constantFrom('ns1', 'ns2'), toCluster: fc.boolean(), role: fc.nat(2), subjects }), { maxLength: 3 }),
});
const request = fc.record({
  verb: fc.constantFrom('get', 'list', 'create', 'delete'),
  group: fc.constantFrom('', 'apps'),
  resource: fc.constantFrom('pods', 'deployments', 'services'),
  subresource: fc.constantFrom('', '', 'log'),
  name: fc.constantFrom('', '', 'a', 'c'),
});

describe('can-i --list rows agree with can-i', () => {
  it('for random worlds, users and resource requests in the listed namespace', () => {
    fc.assert(
      fc.property(world, fc.constantFrom('alice', 'bob', 'system:serviceaccount:ns1:sa'), fc.boolean(), fc.array(request, { minLength: 1, maxLength: 8 }), (w, name, inDevs, requests) => {
        const clusterRoles: Role[] = w.clusterRoles.map((rules, i) => ({ kind: 'ClusterRole', name: `cr${i}`, labels: {}, rules }));
        const roles: Role[] = w.roles.map((rules, i) => ({ kind: 'Role', namespace: 'ns1', name: `r${i}`, labels: {}, rules }));
        const clusterRoleBindings: Binding[] = w.crbs.map((b, i) => ({ kind: 'ClusterRoleBinding', name: `crb${i}`, roleRef: { kind: 'ClusterRole', name: `cr${b.role}` }, subjects: b.subjects }));
        const roleBindings: Binding[] = w.rbs.map((b, i) => ({
          kind: 'RoleBinding',
          name: `rb${i}`,
          namespace: b.ns,
          roleRef: b.toCluster ? { kind: 'ClusterRole', name: `cr${b.role}` } : { kind: 'Role', name: `r${b.role}` },
          subjects: b.subjects,
        }));
        const index = buildRbacIndex({ roles, clusterRoles, roleBindings, clusterRoleBindings });
        const user = completeImpersonatedUser(name, inDevs ? ['devs'] : []);
        const review = rulesReviewFromPolicyRules(rulesFor(index, user, 'ns1').rules.map((r) => r.rule));
        const rows = rulesTableRows(review.resourceRules, review.nonResourceRules);
        for (const r of requests) {
          const req = { ...r, user, namespace: 'ns1' };
          const listed = rows.some((row) => ruleAllows(req, row));
          expect(listed, JSON.stringify({ r, rows })).toBe(authorize(index, req).allowed);
        }
      }),
      { numRuns: 300, seed: 20261121 },
    );
  });
});
