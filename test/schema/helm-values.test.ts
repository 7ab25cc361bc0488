import { describe, expect, it } from 'vitest';
import { project, run, type Row } from './helpers.js';

const agentValid: { name: string; doc: string | unknown }[] = [
  {
    name: 'chart-default-like values',
    doc: `
replicas: 2
image:
  repository: registry.gitlab.com/gitlab-org/cluster-integration/gitlab-agent/agentk
  tag: ""
  pullPolicy: IfNotPresent
imagePullSecrets: []
rbac:
  create: true
serviceAccount:
  create: true
  annotations: {}
config:
  kasAddress: wss://kas.gitlab.com
  kasHeaders: []
  secretName: gitlab-agent-token
  observability:
    enabled: true
    tls:
      enabled: false
      secret:
        create: false
        name: gitlab-agent-observability
  operational_container_scanning:
    enabled: true
podSecurityContext: {}
securityContext: {}
extraArgs: []
extraEnv: []
resources: {}
nodeSelector: {}
tolerations: []
affinity: {}
serviceMonitor:
  enabled: false
`,
  },
  {
    name: 'namespaced install with an existing role and a self-managed KAS',
    doc: `
rbac:
  create: true
  useExistingRole: gitlab-agent-limited
serviceAccount:
  create: false
  name: gitlab-agent
config:
  kasAddress: wss://gitlab.example.com/-/kubernetes-agent/
  kasCaCert: |
    -----BEGIN CERTIFICATE-----
    MIIB
    -----END CERTIFICATE-----
image:
  tag: "v17.3.1"
`,
  },
  { name: 'unknown keys at every level (charts accept extra values)', doc: { someNewValue: 1, rbac: { futureFlag: 'x' }, config: { somethingElse: [1] } } },
  { name: 'null removes a default', doc: { rbac: { create: null }, config: { kasAddress: null } } },
  { name: 'empty values file', doc: '' },
];

const agentInvalid: Row[] = [
  {
    name: 'rbac.create as a string',
    doc: 'rbac:\n  create: "false"\n',
    issues: [{ code: 'type', path: ['rbac', 'create'], target: 'value' }],
    messages: ['write false without quotes'],
  },
  {
    name: 'serviceAccount.name as a number, serviceAccount.create as a string',
    doc: { serviceAccount: { create: 'yes', name: 5 } },
    issues: [
      { code: 'type', path: ['serviceAccount', 'create'], target: 'value' },
      { code: 'type', path: ['serviceAccount', 'name'], target: 'value' },
    ],
  },
  {
    name: 'serviceAccount.name that Kubernetes rejects',
    doc: { serviceAccount: { name: 'GitLab_Agent' } },
    issues: [{ code: 'format', path: ['serviceAccount', 'name'], target: 'value' }],
  },
  {
    name: 'config.kasAddress with an unsupported scheme',
    doc: { config: { kasAddress: 'https://kas.gitlab.com' } },
    issues: [{ code: 'format', path: ['config', 'kasAddress'], target: 'value' }],
    messages: ['scheme grpc, grpcs, ws or wss'],
  },
  {
    name: 'config.kasAddress as a list, kasHeaders as a string',
    doc: { config: { kasAddress: ['wss://kas.gitlab.com'], kasHeaders: 'X-A: 1' } },
    issues: [
      { code: 'type', path: ['config', 'kasAddress'], target: 'value' },
      { code: 'type', path: ['config', 'kasHeaders'], target: 'value' },
    ],
  },
  {
    name: 'token as a number, OCS switch as a string',
    doc: { config: { token: 123456, operational_container_scanning: { enabled: 'false' } } },
    issues: [
      { code: 'type', path: ['config', 'operational_container_scanning', 'enabled'], target: 'value' },
      { code: 'type', path: ['config', 'token'], target: 'value' },
    ],
  },
  {
    name: 'unquoted image tag',
    doc: 'image:\n  tag: 17.10\n',
    issues: [{ code: 'type', path: ['image', 'tag'], target: 'value' }],
    messages: ['unquoted it is parsed as the number 17.1'],
  },
  {
    name: 'rbac given as a boolean, replicas as a string',
    doc: { rbac: false, replicas: '2' },
    issues: [
      { code: 'type', path: ['rbac'], target: 'value' },
      { code: 'type', path: ['replicas'], target: 'value' },
    ],
  },
  {
    name: 'pullPolicy outside the Kubernetes enum',
    doc: { image: { pullPolicy: 'always' } },
    issues: [{ code: 'enum', path: ['image', 'pullPolicy'], target: 'value' }],
    messages: ['write "Always"'],
  },
];

const runnerValid: { name: string; doc: string | unknown }[] = [
  {
    name: 'typical namespaced runner',
    doc: `
gitlabUrl: https://gitlab.example.com/
concurrent: 10
unregisterRunners: true
rbac:
  create: true
  clusterWideAccess: false
  rules:
    - apiGroups: [""]
      resources: [pods, pods/exec, pods/attach, secrets]
      verbs: [get, list, watch, create, patch, delete]
    - resources: [services]
      verbs: [get, create]
serviceAccount:
  create: true
  name: ""
  annotations:
    eks.amazonaws.com/role-arn: arn:aws:iam::123456789012:role/runner
runners:
  secret: gitlab-runner-secret
  jobNamespace: ci-jobs
  config: |
    [[runners]]
      [runners.kubernetes]
        namespace = "{{.Release.Namespace}}"
        image = "alpine"
securityContext:
  allowPrivilegeEscalation: false
  runAsNonRoot: true
podSecurityContext:
  runAsUser: 100
  fsGroup: 65533
sessionServer:
  enabled: false
`,
  },
  { name: 'default rbac (rules: [])', doc: { rbac: { create: false, rules: [] } } },
  { name: 'unknown keys are accepted', doc: { hpa: { minReplicas: 1 }, rbac: { somethingNew: true } } },
];

const runnerInvalid: Row[] = [
  {
    name: 'rbac.create and clusterWideAccess as strings',
    doc: { rbac: { create: 'true', clusterWideAccess: 'yes' } },
    issues: [
      { code: 'type', path: ['rbac', 'clusterWideAccess'], target: 'value' },
      { code: 'type', path: ['rbac', 'create'], target: 'value' },
    ],
  },
  {
    name: 'rbac.rules as a mapping',
    doc: { rbac: { rules: { apiGroups: [''] } } },
    issues: [{ code: 'type', path: ['rbac', 'rules'], target: 'value' }],
  },
  {
    name: 'rule verbs as a string',
    doc: { rbac: { rules: [{ apiGroups: [''], resources: ['pods'], verbs: 'get' }] } },
    issues: [{ code: 'type', path: ['rbac', 'rules', 0, 'verbs'], target: 'value' }],
  },
  {
    name: 'tokens as numbers',
    doc: { runnerToken: 1234, runnerRegistrationToken: true },
    issues: [
      { code: 'type', path: ['runnerRegistrationToken'], target: 'value' },
      { code: 'type', path: ['runnerToken'], target: 'value' },
    ],
  },
  {
    name: 'runners.config as a mapping, concurrent as a string',
    doc: { concurrent: '10', runners: { config: { runners: [] } } },
    issues: [
      { code: 'type', path: ['concurrent'], target: 'value' },
      { code: 'type', path: ['runners', 'config'], target: 'value' },
    ],
    messages: ['write 10 without quotes'],
  },
  {
    name: 'serviceAccount.name and runners.jobNamespace that Kubernetes rejects',
    doc: { serviceAccount: { name: 'Runner_SA' }, runners: { jobNamespace: 'CI Jobs' } },
    issues: [
      { code: 'format', path: ['runners', 'jobNamespace'], target: 'value' },
      { code: 'format', path: ['serviceAccount', 'name'], target: 'value' },
    ],
  },
];

function check(schema: 'gitlab-agent-values' | 'gitlab-runner-values', rows: Row[]): void {
  it.each(rows)('reports $name', ({ doc, issues, messages }) => {
    const actual = run(schema, doc);
    expect(project(actual)).toEqual(issues);
    (messages ?? []).forEach((fragment, i) => {
      if (fragment !== undefined) expect(actual[i]?.message).toContain(fragment);
    });
  });
}

describe('gitlab-agent values schema', () => {
  it.each(agentValid)('accepts $name', ({ doc }) => {
    expect(run('gitlab-agent-values', doc)).toEqual([]);
  });
  check('gitlab-agent-values', agentInvalid);
});

describe('gitlab-runner values schema', () => {
  it.each(runnerValid)('accepts $name', ({ doc }) => {
    expect(run('gitlab-runner-values', doc)).toEqual([]);
  });
  check('gitlab-runner-values', runnerInvalid);
});
