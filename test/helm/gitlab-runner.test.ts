import { describe, expect, it } from 'vitest';
import { modelGitlabRunnerChart } from '../../src/helm/gitlab-runner.js';
import { MASKED_SECRET_VALUE } from '../../src/helm/objects.js';
import { originFor } from '../../src/helm/types.js';
import { bodyWithoutLabels, json, obj, refs } from './helpers.js';

const REL = { name: 'gitlab-runner', namespace: 'gitlab-runner' };
const RBAC = 'rbac.authorization.k8s.io/v1';
const WILDCARD = [{ apiGroups: [''], resources: ['*'], verbs: ['*'] }];
const FAKE_RUNNER_TOKEN = 'glrt-FakeRunnerTokenForTests_1234';
const FAKE_REG_TOKEN = 'GR1348941FakeRegistrationTok';

describe('gitlab-runner chart: default values', () => {
  const m = modelGitlabRunnerChart({}, REL);

  it('renders no RBAC and no ServiceAccount (rbac.create defaults to false)', () => {
    expect(m.chart).toBe('gitlab-runner');
    expect(m.chartVersion).toBe('0.86.0');
    expect(m.objects).toEqual([]);
  });

  it('runs the manager as the namespace default ServiceAccount', () => {
    expect(m.identities).toEqual([
      {
        role: 'runner',
        namespace: 'gitlab-runner',
        serviceAccountName: 'default',
        username: 'system:serviceaccount:gitlab-runner:default',
        origin: {
          kind: 'default',
          description: 'chart default: rbac.create false and no ServiceAccount name set → serviceAccountName ""',
        },
      },
    ]);
    expect(m.tokens).toEqual([]);
    expect(m.notes).toContain(
      'rbac.create is false: the chart renders no Role or binding; ServiceAccount "gitlab-runner/default" has only the permissions other manifests grant.',
    );
  });
});

describe('gitlab-runner chart: rbac.create=true with empty rules', () => {
  const m = modelGitlabRunnerChart({ rbac: { create: true } }, REL);

  it('renders SA, Role with the core-group wildcard rule, and RoleBinding', () => {
    expect(refs(m)).toEqual([
      'ServiceAccount gitlab-runner/gitlab-runner',
      'Role gitlab-runner/gitlab-runner',
      'RoleBinding gitlab-runner/gitlab-runner',
    ]);
    expect(obj(m, 'ServiceAccount', 'gitlab-runner').body).toEqual({
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: {
        name: 'gitlab-runner',
        namespace: 'gitlab-runner',
        labels: { app: 'gitlab-runner', chart: 'gitlab-runner-0.86.0', release: 'gitlab-runner', heritage: 'Helm' },
      },
    });
    expect(bodyWithoutLabels(obj(m, 'Role', 'gitlab-runner'))).toEqual({
      apiVersion: RBAC,
      kind: 'Role',
      metadata: { name: 'gitlab-runner', namespace: 'gitlab-runner' },
      rules: WILDCARD,
    });
    expect(bodyWithoutLabels(obj(m, 'RoleBinding', 'gitlab-runner'))).toEqual({
      apiVersion: RBAC,
      kind: 'RoleBinding',
      metadata: { name: 'gitlab-runner', namespace: 'gitlab-runner' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'gitlab-runner' },
      subjects: [{ kind: 'ServiceAccount', name: 'gitlab-runner', namespace: 'gitlab-runner' }],
    });
  });

  it('points the objects at rbac.create and the wildcard rule at the chart default', () => {
    const role = obj(m, 'Role', 'gitlab-runner');
    expect(originFor(role, [])).toEqual({ kind: 'values', path: ['rbac', 'create'] });
    expect(originFor(role, ['rules', 0, 'verbs', 0])).toEqual({
      kind: 'default',
      description: 'chart default rbac.rules=[] → apiGroups [""], resources ["*"], verbs ["*"]',
    });
    const sa = obj(m, 'ServiceAccount', 'gitlab-runner');
    expect(originFor(sa, [])).toEqual({ kind: 'values', path: ['rbac', 'create'] });
    expect(m.identities[0]?.username).toBe('system:serviceaccount:gitlab-runner:gitlab-runner');
  });

  it('an explicit rules: [] points at the values line', () => {
    const m2 = modelGitlabRunnerChart({ rbac: { create: true, rules: [] } }, REL);
    expect(originFor(obj(m2, 'Role', 'gitlab-runner'), ['rules', 0])).toEqual({ kind: 'values', path: ['rbac', 'rules'] });
    expect(obj(m2, 'Role', 'gitlab-runner').body['rules']).toEqual(WILDCARD);
  });
});

describe('gitlab-runner chart: variations', () => {
  it('custom rules: listed rules only, missing or empty keys defaulted', () => {
    const m = modelGitlabRunnerChart(
      {
        rbac: {
          create: true,
          rules: [
            { apiGroups: [''], resources: ['pods', 'pods/exec'], verbs: ['get', 'create'] },
            { resources: ['secrets'], verbs: ['get'] },
            { apiGroups: ['apps'] },
            { apiGroups: [], resources: ['configmaps'], verbs: [] },
          ],
        },
      },
      REL,
    );
    const role = obj(m, 'Role', 'gitlab-runner');
    expect(role.body['rules']).toEqual([
      { apiGroups: [''], resources: ['pods', 'pods/exec'], verbs: ['get', 'create'] },
      { apiGroups: [''], resources: ['secrets'], verbs: ['get'] },
      { apiGroups: ['apps'], resources: ['*'], verbs: ['*'] },
      { apiGroups: [''], resources: ['configmaps'], verbs: ['*'] },
    ]);
    expect(originFor(role, ['rules', 0, 'verbs', 1])).toEqual({ kind: 'values', path: ['rbac', 'rules', 0, 'verbs'] });
    expect(originFor(role, ['rules', 1, 'apiGroups'])).toEqual({
      kind: 'default',
      description: 'chart default for a rule without apiGroups: [""]',
      near: ['rbac', 'rules', 1],
    });
    expect(originFor(role, ['rules', 2, 'verbs'])).toEqual({
      kind: 'default',
      description: 'chart default for a rule without verbs: ["*"]',
      near: ['rbac', 'rules', 2],
    });
    expect(originFor(role, ['rules', 3, 'verbs'])).toEqual({
      kind: 'default',
      description: 'chart default for a rule without verbs: ["*"]',
      near: ['rbac', 'rules', 3, 'verbs'],
    });
    expect(originFor(role, ['rules', 2])).toEqual({ kind: 'values', path: ['rbac', 'rules', 2] });
  });

  it('rule keys the chart does not render are noted', () => {
    const m = modelGitlabRunnerChart(
      { rbac: { create: true, rules: [{ resources: ['secrets'], resourceNames: ['only-this'], verbs: ['get'] }] } },
      REL,
    );
    expect(obj(m, 'Role', 'gitlab-runner').body['rules']).toEqual([{ apiGroups: [''], resources: ['secrets'], verbs: ['get'] }]);
    expect(m.notes).toContain(
      'rbac.rules[0].resourceNames is not rendered by the chart (only apiGroups, resources and verbs are); the rule applies without it.',
    );
  });

  it('clusterWideAccess: true renders ClusterRole and ClusterRoleBinding', () => {
    const m = modelGitlabRunnerChart({ rbac: { create: true, clusterWideAccess: true } }, { name: 'ci', namespace: 'runners' });
    expect(refs(m)).toEqual([
      'ServiceAccount runners/ci-gitlab-runner',
      'ClusterRole ci-gitlab-runner',
      'ClusterRoleBinding ci-gitlab-runner',
    ]);
    expect(bodyWithoutLabels(obj(m, 'ClusterRole', 'ci-gitlab-runner'))).toEqual({
      apiVersion: RBAC,
      kind: 'ClusterRole',
      metadata: { name: 'ci-gitlab-runner' },
      rules: WILDCARD,
    });
    const crb = obj(m, 'ClusterRoleBinding', 'ci-gitlab-runner');
    expect(bodyWithoutLabels(crb)).toEqual({
      apiVersion: RBAC,
      kind: 'ClusterRoleBinding',
      metadata: { name: 'ci-gitlab-runner' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'ci-gitlab-runner' },
      subjects: [{ kind: 'ServiceAccount', name: 'ci-gitlab-runner', namespace: 'runners' }],
    });
    expect(crb.namespace).toBeUndefined();
    expect(originFor(crb, ['roleRef', 'kind'])).toEqual({ kind: 'values', path: ['rbac', 'clusterWideAccess'] });
    expect(originFor(crb, ['subjects', 0, 'namespace'])).toEqual({
      kind: 'default',
      description: 'Helm release namespace "runners"',
      release: ['namespace'],
    });
  });

  it('rbac.create=false with an existing ServiceAccount: no objects, identity from serviceAccount.name', () => {
    const m = modelGitlabRunnerChart({ rbac: { create: false }, serviceAccount: { create: false, name: 'runner-sa' } }, REL);
    expect(m.objects).toEqual([]);
    expect(m.identities[0]).toEqual({
      role: 'runner',
      namespace: 'gitlab-runner',
      serviceAccountName: 'runner-sa',
      username: 'system:serviceaccount:gitlab-runner:runner-sa',
      origin: { kind: 'values', path: ['serviceAccount', 'name'] },
    });
  });

  it('serviceAccount.create=false without a name (rbac.create=true): binding to the fullname SA the chart does not create', () => {
    const m = modelGitlabRunnerChart({ rbac: { create: true }, serviceAccount: { create: false } }, REL);
    expect(refs(m)).toEqual(['Role gitlab-runner/gitlab-runner', 'RoleBinding gitlab-runner/gitlab-runner']);
    const rb = obj(m, 'RoleBinding', 'gitlab-runner');
    expect(rb.body['subjects']).toEqual([{ kind: 'ServiceAccount', name: 'gitlab-runner', namespace: 'gitlab-runner' }]);
    expect(m.notes).toContain(
      'serviceAccount.create is false: the RoleBinding binds ServiceAccount "gitlab-runner/gitlab-runner", which the chart does not create.',
    );
  });

  it('serviceAccount.create=false with a name (rbac.create=true): binding to that SA, origin serviceAccount.name', () => {
    const m = modelGitlabRunnerChart({ rbac: { create: true }, serviceAccount: { create: false, name: 'ext' } }, REL);
    expect(refs(m)).toEqual(['Role gitlab-runner/gitlab-runner', 'RoleBinding gitlab-runner/gitlab-runner']);
    const rb = obj(m, 'RoleBinding', 'gitlab-runner');
    expect(rb.body['subjects']).toEqual([{ kind: 'ServiceAccount', name: 'ext', namespace: 'gitlab-runner' }]);
    expect(originFor(rb, ['subjects', 0, 'name'])).toEqual({ kind: 'values', path: ['serviceAccount', 'name'] });
  });

  it('serviceAccount.create=true alone renders the SA but no RBAC', () => {
    const m = modelGitlabRunnerChart({ serviceAccount: { create: true } }, REL);
    expect(refs(m)).toEqual(['ServiceAccount gitlab-runner/gitlab-runner']);
    expect(originFor(obj(m, 'ServiceAccount', 'gitlab-runner'), [])).toEqual({ kind: 'values', path: ['serviceAccount', 'create'] });
  });

  it('serviceAccount.name alone (no create) names the identity but renders nothing', () => {
    const m = modelGitlabRunnerChart({ serviceAccount: { name: 'mine' } }, REL);
    expect(m.objects).toEqual([]);
    expect(m.identities[0]?.serviceAccountName).toBe('mine');
  });

  it('namespace and runners.jobNamespace: Role and binding in the job namespace, SA in the manager namespace', () => {
    const m = modelGitlabRunnerChart(
      { namespace: 'runner-mgr', runners: { jobNamespace: 'ci-jobs' }, rbac: { create: true } },
      { name: 'gitlab-runner', namespace: 'helm-ns' },
    );
    expect(refs(m)).toEqual([
      'ServiceAccount runner-mgr/gitlab-runner',
      'Role ci-jobs/gitlab-runner',
      'RoleBinding ci-jobs/gitlab-runner',
    ]);
    const rb = obj(m, 'RoleBinding', 'gitlab-runner');
    expect(rb.body['subjects']).toEqual([{ kind: 'ServiceAccount', name: 'gitlab-runner', namespace: 'runner-mgr' }]);
    expect(originFor(rb, ['metadata', 'namespace'])).toEqual({ kind: 'values', path: ['runners', 'jobNamespace'] });
    expect(originFor(rb, ['subjects', 0, 'namespace'])).toEqual({ kind: 'values', path: ['namespace'] });
    expect(m.identities[0]?.username).toBe('system:serviceaccount:runner-mgr:gitlab-runner');
  });

  it('namespace without jobNamespace: Role in the manager namespace', () => {
    const m = modelGitlabRunnerChart({ namespace: 'runner-mgr', rbac: { create: true } }, REL);
    expect(obj(m, 'Role', 'gitlab-runner').namespace).toBe('runner-mgr');
    expect(originFor(obj(m, 'Role', 'gitlab-runner'), ['metadata', 'namespace'])).toEqual({ kind: 'values', path: ['namespace'] });
  });

  it('podSecurityPolicy adds a use rule on policy/podsecuritypolicies', () => {
    const m = modelGitlabRunnerChart({ rbac: { create: true, podSecurityPolicy: { enabled: true } } }, REL);
    expect(obj(m, 'Role', 'gitlab-runner').body['rules']).toEqual([
      ...WILDCARD,
      { apiGroups: ['policy'], resources: ['podsecuritypolicies'], verbs: ['use'], resourceNames: ['gitlab-runner'] },
    ]);
    expect(originFor(obj(m, 'Role', 'gitlab-runner'), ['rules', 1, 'verbs'])).toEqual({
      kind: 'values',
      path: ['rbac', 'podSecurityPolicy', 'enabled'],
    });
  });

  it('session server (1 replica): Role and RoleBinding <fullname>-session-server', () => {
    const m = modelGitlabRunnerChart({ rbac: { create: true }, sessionServer: { enabled: true } }, REL);
    expect(refs(m)).toEqual([
      'ServiceAccount gitlab-runner/gitlab-runner',
      'Role gitlab-runner/gitlab-runner',
      'RoleBinding gitlab-runner/gitlab-runner',
      'Role gitlab-runner/gitlab-runner-session-server',
      'RoleBinding gitlab-runner/gitlab-runner-session-server',
    ]);
    expect(bodyWithoutLabels(obj(m, 'Role', 'gitlab-runner-session-server'))).toEqual({
      apiVersion: RBAC,
      kind: 'Role',
      metadata: { name: 'gitlab-runner-session-server', namespace: 'gitlab-runner' },
      rules: [{ apiGroups: [''], resources: ['services'], verbs: ['get'] }],
    });
    const rb = obj(m, 'RoleBinding', 'gitlab-runner-session-server');
    expect(bodyWithoutLabels(rb)).toEqual({
      apiVersion: RBAC,
      kind: 'RoleBinding',
      metadata: { name: 'gitlab-runner-session-server', namespace: 'gitlab-runner' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'gitlab-runner-session-server' },
      subjects: [{ kind: 'ServiceAccount', name: 'gitlab-runner', namespace: 'gitlab-runner' }],
    });
    expect(originFor(rb, [])).toEqual({ kind: 'values', path: ['sessionServer', 'enabled'] });
  });

  it('session server with 2 replicas is not rendered', () => {
    const m = modelGitlabRunnerChart({ replicas: 2, sessionServer: { enabled: true } }, REL);
    expect(m.objects).toEqual([]);
    expect(m.notes).toContain(
      'sessionServer.enabled has no effect: the chart allows the session server only with 1 replica (replicas is 2).',
    );
    // replicas 0 counts as 1 (`default 1`).
    expect(refs(modelGitlabRunnerChart({ replicas: 0, sessionServer: { enabled: true } }, REL))).toEqual([
      'Role gitlab-runner/gitlab-runner-session-server',
      'RoleBinding gitlab-runner/gitlab-runner-session-server',
    ]);
  });

  it('deprecated rbac.generatedServiceAccountName names the SA when rbac.create is true', () => {
    const m = modelGitlabRunnerChart({ rbac: { create: true, generatedServiceAccountName: 'legacy' } }, REL);
    expect(refs(m)).toEqual([
      'ServiceAccount gitlab-runner/legacy',
      'Role gitlab-runner/gitlab-runner',
      'RoleBinding gitlab-runner/gitlab-runner',
    ]);
    expect(originFor(obj(m, 'RoleBinding', 'gitlab-runner'), ['subjects', 0, 'name'])).toEqual({
      kind: 'values',
      path: ['rbac', 'generatedServiceAccountName'],
    });
    expect(m.notes).toContain('rbac.generatedServiceAccountName is deprecated; use serviceAccount.name.');
  });

  it('deprecated rbac.serviceAccountName names the identity when rbac.create is false', () => {
    const m = modelGitlabRunnerChart({ rbac: { serviceAccountName: 'old-sa' }, serviceAccountName: 'ignored' }, REL);
    expect(m.objects).toEqual([]);
    expect(m.identities[0]?.serviceAccountName).toBe('old-sa');
    expect(m.identities[0]?.origin).toEqual({ kind: 'values', path: ['rbac', 'serviceAccountName'] });
    expect(m.notes).toContain('top-level serviceAccountName is not read by the chart; use serviceAccount.name.');
  });

  it('serviceAccount.name takes precedence over the deprecated names', () => {
    const m = modelGitlabRunnerChart(
      { rbac: { create: true, generatedServiceAccountName: 'legacy', serviceAccountName: 'old' }, serviceAccount: { name: 'new' } },
      REL,
    );
    expect(m.identities[0]?.serviceAccountName).toBe('new');
    expect(refs(m)[0]).toBe('ServiceAccount gitlab-runner/new');
  });

  it('removed rbac.resources / rbac.verbs are noted and ignored', () => {
    const m = modelGitlabRunnerChart({ rbac: { create: true, resources: ['pods'], verbs: ['get'] } }, REL);
    expect(obj(m, 'Role', 'gitlab-runner').body['rules']).toEqual(WILDCARD);
    expect(m.notes).toContain('rbac.resources is no longer read by the chart (removed in 2023); use rbac.rules.');
    expect(m.notes).toContain('rbac.verbs is no longer read by the chart (removed in 2023); use rbac.rules.');
  });
});

describe('gitlab-runner chart: tokens', () => {
  it('runnerToken renders the Secret <fullname> with masked values and records the path', () => {
    const m = modelGitlabRunnerChart({ runnerToken: FAKE_RUNNER_TOKEN }, REL);
    const secret = obj(m, 'Secret', 'gitlab-runner');
    expect(bodyWithoutLabels(secret)).toEqual({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'gitlab-runner', namespace: 'gitlab-runner' },
      type: 'Opaque',
      data: { 'runner-registration-token': '', 'runner-token': MASKED_SECRET_VALUE },
    });
    expect(originFor(secret, ['data', 'runner-token'])).toEqual({ kind: 'values', path: ['runnerToken'] });
    expect(m.tokens).toEqual([{ path: ['runnerToken'], kind: 'runner-token' }]);
    expect(json(m)).not.toContain(FAKE_RUNNER_TOKEN);
    expect(json(m)).not.toContain('FakeRunnerToken');
  });

  it('both tokens, Secret named by runners.secret', () => {
    const m = modelGitlabRunnerChart(
      { runnerToken: FAKE_RUNNER_TOKEN, runnerRegistrationToken: FAKE_REG_TOKEN, runners: { secret: 'runner-secret' } },
      REL,
    );
    const secret = obj(m, 'Secret', 'runner-secret');
    expect(secret.body['data']).toEqual({ 'runner-registration-token': MASKED_SECRET_VALUE, 'runner-token': MASKED_SECRET_VALUE });
    expect(originFor(secret, ['metadata', 'name'])).toEqual({ kind: 'values', path: ['runners', 'secret'] });
    expect(m.tokens).toEqual([
      { path: ['runnerRegistrationToken'], kind: 'runner-registration-token' },
      { path: ['runnerToken'], kind: 'runner-token' },
    ]);
    const text = json(m);
    expect(text).not.toContain(FAKE_RUNNER_TOKEN);
    expect(text).not.toContain(FAKE_REG_TOKEN);
  });

  it('an authentication token in runnerRegistrationToken is classified as a runner token', () => {
    const m = modelGitlabRunnerChart({ runnerRegistrationToken: FAKE_RUNNER_TOKEN }, REL);
    expect(m.tokens).toEqual([{ path: ['runnerRegistrationToken'], kind: 'runner-token' }]);
    expect(json(m)).not.toContain(FAKE_RUNNER_TOKEN);
  });

  it('runners.secret without tokens renders no Secret', () => {
    const m = modelGitlabRunnerChart({ runners: { secret: 'existing' }, runnerToken: '' }, REL);
    expect(m.objects).toEqual([]);
    expect(m.tokens).toEqual([]);
  });
});

describe('gitlab-runner chart: fullname rules', () => {
  const fullname = (release: string, values: Record<string, unknown> = {}) =>
    modelGitlabRunnerChart({ rbac: { create: true }, ...values }, { name: release, namespace: 'ns' }).objects.find((o) => o.kind === 'Role')?.name;

  it('a release name starting with "gitlab-runner" is the fullname (hasPrefix)', () => {
    expect(fullname('gitlab-runner-prod')).toBe('gitlab-runner-prod');
  });

  it('a release name merely containing "gitlab-runner" is suffixed (unlike the agent chart)', () => {
    expect(fullname('my-gitlab-runner')).toBe('my-gitlab-runner-gitlab-runner');
  });

  it('fullnameOverride, nameOverride', () => {
    expect(fullname('x', { fullnameOverride: 'runner' })).toBe('runner');
    expect(fullname('x', { nameOverride: 'r' })).toBe('x-r');
    expect(fullname('r-prod', { nameOverride: 'r' })).toBe('r-prod');
  });

  it('truncates to 63 characters and trims one trailing "-"', () => {
    const release = 'z'.repeat(50); // 50 + '-gitlab-runner' = 64
    expect(fullname(release)).toBe(`${release}-gitlab-runne`);
    const release2 = 'y'.repeat(55); // '-' of 'gitlab-runner' lands on character 63
    expect(`${release2}-gitlab-runner`.slice(0, 63).endsWith('-')).toBe(true);
    expect(fullname(release2)).toBe(`${release2}-gitlab`);
  });
});

describe('gitlab-runner chart: robustness to bad types', () => {
  it('rbac.create: "false" (a string) renders RBAC, with a note', () => {
    const m = modelGitlabRunnerChart({ rbac: { create: 'false' } }, REL);
    expect(refs(m)).toContain('Role gitlab-runner/gitlab-runner');
    expect(m.notes).toContain(
      'rbac.create is the string "false", not a boolean; the chart templates read it as true (Go templates treat every non-empty string as true).',
    );
  });

  it('rbac.rules that is not a list is modelled as the wildcard, with a note', () => {
    const m = modelGitlabRunnerChart({ rbac: { create: true, rules: 'pods' } }, REL);
    expect(obj(m, 'Role', 'gitlab-runner').body['rules']).toEqual(WILDCARD);
    expect(m.notes).toContain('rbac.rules is not a list; Helm fails to render the Role. Modelled as the default wildcard rule.');
  });

  it('a rule whose verbs is a string is wrapped, with a note', () => {
    const m = modelGitlabRunnerChart({ rbac: { create: true, rules: [{ resources: ['pods'], verbs: 'get' }, 'junk'] } }, REL);
    expect(obj(m, 'Role', 'gitlab-runner').body['rules']).toEqual([{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }]);
    expect(m.notes).toContain(
      'rbac.rules[0].verbs is not a list; the chart renders a scalar that Kubernetes rejects. Modelled as ["get"].',
    );
    expect(m.notes).toContain('rbac.rules[1] is not a map; Helm fails to render the Role. Skipped.');
  });

  it('serviceAccount.create: null counts as unset', () => {
    const m = modelGitlabRunnerChart({ rbac: { create: true }, serviceAccount: { create: null } }, REL);
    expect(refs(m)[0]).toBe('ServiceAccount gitlab-runner/gitlab-runner');
  });
});
