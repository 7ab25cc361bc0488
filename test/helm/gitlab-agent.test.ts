import { describe, expect, it } from 'vitest';
import { modelGitlabAgentChart, OCS_CLUSTER_ROLE_RULES } from '../../src/helm/gitlab-agent.js';
import { MASKED_SECRET_VALUE } from '../../src/helm/objects.js';
import { valuesFromSetArguments } from '../../src/helm/set-values.js';
import { originFor, type ChartModel } from '../../src/helm/types.js';
import { bindingsOf, bodyWithoutLabels, json, obj, refs } from './helpers.js';

const REL = { name: 'test', namespace: 'gitlab-agent' };
const RBAC = 'rbac.authorization.k8s.io/v1';
const FAKE_TOKEN = `glagent-${'FakeTokenForTestsOnly_'.repeat(3).slice(0, 50)}`;

const OCS_RULES = [
  { apiGroups: ['batch'], resources: ['cronjobs', 'jobs'], verbs: ['list', 'get'] },
  {
    apiGroups: [''],
    resources: [
      'pods',
      'replicationcontrollers',
      'serviceaccounts',
      'namespaces',
      'services',
      'configmaps',
      'resourcequotas',
      'limitranges',
      'nodes',
      'secrets',
    ],
    verbs: ['list', 'get'],
  },
  { apiGroups: ['apps'], resources: ['replicasets', 'daemonsets', 'statefulsets', 'deployments'], verbs: ['list', 'get'] },
  { apiGroups: ['rbac.authorization.k8s.io'], resources: ['roles', 'rolebindings', 'clusterroles', 'clusterrolebindings'], verbs: ['list', 'get'] },
  { apiGroups: ['networking.k8s.io'], resources: ['networkpolicies', 'ingresses'], verbs: ['list', 'get'] },
];

const OCS_REFS = [
  'ServiceAccount gitlab-agent/test-gitlab-agent-ocs-scanning-pod-sa',
  'ClusterRole gitlab-agent:test-gitlab-agent:ocs',
  'ClusterRoleBinding gitlab-agent:test-gitlab-agent:ocs',
  'Role gitlab-agent/test-gitlab-agent:ocs',
  'RoleBinding gitlab-agent/test-gitlab-agent:ocs',
];

function agentCrb(m: ChartModel) {
  const crbs = m.objects.filter((o) => o.kind === 'ClusterRoleBinding' && !o.name.endsWith(':ocs'));
  expect(crbs.length).toBeLessThanOrEqual(1);
  return crbs[0];
}

describe('gitlab-agent chart: default values', () => {
  const m = modelGitlabAgentChart({}, REL);

  it('renders the agent SA, the cluster-admin binding and the OCS objects, nothing else', () => {
    expect(m.chart).toBe('gitlab-agent');
    expect(m.chartVersion).toBe('2.6.2');
    expect(refs(m)).toEqual([
      'ServiceAccount gitlab-agent/test-gitlab-agent',
      'ClusterRoleBinding gitlab-agent:test-gitlab-agent-cluster-admin',
      ...OCS_REFS,
    ]);
  });

  it('renders the ServiceAccount exactly', () => {
    expect(obj(m, 'ServiceAccount', 'test-gitlab-agent').body).toEqual({
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: {
        name: 'test-gitlab-agent',
        namespace: 'gitlab-agent',
        labels: {
          'helm.sh/chart': 'gitlab-agent-2.6.2',
          'app.kubernetes.io/name': 'gitlab-agent',
          'app.kubernetes.io/instance': 'test',
          'app.kubernetes.io/version': 'v17.3.1',
          'app.kubernetes.io/managed-by': 'Helm',
        },
      },
    });
  });

  it('binds the agent SA to cluster-admin with a ClusterRoleBinding', () => {
    const crb = obj(m, 'ClusterRoleBinding', 'gitlab-agent:test-gitlab-agent-cluster-admin');
    expect(crb.namespace).toBeUndefined();
    expect(bodyWithoutLabels(crb)).toEqual({
      apiVersion: RBAC,
      kind: 'ClusterRoleBinding',
      metadata: { name: 'gitlab-agent:test-gitlab-agent-cluster-admin' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
      subjects: [{ kind: 'ServiceAccount', name: 'test-gitlab-agent', namespace: 'gitlab-agent' }],
    });
  });

  it('renders the OCS objects with exactly the §5.3 rules', () => {
    expect(bodyWithoutLabels(obj(m, 'ServiceAccount', 'test-gitlab-agent-ocs-scanning-pod-sa'))).toEqual({
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: 'test-gitlab-agent-ocs-scanning-pod-sa', namespace: 'gitlab-agent' },
    });
    expect(bodyWithoutLabels(obj(m, 'ClusterRole', 'gitlab-agent:test-gitlab-agent:ocs'))).toEqual({
      apiVersion: RBAC,
      kind: 'ClusterRole',
      metadata: { name: 'gitlab-agent:test-gitlab-agent:ocs' },
      rules: OCS_RULES,
    });
    expect(OCS_CLUSTER_ROLE_RULES).toEqual(OCS_RULES);
    const ocsSubject = [{ kind: 'ServiceAccount', name: 'test-gitlab-agent-ocs-scanning-pod-sa', namespace: 'gitlab-agent' }];
    expect(bodyWithoutLabels(obj(m, 'ClusterRoleBinding', 'gitlab-agent:test-gitlab-agent:ocs'))).toEqual({
      apiVersion: RBAC,
      kind: 'ClusterRoleBinding',
      metadata: { name: 'gitlab-agent:test-gitlab-agent:ocs' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'gitlab-agent:test-gitlab-agent:ocs' },
      subjects: ocsSubject,
    });
    expect(bodyWithoutLabels(obj(m, 'Role', 'test-gitlab-agent:ocs'))).toEqual({
      apiVersion: RBAC,
      kind: 'Role',
      metadata: { name: 'test-gitlab-agent:ocs', namespace: 'gitlab-agent' },
      rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['create'] }],
    });
    expect(bodyWithoutLabels(obj(m, 'RoleBinding', 'test-gitlab-agent:ocs'))).toEqual({
      apiVersion: RBAC,
      kind: 'RoleBinding',
      metadata: { name: 'test-gitlab-agent:ocs', namespace: 'gitlab-agent' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'test-gitlab-agent:ocs' },
      subjects: ocsSubject,
    });
  });

  it('reports the agent and OCS identities, no tokens', () => {
    expect(m.identities.map((i) => [i.role, i.username])).toEqual([
      ['agent', 'system:serviceaccount:gitlab-agent:test-gitlab-agent'],
      ['ocs-scanner', 'system:serviceaccount:gitlab-agent:test-gitlab-agent-ocs-scanning-pod-sa'],
    ]);
    expect(m.tokens).toEqual([]);
  });

  it('gives chart-default origins, with release dependencies', () => {
    const crb = obj(m, 'ClusterRoleBinding', 'gitlab-agent:test-gitlab-agent-cluster-admin');
    expect(originFor(crb, [])).toEqual({ kind: 'default', description: 'chart default rbac.create=true' });
    expect(originFor(crb, ['roleRef', 'name'])).toEqual({
      kind: 'default',
      description: 'chart default: rbac.useExistingRole unset → ClusterRole cluster-admin',
    });
    expect(originFor(crb, ['subjects', 0, 'name'])).toMatchObject({ kind: 'default', release: ['name'] });
    expect(originFor(crb, ['subjects', 0, 'namespace'])).toMatchObject({ kind: 'default', release: ['namespace'] });
    expect(originFor(crb, ['metadata', 'name'])).toMatchObject({ kind: 'default', release: ['namespace', 'name'] });
    // Unkeyed paths fall back to the nearest keyed ancestor.
    expect(originFor(crb, ['roleRef', 'apiGroup'])).toEqual(originFor(crb, []));
    const cr = obj(m, 'ClusterRole', 'gitlab-agent:test-gitlab-agent:ocs');
    expect(originFor(cr, ['rules', 1, 'resources', 9])).toEqual({
      kind: 'default',
      description: 'chart default config.operational_container_scanning.enabled=true',
    });
  });

  it('notes the missing token and the Deployment', () => {
    expect(m.notes).toContain(
      'Neither config.token nor config.secretName is set: the agent Deployment reads Secret "test-gitlab-agent-token", which the chart does not create.',
    );
    expect(m.notes.some((n) => n.startsWith('Deployment "test-gitlab-agent-v2"'))).toBe(true);
  });
});

describe('gitlab-agent chart: seed scenario (helm upgrade --install test gitlab/gitlab-agent --namespace gitlab-agent)', () => {
  it('without --set flags binds system:serviceaccount:gitlab-agent:test-gitlab-agent to cluster-admin', () => {
    const m = modelGitlabAgentChart(valuesFromSetArguments([]), REL);
    const agent = m.identities.find((i) => i.role === 'agent');
    expect(agent?.username).toBe('system:serviceaccount:gitlab-agent:test-gitlab-agent');
    const bindings = bindingsOf(m, 'gitlab-agent', 'test-gitlab-agent');
    expect(bindings.map((b) => [b.kind, b.name, (b.body['roleRef'] as Record<string, unknown>)['name']])).toEqual([
      ['ClusterRoleBinding', 'gitlab-agent:test-gitlab-agent-cluster-admin', 'cluster-admin'],
    ]);
  });

  it('with --set rbac.create=false serviceAccount.create=false serviceAccount.name=gitlab-runner renders no RBAC for the agent', () => {
    const values = valuesFromSetArguments([
      'rbac.create=false',
      'serviceAccount.create=false',
      'serviceAccount.name=gitlab-runner',
    ]);
    expect(values).toEqual({ rbac: { create: false }, serviceAccount: { create: false, name: 'gitlab-runner' } });
    const m = modelGitlabAgentChart(values, REL);
    const agent = m.identities.find((i) => i.role === 'agent');
    expect(agent).toEqual({
      role: 'agent',
      namespace: 'gitlab-agent',
      serviceAccountName: 'gitlab-runner',
      username: 'system:serviceaccount:gitlab-agent:gitlab-runner',
      origin: { kind: 'values', path: ['serviceAccount', 'name'] },
    });
    // Nothing binds, or creates, the agent identity: its permissions come from the repository's manifests.
    expect(bindingsOf(m, 'gitlab-agent', 'gitlab-runner')).toEqual([]);
    expect(m.objects.some((o) => o.kind === 'ServiceAccount' && o.name === 'gitlab-runner')).toBe(false);
    expect(agentCrb(m)).toBeUndefined();
    // Only the OCS objects (default on in chart 2.6.2) remain, bound to the OCS ServiceAccount.
    expect(refs(m)).toEqual(OCS_REFS);
    expect(m.notes).toContain(
      'rbac.create is false: the chart renders no ClusterRoleBinding; ServiceAccount "gitlab-agent/gitlab-runner" has only the permissions other manifests grant (agentk also needs Lease and Event access in "gitlab-agent").',
    );
  });
});

describe('gitlab-agent chart: variations', () => {
  it('rbac.create=false: no ClusterRoleBinding, SA still created', () => {
    const m = modelGitlabAgentChart({ rbac: { create: false } }, REL);
    expect(refs(m)).toEqual(['ServiceAccount gitlab-agent/test-gitlab-agent', ...OCS_REFS]);
    expect(bindingsOf(m, 'gitlab-agent', 'test-gitlab-agent')).toEqual([]);
    expect(obj(m, 'ServiceAccount', 'test-gitlab-agent').origins.get('')).toEqual({
      kind: 'default',
      description: 'chart default serviceAccount.create=true',
    });
  });

  it('serviceAccount.create=false without a name binds the namespace default SA to cluster-admin', () => {
    const m = modelGitlabAgentChart({ serviceAccount: { create: false } }, REL);
    expect(refs(m)).toEqual(['ClusterRoleBinding gitlab-agent:test-gitlab-agent-cluster-admin', ...OCS_REFS]);
    const crb = obj(m, 'ClusterRoleBinding', 'gitlab-agent:test-gitlab-agent-cluster-admin');
    expect(crb.body['subjects']).toEqual([{ kind: 'ServiceAccount', name: 'default', namespace: 'gitlab-agent' }]);
    expect(crb.body['roleRef']).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' });
    expect(originFor(crb, ['subjects', 0, 'name'])).toEqual({ kind: 'values', path: ['serviceAccount', 'create'] });
    expect(m.identities[0]?.username).toBe('system:serviceaccount:gitlab-agent:default');
    expect(m.notes).toContain(
      'serviceAccount.create is false and serviceAccount.name is unset: the agent runs as the "default" ServiceAccount of namespace "gitlab-agent".',
    );
  });

  it('serviceAccount.create=false with a name binds that (external) SA', () => {
    const m = modelGitlabAgentChart({ serviceAccount: { create: false, name: 'agent-sa' } }, REL);
    expect(refs(m)).toEqual(['ClusterRoleBinding gitlab-agent:test-gitlab-agent-cluster-admin', ...OCS_REFS]);
    const crb = obj(m, 'ClusterRoleBinding', 'gitlab-agent:test-gitlab-agent-cluster-admin');
    expect(crb.body['subjects']).toEqual([{ kind: 'ServiceAccount', name: 'agent-sa', namespace: 'gitlab-agent' }]);
    expect(originFor(crb, ['subjects', 0, 'name'])).toEqual({ kind: 'values', path: ['serviceAccount', 'name'] });
    expect(m.notes).toContain(
      'serviceAccount.create is false: the ClusterRoleBinding binds ServiceAccount "gitlab-agent/agent-sa", which the chart does not create.',
    );
  });

  it('serviceAccount.name with create (default) names the created SA', () => {
    const m = modelGitlabAgentChart({ serviceAccount: { name: 'agentk' } }, REL);
    const sa = obj(m, 'ServiceAccount', 'agentk');
    expect(originFor(sa, ['metadata', 'name'])).toEqual({ kind: 'values', path: ['serviceAccount', 'name'] });
    const crb = obj(m, 'ClusterRoleBinding', 'gitlab-agent:test-gitlab-agent-cluster-admin');
    expect(crb.body['subjects']).toEqual([{ kind: 'ServiceAccount', name: 'agentk', namespace: 'gitlab-agent' }]);
    expect(originFor(crb, ['subjects', 0, 'name'])).toEqual({ kind: 'values', path: ['serviceAccount', 'name'] });
  });

  it('rbac.useExistingRole binds that ClusterRole, still cluster-wide', () => {
    const m = modelGitlabAgentChart({ rbac: { useExistingRole: 'gitlab-agent-limited' } }, REL);
    const crb = obj(m, 'ClusterRoleBinding', 'gitlab-agent:test-gitlab-agent-gitlab-agent-limited');
    expect(bodyWithoutLabels(crb)).toEqual({
      apiVersion: RBAC,
      kind: 'ClusterRoleBinding',
      metadata: { name: 'gitlab-agent:test-gitlab-agent-gitlab-agent-limited' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'gitlab-agent-limited' },
      subjects: [{ kind: 'ServiceAccount', name: 'test-gitlab-agent', namespace: 'gitlab-agent' }],
    });
    expect(originFor(crb, ['roleRef', 'name'])).toEqual({ kind: 'values', path: ['rbac', 'useExistingRole'] });
    expect(originFor(crb, ['metadata', 'name'])).toMatchObject({ alsoFrom: [['rbac', 'useExistingRole']] });
    // The chart never creates that role.
    expect(m.objects.some((o) => o.kind === 'ClusterRole' && o.name === 'gitlab-agent-limited')).toBe(false);
  });

  it('an empty useExistingRole falls back to cluster-admin, pointing at the values line', () => {
    const m = modelGitlabAgentChart({ rbac: { useExistingRole: null } }, REL);
    const crb = obj(m, 'ClusterRoleBinding', 'gitlab-agent:test-gitlab-agent-cluster-admin');
    expect(originFor(crb, ['roleRef', 'name'])).toEqual({ kind: 'values', path: ['rbac', 'useExistingRole'] });
  });

  it('useExistingRole with rbac.create=false has no effect (noted)', () => {
    const m = modelGitlabAgentChart({ rbac: { create: false, useExistingRole: 'view' } }, REL);
    expect(agentCrb(m)).toBeUndefined();
    expect(m.notes).toContain('rbac.useExistingRole has no effect because rbac.create is false.');
  });

  it('OCS disabled: only the agent SA and binding', () => {
    const m = modelGitlabAgentChart({ config: { operational_container_scanning: { enabled: false } } }, REL);
    expect(refs(m)).toEqual([
      'ServiceAccount gitlab-agent/test-gitlab-agent',
      'ClusterRoleBinding gitlab-agent:test-gitlab-agent-cluster-admin',
    ]);
    expect(m.identities.map((i) => i.role)).toEqual(['agent']);
  });

  it('OCS objects point at the enable switch when set explicitly, and copy SA annotations', () => {
    const m = modelGitlabAgentChart(
      {
        config: { operational_container_scanning: { enabled: true } },
        serviceAccount: { annotations: { 'eks.amazonaws.com/role-arn': 'arn:aws:iam::1:role/x' } },
      },
      REL,
    );
    const ocsSa = obj(m, 'ServiceAccount', 'test-gitlab-agent-ocs-scanning-pod-sa');
    expect((ocsSa.body['metadata'] as Record<string, unknown>)['annotations']).toEqual({
      'eks.amazonaws.com/role-arn': 'arn:aws:iam::1:role/x',
    });
    expect(originFor(ocsSa, ['metadata', 'annotations', 'eks.amazonaws.com/role-arn'])).toEqual({
      kind: 'values',
      path: ['serviceAccount', 'annotations', 'eks.amazonaws.com/role-arn'],
    });
    expect(ocsSa.origins.has('metadata/annotations/eks.amazonaws.com~1role-arn')).toBe(true);
    const cr = obj(m, 'ClusterRole', 'gitlab-agent:test-gitlab-agent:ocs');
    expect(originFor(cr, ['rules', 1, 'verbs'])).toEqual({
      kind: 'values',
      path: ['config', 'operational_container_scanning', 'enabled'],
    });
  });

  it('config.token renders a masked Secret <fullname>-token and records the token path', () => {
    const m = modelGitlabAgentChart({ config: { token: FAKE_TOKEN, kasAddress: 'wss://kas.example.com' } }, REL);
    const secret = obj(m, 'Secret', 'test-gitlab-agent-token');
    expect(bodyWithoutLabels(secret)).toEqual({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'test-gitlab-agent-token', namespace: 'gitlab-agent' },
      type: 'Opaque',
      data: { token: MASKED_SECRET_VALUE },
    });
    expect(originFor(secret, ['data', 'token'])).toEqual({ kind: 'values', path: ['config', 'token'] });
    expect(m.tokens).toEqual([{ path: ['config', 'token'], kind: 'agent-token' }]);
    expect(json(m)).not.toContain(FAKE_TOKEN);
    expect(json(m)).not.toContain(FAKE_TOKEN.slice(8, 30));
    expect(json(m)).not.toContain(Buffer.from(FAKE_TOKEN).toString('base64'));
  });

  it('config.token with config.secretName names the Secret after secretName', () => {
    const m = modelGitlabAgentChart({ config: { token: FAKE_TOKEN, secretName: 'agent-token' } }, REL);
    const secret = obj(m, 'Secret', 'agent-token');
    expect(originFor(secret, ['metadata', 'name'])).toEqual({ kind: 'values', path: ['config', 'secretName'] });
    expect(json(m)).not.toContain(FAKE_TOKEN);
  });

  it('config.secretName alone renders no Secret and no token', () => {
    const m = modelGitlabAgentChart({ config: { secretName: 'agent-token' } }, REL);
    expect(m.objects.some((o) => o.kind === 'Secret')).toBe(false);
    expect(m.tokens).toEqual([]);
    expect(m.notes.some((n) => n.startsWith('Neither config.token'))).toBe(false);
  });

  it('config.kasCaCert renders the ConfigMap <fullname> with ca.crt', () => {
    const pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
    const m = modelGitlabAgentChart({ config: { kasCaCert: pem } }, REL);
    const cm = obj(m, 'ConfigMap', 'test-gitlab-agent');
    expect(bodyWithoutLabels(cm)).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'test-gitlab-agent', namespace: 'gitlab-agent' },
      data: { 'ca.crt': pem },
    });
    expect(originFor(cm, ['data', 'ca.crt'])).toEqual({ kind: 'values', path: ['config', 'kasCaCert'] });
  });

  it('additionalLabels appear on every object with their values origin', () => {
    const m = modelGitlabAgentChart({ additionalLabels: { 'rbac.authorization.k8s.io/aggregate-to-admin': 'true' } }, REL);
    for (const o of m.objects) {
      const labels = (o.body['metadata'] as Record<string, unknown>)['labels'] as Record<string, string>;
      expect(labels['rbac.authorization.k8s.io/aggregate-to-admin']).toBe('true');
    }
    const cr = obj(m, 'ClusterRole', 'gitlab-agent:test-gitlab-agent:ocs');
    expect(originFor(cr, ['metadata', 'labels', 'rbac.authorization.k8s.io/aggregate-to-admin'])).toEqual({
      kind: 'values',
      path: ['additionalLabels', 'rbac.authorization.k8s.io/aggregate-to-admin'],
    });
    expect(originFor(cr, ['metadata', 'labels', 'helm.sh/chart'])).toEqual({
      kind: 'default',
      description: 'chart common labels',
      release: ['name'],
    });
  });

  it('passes release origins through', () => {
    const m = modelGitlabAgentChart({}, { ...REL, from: 'cli' });
    expect(m.release).toEqual({
      name: 'test',
      namespace: 'gitlab-agent',
      nameOrigin: { source: 'cli', description: 'command line --release / --release-namespace' },
      namespaceOrigin: { source: 'cli', description: 'command line --release / --release-namespace' },
    });
  });
});

describe('gitlab-agent chart: fullname rules', () => {
  const crbName = (m: ChartModel) => agentCrb(m)?.name;

  it('a release name containing "gitlab-agent" is the fullname', () => {
    const m = modelGitlabAgentChart({}, { name: 'prod-gitlab-agent-eu', namespace: 'agents' });
    expect(crbName(m)).toBe('agents:prod-gitlab-agent-eu-cluster-admin');
    expect(m.identities[0]?.username).toBe('system:serviceaccount:agents:prod-gitlab-agent-eu');
    expect(m.identities[0]?.origin).toMatchObject({
      kind: 'default',
      description: 'chart default: serviceAccount.name unset, the ServiceAccount is named after the fullname "prod-gitlab-agent-eu"',
    });
  });

  it('GitLab generated install: release <agent> in gitlab-agent-<agent>', () => {
    const m = modelGitlabAgentChart({}, { name: 'test', namespace: 'gitlab-agent-test' });
    expect(m.identities[0]?.username).toBe('system:serviceaccount:gitlab-agent-test:test-gitlab-agent');
  });

  it('fullnameOverride wins and is the origin of derived names', () => {
    const m = modelGitlabAgentChart({ fullnameOverride: 'agentk' }, REL);
    expect(refs(m)).toEqual([
      'ServiceAccount gitlab-agent/agentk',
      'ClusterRoleBinding gitlab-agent:agentk-cluster-admin',
      'ServiceAccount gitlab-agent/agentk-ocs-scanning-pod-sa',
      'ClusterRole gitlab-agent:agentk:ocs',
      'ClusterRoleBinding gitlab-agent:agentk:ocs',
      'Role gitlab-agent/agentk:ocs',
      'RoleBinding gitlab-agent/agentk:ocs',
    ]);
    const sa = obj(m, 'ServiceAccount', 'agentk');
    expect(originFor(sa, ['metadata', 'name'])).toEqual({ kind: 'values', path: ['fullnameOverride'] });
    expect(originFor(obj(m, 'Role', 'agentk:ocs'), ['metadata', 'name'])).toEqual({ kind: 'values', path: ['fullnameOverride'] });
  });

  it('nameOverride replaces the chart name in the fullname and the name label', () => {
    const m = modelGitlabAgentChart({ nameOverride: 'agentk' }, REL);
    const sa = obj(m, 'ServiceAccount', 'test-agentk');
    expect(((sa.body['metadata'] as Record<string, unknown>)['labels'] as Record<string, string>)['app.kubernetes.io/name']).toBe('agentk');
    // A release name containing the override is used as is.
    const m2 = modelGitlabAgentChart({ nameOverride: 'agentk' }, { name: 'my-agentk', namespace: 'a' });
    expect(m2.identities[0]?.serviceAccountName).toBe('my-agentk');
  });

  it('truncates <release>-gitlab-agent to 63 characters', () => {
    const release = 'r'.repeat(51); // 51 + '-gitlab-agent' = 64
    const m = modelGitlabAgentChart({}, { name: release, namespace: 'ns' });
    const expected = `${release}-gitlab-agen`;
    expect(expected).toHaveLength(63);
    expect(m.identities[0]?.serviceAccountName).toBe(expected);
    expect(crbName(m)).toBe(`ns:${expected}-cluster-admin`);
    expect(m.notes.some((n) => n.includes('Helm would refuse'))).toBe(false);
  });

  it('trims one trailing "-" left by the truncation', () => {
    const release = 'a'.repeat(55); // '-' of 'gitlab-agent' lands on character 63
    expect(`${release}-gitlab-agent`.slice(0, 63).endsWith('-')).toBe(true);
    const m = modelGitlabAgentChart({}, { name: release, namespace: 'ns' });
    expect(m.identities[0]?.serviceAccountName).toBe(`${release}-gitlab`);
    expect(m.notes).toContain(`Helm would refuse the install: the release name "${release}" is longer than 53 characters.`);
    const override = `${'b'.repeat(62)}-tail`;
    const m2 = modelGitlabAgentChart({ fullnameOverride: override }, REL);
    expect(m2.identities[0]?.serviceAccountName).toBe('b'.repeat(62));
  });

  it('only one trailing "-" is trimmed (trimSuffix)', () => {
    const m = modelGitlabAgentChart({ fullnameOverride: `${'c'.repeat(61)}--x` }, REL);
    expect(m.identities[0]?.serviceAccountName).toBe(`${'c'.repeat(61)}-`);
  });
});

describe('gitlab-agent chart: chart versions', () => {
  it('chart 1.x: CA from config.caCert, ConfigMap always, no OCS by default, plain Deployment name', () => {
    const m = modelGitlabAgentChart({ config: { caCert: 'PEM', kasCaCert: 'PEM2' } }, REL, { chartVersion: '1.11.1' });
    expect(m.chartVersion).toBe('1.11.1');
    expect(refs(m)).toEqual([
      'ServiceAccount gitlab-agent/test-gitlab-agent',
      'ClusterRoleBinding gitlab-agent:test-gitlab-agent-cluster-admin',
      'ConfigMap gitlab-agent/test-gitlab-agent',
    ]);
    expect(obj(m, 'ConfigMap', 'test-gitlab-agent').body['data']).toEqual({ 'ca.crt': 'PEM' });
    expect(m.notes).toContain('Chart 1.11.1 passes config.caCert to agentk as --ca-cert-file, a flag agentk removed in 17.0.');
    expect(m.notes).toContain('config.kasCaCert is the chart 2.x name; chart 1.11.1 reads config.caCert (modelled as unset).');
    expect(m.notes.some((n) => n.startsWith('Deployment "test-gitlab-agent" '))).toBe(true);
    const labels = (obj(m, 'ServiceAccount', 'test-gitlab-agent').body['metadata'] as Record<string, unknown>)['labels'];
    expect(labels).toMatchObject({ 'helm.sh/chart': 'gitlab-agent-1.11.1', 'app.kubernetes.io/version': 'v15.9.0' });
  });

  it('chart 1.x with OCS explicitly enabled models OCS with a caveat', () => {
    const m = modelGitlabAgentChart({ config: { operational_container_scanning: { enabled: true } } }, REL, { chartVersion: 'v1.30.0' });
    expect(refs(m)).toContain('ClusterRole gitlab-agent:test-gitlab-agent:ocs');
    expect(m.notes.some((n) => n.startsWith('OCS RBAC is modelled for chart 1.30.0'))).toBe(true);
  });

  it('chart 2.x ignores config.caCert (noted)', () => {
    const m = modelGitlabAgentChart({ config: { caCert: 'PEM' } }, REL);
    expect(m.objects.some((o) => o.kind === 'ConfigMap')).toBe(false);
    expect(m.notes).toContain('config.caCert is the chart 1.x name and is ignored by chart 2.6.2; use config.kasCaCert.');
  });

  it('an unparsable chart version falls back to 2.6.2', () => {
    const m = modelGitlabAgentChart({}, REL, { chartVersion: 'latest' });
    expect(m.chartVersion).toBe('2.6.2');
    expect(m.notes).toContain('Chart version "latest" is not a semantic version; modelled as gitlab-agent 2.6.2.');
  });
});

describe('gitlab-agent chart: robustness to bad types', () => {
  it('rbac.create: "false" (a string) is true for Go templates', () => {
    const m = modelGitlabAgentChart({ rbac: { create: 'false' } }, REL);
    expect(agentCrb(m)?.name).toBe('gitlab-agent:test-gitlab-agent-cluster-admin');
    expect(originFor(agentCrb(m) ?? obj(m, 'x', 'y'), [])).toEqual({ kind: 'values', path: ['rbac', 'create'] });
    expect(m.notes).toContain(
      'rbac.create is the string "false", not a boolean; the chart templates read it as true (Go templates treat every non-empty string as true).',
    );
  });

  it('serviceAccount.create: 0 is false; an empty string too', () => {
    expect(modelGitlabAgentChart({ serviceAccount: { create: 0 } }, REL).identities[0]?.serviceAccountName).toBe('default');
    expect(modelGitlabAgentChart({ serviceAccount: { create: '' } }, REL).identities[0]?.serviceAccountName).toBe('default');
  });

  it('a null value deletes the chart default (rbac.create: null renders no binding)', () => {
    const m = modelGitlabAgentChart({ rbac: { create: null } }, REL);
    expect(agentCrb(m)).toBeUndefined();
    const m2 = modelGitlabAgentChart({ config: { operational_container_scanning: null } }, REL);
    expect(m2.objects.some((o) => o.name.endsWith(':ocs'))).toBe(false);
  });

  it('a non-map section is noted and modelled as unset', () => {
    const m = modelGitlabAgentChart({ rbac: 'yes' }, REL);
    expect(agentCrb(m)?.name).toBe('gitlab-agent:test-gitlab-agent-cluster-admin');
    expect(m.notes).toContain('rbac is the string "yes", not a map: Helm fails to render templates that read rbac.create. Modelled as if it were unset.');
  });

  it('a numeric serviceAccount.name is printed as Helm prints it', () => {
    const m = modelGitlabAgentChart({ serviceAccount: { name: 1234567 } }, REL);
    expect(m.identities[0]?.serviceAccountName).toBe('1.234567e+06');
    expect(m.notes).toContain('serviceAccount.name is the number 1234567, not a string; the chart prints it as "1.234567e+06".');
  });

  it('a map serviceAccount.name is noted and ignored', () => {
    const m = modelGitlabAgentChart({ serviceAccount: { name: { a: 1 } } }, REL);
    expect(m.identities[0]?.serviceAccountName).toBe('test-gitlab-agent');
    expect(m.notes.some((n) => n.startsWith('serviceAccount.name is a map'))).toBe(true);
  });

  it('values that are not a map, null or undefined', () => {
    for (const values of [null, undefined, 'text', 42, []]) {
      const m = modelGitlabAgentChart(values, REL);
      expect(agentCrb(m)?.name).toBe('gitlab-agent:test-gitlab-agent-cluster-admin');
    }
    expect(modelGitlabAgentChart('text', REL).notes[0]).toBe(
      'The values document is the string "text", not a map; Helm rejects it. Modelled with chart defaults only.',
    );
  });

  it('a non-string token is still located and never copied', () => {
    const m = modelGitlabAgentChart({ config: { token: 987654321012 } }, REL);
    expect(m.tokens).toEqual([{ path: ['config', 'token'], kind: 'agent-token' }]);
    expect(json(m)).not.toContain('987654321012');
  });
});
