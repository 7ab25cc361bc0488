// Conformance: the shouldPass/shouldFail tables of upstream's TestAuthorizer, extended
// with the subject, scope and resolution-error semantics the product docs rely on.

import { describe, expect, it } from 'vitest';
import { authorize } from '../../src/rbac/authorize.js';
import { buildRbacIndex, type RbacInput } from '../../src/rbac/index.js';
import type { AccessRequest, Binding, RoleRef } from '../../src/rbac/types.js';
import {
  clusterRole,
  crb,
  nonResourceRequest,
  rb,
  resourceRequest,
  role,
  rule,
  urlRule,
  user,
} from './builders.js';

interface Case {
  readonly name: string;
  readonly world: Partial<RbacInput>;
  readonly shouldPass: readonly AccessRequest[];
  readonly shouldFail: readonly AccessRequest[];
}

const world = (w: Partial<RbacInput>): RbacInput => ({
  roles: w.roles ?? [],
  clusterRoles: w.clusterRoles ?? [],
  roleBindings: w.roleBindings ?? [],
  clusterRoleBindings: w.clusterRoleBindings ?? [],
});

const CR = (name: string) => ({ kind: 'ClusterRole' as const, name });
const R = (name: string) => ({ kind: 'Role' as const, name });

const admin = user('admin');
const saUser = (ns: string, name: string, ...groups: string[]) => user(`system:serviceaccount:${ns}:${name}`, ...groups);

const cases: Case[] = [
  {
    name: 'RoleBinding to an all-powerful ClusterRole is limited to its namespace',
    world: {
      clusterRoles: [clusterRole('admin', [rule('*', '*', '*', { urls: '*' })])],
      roleBindings: [rb('ns1', 'admin', CR('admin'), 'User:admin', 'Group:admins')],
    },
    shouldPass: [
      resourceRequest(admin, 'get', 'Pods', { namespace: 'ns1' }),
      resourceRequest(admin, 'watch', 'Pods', { namespace: 'ns1' }),
      resourceRequest(user('admin', 'group1'), 'watch', 'Foobar', { namespace: 'ns1' }),
      resourceRequest(user('joe', 'admins'), 'watch', 'Foobar', { namespace: 'ns1' }),
      resourceRequest(user('joe', 'group1', 'admins'), 'watch', 'Foobar', { namespace: 'ns1' }),
    ],
    shouldFail: [
      resourceRequest(admin, 'GET', 'Pods', { namespace: 'ns2' }),
      resourceRequest(admin, 'GET', 'Nodes', { namespace: '' }),
      resourceRequest(user('admin', 'admins'), 'GET', 'Pods', { namespace: 'ns2' }),
      resourceRequest(user('admin', 'admins'), 'GET', 'Nodes', { namespace: '' }),
      // non-resource requests have no namespace, so RoleBindings never grant them
      nonResourceRequest(admin, 'get', '/healthz'),
    ],
  },
  {
    name: 'non-resource URLs: exact, verb star and prefix',
    world: {
      clusterRoles: [
        clusterRole('non-resource-url-getter', [urlRule('get', '/apis')]),
        clusterRole('non-resource-url', [urlRule('*', '/apis')]),
        clusterRole('non-resource-url-prefix', [urlRule('get', '/apis/*')]),
      ],
      clusterRoleBindings: [
        crb('getter', 'non-resource-url-getter', 'User:foo', 'Group:bar'),
        crb('url', 'non-resource-url', 'User:admin', 'Group:admin'),
        crb('prefix', 'non-resource-url-prefix', 'User:prefixed', 'Group:prefixed'),
      ],
    },
    shouldPass: [
      nonResourceRequest(user('foo'), 'get', '/apis'),
      nonResourceRequest(user('', 'bar'), 'get', '/apis'),
      nonResourceRequest(user('admin'), 'get', '/apis'),
      nonResourceRequest(user('', 'admin'), 'get', '/apis'),
      nonResourceRequest(user('admin'), 'watch', '/apis'),
      nonResourceRequest(user('', 'admin'), 'watch', '/apis'),
      nonResourceRequest(user('prefixed'), 'get', '/apis/v1'),
      nonResourceRequest(user('', 'prefixed'), 'get', '/apis/v1'),
      nonResourceRequest(user('prefixed'), 'get', '/apis/v1/foobar'),
    ],
    shouldFail: [
      nonResourceRequest(user('foo'), 'watch', '/apis'),
      nonResourceRequest(user('', 'bar'), 'watch', '/apis'),
      nonResourceRequest(user('foo'), 'get', '/api/v1'),
      nonResourceRequest(user('admin'), 'get', '/api/v1'),
      nonResourceRequest(user('prefixed'), 'get', '/api/v1'),
      nonResourceRequest(user('prefixed'), 'get', '/apis'),
    ],
  },
  {
    name: 'a rule for pods does not cover pods/status',
    world: {
      clusterRoles: [clusterRole('admin', [rule('*', '*', 'pods', { urls: '*' })])],
      roleBindings: [rb('ns1', 'admin', CR('admin'), 'User:admin', 'Group:admins')],
    },
    shouldPass: [resourceRequest(admin, 'get', 'pods', { namespace: 'ns1' })],
    shouldFail: [resourceRequest(admin, 'get', 'pods', { subresource: 'status', namespace: 'ns1' })],
  },
  {
    name: 'a rule for pods/status does not cover pods',
    world: {
      clusterRoles: [clusterRole('admin', [rule('*', '*', 'pods/status', { urls: '*' })])],
      roleBindings: [rb('ns1', 'admin', CR('admin'), 'User:admin', 'Group:admins')],
    },
    shouldPass: [resourceRequest(admin, 'get', 'pods', { subresource: 'status', namespace: 'ns1' })],
    shouldFail: [resourceRequest(admin, 'get', 'pods', { namespace: 'ns1' })],
  },
  {
    name: 'ClusterRoleBinding grants in every namespace and cluster-wide',
    world: {
      clusterRoles: [clusterRole('node-reader', [rule('get,list', '""', 'nodes')])],
      clusterRoleBindings: [crb('nodes', 'node-reader', 'Group:ops')],
    },
    shouldPass: [
      resourceRequest(user('a', 'ops'), 'get', 'nodes'),
      resourceRequest(user('a', 'ops'), 'list', 'nodes', { namespace: 'anything' }),
    ],
    shouldFail: [resourceRequest(user('a', 'dev'), 'get', 'nodes'), resourceRequest(user('ops'), 'get', 'nodes')],
  },
  {
    name: 'RoleBinding to a ClusterRole about nodes answers yes in its namespace (k8s#75970)',
    world: {
      clusterRoles: [clusterRole('node-reader', [rule('get', '""', 'nodes')])],
      roleBindings: [rb('ns1', 'nodes', CR('node-reader'), 'User:alice')],
    },
    shouldPass: [resourceRequest(user('alice'), 'get', 'nodes', { namespace: 'ns1' })],
    shouldFail: [
      resourceRequest(user('alice'), 'get', 'nodes', { namespace: '' }),
      resourceRequest(user('alice'), 'get', 'nodes', { namespace: 'ns2' }),
    ],
  },
  {
    name: 'RoleBinding to a Role: the Role is looked up in the binding namespace',
    world: {
      roles: [role('ns1', 'reader', [rule('get', '""', 'configmaps')])],
      roleBindings: [
        rb('ns1', 'reader', R('reader'), 'User:alice'),
        rb('ns2', 'reader', R('reader'), 'User:alice'), // no Role "reader" in ns2
      ],
    },
    shouldPass: [resourceRequest(user('alice'), 'get', 'configmaps', { namespace: 'ns1' })],
    shouldFail: [
      resourceRequest(user('alice'), 'get', 'configmaps', { namespace: 'ns2' }),
      resourceRequest(user('alice'), 'get', 'configmaps', { namespace: '' }),
    ],
  },
  {
    name: 'ServiceAccount subject without namespace defaults to the RoleBinding namespace',
    world: {
      clusterRoles: [clusterRole('edit', [rule('*', '*', '*')])],
      roleBindings: [
        rb('ns1', 'local-sa', CR('edit'), 'ServiceAccount:deployer'),
        rb('ns1', 'foreign-sa', CR('edit'), 'ServiceAccount:ci:builder'),
      ],
    },
    shouldPass: [
      resourceRequest(saUser('ns1', 'deployer'), 'create', 'deployments', { group: 'apps', namespace: 'ns1' }),
      // an SA of another namespace bound into ns1 acts in ns1
      resourceRequest(saUser('ci', 'builder'), 'create', 'deployments', { group: 'apps', namespace: 'ns1' }),
    ],
    shouldFail: [
      resourceRequest(saUser('ns2', 'deployer'), 'create', 'deployments', { group: 'apps', namespace: 'ns1' }),
      resourceRequest(saUser('ns1', 'deployer'), 'create', 'deployments', { group: 'apps', namespace: 'ns2' }),
      resourceRequest(saUser('ci', 'builder'), 'create', 'deployments', { group: 'apps', namespace: 'ci' }),
      // the SA subject is not a user name
      resourceRequest(user('deployer'), 'create', 'deployments', { group: 'apps', namespace: 'ns1' }),
    ],
  },
  {
    name: 'ServiceAccount subject without namespace in a ClusterRoleBinding matches nobody',
    world: {
      clusterRoles: [clusterRole('view', [rule('get', '*', '*')])],
      clusterRoleBindings: [crb('sa-no-ns', 'view', 'ServiceAccount:deployer')],
    },
    shouldPass: [],
    shouldFail: [
      resourceRequest(saUser('default', 'deployer'), 'get', 'pods', { namespace: 'default' }),
      resourceRequest(user('system:serviceaccount::deployer'), 'get', 'pods', { namespace: 'default' }),
      resourceRequest(user('deployer'), 'get', 'pods', { namespace: 'default' }),
    ],
  },
  {
    name: 'subjects compare by user name: a User subject named like an SA grants that SA, and vice versa',
    world: {
      clusterRoles: [clusterRole('view', [rule('get', '*', '*')]), clusterRole('edit', [rule('update', '*', '*')])],
      clusterRoleBindings: [
        crb('user-named-like-sa', 'view', 'User:system:serviceaccount:ns1:robot'),
        crb('sa-subject', 'edit', 'ServiceAccount:ns1:robot'),
      ],
    },
    shouldPass: [
      resourceRequest(saUser('ns1', 'robot', 'system:serviceaccounts'), 'get', 'pods', { namespace: 'ns1' }),
      // an identity that only carries the name (e.g. a client certificate CN) is the same user
      resourceRequest(user('system:serviceaccount:ns1:robot'), 'update', 'pods', { namespace: 'ns1' }),
    ],
    shouldFail: [
      resourceRequest(saUser('ns2', 'robot'), 'get', 'pods', { namespace: 'ns1' }),
      resourceRequest(user('robot'), 'update', 'pods', { namespace: 'ns1' }),
    ],
  },
  {
    name: 'Group subjects are membership tests, not name tests',
    world: {
      clusterRoles: [clusterRole('view', [rule('get', '*', '*')])],
      clusterRoleBindings: [crb('all-sas-in-ns1', 'view', 'Group:system:serviceaccounts:ns1')],
    },
    shouldPass: [resourceRequest(saUser('ns1', 'x', 'system:serviceaccounts', 'system:serviceaccounts:ns1'), 'get', 'pods')],
    shouldFail: [
      resourceRequest(saUser('ns1', 'x'), 'get', 'pods'), // groups not carried
      resourceRequest(user('system:serviceaccounts:ns1'), 'get', 'pods'),
    ],
  },
  {
    name: 'resourceNames: only named requests can match',
    world: {
      roles: [role('ns1', 'creds', [rule('get,update,list,watch,delete', '""', 'secrets', { names: 'db-creds' })])],
      roleBindings: [rb('ns1', 'creds', R('creds'), 'User:app')],
    },
    shouldPass: [
      resourceRequest(user('app'), 'get', 'secrets', { name: 'db-creds', namespace: 'ns1' }),
      resourceRequest(user('app'), 'watch', 'secrets', { name: 'db-creds', namespace: 'ns1' }),
      resourceRequest(user('app'), 'delete', 'secrets', { name: 'db-creds', namespace: 'ns1' }),
    ],
    shouldFail: [
      resourceRequest(user('app'), 'list', 'secrets', { namespace: 'ns1' }),
      resourceRequest(user('app'), 'watch', 'secrets', { namespace: 'ns1' }),
      resourceRequest(user('app'), 'get', 'secrets', { name: 'other', namespace: 'ns1' }),
      resourceRequest(user('app'), 'create', 'secrets', { namespace: 'ns1' }),
    ],
  },
  {
    name: "'*/scale' reaches the scale subresource of any resource in any listed group",
    world: {
      clusterRoles: [clusterRole('scaler', [rule('update', 'apps', '*/scale')])],
      clusterRoleBindings: [crb('scaler', 'scaler', 'User:hpa')],
    },
    shouldPass: [
      resourceRequest(user('hpa'), 'update', 'deployments', { group: 'apps', subresource: 'scale', namespace: 'x' }),
      resourceRequest(user('hpa'), 'update', 'statefulsets', { group: 'apps', subresource: 'scale' }),
    ],
    shouldFail: [
      resourceRequest(user('hpa'), 'update', 'deployments', { group: 'apps', namespace: 'x' }),
      resourceRequest(user('hpa'), 'update', 'deployments', { group: 'extensions', subresource: 'scale' }),
      resourceRequest(user('hpa'), 'update', 'deployments', { group: 'apps', subresource: 'status' }),
    ],
  },
  {
    name: 'kubectl auth can-i "*" "*" needs verbs *, resources * and group "" or *',
    world: {
      clusterRoles: [
        clusterRole('star-core', [rule('*', '""', '*')]),
        clusterRole('everything-listed', [rule('get,list,watch,create,update,patch,delete', '*', '*')]),
      ],
      clusterRoleBindings: [crb('a', 'star-core', 'User:root'), crb('b', 'everything-listed', 'User:lister')],
    },
    shouldPass: [resourceRequest(user('root'), '*', '*', { namespace: 'default' })],
    shouldFail: [
      resourceRequest(user('lister'), '*', '*', { namespace: 'default' }),
      resourceRequest(user('root'), '*', '*', { group: 'apps', namespace: 'default' }),
    ],
  },
  {
    name: 'a binding to a missing role grants nothing but others still do',
    world: {
      clusterRoles: [clusterRole('view', [rule('get', '*', '*')])],
      clusterRoleBindings: [crb('a-dangling', 'missing', 'User:alice'), crb('b-view', 'view', 'User:alice')],
    },
    shouldPass: [resourceRequest(user('alice'), 'get', 'pods')],
    shouldFail: [resourceRequest(user('alice'), 'delete', 'pods')],
  },
];

describe('authorize: shouldPass / shouldFail tables', () => {
  for (const c of cases) {
    describe(c.name, () => {
      const index = buildRbacIndex(world(c.world));
      c.shouldPass.forEach((request, i) => {
        it(`passes #${i}: ${JSON.stringify(request)}`, () => {
          expect(authorize(index, request).allowed).toBe(true);
        });
      });
      c.shouldFail.forEach((request, i) => {
        it(`fails #${i}: ${JSON.stringify(request)}`, () => {
          expect(authorize(index, request).allowed).toBe(false);
        });
      });
    });
  }
});

describe('authorize: reasons', () => {
  const view = clusterRole('view', [rule('get,list', '""', 'pods')]);
  const reader = role('ns1', 'reader', [rule('get', '""', 'configmaps')]);

  const reasonCases: {
    name: string;
    world: Partial<RbacInput>;
    request: AccessRequest;
    allowed: boolean;
    reason: string;
    errors?: string[];
  }[] = [
    {
      name: 'ClusterRoleBinding to a Group',
      world: { clusterRoles: [view], clusterRoleBindings: [crb('devs-view', 'view', 'Group:devs')] },
      request: resourceRequest(user('alice', 'devs'), 'get', 'pods', { namespace: 'ns1' }),
      allowed: true,
      reason: 'RBAC: allowed by ClusterRoleBinding "devs-view" of ClusterRole "view" to Group "devs"',
    },
    {
      name: 'RoleBinding to a Role and a defaulted ServiceAccount',
      world: { roles: [reader], roleBindings: [rb('ns1', 'rb', R('reader'), 'ServiceAccount:app')] },
      request: resourceRequest(saUser('ns1', 'app'), 'get', 'configmaps', { namespace: 'ns1' }),
      allowed: true,
      reason: 'RBAC: allowed by RoleBinding "rb/ns1" of Role "reader" to ServiceAccount "app/ns1"',
    },
    {
      name: 'RoleBinding to a ClusterRole and a ServiceAccount of another namespace',
      world: { clusterRoles: [view], roleBindings: [rb('ns1', 'ci-view', CR('view'), 'ServiceAccount:ci:runner')] },
      request: resourceRequest(saUser('ci', 'runner'), 'list', 'pods', { namespace: 'ns1' }),
      allowed: true,
      reason: 'RBAC: allowed by RoleBinding "ci-view/ns1" of ClusterRole "view" to ServiceAccount "runner/ci"',
    },
    {
      name: 'the first applying subject of the binding is cited',
      world: { clusterRoles: [view], clusterRoleBindings: [crb('mixed', 'view', 'User:bob', 'Group:devs', 'User:alice')] },
      request: resourceRequest(user('alice', 'devs'), 'get', 'pods'),
      allowed: true,
      reason: 'RBAC: allowed by ClusterRoleBinding "mixed" of ClusterRole "view" to Group "devs"',
    },
    {
      name: 'ClusterRoleBindings by name come before RoleBindings',
      world: {
        clusterRoles: [view],
        clusterRoleBindings: [crb('z-crb', 'view', 'User:alice'), crb('m-crb', 'view', 'User:alice')],
        roleBindings: [rb('ns1', 'a-rb', CR('view'), 'User:alice')],
      },
      request: resourceRequest(user('alice'), 'get', 'pods', { namespace: 'ns1' }),
      allowed: true,
      reason: 'RBAC: allowed by ClusterRoleBinding "m-crb" of ClusterRole "view" to User "alice"',
    },
    {
      name: 'names are Go-quoted',
      world: { clusterRoles: [view], clusterRoleBindings: [crb('q', 'view', 'User:we"ird\\name')] },
      request: resourceRequest(user('we"ird\\name'), 'get', 'pods'),
      allowed: true,
      reason: 'RBAC: allowed by ClusterRoleBinding "q" of ClusterRole "view" to User "we\\"ird\\\\name"',
    },
    {
      name: 'plain denial has an empty reason',
      world: { clusterRoles: [view], clusterRoleBindings: [crb('v', 'view', 'User:alice')] },
      request: resourceRequest(user('alice'), 'delete', 'pods'),
      allowed: false,
      reason: '',
      errors: [],
    },
    {
      name: 'missing ClusterRole',
      world: { clusterRoleBindings: [crb('foo', 'foo', 'User:alice')] },
      request: resourceRequest(user('alice'), 'get', 'pods'),
      allowed: false,
      reason: 'RBAC: clusterrole.rbac.authorization.k8s.io "foo" not found',
      errors: ['clusterrole.rbac.authorization.k8s.io "foo" not found'],
    },
    {
      name: 'several errors aggregate as [e1, e2], ClusterRoleBindings first',
      world: {
        clusterRoleBindings: [crb('x', 'gone', 'User:alice')],
        roleBindings: [rb('ns1', 'y', R('absent'), 'User:alice')],
      },
      request: resourceRequest(user('alice'), 'get', 'pods', { namespace: 'ns1' }),
      allowed: false,
      reason:
        'RBAC: [clusterrole.rbac.authorization.k8s.io "gone" not found, role.rbac.authorization.k8s.io "absent" not found]',
      errors: ['clusterrole.rbac.authorization.k8s.io "gone" not found', 'role.rbac.authorization.k8s.io "absent" not found'],
    },
    {
      name: 'repeated errors print once and without brackets',
      world: { clusterRoleBindings: [crb('x1', 'gone', 'User:alice'), crb('x2', 'gone', 'Group:devs')] },
      request: resourceRequest(user('alice', 'devs'), 'get', 'pods'),
      allowed: false,
      reason: 'RBAC: clusterrole.rbac.authorization.k8s.io "gone" not found',
      errors: ['clusterrole.rbac.authorization.k8s.io "gone" not found', 'clusterrole.rbac.authorization.k8s.io "gone" not found'],
    },
    {
      name: 'bindings that do not apply to the user report nothing',
      world: { clusterRoleBindings: [crb('x', 'gone', 'User:bob')] },
      request: resourceRequest(user('alice'), 'get', 'pods'),
      allowed: false,
      reason: '',
      errors: [],
    },
    {
      name: 'a ClusterRoleBinding to a Role finds no Role',
      world: {
        roles: [reader],
        clusterRoleBindings: [{ ...crb('odd', 'reader', 'User:alice'), roleRef: { kind: 'Role', name: 'reader' } }],
      },
      request: resourceRequest(user('alice'), 'get', 'configmaps', { namespace: 'ns1' }),
      allowed: false,
      reason: 'RBAC: role.rbac.authorization.k8s.io "reader" not found',
    },
    {
      name: 'unsupported roleRef kind',
      world: {
        clusterRoleBindings: [{ ...crb('odd', 'x', 'User:alice'), roleRef: { kind: 'Group', name: 'x' } as unknown as RoleRef }],
      },
      request: resourceRequest(user('alice'), 'get', 'pods'),
      allowed: false,
      reason: 'RBAC: unsupported role reference kind: "Group"',
    },
    {
      name: 'errors met before the allowing rule are still returned',
      world: {
        clusterRoles: [view],
        clusterRoleBindings: [crb('a', 'gone', 'User:alice'), crb('b', 'view', 'User:alice')],
      },
      request: resourceRequest(user('alice'), 'get', 'pods'),
      allowed: true,
      reason: 'RBAC: allowed by ClusterRoleBinding "b" of ClusterRole "view" to User "alice"',
      errors: ['clusterrole.rbac.authorization.k8s.io "gone" not found'],
    },
  ];

  for (const c of reasonCases) {
    it(c.name, () => {
      const decision = authorize(buildRbacIndex(world(c.world)), c.request);
      expect(decision.allowed).toBe(c.allowed);
      expect(decision.reason).toBe(c.reason);
      if (c.errors !== undefined) expect(decision.resolutionErrors).toEqual(c.errors);
    });
  }

  it('an allow carries the binding, role and rule', () => {
    const binding: Binding = crb('devs-view', 'view', 'Group:devs');
    const index = buildRbacIndex(world({ clusterRoles: [view], clusterRoleBindings: [binding] }));
    const decision = authorize(index, resourceRequest(user('alice', 'devs'), 'list', 'pods'));
    expect(decision.source?.binding).toBe(binding);
    expect(decision.source?.role).toBe(view);
    expect(decision.source?.ruleIndex).toBe(0);
    expect(decision.source?.rule).toBe(view.rules[0]);
    expect(decision.source?.ruleOwner).toBe(view);
    expect(decision.source?.subjectIndex).toBe(0);
    expect(decision.privileged).toBeUndefined();
  });
});

describe('authorize: system:masters', () => {
  const empty = buildRbacIndex(world({}));

  it('allows anything for members, before RBAC, with an empty reason', () => {
    const d = authorize(empty, resourceRequest(user('root', 'system:masters'), 'delete', 'nodes'));
    expect(d).toEqual({ allowed: true, reason: '', privileged: true, resolutionErrors: [] });
  });

  it('allows non-resource requests too', () => {
    expect(authorize(empty, nonResourceRequest(user('x', 'system:masters'), 'post', '/anything')).allowed).toBe(true);
  });

  it('is a group, not a user name', () => {
    expect(authorize(empty, resourceRequest(user('system:masters'), 'get', 'pods')).allowed).toBe(false);
  });

  it('skips resolution errors entirely', () => {
    const index = buildRbacIndex(world({ clusterRoleBindings: [crb('x', 'gone', 'Group:system:masters')] }));
    const d = authorize(index, resourceRequest(user('root', 'system:masters'), 'get', 'pods'));
    expect(d.privileged).toBe(true);
    expect(d.resolutionErrors).toEqual([]);
  });
});
