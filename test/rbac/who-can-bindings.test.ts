// whoCan over pre-selected bindings (the `bindings` option): the same subjects and sources
// as over every binding, as long as every binding that allows the request is kept.

import { describe, expect, it } from 'vitest';
import { buildRbacIndex } from '../../src/rbac/index.js';
import { resolveRoleRef } from '../../src/rbac/resolve.js';
import { ruleAllows } from '../../src/rbac/match.js';
import { whoCan, type WhoCanQuery } from '../../src/rbac/who-can.js';
import type { Binding } from '../../src/rbac/types.js';
import { clusterRole, crb, rb, role, rule } from './builders.js';

const index = buildRbacIndex({
  clusterRoles: [
    clusterRole('impersonator', [rule('impersonate', '""', 'serviceaccounts', { names: 'deployer' }), rule('impersonate', '""', 'serviceaccounts')]),
    clusterRole('view', [rule('get,list', '""', 'pods')]),
    clusterRole('admin', [rule('*', '*', '*')]),
  ],
  roles: [role('ns1', 'local-impersonator', [rule('impersonate', '""', 'serviceaccounts', { names: 'deployer,builder' })])],
  clusterRoleBindings: [
    crb('a-admins', 'admin', 'Group:admins', 'ServiceAccount:kube-system:root'),
    crb('b-impersonators', 'impersonator', 'User:alice', 'Group:devs', 'ServiceAccount:ci:runner'),
    crb('c-viewers', 'view', 'Group:devs'),
    crb('d-dangling', 'gone', 'User:nobody'),
  ],
  roleBindings: [
    rb('ns1', 'local', { kind: 'Role', name: 'local-impersonator' }, 'ServiceAccount:app', 'User:alice'),
    rb('ns1', 'view', { kind: 'ClusterRole', name: 'view' }, 'User:bob'),
    rb('ns1', 'admins-here', { kind: 'ClusterRole', name: 'admin' }, 'User:carol', 'Group:devs'),
  ],
});

/** The bindings whose role has a rule allowing the request for some name. */
function mayAllow(bindings: readonly Binding[], bindingNamespace: string, q: Extract<WhoCanQuery, { resource: string }>): Binding[] {
  return bindings.filter((b) => {
    const r = resolveRoleRef(index, b.roleRef, bindingNamespace);
    return !('error' in r) && r.role.rules.some((x) => ruleAllows({ verb: q.verb, group: q.group, resource: q.resource, subresource: q.subresource ?? '', name: x.resourceNames[0] ?? '', namespace: q.namespace }, x));
  });
}

describe('whoCan over given bindings', () => {
  const queries: Extract<WhoCanQuery, { resource: string }>[] = [
    { verb: 'impersonate', group: '', resource: 'serviceaccounts', name: 'deployer', namespace: 'ns1' },
    { verb: 'impersonate', group: '', resource: 'serviceaccounts', name: 'builder', namespace: 'ns1' },
    { verb: 'impersonate', group: '', resource: 'serviceaccounts', name: 'other', namespace: 'ns2' },
    { verb: 'impersonate', group: '', resource: 'serviceaccounts', name: 'deployer', namespace: '' },
    { verb: 'get', group: '', resource: 'pods', namespace: 'ns1' },
  ];

  it.each(queries)('pre-selected bindings give whoCan’s subjects and sources: %o', (q) => {
    const all = whoCan(index, q);
    const clusterRoleBindings = mayAllow(index.listClusterRoleBindings(), '', q);
    const roleBindings = mayAllow(index.listRoleBindings(q.namespace), q.namespace, q);
    expect(clusterRoleBindings.length).toBeLessThan(index.listClusterRoleBindings().length);
    const some = whoCan(index, q, { bindings: { clusterRoleBindings, roleBindings } });
    expect(some.subjects).toEqual(all.subjects);
    expect(some.subjects.length).toBeGreaterThan(0);
    // The dangling binding was left out, and with it its error.
    expect(all.errors).toHaveLength(1);
    expect(some.errors).toEqual([]);
  });

  it('the index’s own lists give exactly whoCan’s answer, errors included', () => {
    for (const q of queries) {
      const bindings = { clusterRoleBindings: index.listClusterRoleBindings(), roleBindings: index.listRoleBindings(q.namespace) };
      expect(whoCan(index, q, { bindings })).toEqual(whoCan(index, q));
    }
  });

  it('roleBindingsOnly still leaves out the ClusterRoleBindings given', () => {
    const q = queries[0] as WhoCanQuery;
    const bindings = { clusterRoleBindings: index.listClusterRoleBindings(), roleBindings: index.listRoleBindings('ns1') };
    expect(whoCan(index, q, { bindings, roleBindingsOnly: true })).toEqual(whoCan(index, q, { roleBindingsOnly: true }));
  });

  it('keeps subjects apart that differ only in how their fields split', () => {
    const tricky = buildRbacIndex({
      clusterRoles: [clusterRole('view', [rule('get', '""', 'pods')])],
      roles: [],
      clusterRoleBindings: [
        {
          ...crb('v', 'view', 'User:a', 'Group:a', 'User:0::a'),
          subjects: [
            { kind: 'ServiceAccount', namespace: 'a', name: 'b:c' },
            { kind: 'ServiceAccount', namespace: 'a:b', name: 'c' },
            { kind: 'ServiceAccount', namespace: 'a', name: 'b:c' },
            { kind: 'User', name: 'a' },
            { kind: 'Group', name: 'a' },
            { kind: 'User', name: '0::a' },
          ],
        },
      ],
      roleBindings: [],
    });
    const subjects = whoCan(tricky, { verb: 'get', group: '', resource: 'pods', namespace: '' }).subjects;
    expect(subjects.map((s) => [s.kind, s.namespace, s.name, s.sources.map((x) => x.subjectIndex)])).toEqual([
      ['ServiceAccount', 'a', 'b:c', [0, 2]],
      ['ServiceAccount', 'a:b', 'c', [1]],
      ['User', undefined, 'a', [3]],
      ['Group', undefined, 'a', [4]],
      ['User', undefined, '0::a', [5]],
    ]);
  });
});
