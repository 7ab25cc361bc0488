import { describe, expect, it } from 'vitest';
import { project, run, type Row } from './helpers.js';

// Valid configurations, one per documented section (gitlab-agent.md §2.2, §2.4, §2.5, §2.6, §2.7, §2.8).
const valid: { name: string; doc: string | unknown }[] = [
  { name: 'empty file (null)', doc: '' },
  { name: 'empty mapping', doc: {} },
  {
    name: 'ci_access with every per-entry setting (§2.2)',
    doc: `
ci_access:
  projects:
    - id: group/sub/project
      default_namespace: my-ns
      access_as:
        agent: {}
      environments: [staging, "review/*"]
      protected_branches_only: false
      resource_management:
        enabled: true
    - id: group/sub/deployer
      access_as:
        ci_job: {}
    - id: group/sub/impersonator
      access_as:
        impersonate:
          username: deployer
          groups: [deployers, "system:authenticated"]
          uid: "1000"
          extra:
            - key: team
              val: [platform]
  groups:
    - id: group/sub
      environments: [production]
  instance: {}
`,
  },
  {
    name: 'ci_access leaves: null means "not set" for KAS',
    doc: `
ci_access:
  projects:
    - id: group/app
      default_namespace:
      access_as:
      environments:
    - id: group/other
      access_as:
        agent:
        ci_job: {}
  groups:
`,
  },
  {
    name: 'user_access with agent identity (§2.4)',
    doc: `
user_access:
  access_as:
    agent: {}
  projects:
    - id: group-1/project-1
  groups:
    - id: group-2
`,
  },
  {
    name: 'user_access with user identity and no access_as variant',
    doc: { user_access: { access_as: { user: {} }, groups: [{ id: 'group-2' }] } },
  },
  { name: 'user_access without access_as (18.3+ default)', doc: { user_access: { projects: [{ id: 'g/p' }] } } },
  {
    name: 'observability (§2.5), including enum numbers',
    doc: `
observability:
  logging:
    level: debug
    grpc_level: 3
  google_profiler:
    enabled: false
`,
  },
  {
    name: 'container_scanning (§2.6)',
    doc: `
container_scanning:
  cadence: "0 18 * * *"
  vulnerability_report:
    namespaces: [default, production]
    resource_types: [Deployment, DaemonSet, CronJob]
  resource_requirements:
    requests: {cpu: "100m", memory: "100Mi", ephemeral_storage: "1Gi"}
    limits: {cpu: "500m", memory: "500Mi", ephemeral_storage: "3Gi"}
  trivy_k8s_wrapper_image:
    repository: registry.example.com/security/trivy-k8s-wrapper
  scanner_timeout: "3600s"
  report_max_size: "300000000"
  delete_report_artifact: true
  severity_threshold: HIGH
`,
  },
  { name: 'container_scanning weekly cadence, numeric report size', doc: { container_scanning: { cadence: '0 13 * * 0', report_max_size: 100000000 } } },
  {
    name: 'remote_development (§2.7) and flux (§2.8)',
    doc: `
remote_development:
  enabled: true
  dns_zone: workspaces.example.dev
  gitlab_workspaces_proxy:
    namespace: gitlab-workspaces
  network_policy:
    enabled: true
    egress:
      - allow: 0.0.0.0/0
        except: [10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16]
  default_resources_per_workspace_container:
    requests: {cpu: "500m", memory: "512Mi"}
    limits: {cpu: "1", memory: "1Gi"}
  max_resources_per_workspace:
    requests: {cpu: "1", memory: "1Gi"}
    limits: {cpu: "2", memory: "4Gi"}
  workspaces_quota: 10
  workspaces_per_user_quota: -1
  use_kubernetes_user_namespaces: false
  default_runtime_class: gvisor
  allow_privilege_escalation: true
  image_pull_secrets:
    - name: registry-creds
      namespace: workspaces
  annotations:
    example.com/owner: platform
  labels:
    team: platform
    app.example.com/tier: "1"
  max_active_hours_before_stop: 36
  max_stopped_hours_before_termination: 744
flux:
  webhook_receiver_url: http://webhook-receiver.flux-system.svc.cluster.local
`,
  },
  { name: 'remote_development disabled without dns_zone', doc: { remote_development: { enabled: false } } },
  {
    name: 'allow_privilege_escalation with user namespaces',
    doc: { remote_development: { enabled: true, dns_zone: 'ws.example.dev', use_kubernetes_user_namespaces: true, allow_privilege_escalation: true } },
  },
];

const P0 = ['ci_access', 'projects', 0];

const invalid: Row[] = [
  {
    name: 'access_as: {}',
    doc: { ci_access: { projects: [{ id: 'g/p', access_as: {} }] } },
    issues: [{ code: 'one-of', path: [...P0, 'access_as'], target: 'value' }],
    messages: ['access_as must set exactly one of agent, impersonate, ci_job'],
  },
  {
    name: 'two keys under access_as',
    doc: { ci_access: { projects: [{ id: 'g/p', access_as: { agent: {}, ci_job: {} } }] } },
    issues: [{ code: 'one-of', path: [...P0, 'access_as'], target: 'value' }],
    messages: ['found agent and ci_job'],
  },
  {
    name: '`agent:` with no {} leaves the one-of unset',
    doc: `
ci_access:
  projects:
    - id: g/p
      access_as:
        agent:
`,
    issues: [{ code: 'one-of', path: [...P0, 'access_as'], target: 'value' }],
    messages: ['agent: {}'],
  },
  {
    name: 'ci_user is unknown (and leaves the one-of unset)',
    doc: { ci_access: { groups: [{ id: 'g', access_as: { ci_user: {} } }] } },
    issues: [
      { code: 'one-of', path: ['ci_access', 'groups', 0, 'access_as'], target: 'value' },
      { code: 'unknown-key', path: ['ci_access', 'groups', 0, 'access_as', 'ci_user'], target: 'key' },
    ],
    messages: [undefined, 'never implemented'],
  },
  {
    name: 'unquoted numeric project id',
    doc: 'ci_access:\n  projects:\n    - id: 12345\n',
    issues: [{ code: 'type', path: [...P0, 'id'], target: 'value' }],
    messages: ['expected a string, got a number (write "12345" in quotes'],
  },
  {
    name: 'entry without id',
    doc: { ci_access: { projects: [{ default_namespace: 'x' }] } },
    issues: [{ code: 'required', path: P0, target: 'key' }],
    messages: ['"id"'],
  },
  {
    name: 'unknown key',
    doc: { ci_access: { projects: [{ id: 'g/p', ref: 'main' }] } },
    issues: [{ code: 'unknown-key', path: [...P0, 'ref'], target: 'key' }],
    messages: ['unknown key "ref" (KAS rejects the whole file)'],
  },
  {
    name: 'camelCase key',
    doc: { ci_access: { projects: [{ id: 'g/p', defaultNamespace: 'x' }] } },
    issues: [{ code: 'unknown-key', path: [...P0, 'defaultNamespace'], target: 'key' }],
    messages: ['did you mean "default_namespace"?'],
  },
  {
    name: '`project:` typo (from the official example)',
    doc: { ci_access: { project: [{ id: 'g/p' }] } },
    issues: [{ code: 'unknown-key', path: ['ci_access', 'project'], target: 'key' }],
    messages: ['did you mean "projects"?'],
  },
  {
    name: 'unknown top-level key',
    doc: { ciAccess: {} },
    issues: [{ code: 'unknown-key', path: ['ciAccess'], target: 'key' }],
    messages: ['did you mean "ci_access"?'],
  },
  {
    name: 'gitops block',
    doc: { gitops: { manifest_projects: [{ id: 'g/manifests' }] } },
    issues: [{ code: 'removed-key', path: ['gitops'], target: 'key' }],
    messages: ['"gitops" was removed in GitLab 17.0'],
  },
  {
    name: 'starboard block',
    doc: { starboard: { cadence: '0 18 * * *' } },
    issues: [{ code: 'removed-key', path: ['starboard'], target: 'key' }],
    messages: ['removed in GitLab 16.0'],
  },
  {
    name: 'cilium block',
    doc: { cilium: { hubble_relay_address: 'x' } },
    issues: [{ code: 'removed-key', path: ['cilium'], target: 'key' }],
    messages: ['removed in GitLab 15.0'],
  },
  {
    name: 'remote_development.partial_sync_interval and full_sync_interval',
    doc: { remote_development: { partial_sync_interval: '10s', full_sync_interval: '3600s' } },
    issues: [
      { code: 'removed-key', path: ['remote_development', 'full_sync_interval'], target: 'key' },
      { code: 'removed-key', path: ['remote_development', 'partial_sync_interval'], target: 'key' },
    ],
    messages: ['"full_sync_interval" was removed in GitLab 17.0', '"partial_sync_interval" was removed in GitLab 17.0'],
  },
  {
    name: 'container_scanning without cadence',
    doc: { container_scanning: { vulnerability_report: { namespaces: ['default'] } } },
    issues: [{ code: 'required', path: ['container_scanning'], target: 'key' }],
    messages: ['missing required key "cadence"'],
  },
  {
    name: 'duration given as a number',
    doc: { container_scanning: { cadence: '0 18 * * *', scanner_timeout: 3600 } },
    issues: [{ code: 'type', path: ['container_scanning', 'scanner_timeout'], target: 'value' }],
    messages: ['expected a duration string such as "3600s", got a number'],
  },
  {
    name: 'duration in Go syntax',
    doc: { container_scanning: { cadence: '0 18 * * *', scanner_timeout: '1h' } },
    issues: [{ code: 'format', path: ['container_scanning', 'scanner_timeout'], target: 'value' }],
  },
  {
    name: 'cadence that is not a cron expression',
    doc: { container_scanning: { cadence: 'daily' } },
    issues: [{ code: 'format', path: ['container_scanning', 'cadence'], target: 'value' }],
  },
  {
    name: 'log level DEBUG',
    doc: { observability: { logging: { level: 'DEBUG' } } },
    issues: [{ code: 'enum', path: ['observability', 'logging', 'level'], target: 'value' }],
    messages: ['write "debug"'],
  },
  {
    name: 'severity threshold in lowercase, unknown resource type',
    doc: { container_scanning: { cadence: '0 18 * * *', severity_threshold: 'high', vulnerability_report: { resource_types: ['Pods'] } } },
    issues: [
      { code: 'enum', path: ['container_scanning', 'severity_threshold'], target: 'value' },
      { code: 'enum', path: ['container_scanning', 'vulnerability_report', 'resource_types', 0], target: 'value' },
    ],
  },
  {
    name: 'protected_branches_only: "true"',
    doc: 'ci_access:\n  projects:\n    - id: g/p\n      protected_branches_only: "true"\n',
    issues: [{ code: 'type', path: [...P0, 'protected_branches_only'], target: 'value' }],
    messages: ['write true without quotes'],
  },
  {
    name: 'impersonate without username, extra without values',
    doc: { ci_access: { projects: [{ id: 'g/p', access_as: { impersonate: { extra: [{ key: 'k', val: [] }] } } }] } },
    issues: [
      { code: 'required', path: [...P0, 'access_as', 'impersonate'], target: 'key' },
      { code: 'constraint', path: [...P0, 'access_as', 'impersonate', 'extra', 0, 'val'], target: 'value' },
    ],
  },
  {
    name: 'empty environment name',
    doc: { ci_access: { projects: [{ id: 'g/p', environments: ['production', ''] }] } },
    issues: [{ code: 'constraint', path: [...P0, 'environments', 1], target: 'value' }],
  },
  {
    name: 'user_access entry with ci_access-only settings; empty access_as',
    doc: { user_access: { access_as: {}, projects: [{ id: 'g/p', environments: ['prod'] }] } },
    issues: [
      { code: 'one-of', path: ['user_access', 'access_as'], target: 'value' },
      { code: 'unknown-key', path: ['user_access', 'projects', 0, 'environments'], target: 'key' },
    ],
    messages: ['access_as must set exactly one of agent, user', 'user_access entries accept only id'],
  },
  {
    name: 'a list as the whole file',
    doc: '- ci_access: {}\n',
    issues: [{ code: 'type', path: [], target: 'value' }],
  },
  {
    name: 'remote_development: enabled without dns_zone, unsafe privilege escalation, quota as a string',
    doc: { remote_development: { enabled: true, allow_privilege_escalation: true, workspaces_quota: '5', workspaces_per_user_quota: -2 } },
    issues: [
      { code: 'required', path: ['remote_development'], target: 'key' },
      { code: 'constraint', path: ['remote_development', 'allow_privilege_escalation'], target: 'value' },
      { code: 'constraint', path: ['remote_development', 'workspaces_per_user_quota'], target: 'value' },
      { code: 'type', path: ['remote_development', 'workspaces_quota'], target: 'value' },
    ],
    messages: ['dns_zone is required when enabled is true', 'default_runtime_class', 'at least -1', 'write 5 without quotes'],
  },
  {
    name: 'workspace resources with requests only',
    doc: { remote_development: { default_resources_per_workspace_container: { requests: { cpu: '1' } } } },
    issues: [{ code: 'required', path: ['remote_development', 'default_resources_per_workspace_container'], target: 'key' }],
    messages: ['set both requests and limits'],
  },
  {
    name: 'annotation and label keys with "/" and "~" decode from the JSON pointer',
    doc: {
      remote_development: {
        annotations: { 'team.kubernetes.io/owner': 'x', 'example.com/a~b': 1 },
        labels: { 'app.example.com/name': 5, '0': 0 },
      },
    },
    issues: [
      { code: 'format', path: ['remote_development', 'annotations', 'example.com/a~b'], target: 'key' },
      { code: 'type', path: ['remote_development', 'annotations', 'example.com/a~b'], target: 'value' },
      { code: 'constraint', path: ['remote_development', 'annotations', 'team.kubernetes.io/owner'], target: 'key' },
      // a numeric-looking map key stays a string; only sequence indexes become numbers
      { code: 'type', path: ['remote_development', 'labels', '0'], target: 'value' },
      { code: 'type', path: ['remote_development', 'labels', 'app.example.com/name'], target: 'value' },
    ],
  },
];

describe('agent-config schema', () => {
  it.each(valid)('accepts $name', ({ doc }) => {
    expect(run('agent-config', doc)).toEqual([]);
  });

  it.each(invalid)('reports $name', ({ doc, issues, messages }) => {
    const actual = run('agent-config', doc);
    expect(project(actual)).toEqual(issues);
    (messages ?? []).forEach((fragment, i) => {
      if (fragment !== undefined) expect(actual[i]?.message).toContain(fragment);
    });
  });

  it('keeps the whole one-of failure to one issue per location', () => {
    const issues = run('agent-config', {
      ci_access: { projects: [{ id: 'a', access_as: {} }, { id: 'b', access_as: { agent: null, impersonate: null } }] },
    });
    expect(project(issues)).toEqual([
      { code: 'one-of', path: ['ci_access', 'projects', 0, 'access_as'], target: 'value' },
      { code: 'one-of', path: ['ci_access', 'projects', 1, 'access_as'], target: 'value' },
    ]);
    for (const issue of issues) expect(issue.message).not.toMatch(/\n/);
  });
});
