import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { DEFAULT_K8S_VERSION, loadDefaultPolicy, supportedVersions } from '../../src/kube/default-policy.js';

const SHARED = new URL('../../../shared/data/kubernetes/bootstrap-policy/', import.meta.url);

describe('supportedVersions / DEFAULT_K8S_VERSION', () => {
  it('lists the bundled versions, oldest first, and defaults to 1.37', () => {
    expect(supportedVersions()).toEqual(['1.35', '1.37']);
    expect(DEFAULT_K8S_VERSION).toBe('1.37');
    expect(loadDefaultPolicy().kubernetesVersion).toBe('1.37');
  });

  it('accepts v-prefixed and patch versions, rejects others', () => {
    expect(loadDefaultPolicy('v1.37').kubernetesVersion).toBe('1.37');
    expect(loadDefaultPolicy('1.35.4').kubernetesVersion).toBe('1.35');
    expect(() => loadDefaultPolicy('1.20')).toThrow(/unsupported Kubernetes version "1.20" \(bundled default policies: 1.35, 1.37\)/);
    expect(() => loadDefaultPolicy('latest')).toThrow(/unsupported/);
  });

  it('caches per version and freezes the shared result', () => {
    const a = loadDefaultPolicy('1.37');
    expect(loadDefaultPolicy('v1.37.0')).toBe(a);
    expect(Object.isFrozen(a.clusterRoles)).toBe(true);
    expect(Object.isFrozen(a.clusterRoles[0]?.rules[0])).toBe(true);
  });
});

describe('1.37 default policy', () => {
  const policy = loadDefaultPolicy('1.37');
  const clusterRole = (name: string) => policy.clusterRoles.find((r) => r.name === name);
  const crb = (name: string) => policy.clusterRoleBindings.find((b) => b.name === name);

  it('has the counts of the YAML (32 + 41 ClusterRoles, 12 + 39 + 2 synthesized CRBs, 7 Roles, 7 RoleBindings)', () => {
    expect(policy.clusterRoles).toHaveLength(73);
    expect(policy.clusterRoleBindings).toHaveLength(53);
    expect(policy.roles).toHaveLength(7);
    expect(policy.roleBindings).toHaveLength(7);
  });

  it('cluster-admin allows */*/* and nonResourceURLs *', () => {
    expect(clusterRole('cluster-admin')).toMatchObject({
      kind: 'ClusterRole',
      builtin: true,
      rules: [
        { verbs: ['*'], apiGroups: ['*'], resources: ['*'], resourceNames: [], nonResourceURLs: [] },
        { verbs: ['*'], apiGroups: [], resources: [], resourceNames: [], nonResourceURLs: ['*'] },
      ],
    });
    expect(clusterRole('cluster-admin')?.namespace).toBeUndefined();
  });

  it('binds cluster-admin to the system:masters group', () => {
    expect(crb('cluster-admin')).toEqual({
      kind: 'ClusterRoleBinding',
      name: 'cluster-admin',
      roleRef: { kind: 'ClusterRole', name: 'cluster-admin', apiGroup: 'rbac.authorization.k8s.io' },
      subjects: [{ kind: 'Group', name: 'system:masters', apiGroup: 'rbac.authorization.k8s.io' }],
      builtin: true,
    });
  });

  it('admin/edit/view are aggregated through labels and have no own rules', () => {
    for (const [name, selector] of [
      ['admin', 'aggregate-to-admin'],
      ['edit', 'aggregate-to-edit'],
      ['view', 'aggregate-to-view'],
    ] as const) {
      const role = clusterRole(name);
      expect(role?.rules).toEqual([]);
      expect(role?.aggregationRule).toEqual({ clusterRoleSelectors: [{ matchLabels: { [`rbac.authorization.k8s.io/${selector}`]: 'true' } }] });
    }
    // edit feeds admin, view feeds edit, the system:aggregate-to-* roles carry the rules.
    expect(clusterRole('edit')?.labels['rbac.authorization.k8s.io/aggregate-to-admin']).toBe('true');
    expect(clusterRole('view')?.labels['rbac.authorization.k8s.io/aggregate-to-edit']).toBe('true');
    expect(clusterRole('system:aggregate-to-view')?.labels).toEqual({
      'kubernetes.io/bootstrapping': 'rbac-defaults',
      'rbac.authorization.k8s.io/aggregate-to-view': 'true',
    });
    expect(clusterRole('system:aggregate-to-view')?.rules.length).toBeGreaterThan(0);
  });

  it('keeps the default grants to every authenticated user', () => {
    for (const name of ['system:basic-user', 'system:discovery', 'system:public-info-viewer']) {
      expect(crb(name)?.subjects).toContainEqual({ kind: 'Group', name: 'system:authenticated', apiGroup: 'rbac.authorization.k8s.io' });
    }
    expect(crb('system:public-info-viewer')?.subjects).toContainEqual({ kind: 'Group', name: 'system:unauthenticated', apiGroup: 'rbac.authorization.k8s.io' });
    expect(crb('system:service-account-issuer-discovery')?.subjects).toEqual([
      { kind: 'Group', name: 'system:serviceaccounts', apiGroup: 'rbac.authorization.k8s.io' },
    ]);
    expect(clusterRole('system:discovery')?.rules[0]?.nonResourceURLs).toContain('/openapi/*');
  });

  it('synthesizes the two missing controller bindings like upstream and says so', () => {
    for (const controller of ['kube-apiserver-serving-clustertrustbundle-publisher', 'podcertificaterequestcleaner']) {
      const name = `system:controller:${controller}`;
      expect(crb(name)).toMatchObject({
        roleRef: { kind: 'ClusterRole', name },
        subjects: [{ kind: 'ServiceAccount', name: controller, namespace: 'kube-system' }],
        builtin: true,
      });
      expect(policy.notes.some((n) => n.includes(name))).toBe(true);
    }
    // Every controller role is bound.
    for (const role of policy.clusterRoles.filter((r) => r.name.startsWith('system:controller:'))) {
      expect(policy.clusterRoleBindings.some((b) => b.roleRef.name === role.name), role.name).toBe(true);
    }
  });

  it('has namespaced Roles and RoleBindings with resolvable refs', () => {
    expect(policy.roles.every((r) => r.kind === 'Role' && (r.namespace === 'kube-system' || r.namespace === 'kube-public'))).toBe(true);
    for (const b of policy.roleBindings) {
      expect(b.kind).toBe('RoleBinding');
      const ok =
        b.roleRef.kind === 'Role'
          ? policy.roles.some((r) => r.namespace === b.namespace && r.name === b.roleRef.name)
          : policy.clusterRoles.some((r) => r.name === b.roleRef.name);
      expect(ok, `${b.namespace}/${b.name}`).toBe(true);
    }
    const all = [...policy.clusterRoles, ...policy.roles, ...policy.clusterRoleBindings, ...policy.roleBindings];
    expect(all.every((o) => o.builtin === true)).toBe(true);
  });

  it('gives the system:node binding an empty subject list', () => {
    expect(crb('system:node')?.subjects).toEqual([]);
  });
});

describe('1.35 default policy', () => {
  const policy = loadDefaultPolicy('1.35');
  it('is the coherent 1.35-dev set (31 + 39 ClusterRoles, 12 + 39 CRBs, nothing synthesized)', () => {
    expect(policy.clusterRoles).toHaveLength(70);
    expect(policy.clusterRoleBindings).toHaveLength(51);
    expect(policy.clusterRoles.some((r) => r.name === 'system:cluster-trust-bundle-discovery')).toBe(false);
    expect(policy.notes.some((n) => n.startsWith('Synthesized'))).toBe(false);
  });
});

// Cross-check against the reference YAML when the shared data is present.
describe.skipIf(!existsSync(SHARED))('counts match the source YAML', () => {
  const count = (file: string): number => (parseYaml(readFileSync(new URL(file, SHARED), 'utf8')) as { items: unknown[] }).items.length;
  it.each([
    ['1.37', 'cluster-roles.yaml', 'controller-roles.yaml', 'controller-role-bindings.yaml', 2],
    ['1.35', '1.35-dev/cluster-roles.yaml', '1.35-dev/controller-roles.yaml', '1.35-dev/controller-role-bindings.yaml', 0],
  ] as const)('%s', (version, clusterRoles, controllerRoles, controllerBindings, synthesized) => {
    const policy = loadDefaultPolicy(version);
    expect(policy.clusterRoles).toHaveLength(count(clusterRoles) + count(controllerRoles));
    expect(policy.clusterRoleBindings).toHaveLength(count('cluster-role-bindings.yaml') + count(controllerBindings) + synthesized);
    expect(policy.roles).toHaveLength(count('namespace-roles.yaml'));
    expect(policy.roleBindings).toHaveLength(count('namespace-role-bindings.yaml'));
  });
});
