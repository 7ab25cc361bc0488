import { describe, expect, it } from 'vitest';
import { Discovery, type CustomResourceDefinitionData } from '../../src/kube/discovery.js';
import { compareKubeAwareVersions, sortKubeAwareVersions } from '../../src/kube/kube-version-order.js';
import { guessResourceForKind } from '../../src/kube/rest-mapper.js';

const builtin = Discovery.builtin();

function widgetCrd(overrides: Partial<CustomResourceDefinitionData['spec']> = {}): CustomResourceDefinitionData {
  return {
    spec: {
      group: 'example.com',
      names: { plural: 'widgets', singular: 'widget', kind: 'Widget', shortNames: ['wd'], categories: ['all'] },
      scope: 'Cluster',
      versions: [
        { name: 'v1alpha1', served: true, storage: false },
        { name: 'v1', served: true, storage: true, subresources: { status: {}, scale: { specReplicasPath: '.spec.replicas' } } },
        { name: 'v2', served: false, storage: false },
      ],
      ...overrides,
    },
  };
}

describe('Discovery table', () => {
  it('lists the core group first and built-in groups in priority order', () => {
    const groups = builtin.groups();
    expect(groups[0]).toEqual({ group: '', preferredVersion: 'v1', versions: ['v1'] });
    expect(groups.map((g) => g.group)).toContain('rbac.authorization.k8s.io');
    expect(groups.find((g) => g.group === 'autoscaling')).toEqual({ group: 'autoscaling', preferredVersion: 'v2', versions: ['v2', 'v1'] });
    expect(builtin.resources()).toHaveLength(100);
  });

  it.each([
    ['', 'nodes', false],
    ['', 'namespaces', false],
    ['', 'persistentvolumes', false],
    ['', 'pods', true],
    ['', 'secrets', true],
    ['apps', 'deployments', true],
    ['rbac.authorization.k8s.io', 'clusterroles', false],
    ['rbac.authorization.k8s.io', 'roles', true],
    ['', 'pods/log', true],
    ['', 'nodes/proxy', false],
  ] as const)('isNamespaced(%j, %s) === %s', (group, resource, expected) => {
    expect(builtin.isNamespaced(group, resource)).toBe(expected);
  });

  it('answers unknown resources with undefined', () => {
    expect(builtin.isNamespaced('', 'widgets')).toBeUndefined();
    expect(builtin.isNamespaced('', 'pods/nope')).toBeUndefined();
    expect(builtin.isNamespaced('apps', 'pods')).toBeUndefined();
    expect(builtin.kindFor('', 'widgets')).toBeUndefined();
    expect(builtin.knownVerbs('', 'widgets')).toBeUndefined();
    expect(builtin.subresources('', 'widgets')).toEqual([]);
  });

  it('maps kinds and resources both ways', () => {
    expect(builtin.kindFor('apps', 'deployments')).toBe('Deployment');
    expect(builtin.kindFor('', 'endpoints')).toBe('Endpoints');
    expect(builtin.resourceForKind('', 'Pod')).toBe('pods');
    expect(builtin.resourceForKind('events.k8s.io', 'Event')).toBe('events');
    expect(builtin.resourceForKind('', 'Deployment')).toBeUndefined();
    expect(builtin.resourceForKind('apps', 'Deployment')).toBe('deployments');
  });

  it('knows verbs and subresources', () => {
    expect(builtin.knownVerbs('', 'pods/exec')).toEqual(['create', 'get']);
    expect(builtin.knownVerbs('', 'pods/log')).toEqual(['get']);
    expect(builtin.knownVerbs('', 'bindings')).toEqual(['create']);
    expect(builtin.knownVerbs('apps', 'deployments')).toContain('deletecollection');
    expect(builtin.subresources('apps', 'deployments').map((s) => s.name)).toEqual(['scale', 'status']);
    expect(builtin.subresources('', 'pods').map((s) => s.name)).toEqual([
      'attach', 'binding', 'ephemeralcontainers', 'eviction', 'exec', 'log', 'portforward', 'proxy', 'resize', 'status',
    ]);
    expect(builtin.knownVerbs('certificates.k8s.io', 'signers')).toBeUndefined();
  });

  it('uses the highest-priority version for lookups', () => {
    expect(builtin.findResource('autoscaling', 'horizontalpodautoscalers')?.version).toBe('v2');
    expect(builtin.findResource('resource.k8s.io', 'devicetaintrules')?.version).toBe('v1');
    expect(builtin.findResource('resource.k8s.io', 'resourcepoolstatusrequests')?.version).toBe('v1alpha3');
  });
});

describe('resolveType (kubectl auth can-i TYPE)', () => {
  it.each([
    ['po', '', 'v1', 'pods'],
    ['pods', '', 'v1', 'pods'],
    ['pod', '', 'v1', 'pods'],
    ['Pod', '', 'v1', 'pods'],
    ['PODS', '', 'v1', 'pods'],
    ['deploy', 'apps', 'v1', 'deployments'],
    ['deployments', 'apps', 'v1', 'deployments'],
    ['deployments.apps', 'apps', 'v1', 'deployments'],
    ['deployments.v1.apps', 'apps', 'v1', 'deployments'],
    ['Deployments.Apps', 'apps', 'v1', 'deployments'],
    ['deploy.apps', 'apps', 'v1', 'deployments'],
    ['deploy.v1.apps', 'apps', 'v1', 'deployments'],
    ['deployments.app', 'apps', 'v1', 'deployments'], // group prefix
    ['deploy.app', 'apps', 'v1', 'deployments'], // short name with group prefix
    ['jobs', 'batch', 'v1', 'jobs'],
    ['jobs.batch', 'batch', 'v1', 'jobs'],
    ['cj', 'batch', 'v1', 'cronjobs'],
    ['hpa', 'autoscaling', 'v2', 'horizontalpodautoscalers'],
    ['horizontalpodautoscalers.v1.autoscaling', 'autoscaling', 'v1', 'horizontalpodautoscalers'],
    ['storageclasses.storage', 'storage.k8s.io', 'v1', 'storageclasses'],
    ['storageclasses.storage.k8s.io', 'storage.k8s.io', 'v1', 'storageclasses'],
    ['sc', 'storage.k8s.io', 'v1', 'storageclasses'],
    ['SelfSubjectAccessReview', 'authorization.k8s.io', 'v1', 'selfsubjectaccessreviews'],
    ['events', '', 'v1', 'events'], // core wins over events.k8s.io
    ['events.events.k8s.io', 'events.k8s.io', 'v1', 'events'],
    ['endpoints', '', 'v1', 'endpoints'],
    ['Endpoints', '', 'v1', 'endpoints'],
    ['clusterrole', 'rbac.authorization.k8s.io', 'v1', 'clusterroles'],
    ['ns', '', 'v1', 'namespaces'],
    ['no', '', 'v1', 'nodes'],
    ['crd', 'apiextensions.k8s.io', 'v1', 'customresourcedefinitions'],
    ['leasecandidates', 'coordination.k8s.io', 'v1beta1', 'leasecandidates'],
    // kubectl's RESTMapper also maps guessed "<Kind>List" and "List" names.
    ['podlist', '', 'v1', 'podlists'],
    ['deploymentlists', 'apps', 'v1', 'deploymentlists'],
    ['list', '', 'v1', 'lists'],
  ])('%s -> %j %s %s', (typeArg, group, version, resource) => {
    const r = builtin.resolveType(typeArg);
    expect(r).toMatchObject({ known: true, group, version, resource });
    if (typeArg !== 'ev') expect(r.warnings).toEqual([]);
  });

  it('passes * through as core-group *', () => {
    expect(builtin.resolveType('*')).toEqual({ known: true, group: '', version: '', resource: '*', namespaced: undefined, warnings: [] });
  });

  it('reports scope from discovery at the resolved version', () => {
    expect(builtin.resolveType('nodes')).toMatchObject({ namespaced: false });
    expect(builtin.resolveType('ns')).toMatchObject({ namespaced: false });
    expect(builtin.resolveType('po')).toMatchObject({ namespaced: true });
    expect(builtin.resolveType('podlist')).toMatchObject({ namespaced: undefined });
  });

  it('sends an unknown type exactly as typed, with group "" and a warning', () => {
    expect(builtin.resolveType('widgets.example.com')).toEqual({
      known: false,
      group: '',
      resource: 'widgets.example.com',
      warnings: ["the server doesn't have a resource type 'widgets' in group 'example.com'\n"],
    });
    expect(builtin.resolveType('Widgets')).toEqual({
      known: false,
      group: '',
      resource: 'Widgets',
      warnings: ["the server doesn't have a resource type 'widgets'\n"],
    });
    expect(builtin.resolveType('pods.v1')).toMatchObject({ known: false, resource: 'pods.v1', warnings: ["the server doesn't have a resource type 'pods' in group 'v1'\n"] });
    expect(builtin.resolveType('')).toEqual({ known: false, group: '', resource: '', warnings: ["the server doesn't have a resource type ''\n"] });
  });

  it('accepts users and groups silently, but not uids or userextras', () => {
    expect(builtin.resolveType('users')).toEqual({ known: false, group: '', resource: 'users', warnings: [] });
    expect(builtin.resolveType('groups')).toEqual({ known: false, group: '', resource: 'groups', warnings: [] });
    expect(builtin.resolveType('Users')).toEqual({ known: false, group: '', resource: 'Users', warnings: [] });
    expect(builtin.resolveType('users.')).toMatchObject({ known: false, resource: 'users.', warnings: [] });
    expect(builtin.resolveType('uids').warnings).toEqual(["the server doesn't have a resource type 'uids'\n"]);
    expect(builtin.resolveType('userextras').warnings).toEqual(["the server doesn't have a resource type 'userextras'\n"]);
    expect(builtin.resolveType('users.example.com').warnings).toEqual(["the server doesn't have a resource type 'users' in group 'example.com'\n"]);
  });

  it('warns about a short name that another group also uses (ev)', () => {
    expect(builtin.resolveType('ev')).toEqual({
      known: true,
      group: '',
      version: 'v1',
      resource: 'events',
      namespaced: true,
      warnings: ['short name "ev" could also match lower priority resource events.events.k8s.io'],
    });
    expect(builtin.resolveType('ev.events.k8s.io')).toMatchObject({ group: 'events.k8s.io', resource: 'events', warnings: [] });
  });
});

describe('CustomResourceDefinitions', () => {
  const d = Discovery.builtin().addCustomResourceDefinition(widgetCrd());

  it('does not change other instances', () => {
    expect(builtin.resolveType('wd').known).toBe(false);
  });

  it('resolves plural, singular, kind, short name and qualified names', () => {
    for (const t of ['widgets', 'widget', 'Widget', 'wd', 'widgets.example.com', 'widgets.v1.example.com', 'wd.example.com', 'widgets.example']) {
      expect(d.resolveType(t), t).toMatchObject({ known: true, group: 'example.com', resource: 'widgets', warnings: [] });
    }
    expect(d.resolveType('widgets')).toMatchObject({ version: 'v1', namespaced: false });
    expect(d.resolveType('widgets.v1alpha1.example.com')).toMatchObject({ version: 'v1alpha1' });
    // v2 is not served; the fallback reads "v2.example.com" as the group, which does not exist.
    expect(d.resolveType('widgets.v2.example.com')).toEqual({
      known: false,
      group: '',
      resource: 'widgets.v2.example.com',
      warnings: ["the server doesn't have a resource type 'widgets' in group 'v2.example.com'\n"],
    });
  });

  it('publishes the CRD like the API server', () => {
    expect(d.groups().at(-1)).toEqual({ group: 'example.com', preferredVersion: 'v1', versions: ['v1', 'v1alpha1'] });
    expect(d.findResource('example.com', 'widgets')).toEqual({
      group: 'example.com',
      version: 'v1',
      resource: 'widgets',
      kind: 'Widget',
      singular: 'widget',
      namespaced: false,
      verbs: ['delete', 'deletecollection', 'get', 'list', 'patch', 'create', 'update', 'watch'],
      shortNames: ['wd'],
      categories: ['all'],
      subresources: [
        { name: 'status', verbs: ['get', 'patch', 'update'] },
        { name: 'scale', verbs: ['get', 'patch', 'update'] },
      ],
    });
    expect(d.isNamespaced('example.com', 'widgets/status')).toBe(false);
    expect(d.kindFor('example.com', 'widgets')).toBe('Widget');
    expect(d.resourceForKind('example.com', 'Widget')).toBe('widgets');
    // v1alpha1 has no subresources.
    expect(d.resources().find((r) => r.version === 'v1alpha1')?.subresources).toEqual([]);
  });

  it('defaults the singular to the lower-cased kind and the scope to Namespaced', () => {
    const g = Discovery.builtin().addCustomResourceDefinition({
      spec: { group: 'gadgets.io', names: { plural: 'gadgets', kind: 'Gadget' }, scope: 'Namespaced', versions: [{ name: 'v1beta1', served: true }] },
    });
    expect(g.resolveType('gadget')).toMatchObject({ known: true, group: 'gadgets.io', version: 'v1beta1', resource: 'gadgets', namespaced: true });
  });

  it('orders CRD groups by name after the built-in groups', () => {
    const g = Discovery.builtin()
      .addCustomResourceDefinition(widgetCrd())
      .addCustomResourceDefinition({ spec: { group: 'acme.io', names: { plural: 'things', kind: 'Thing' }, scope: 'Namespaced', versions: [{ name: 'v1', served: true }] } });
    expect(g.groups().slice(-2).map((x) => x.group)).toEqual(['acme.io', 'example.com']);
  });

  it('keeps built-in short names first and warns about the CRD clash', () => {
    const g = Discovery.builtin().addCustomResourceDefinition(widgetCrd({ names: { plural: 'widgets', kind: 'Widget', shortNames: ['po'] } }));
    expect(g.resolveType('po')).toMatchObject({
      group: '',
      resource: 'pods',
      warnings: ['short name "po" could also match lower priority resource widgets.example.com'],
    });
    expect(g.resolveType('po.example.com')).toMatchObject({ group: 'example.com', resource: 'widgets', warnings: [] });
  });

  it('adds a CRD in a built-in group to that group, keeping its preferred version', () => {
    const g = Discovery.builtin().addCustomResourceDefinition({
      spec: { group: 'apps', names: { plural: 'rollouts', kind: 'Rollout', shortNames: ['ro'] }, scope: 'Namespaced', versions: [{ name: 'v1alpha1', served: true }] },
    });
    expect(g.groups().find((x) => x.group === 'apps')).toEqual({ group: 'apps', preferredVersion: 'v1', versions: ['v1', 'v1alpha1'] });
    expect(g.resolveType('ro')).toMatchObject({ known: true, group: 'apps', version: 'v1alpha1', resource: 'rollouts' });
    expect(g.resolveType('deploy')).toMatchObject({ group: 'apps', version: 'v1' });
  });

  it('replaces a CRD added twice', () => {
    const g = Discovery.builtin().addCustomResourceDefinitions([widgetCrd(), widgetCrd({ scope: 'Namespaced' })]);
    expect(g.resources().filter((r) => r.group === 'example.com')).toHaveLength(2);
    expect(g.isNamespaced('example.com', 'widgets')).toBe(true);
  });
});

describe('helpers', () => {
  it('orders versions kube-aware', () => {
    expect(sortKubeAwareVersions(['v1alpha1', 'foo', 'v2beta1', 'v1', 'v11alpha2', 'v2', 'bar', 'v1beta2'])).toEqual([
      'v2', 'v1', 'v2beta1', 'v1beta2', 'v11alpha2', 'v1alpha1', 'bar', 'foo',
    ]);
    expect(compareKubeAwareVersions('v1', 'v1')).toBe(0);
  });

  it('guesses resources from kinds like apimachinery', () => {
    expect(guessResourceForKind('PodList')).toEqual({ plural: 'podlists', singular: 'podlist' });
    expect(guessResourceForKind('Ingress')).toEqual({ plural: 'ingresses', singular: 'ingress' });
    expect(guessResourceForKind('NetworkPolicy')).toEqual({ plural: 'networkpolicies', singular: 'networkpolicy' });
    expect(guessResourceForKind('Endpoints')).toEqual({ plural: 'endpoints', singular: 'endpoints' });
  });
});
