import { describe, expect, it } from 'vitest';
import { authorize } from '../../src/rbac/authorize.js';
import { buildRbacIndex, RbacIndex, type BindingMatch, type RbacInput } from '../../src/rbac/index.js';
import { appliesTo } from '../../src/rbac/resolve.js';
import type { Binding, Role } from '../../src/rbac/types.js';
import { clusterRole, crb, rb, resourceRequest, role, rule, user } from './builders.js';

const input = (w: Partial<RbacInput>): RbacInput => ({
  roles: w.roles ?? [],
  clusterRoles: w.clusterRoles ?? [],
  roleBindings: w.roleBindings ?? [],
  clusterRoleBindings: w.clusterRoleBindings ?? [],
});

describe('identity: the later object wins', () => {
  const builtin = clusterRole('view', [rule('get', '""', 'pods')], { builtin: true });
  const repo = clusterRole('view', [rule('get', '""', 'secrets')]);
  const builtinCrb: Binding = { ...crb('b', 'view', 'User:alice'), builtin: true };
  const repoCrb = crb('b', 'view', 'User:bob');

  const firstR = role('ns1', 'r', [rule('get', '""', 'a')]);
  const lastR = role('ns1', 'r', [rule('get', '""', 'c')]);

  const index = buildRbacIndex(
    input({
      clusterRoles: [builtin, repo],
      clusterRoleBindings: [builtinCrb, repoCrb],
      roles: [firstR, role('ns2', 'r', [rule('get', '""', 'b')]), lastR],
      roleBindings: [rb('ns1', 'x', { kind: 'Role', name: 'r' }, 'User:a'), rb('ns1', 'x', { kind: 'Role', name: 'r' }, 'User:b')],
    }),
  );

  it('replaces ClusterRoles and ClusterRoleBindings by name', () => {
    expect(index.getClusterRole('view')).toBe(repo);
    expect(index.listClusterRoleBindings()).toEqual([repoCrb]);
    expect(authorize(index, resourceRequest(user('bob'), 'get', 'secrets')).allowed).toBe(true);
    expect(authorize(index, resourceRequest(user('alice'), 'get', 'pods')).allowed).toBe(false);
  });

  it('replaces Roles and RoleBindings by namespace and name only', () => {
    expect(index.getRole('ns1', 'r')?.rules[0]?.resources).toEqual(['c']);
    expect(index.getRole('ns2', 'r')?.rules[0]?.resources).toEqual(['b']);
    expect(index.listRoleBindings('ns1').map((b) => b.subjects[0]?.name)).toEqual(['b']);
  });

  it('records what was replaced', () => {
    expect(index.replacedRoles).toEqual([
      { kept: repo, dropped: builtin },
      { kept: lastR, dropped: firstR },
    ]);
    expect(index.replacedBindings).toHaveLength(2);
    expect(index.replacedBindings[0]).toEqual({ kept: repoCrb, dropped: builtinCrb });
  });
});

describe('lookups and canonical order', () => {
  const index = RbacIndex.build(
    input({
      clusterRoles: [clusterRole('b', []), clusterRole('a', [])],
      roles: [role('ns1', 'z', []), role('ns1', 'y', [])],
      clusterRoleBindings: [crb('zeta', 'a'), crb('Alpha', 'a'), crb('alpha', 'a')],
      roleBindings: [
        rb('ns2', 'b', { kind: 'Role', name: 'z' }),
        rb('ns1', 'c', { kind: 'Role', name: 'z' }),
        rb('ns1', 'a', { kind: 'Role', name: 'z' }),
      ],
    }),
  );

  it('lists ClusterRoleBindings sorted by name (byte order)', () => {
    expect(index.listClusterRoleBindings().map((b) => b.name)).toEqual(['Alpha', 'alpha', 'zeta']);
  });

  it('lists RoleBindings of one namespace, sorted', () => {
    expect(index.listRoleBindings('ns1').map((b) => b.name)).toEqual(['a', 'c']);
    expect(index.listRoleBindings('ns2').map((b) => b.name)).toEqual(['b']);
    expect(index.listRoleBindings('nope')).toEqual([]);
  });

  it('lists roles sorted and namespaces', () => {
    expect(index.listClusterRoles().map((r) => r.name)).toEqual(['a', 'b']);
    expect(index.listRoles('ns1').map((r) => r.name)).toEqual(['y', 'z']);
    expect(index.namespaces()).toEqual(['ns1', 'ns2']);
  });

  it('answers getters with undefined for missing objects', () => {
    expect(index.getRole('ns2', 'z')).toBeUndefined();
    expect(index.getClusterRole('c')).toBeUndefined();
  });
});

describe('aggregation at build time', () => {
  const leaf = clusterRole('leaf', [rule('get', '""', 'pods')], { labels: { agg: 'yes' } });
  const agg = clusterRole('agg', [], { aggregationRule: { clusterRoleSelectors: [{ matchLabels: { agg: 'yes' } }] } });
  const bad = clusterRole('bad', [rule('x', '""', 'y')], {
    aggregationRule: { clusterRoleSelectors: [{ matchExpressions: [{ key: 'agg', operator: 'In', values: [] }] }] },
  });
  const binding = crb('to-agg', 'agg', 'User:alice');
  const index = buildRbacIndex(input({ clusterRoles: [agg, leaf, bad], clusterRoleBindings: [binding] }));

  it('serves effective rules and their provenance', () => {
    const effective = index.getClusterRole('agg');
    expect(effective?.rules).toEqual(leaf.rules);
    expect(effective?.aggregationRule).toBe(agg.aggregationRule);
    expect(index.ruleProvenance(effective as Role, 0)).toEqual({ owner: leaf, ownerIndex: 0 });
    expect(index.ruleProvenance(leaf, 0)).toEqual({ owner: leaf, ownerIndex: 0 });
  });

  it('reports the cited source with role and owner', () => {
    const d = authorize(index, resourceRequest(user('alice'), 'get', 'pods'));
    expect(d.reason).toBe('RBAC: allowed by ClusterRoleBinding "to-agg" of ClusterRole "agg" to User "alice"');
    expect(d.source?.role.name).toBe('agg');
    expect(d.source?.ruleOwner).toBe(leaf);
    expect(d.source?.ruleOwnerIndex).toBe(0);
  });

  it('keeps invalid aggregations as declared and says why', () => {
    expect(index.getClusterRole('bad')).toBe(bad);
    expect(index.diagnostics).toHaveLength(1);
    expect(index.diagnostics[0]).toContain('"bad"');
  });
});

describe('bindings by subject', () => {
  it('finds users, groups and service accounts (with RoleBinding defaulting) in canonical order', () => {
    const index = buildRbacIndex(
      input({
        clusterRoleBindings: [
          crb('c3', 'x', 'Group:devs'),
          crb('c1', 'x', 'User:alice'),
          crb('c2', 'x', 'ServiceAccount:ns1:sa'),
          crb('c0', 'x', 'ServiceAccount:sa'), // no namespace in a CRB: never
          crb('c4', 'x', 'User:bob', 'Group:devs', 'User:alice'),
        ],
        roleBindings: [rb('ns1', 'r1', { kind: 'Role', name: 'x' }, 'ServiceAccount:sa'), rb('ns2', 'r1', { kind: 'Role', name: 'x' }, 'ServiceAccount:sa')],
      }),
    );
    const names = (ms: readonly BindingMatch[]) => ms.map((m) => `${m.binding.name}#${m.subjectIndex}`);
    // c4 applies to alice through its second subject (the group), which comes before her own entry.
    expect(names(index.clusterRoleBindingMatches(user('alice', 'devs')))).toEqual(['c1#0', 'c3#0', 'c4#1']);
    expect(names(index.clusterRoleBindingMatches(user('alice')))).toEqual(['c1#0', 'c4#2']);
    expect(names(index.clusterRoleBindingMatches(user('system:serviceaccount:ns1:sa')))).toEqual(['c2#0']);
    expect(names(index.roleBindingMatches(user('system:serviceaccount:ns1:sa'), 'ns1'))).toEqual(['r1#0']);
    expect(names(index.roleBindingMatches(user('system:serviceaccount:ns1:sa'), 'ns2'))).toEqual([]);
    expect(names(index.clusterRoleBindingMatches(user('carol', 'ops')))).toEqual([]);
    // The subject index is the one appliesTo finds, for every binding met.
    for (const u of [user('alice', 'devs'), user('alice'), user('bob', 'devs'), user('system:serviceaccount:ns1:sa')]) {
      for (const m of index.clusterRoleBindingMatches(u)) expect(appliesTo(u, m.binding.subjects, '')).toBe(m.subjectIndex);
    }
  });

  it('scales: 100,000 objects, and a lookup touches only the bindings naming the user', () => {
    const clusterRoles: Role[] = [];
    const clusterRoleBindings: Binding[] = [];
    const roles: Role[] = [];
    const roleBindings: Binding[] = [];
    for (let i = 0; i < 25_000; i++) {
      clusterRoles.push(clusterRole(`cr-${i}`, [rule('get', '""', `res-${i % 100}`)]));
      clusterRoleBindings.push(crb(`crb-${i}`, `cr-${i}`, `User:user-${i}`, `Group:group-${i % 50}`));
      roles.push(role(`ns-${i % 200}`, `role-${i}`, [rule('get', '""', 'pods')]));
      roleBindings.push(rb(`ns-${i % 200}`, `rb-${i}`, { kind: 'Role', name: `role-${i}` }, `ServiceAccount:sa-${i}`));
    }
    const index = buildRbacIndex({ roles, clusterRoles, roleBindings, clusterRoleBindings });
    expect(index.listClusterRoleBindings()).toHaveLength(25_000);
    expect(index.clusterRoleBindingMatches(user('user-7'))).toHaveLength(1);
    expect(index.clusterRoleBindingMatches(user('nobody', 'group-3'))).toHaveLength(500);
    expect(index.roleBindingMatches(user('system:serviceaccount:ns-7:sa-7'), 'ns-7')).toHaveLength(1);
    expect(authorize(index, resourceRequest(user('user-7'), 'get', 'res-7')).allowed).toBe(true);
    expect(authorize(index, resourceRequest(user('user-7'), 'get', 'res-8')).allowed).toBe(false);
    expect(
      authorize(index, resourceRequest(user('system:serviceaccount:ns-7:sa-7'), 'get', 'pods', { namespace: 'ns-7' })).reason,
    ).toBe('RBAC: allowed by RoleBinding "rb-7/ns-7" of Role "role-7" to ServiceAccount "sa-7/ns-7"');
  });
});

describe('objects without a namespace', () => {
  it('are kept under "" and never consulted for a namespaced request', () => {
    const index = buildRbacIndex(
      input({
        clusterRoles: [clusterRole('view', [rule('get', '""', 'pods')])],
        roleBindings: [{ kind: 'RoleBinding', name: 'no-ns', roleRef: { kind: 'ClusterRole', name: 'view' }, subjects: [{ kind: 'User', name: 'alice' }] }],
      }),
    );
    expect(index.namespaces()).toEqual([]);
    expect(authorize(index, resourceRequest(user('alice'), 'get', 'pods', { namespace: 'default' })).allowed).toBe(false);
    expect(authorize(index, resourceRequest(user('alice'), 'get', 'pods')).allowed).toBe(false);
  });
});
