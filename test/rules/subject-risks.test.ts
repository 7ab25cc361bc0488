import { describe, expect, it } from 'vitest';
import type { Grant } from '../../src/access/grants.js';
import { grantPower, powerfulHit } from '../../src/access/power.js';
import { probeText } from '../../src/access/probes.js';
import { loadWorkspace } from '../../src/cli/workspace-options.js';
import { Analysis } from '../../src/engine/analysis.js';
import { lint, type LintResult } from '../../src/engine/lint.js';
import type { Finding } from '../../src/model/finding.js';
import { RULES } from '../../src/rules/registry.js';
import { SUBJECT_RULES } from '../../src/rules/rbac/subject-rules.js';
import { lintFiles, removeTree, writeTree } from '../support/lint-files.js';
import { memoryIo } from '../support/memory-io.js';
import { clusterRole as roleOf, rule, urlRule } from '../rbac/builders.js';
import type { PolicyRule } from '../../src/rbac/types.js';

// Layout of the generated bindings, so positions can be checked by hand:
//   ClusterRoleBinding: roleRef.name on line 8, subject i at line 10 + 3i, column 5
//   RoleBinding:        roleRef.name on line 9, subject i at line 11 + 3i, column 5
// Every subject takes three lines. Subjects are written 'Kind:name', with a ServiceAccount's
// namespace as 'ServiceAccount:ns/name' ('ServiceAccount:name' leaves it out).

const RBAC = 'rbac.authorization.k8s.io';

function subjectYaml(spec: string): string {
  const colon = spec.indexOf(':');
  const kind = spec.slice(0, colon);
  const rest = spec.slice(colon + 1);
  if (kind !== 'ServiceAccount') return `  - kind: ${kind}\n    name: ${rest}\n    apiGroup: ${RBAC}\n`;
  const slash = rest.indexOf('/');
  if (slash === -1) return `  - kind: ServiceAccount\n    name: ${rest}\n    # no namespace\n`;
  return `  - kind: ServiceAccount\n    name: ${rest.slice(slash + 1)}\n    namespace: ${rest.slice(0, slash)}\n`;
}

function crb(name: string, role: string, subjects: string[], roleKind = 'ClusterRole'): string {
  return (
    `apiVersion: ${RBAC}/v1\nkind: ClusterRoleBinding\nmetadata:\n  name: ${name}\n` +
    `roleRef:\n  apiGroup: ${RBAC}\n  kind: ${roleKind}\n  name: ${role}\nsubjects:\n` +
    subjects.map(subjectYaml).join('')
  );
}

function rb(namespace: string, name: string, role: string, subjects: string[], roleKind = 'ClusterRole'): string {
  return (
    `apiVersion: ${RBAC}/v1\nkind: RoleBinding\nmetadata:\n  name: ${name}\n  namespace: ${namespace}\n` +
    `roleRef:\n  apiGroup: ${RBAC}\n  kind: ${roleKind}\n  name: ${role}\nsubjects:\n` +
    subjects.map(subjectYaml).join('')
  );
}

function clusterRole(name: string, rules: string): string {
  return `apiVersion: ${RBAC}/v1\nkind: ClusterRole\nmetadata:\n  name: ${name}\nrules:\n${rules}`;
}

function role(namespace: string, name: string, rules: string): string {
  return `apiVersion: ${RBAC}/v1\nkind: Role\nmetadata:\n  name: ${name}\n  namespace: ${namespace}\nrules:\n${rules}`;
}

function serviceAccount(namespace: string | undefined, name: string): string {
  return `apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: ${name}\n${namespace ? `  namespace: ${namespace}\n` : ''}`;
}

const CHART_YAML = 'apiVersion: v2\nname: gitlab-agent\nversion: 2.6.2\n';
const SUBJECT_IDS = new Set(SUBJECT_RULES.map((r) => r.meta.id));

interface Case {
  readonly name: string;
  readonly files: Record<string, string>;
  /** `ruleId severity file:line:col` of the subject-side rules, in any order. */
  readonly expected: readonly string[];
  /** Lint as `--no-default-policy` does. */
  readonly noDefaultPolicy?: boolean;
}

function line(f: Finding): string {
  return `${f.ruleId} ${f.severity} ${f.location.file}:${f.location.range.start.line}:${f.location.range.start.column}`;
}

/** Every recommended rule, with graded severities (no command-line override). */
async function run(files: Record<string, string>, noDefaultPolicy = false): Promise<LintResult> {
  if (!noDefaultPolicy) return lintFiles(files);
  const dir = writeTree(files);
  try {
    const { workspace } = await loadWorkspace(memoryIo(dir), [], {});
    return lint(workspace, { rules: RULES, analysis: new Analysis(workspace, { includeDefaultPolicy: false }) });
  } finally {
    removeTree(dir);
  }
}

const CASES: readonly Case[] = [
  // ---- rbac/anonymous-access ------------------------------------------------------------
  {
    name: 'anonymous user bound to view is critical (reads beyond discovery)',
    files: { 'a.yaml': crb('anon-view', 'view', ['User:system:anonymous']) },
    expected: ['rbac/anonymous-access critical a.yaml:10:5'],
  },
  {
    name: 'unauthenticated group bound to discovery only is an error, at its own subject entry',
    files: { 'a.yaml': crb('anon-discovery', 'system:discovery', ['Group:oncall', 'Group:system:unauthenticated']) },
    expected: ['rbac/anonymous-access error a.yaml:13:5'],
  },
  {
    name: 'a write to anonymous requests through a RoleBinding is critical',
    files: { 'a.yaml': rb('shop', 'anon-edit', 'edit', ['User:system:anonymous']) },
    expected: ['rbac/anonymous-access critical a.yaml:11:5'],
  },
  {
    name: 'allow-listed: system:public-info-viewer',
    files: { 'a.yaml': crb('public-info', 'system:public-info-viewer', ['Group:system:unauthenticated', 'User:system:anonymous']) },
    expected: [],
  },
  {
    name: 'allow-listed: kubeadm cluster-info Role in kube-public',
    files: {
      'role.yaml': role('kube-public', 'kubeadm:bootstrap-signer-clusterinfo', '  - apiGroups: [""]\n    resources: [configmaps]\n    resourceNames: [cluster-info]\n    verbs: [get]\n'),
      'rb.yaml': rb('kube-public', 'kubeadm:bootstrap-signer-clusterinfo', 'kubeadm:bootstrap-signer-clusterinfo', ['User:system:anonymous'], 'Role'),
    },
    expected: [],
  },
  {
    name: 'not allow-listed: a public-info-viewer rewritten to read Secrets',
    files: {
      'role.yaml': clusterRole('system:public-info-viewer', '  - apiGroups: [""]\n    resources: [secrets]\n    verbs: [get]\n'),
      'a.yaml': crb('public-info', 'system:public-info-viewer', ['Group:system:unauthenticated']),
    },
    expected: ['rbac/anonymous-access critical a.yaml:10:5'],
  },
  {
    name: 'not allow-listed: the cluster-info Role outside kube-public',
    files: {
      'role.yaml': role('default', 'kubeadm:bootstrap-signer-clusterinfo', '  - apiGroups: [""]\n    resources: [configmaps]\n    resourceNames: [cluster-info]\n    verbs: [get]\n'),
      'rb.yaml': rb('default', 'clusterinfo', 'kubeadm:bootstrap-signer-clusterinfo', ['User:system:anonymous'], 'Role'),
    },
    expected: ['rbac/anonymous-access critical rb.yaml:11:5'],
  },

  // ---- rbac/authenticated-group ---------------------------------------------------------
  {
    name: 'system:authenticated: reads are a warning, writes an error',
    files: {
      'a.yaml': crb('everyone-views', 'view', ['Group:system:authenticated']),
      'b.yaml': rb('sandbox', 'everyone-edits', 'edit', ['Group:system:authenticated']),
    },
    expected: ['rbac/authenticated-group warning a.yaml:10:5', 'rbac/authenticated-group error b.yaml:11:5'],
  },
  {
    name: 'system:authenticated: discovery, and non-resource rules through a RoleBinding, add nothing',
    files: {
      'metrics.yaml': clusterRole('metrics-reader', '  - nonResourceURLs: [/metrics]\n    verbs: [get]\n'),
      'a.yaml': crb('everyone-discovers', 'system:basic-user', ['Group:system:authenticated']),
      'b.yaml': rb('shop', 'everyone-metrics', 'metrics-reader', ['Group:system:authenticated']),
      'c.yaml': crb('everyone-metrics', 'metrics-reader', ['Group:system:authenticated']),
    },
    expected: ['rbac/authenticated-group warning c.yaml:10:5'],
  },

  // ---- rbac/all-serviceaccounts-group ---------------------------------------------------
  {
    name: 'service-account groups: error only for a cluster-wide write',
    files: {
      'a.yaml': crb('every-sa-edits', 'edit', ['Group:system:serviceaccounts']),
      'b.yaml': crb('shop-sas-view', 'view', ['Group:system:serviceaccounts:shop']),
      'c.yaml': rb('shop', 'every-sa-edits-shop', 'edit', ['Group:system:serviceaccounts']),
      'd.yaml': crb('shop-sas-edit', 'edit', ['Group:system:serviceaccounts:shop']),
    },
    expected: [
      'rbac/all-serviceaccounts-group error a.yaml:10:5',
      'rbac/all-serviceaccounts-group warning b.yaml:10:5',
      'rbac/all-serviceaccounts-group warning c.yaml:11:5',
      'rbac/all-serviceaccounts-group error d.yaml:10:5',
    ],
  },
  {
    name: 'service-account groups: OIDC issuer discovery is not reported',
    files: { 'a.yaml': crb('issuer', 'system:service-account-issuer-discovery', ['Group:system:serviceaccounts']) },
    expected: [],
  },

  // ---- rbac/system-masters-subject ------------------------------------------------------
  {
    name: 'system:masters next to an ordinary group',
    files: { 'a.yaml': crb('admins', 'cluster-admin', ['Group:platform-admins', 'Group:system:masters']) },
    expected: ['rbac/system-masters-subject warning a.yaml:13:5'],
  },
  {
    name: 'system:masters is reported even when the role is missing (and the roleRef is dangling)',
    files: { 'a.yaml': crb('admins', 'no-such-role', ['Group:system:masters']) },
    expected: ['rbac/system-masters-subject warning a.yaml:10:5', 'rbac/dangling-role-ref error a.yaml:8:9'],
  },
  {
    name: 'positions count subjects as written, malformed entries included',
    files: { 'a.yaml': crb('admins', 'view', ['Team:platform', 'Group:system:masters']) },
    expected: ['rbac/system-masters-subject warning a.yaml:13:5'],
  },

  // ---- rbac/system-nodes-group ----------------------------------------------------------
  {
    name: 'system:nodes: extra reads are an error; health and version are not reported',
    files: {
      'a.yaml': crb('nodes-view', 'view', ['Group:system:nodes']),
      'b.yaml': crb('nodes-info', 'system:public-info-viewer', ['Group:system:nodes']),
    },
    expected: ['rbac/system-nodes-group error a.yaml:10:5'],
  },

  // ---- rbac/default-serviceaccount ------------------------------------------------------
  {
    name: 'default ServiceAccount: namespace defaulted in a RoleBinding; the User spelling counts too',
    files: {
      'a.yaml': rb('shop', 'default-edit', 'edit', ['ServiceAccount:default']),
      'b.yaml': rb('shop', 'default-view', 'view', ['User:system:serviceaccount:shop:default']),
    },
    expected: ['rbac/default-serviceaccount error a.yaml:11:5', 'rbac/default-serviceaccount warning b.yaml:11:5'],
  },
  {
    name: 'the gitlab-agent chart running as "default" is reported at the value that made it so',
    files: {
      'chart/Chart.yaml': CHART_YAML,
      'chart/values.yaml': 'config:\n  kasAddress: wss://kas.gitlab.com\nserviceAccount:\n  create: false\n',
    },
    expected: ['rbac/default-serviceaccount error chart/values.yaml:4:11'],
  },

  // ---- rbac/dangling-subject ------------------------------------------------------------
  {
    name: 'dangling ServiceAccounts: error for a powerful role, warning for reads',
    files: {
      'sa.yaml': serviceAccount('ci', 'deployer'),
      'a.yaml': rb('shop', 'ci-deploys-shop', 'edit', ['ServiceAccount:ci/deployer', 'ServiceAccount:ci/deploy']),
      'b.yaml': crb('auditor-view', 'view', ['ServiceAccount:ci/auditor']),
    },
    expected: [
      'rbac/cross-namespace-subject warning a.yaml:11:5',
      'rbac/cross-namespace-subject warning a.yaml:14:5',
      'rbac/dangling-subject error a.yaml:14:5',
      'rbac/dangling-subject warning b.yaml:10:5',
    ],
  },
  {
    name: 'dangling ServiceAccounts are not checked when the input defines none',
    files: { 'a.yaml': crb('ghost-view', 'view', ['ServiceAccount:ci/ghost']) },
    expected: [],
  },
  {
    name: 'a chart-modelled ServiceAccount counts as existing (and activates the check)',
    files: {
      'chart/Chart.yaml': CHART_YAML,
      'chart/values.yaml': 'rbac:\n  create: false\n',
      'role.yaml': role('gitlab-agent', 'agent-leases', '  - apiGroups: [coordination.k8s.io]\n    resources: [leases]\n    verbs: [get, create, update]\n'),
      'rb.yaml': rb('gitlab-agent', 'agent-leases', 'agent-leases', ['ServiceAccount:gitlab-agent/gitlab-agent', 'ServiceAccount:gitlab-agent/gitlab-agentk'], 'Role'),
    },
    expected: ['rbac/dangling-subject error rb.yaml:14:5'],
  },
  {
    name: 'a User named system:serviceaccount:<ns>:<name> is that ServiceAccount; a malformed one is a plain user',
    files: {
      'sa.yaml': serviceAccount('ci', 'deployer'),
      'a.yaml': rb('shop', 'ghost-edit', 'edit', ['User:system:serviceaccount:ci:ghost', 'User:system:serviceaccount:ci']),
    },
    expected: ['rbac/cross-namespace-subject warning a.yaml:11:5', 'rbac/dangling-subject error a.yaml:11:5'],
  },
  {
    name: 'control-plane controller accounts and namespace-less ServiceAccounts are not dangling',
    files: {
      'sa.yaml': serviceAccount(undefined, 'auditor'),
      'a.yaml': crb('controllers-view', 'view', ['ServiceAccount:kube-system/namespace-controller', 'ServiceAccount:kube-system/custom-controller', 'ServiceAccount:ci/auditor']),
    },
    expected: ['rbac/dangling-subject warning a.yaml:13:5'],
  },
  {
    name: 'controller accounts stay known under --no-default-policy',
    noDefaultPolicy: true,
    files: {
      'sa.yaml': serviceAccount('ci', 'deployer'),
      'role.yaml': clusterRole('reader', '  - apiGroups: [""]\n    resources: [configmaps]\n    verbs: [get]\n'),
      'a.yaml': crb('controllers-read', 'reader', ['ServiceAccount:kube-system/namespace-controller', 'ServiceAccount:kube-system/custom-controller']),
    },
    expected: ['rbac/dangling-subject warning a.yaml:13:5'],
  },

  // ---- ServiceAccount subject without namespace in a ClusterRoleBinding ------------------
  {
    name: 'a namespace-less ServiceAccount in a ClusterRoleBinding matches nobody: no subject finding',
    files: { 'sa.yaml': serviceAccount('ci', 'deployer'), 'a.yaml': crb('default-admin', 'cluster-admin', ['ServiceAccount:default', 'ServiceAccount:ghost']) },
    expected: [],
  },

  // ---- rbac/dangling-role-ref -----------------------------------------------------------
  {
    name: 'missing ClusterRole, Role of another namespace, and a Role from a ClusterRoleBinding',
    files: {
      'role.yaml': role('ci', 'deployer', '  - apiGroups: [apps]\n    resources: [deployments]\n    verbs: [get, update]\n'),
      'a.yaml': rb('shop', 'developers-view', 'veiw', ['Group:developers']),
      'b.yaml': rb('shop', 'deployer', 'deployer', ['Group:developers'], 'Role'),
      'c.yaml': crb('deployer', 'deployer', ['Group:developers'], 'Role'),
    },
    expected: ['rbac/dangling-role-ref error a.yaml:9:9', 'rbac/dangling-role-ref error b.yaml:9:9', 'rbac/dangling-role-ref error c.yaml:8:9'],
  },
  {
    name: 'built-in roles are not dangling under --no-default-policy',
    noDefaultPolicy: true,
    files: { 'a.yaml': rb('shop', 'developers-view', 'view', ['Group:developers']), 'b.yaml': rb('shop', 'developers-veiw', 'veiw', ['Group:developers']) },
    expected: ['rbac/dangling-role-ref error b.yaml:9:9'],
  },

  // ---- rbac/cross-namespace-subject -----------------------------------------------------
  {
    name: 'cross-namespace ServiceAccounts: warning when powerful, info for reads; ClusterRoleBindings and defaulted namespaces are not crossings',
    files: {
      'a.yaml': rb('shop', 'ci-deploys-shop', 'edit', ['ServiceAccount:ci/deployer']),
      'b.yaml': rb('shop', 'monitoring-views-shop', 'view', ['ServiceAccount:api', 'ServiceAccount:monitoring/prometheus']),
      'c.yaml': crb('prometheus-view', 'view', ['ServiceAccount:monitoring/prometheus']),
    },
    expected: ['rbac/cross-namespace-subject warning a.yaml:11:5', 'rbac/cross-namespace-subject info b.yaml:14:5'],
  },

  // ---- the default policy ---------------------------------------------------------------
  {
    name: "the default policy's own bindings (system:masters, system:authenticated, ...) are never reported",
    files: { 'sa.yaml': serviceAccount('ci', 'deployer') },
    expected: [],
  },
];

describe('subject-side and binding-hygiene rules', () => {
  it('cover every rule of the subject list', () => {
    const tested = new Set(CASES.flatMap((c) => c.expected.map((e) => e.split(' ')[0])));
    expect([...SUBJECT_IDS].filter((id) => !tested.has(id))).toEqual([]);
  });

  for (const c of CASES) {
    it(c.name, async () => {
      const result = await run(c.files, c.noDefaultPolicy);
      expect(result.internalErrors).toEqual([]);
      const got = result.findings.filter((f) => SUBJECT_IDS.has(f.ruleId)).map(line);
      expect([...got].sort()).toEqual([...c.expected].sort());
    });
  }

  it('the namespace-less ServiceAccount case leaves only the schema error', async () => {
    const result = await run({ 'a.yaml': crb('default-admin', 'cluster-admin', ['ServiceAccount:default']) });
    expect(result.findings.map(line)).toEqual(['schema/kubernetes error a.yaml:10:5']);
  });

  it('messages explain the grant, and related locations lead to the roleRef and the deciding rule', async () => {
    const result = await run({
      'role.yaml': clusterRole('pod-starter', '  - apiGroups: [""]\n    resources: [configmaps]\n    verbs: [get]\n  - apiGroups: [""]\n    resources: [pods]\n    verbs: [create]\n'),
      'a.yaml': crb('anon-pods', 'pod-starter', ['User:system:anonymous']),
    });
    const f = result.findings.find((x) => x.ruleId === 'rbac/anonymous-access');
    expect(f?.message).toBe(
      'ClusterRoleBinding "anon-pods" grants ClusterRole "pod-starter" cluster-wide to User "system:anonymous", that is to every request that carries no credentials ' +
        '(anyone who can reach the API server when anonymous auth is on); it allows create pods',
    );
    expect(f?.location.path).toEqual(['subjects', 0]);
    expect(f?.object).toEqual({ kind: 'ClusterRoleBinding', name: 'anon-pods' });
    expect(f?.related.map((r) => `${r.message} @ ${r.location ? `${r.location.file}:${r.location.range.start.line}:${r.location.range.start.column}` : '-'}`)).toEqual([
      'ClusterRoleBinding "anon-pods" refers to ClusterRole "pod-starter" (cluster-wide) @ a.yaml:8:9',
      'rule 1 of ClusterRole "pod-starter": allows create pods @ role.yaml:9:5',
    ]);
  });

  it('dangling-role-ref quotes the upstream error and points at near misses', async () => {
    const result = await run({
      'role.yaml': role('ci', 'deployer', '  - apiGroups: [apps]\n    resources: [deployments]\n    verbs: [get]\n'),
      'a.yaml': rb('shop', 'developers-view', 'veiw', ['Group:developers']),
      'b.yaml': rb('shop', 'deployer', 'deployer', ['ServiceAccount:ci/deployer'], 'Role'),
    });
    const [a, b] = result.findings.filter((x) => x.ruleId === 'rbac/dangling-role-ref');
    expect(a?.message).toContain('clusterrole.rbac.authorization.k8s.io "veiw" not found');
    expect(a?.message).toContain('creating ClusterRole "veiw" later silently grants its permissions to Group "developers"');
    expect(a?.related.map((r) => r.message)).toEqual(['subject 0: Group "developers"', 'did you mean ClusterRole "view"?']);
    expect(b?.message).toContain('role.rbac.authorization.k8s.io "deployer" not found');
    expect(b?.related.map((r) => r.message)).toContain('Role "ci/deployer" exists, but a RoleBinding can refer only to a Role of its own namespace');
  });
});

describe('grant power (src/access/power.ts)', () => {
  function grantOf(rules: PolicyRule[], scope = ''): Grant {
    return {
      binding: { kind: scope === '' ? 'ClusterRoleBinding' : 'RoleBinding', name: 'b', ...(scope ? { namespace: scope } : {}), roleRef: { kind: 'ClusterRole', name: 'r' }, subjects: [{ kind: 'User', name: 'u' }] },
      subjectIndex: 0,
      subject: { kind: 'User', name: 'u' },
      role: roleOf('r', rules),
      scope,
    };
  }
  const table: readonly { name: string; rules: PolicyRule[]; scope?: string; beyond: boolean; powerful: string | undefined }[] = [
    { name: 'discovery URLs and self-reviews', rules: [urlRule('get', '/api,/apis/*,/version'), rule('create', 'authorization.k8s.io', 'selfsubjectaccessreviews')], beyond: false, powerful: undefined },
    { name: 'ordinary reads', rules: [rule('get,list,watch', '""', 'configmaps,pods')], beyond: true, powerful: undefined },
    { name: 'Secrets limited by name are not a Secrets read', rules: [rule('get', '""', 'secrets', { names: 'tls' })], beyond: true, powerful: undefined },
    { name: 'list Secrets', rules: [rule('list', '""', 'secrets')], beyond: true, powerful: 'list secrets' },
    { name: 'a write limited by name is still a write', rules: [rule('update', '""', 'configmaps', { names: 'app' })], beyond: true, powerful: 'update configmaps "app"' },
    { name: 'writes under a wildcard are found through the usual targets', rules: [rule('create', '*', '*')], beyond: true, powerful: 'create pods' },
    { name: 'writes to custom resources', rules: [rule('patch', 'example.com', 'widgets/status')], beyond: true, powerful: 'patch widgets/status.example.com' },
    { name: 'token reviews store nothing', rules: [rule('create', 'authentication.k8s.io', 'tokenreviews')], beyond: true, powerful: undefined },
    { name: 'impersonation', rules: [rule('impersonate', '""', 'serviceaccounts')], beyond: true, powerful: 'impersonate serviceaccounts' },
    { name: 'non-resource rules do nothing through a RoleBinding', rules: [urlRule('*', '*')], scope: 'shop', beyond: false, powerful: undefined },
    { name: 'non-resource rules beyond discovery, cluster-wide', rules: [urlRule('get', '/metrics')], beyond: true, powerful: undefined },
  ];
  for (const t of table) {
    it(t.name, () => {
      const power = grantPower(grantOf(t.rules, t.scope));
      expect(power.beyondDiscovery !== undefined).toBe(t.beyond);
      const hit = powerfulHit(power);
      expect(hit ? probeText(hit.probe) : undefined).toBe(t.powerful);
    });
  }
});
