import { describe, expect, it } from 'vitest';
import { authorize } from '../../src/rbac/authorize.js';
import { buildRbacIndex } from '../../src/rbac/index.js';
import { whoCan, type WhoCanSubject } from '../../src/rbac/who-can.js';
import type { UserInfo } from '../../src/rbac/types.js';
import { clusterRole, crb, nonResourceRequest, rb, resourceRequest, role, rule, urlRule } from './builders.js';

const index = buildRbacIndex({
  clusterRoles: [
    clusterRole('view', [rule('get,list', '""', 'pods')]),
    clusterRole('health', [urlRule('get', '/healthz')]),
  ],
  roles: [role('ns1', 'deleter', [rule('delete', '""', 'pods'), rule('get', '""', 'pods', { names: 'special' })])],
  clusterRoleBindings: [
    crb('viewers', 'view', 'Group:devs', 'User:alice', 'ServiceAccount:no-namespace', 'ServiceAccount:ci:runner'),
    crb('health', 'health', 'Group:system:authenticated'),
    crb('dangling', 'gone', 'User:nobody'),
  ],
  roleBindings: [
    rb('ns1', 'deleters', { kind: 'Role', name: 'deleter' }, 'ServiceAccount:app', 'User:alice'),
    rb('ns1', 'viewers-too', { kind: 'ClusterRole', name: 'view' }, 'User:bob'),
    rb('ns2', 'other', { kind: 'ClusterRole', name: 'view' }, 'User:carol'),
  ],
});

const summary = (subjects: readonly WhoCanSubject[]) =>
  subjects.map((s) => [s.kind, s.namespace === undefined ? s.name : `${s.namespace}/${s.name}`, s.sources.map((src) => src.binding.name)]);

/** A user that only a given subject can stand for. */
function userFor(s: WhoCanSubject): UserInfo {
  switch (s.kind) {
    case 'User':
      return { name: s.name, groups: [] };
    case 'Group':
      return { name: 'someone-only-in-the-group', groups: [s.name] };
    case 'ServiceAccount':
      return { name: `system:serviceaccount:${s.namespace ?? ''}:${s.name}`, groups: [] };
  }
}

describe('whoCan', () => {
  it('lists subjects of allowing bindings in canonical order, with their sources', () => {
    const result = whoCan(index, { verb: 'get', group: '', resource: 'pods', namespace: 'ns1' });
    expect(summary(result.subjects)).toEqual([
      ['Group', 'devs', ['viewers']],
      ['User', 'alice', ['viewers']],
      ['ServiceAccount', 'ci/runner', ['viewers']],
      ['User', 'bob', ['viewers-too']],
    ]);
    expect(result.includesSystemMasters).toBe(true);
    expect(result.errors).toEqual(['clusterrole.rbac.authorization.k8s.io "gone" not found']);
  });

  it('a ServiceAccount subject without namespace counts only in RoleBindings', () => {
    const result = whoCan(index, { verb: 'delete', group: '', resource: 'pods', namespace: 'ns1' });
    expect(summary(result.subjects)).toEqual([
      ['ServiceAccount', 'ns1/app', ['deleters']],
      ['User', 'alice', ['deleters']],
    ]);
    expect(result.subjects.flatMap((s) => s.sources.map((src) => src.subjectIndex))).toEqual([0, 1]);
  });

  it('resourceNames: a named request finds the rule, an unnamed one does not', () => {
    const named = whoCan(index, { verb: 'get', group: '', resource: 'pods', name: 'special', namespace: 'ns1' });
    const alice = named.subjects.find((s) => s.kind === 'User' && s.name === 'alice');
    // alice: the view rule through the ClusterRoleBinding, and the named get rule (index 1) of the Role
    expect(alice?.sources.map((s) => [s.binding.name, s.ruleIndex])).toEqual([
      ['viewers', 0],
      ['deleters', 1],
    ]);
  });

  it('cluster-wide questions consult ClusterRoleBindings only', () => {
    const result = whoCan(index, { verb: 'delete', group: '', resource: 'pods', namespace: '' });
    expect(result.subjects).toEqual([]);
  });

  it('answers non-resource questions from ClusterRoleBindings', () => {
    const result = whoCan(index, { verb: 'get', path: '/healthz' });
    expect(summary(result.subjects)).toEqual([['Group', 'system:authenticated', ['health']]]);
  });

  it('agrees with authorize for every subject it returns', () => {
    const queries = [
      { verb: 'get', group: '', resource: 'pods', namespace: 'ns1' },
      { verb: 'delete', group: '', resource: 'pods', namespace: 'ns1' },
      { verb: 'list', group: '', resource: 'pods', namespace: 'ns2' },
    ];
    for (const q of queries) {
      const subjects = whoCan(index, q).subjects;
      expect(subjects.length).toBeGreaterThan(0);
      for (const s of subjects) {
        const u = userFor(s);
        expect(authorize(index, resourceRequest(u, q.verb, q.resource, { namespace: q.namespace })).allowed).toBe(true);
      }
    }
    expect(authorize(index, nonResourceRequest(userFor({ kind: 'Group', name: 'system:authenticated', sources: [] }), 'get', '/healthz')).allowed).toBe(true);
  });
});
