// The GitLab-specific risk rules as one table: each row is a small repository (inline files)
// and every finding the rules below must produce ("rule severity file:line:col", any order).
// Positions were counted by hand from the YAML in the row; the comments say why each
// answer is the right one.
import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main.js';
import type { Finding } from '../../src/model/finding.js';
import { findGitlabTokens, maskSecrets, maskToken } from '../../src/model/secrets.js';
import { parseProjectConfig } from '../../src/engine/project-config.js';
import { GITLAB_RULES } from '../../src/rules/gitlab/gitlab-rules.js';
import { kasAddressProblems } from '../../src/rules/gitlab/insecure-kas-address.js';
import { minorDistance } from '../../src/rules/gitlab/agent-version-skew.js';
import { lintFiles, removeTree, writeTree } from '../support/lint-files.js';
import { memoryIo } from '../support/memory-io.js';

/** The rules under test, plus the generic ones that must not repeat the chart's bindings. */
const CHECKED = new Set([...GITLAB_RULES.map((r) => r.meta.id), 'rbac/cluster-admin', 'rbac/secrets-read']);

const RBAC = 'rbac.authorization.k8s.io';
const CHART_YAML = 'apiVersion: v2\nname: gitlab-agent\nversion: 2.6.2\n';
const RUNNER_CHART_YAML = 'apiVersion: v2\nname: gitlab-runner\nversion: 0.86.0\n';
/** OCS off, so rows about the agent's own binding are not mixed with the scanner's. */
const NO_OCS = 'config:\n  kasAddress: wss://kas.gitlab.com\n  operational_container_scanning:\n    enabled: false\n';

/** A realistic-looking token of a format: prefix + `n` mixed characters (not a real token). */
function fakeToken(prefix: string, n: number): string {
  const alphabet = 'aB3dE5fG7hJ9kLmN0pQ2rS4tU6vW8xYz_-';
  let s = '';
  for (let i = 0; i < n; i++) s += alphabet[(i * 7 + 3) % alphabet.length] ?? 'a';
  return prefix + s;
}
const AGENT_TOKEN = fakeToken('glagent-', 50);
const RUNNER_TOKEN = fakeToken('glrt-', 24);
const PAT = fakeToken('glpat-', 20);

function crb(name: string, role: string, subjectKind: string, subject: string, subjectNs?: string): string {
  return (
    `apiVersion: ${RBAC}/v1\nkind: ClusterRoleBinding\nmetadata:\n  name: ${name}\n` +
    `roleRef:\n  apiGroup: ${RBAC}\n  kind: ClusterRole\n  name: ${role}\nsubjects:\n` +
    `  - kind: ${subjectKind}\n    name: ${subject}\n` +
    (subjectNs ? `    namespace: ${subjectNs}\n` : `    apiGroup: ${RBAC}\n`)
  );
}

function rb(ns: string, name: string, role: string, roleKind: string, subjectKind: string, subject: string, subjectNs?: string): string {
  return (
    `apiVersion: ${RBAC}/v1\nkind: RoleBinding\nmetadata:\n  name: ${name}\n  namespace: ${ns}\n` +
    `roleRef:\n  apiGroup: ${RBAC}\n  kind: ${roleKind}\n  name: ${role}\nsubjects:\n` +
    `  - kind: ${subjectKind}\n    name: ${subject}\n` +
    (subjectNs ? `    namespace: ${subjectNs}\n` : `    apiGroup: ${RBAC}\n`)
  );
}

function clusterRole(name: string, rules: string): string {
  return `apiVersion: ${RBAC}/v1\nkind: ClusterRole\nmetadata:\n  name: ${name}\nrules:\n${rules}`;
}

function role(ns: string, name: string, rules: string): string {
  return `apiVersion: ${RBAC}/v1\nkind: Role\nmetadata:\n  name: ${name}\n  namespace: ${ns}\nrules:\n${rules}`;
}

const AGENT = '.gitlab/agents/prod/config.yaml';

interface Case {
  readonly name: string;
  readonly files: Record<string, string>;
  readonly expected: readonly string[];
}

function line(f: Finding): string {
  return `${f.ruleId} ${f.severity} ${f.location.file}:${f.location.range.start.line}:${f.location.range.start.column}`;
}

const CASES: readonly Case[] = [
  // ---- gitlab/agent-cluster-admin ---------------------------------------------------------
  {
    // The seed: --set rbac.create=false --set serviceAccount.create=false --set serviceAccount.name=gitlab-runner.
    name: 'seed: rbac.create=false with an existing ServiceAccount renders no cluster-admin binding',
    files: {
      'chart/Chart.yaml': CHART_YAML,
      'chart/values.yaml': 'rbac:\n  create: false\nserviceAccount:\n  create: false\n  name: gitlab-runner\n' + NO_OCS,
    },
    expected: [],
  },
  {
    // Without those values the chart defaults bind cluster-admin: reported where the values
    // start (no values line set it), and not again by rbac/cluster-admin.
    name: 'seed: chart defaults bind cluster-admin (critical, at the values block), reported once',
    files: { 'chart/Chart.yaml': CHART_YAML, 'chart/values.yaml': NO_OCS },
    expected: ['gitlab/agent-cluster-admin critical chart/values.yaml:1:1'],
  },
  {
    name: 'an explicit rbac.create: true is the line that caused it',
    files: { 'chart/Chart.yaml': CHART_YAML, 'chart/values.yaml': NO_OCS + 'rbac:\n  create: true\n' },
    expected: ['gitlab/agent-cluster-admin critical chart/values.yaml:6:11'],
  },
  {
    name: 'rbac.useExistingRole: cluster-admin is reported at that value',
    files: { 'chart/Chart.yaml': CHART_YAML, 'chart/values.yaml': NO_OCS + 'rbac:\n  useExistingRole: cluster-admin\n' },
    expected: ['gitlab/agent-cluster-admin critical chart/values.yaml:6:20'],
  },
  {
    // view is not cluster-admin: the generic rules judge what view allows, not this rule.
    name: 'rbac.useExistingRole: view is not cluster-admin',
    files: { 'chart/Chart.yaml': CHART_YAML, 'chart/values.yaml': NO_OCS + 'rbac:\n  useExistingRole: view\n' },
    expected: [],
  },
  {
    // A role of the repository that is cluster-admin by another name.
    name: 'rbac.useExistingRole naming a */*/* ClusterRole of the repository',
    files: {
      'chart/Chart.yaml': CHART_YAML,
      'chart/values.yaml': NO_OCS + 'rbac:\n  useExistingRole: agent-all\n',
      'role.yaml': clusterRole('agent-all', '  - apiGroups: ["*"]\n    resources: ["*"]\n    verbs: ["*"]\n'),
    },
    expected: ['gitlab/agent-cluster-admin critical chart/values.yaml:6:20'],
  },
  {
    // A repository binding of the same SA to cluster-admin is still rbac/cluster-admin's.
    name: 'a repository binding to cluster-admin stays with rbac/cluster-admin',
    files: {
      'chart/Chart.yaml': CHART_YAML,
      'chart/values.yaml': 'rbac:\n  create: false\n' + NO_OCS,
      'crb.yaml': crb('agent-admin', 'cluster-admin', 'ServiceAccount', 'gitlab-agent', 'gitlab-agent'),
    },
    expected: ['rbac/cluster-admin critical crb.yaml:8:9'],
  },

  // ---- gitlab/ocs-secrets-read --------------------------------------------------------------
  {
    // Both chart defaults at once; the OCS binding is not repeated by rbac/secrets-read.
    name: 'chart defaults: cluster-admin and the OCS scanner reading every Secret',
    files: { 'chart/Chart.yaml': CHART_YAML, 'chart/values.yaml': 'config:\n  kasAddress: wss://kas.gitlab.com\n' },
    expected: ['gitlab/agent-cluster-admin critical chart/values.yaml:1:1', 'gitlab/ocs-secrets-read error chart/values.yaml:1:1'],
  },
  {
    name: 'OCS enabled explicitly: at the value; a warning when the agent config uses container_scanning',
    files: {
      'chart/Chart.yaml': CHART_YAML,
      'chart/values.yaml': 'rbac:\n  create: false\nconfig:\n  operational_container_scanning:\n    enabled: true\n',
      [AGENT]: 'container_scanning:\n  cadence: "0 18 * * *"\n  vulnerability_report:\n    namespaces: [shop]\n',
    },
    expected: ['gitlab/ocs-secrets-read warning chart/values.yaml:5:14'],
  },

  // ---- gitlab/user-access-agent-mode ---------------------------------------------------------
  {
    name: 'user_access as agent on a default (cluster-admin) install is critical, at access_as',
    files: {
      'chart/Chart.yaml': CHART_YAML,
      'chart/values.yaml': NO_OCS,
      [AGENT]: 'user_access:\n  access_as:\n    agent: {}\n  projects:\n    - id: shop/app\n',
    },
    expected: ['gitlab/agent-cluster-admin critical chart/values.yaml:1:1', 'gitlab/user-access-agent-mode critical .gitlab/agents/prod/config.yaml:2:3'],
  },
  {
    // Missing access_as means agent since 18.3: reported at the user_access key.
    name: 'user_access without access_as on an agent whose power is one namespace is a warning',
    files: {
      'chart/Chart.yaml': CHART_YAML,
      'chart/values.yaml': 'rbac:\n  create: false\n' + NO_OCS,
      'role.yaml': role('shop', 'agent-deploy', '  - apiGroups: [""]\n    resources: [configmaps]\n    verbs: [get, create]\n'),
      'rb.yaml': rb('shop', 'agent-deploy', 'agent-deploy', 'Role', 'ServiceAccount', 'prod-gitlab-agent', 'gitlab-agent-prod'),
      [AGENT]: 'user_access:\n  groups:\n    - id: shop\n',
    },
    expected: ['gitlab/user-access-agent-mode warning .gitlab/agents/prod/config.yaml:1:1'],
  },
  {
    // Reading every Secret cluster-wide is risky without being cluster-admin.
    name: 'user_access as agent on an agent that reads every Secret is an error',
    files: {
      'chart/Chart.yaml': CHART_YAML,
      'chart/values.yaml': 'rbac:\n  useExistingRole: secret-reader\n' + NO_OCS,
      'role.yaml': clusterRole('secret-reader', '  - apiGroups: [""]\n    resources: [secrets]\n    verbs: [get, list]\n'),
      [AGENT]: 'user_access:\n  access_as:\n    agent: {}\n  projects:\n    - id: shop/app\n',
    },
    // The chart's binding to secret-reader is not cluster-admin: rbac/secrets-read reports it.
    expected: ['gitlab/user-access-agent-mode error .gitlab/agents/prod/config.yaml:2:3', 'rbac/secrets-read critical role.yaml:6:5'],
  },
  {
    name: 'user_access as agent with an unknown ServiceAccount is a warning that says so',
    files: { [AGENT]: 'user_access:\n  access_as:\n    agent: {}\n  projects:\n    - id: shop/app\n' },
    expected: ['gitlab/user-access-agent-mode warning .gitlab/agents/prod/config.yaml:2:3'],
  },
  {
    name: 'user_access as user, or with nobody listed, is not agent-mode access',
    files: {
      'chart/Chart.yaml': CHART_YAML,
      'chart/values.yaml': 'rbac:\n  create: false\n' + NO_OCS,
      [AGENT]: 'user_access:\n  access_as:\n    user: {}\n  projects:\n    - id: shop/app\n',
    },
    expected: ['agent/impersonation-permissions error .gitlab/agents/prod/config.yaml:2:3'],
  },

  // ---- gitlab/ci-access-broad-agent-mode ------------------------------------------------------
  {
    // A group entry with the default identity gives every project of the group cluster-admin;
    // the project entry is not broad. The instance entry is reported at its key.
    name: 'ci_access groups and instance using the agent identity on a cluster-admin agent',
    files: {
      'chart/Chart.yaml': CHART_YAML,
      'chart/values.yaml': NO_OCS,
      [AGENT]:
        'ci_access:\n  projects:\n    - id: shop/app\n  groups:\n    - id: shop\n    - id: tools\n      access_as:\n        agent: {}\n  instance: {}\n',
    },
    expected: [
      'gitlab/agent-cluster-admin critical chart/values.yaml:1:1',
      'gitlab/ci-access-broad-agent-mode critical .gitlab/agents/prod/config.yaml:5:7',
      'gitlab/ci-access-broad-agent-mode critical .gitlab/agents/prod/config.yaml:7:7',
      'gitlab/ci-access-broad-agent-mode critical .gitlab/agents/prod/config.yaml:9:3',
    ],
  },
  {
    name: 'a group entry with ci_job is not agent mode (and a cluster-admin agent may impersonate)',
    files: {
      'chart/Chart.yaml': CHART_YAML,
      'chart/values.yaml': NO_OCS,
      [AGENT]: 'ci_access:\n  groups:\n    - id: shop\n      access_as:\n        ci_job: {}\n',
    },
    expected: ['gitlab/agent-cluster-admin critical chart/values.yaml:1:1'],
  },

  // ---- gitlab/gitlab-group-grant ------------------------------------------------------------------
  {
    name: 'grants to gitlab:ci_job (powerful: error) and gitlab:user (reads: warning); narrow groups are fine',
    files: {
      'a.yaml': crb('ci-jobs-edit', 'edit', 'Group', 'gitlab:ci_job'),
      'b.yaml': rb('shop', 'users-view', 'view', 'ClusterRole', 'Group', 'gitlab:user'),
      'c.yaml': rb('shop', 'project-edit', 'edit', 'ClusterRole', 'Group', 'gitlab:project:150'),
    },
    // edit also reads Secrets: rbac/secrets-read reports that, raised because GitLab reaches the groups.
    expected: [
      'gitlab/gitlab-group-grant error a.yaml:10:5',
      'gitlab/gitlab-group-grant warning b.yaml:11:5',
      'rbac/secrets-read critical a.yaml:8:9',
      'rbac/secrets-read warning c.yaml:9:9',
    ],
  },

  // ---- gitlab/plaintext-token -------------------------------------------------------------------
  {
    name: 'agent and runner tokens in chart values, at the value',
    files: {
      'chart/Chart.yaml': CHART_YAML,
      'chart/values.yaml': `rbac:\n  create: false\n${NO_OCS}  token: ${AGENT_TOKEN}\n`,
      'runner/Chart.yaml': RUNNER_CHART_YAML,
      'runner/values.yaml': `gitlabUrl: https://gitlab.example.com\nrunnerToken: "${RUNNER_TOKEN}"\n`,
    },
    expected: ['gitlab/plaintext-token error chart/values.yaml:7:10', 'gitlab/plaintext-token error runner/values.yaml:2:14'],
  },
  {
    // Any analysed file: a comment of a manifest, the CI file. Placeholders and references are not tokens.
    name: 'token formats anywhere; placeholders and references are not tokens',
    files: {
      'cm.yaml': `# access: ${PAT}\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  example: glpat-xxxxxxxxxxxxxxxxxxxx\n`,
      '.gitlab-ci.yml': `variables:\n  TOKEN: acme-${AGENT_TOKEN}\njob:\n  script: [echo]\n`,
      'chart/Chart.yaml': CHART_YAML,
      'chart/values.yaml': `rbac:\n  create: false\n${NO_OCS}  token: \${AGENT_TOKEN}\n`,
    },
    expected: ['gitlab/plaintext-token error .gitlab-ci.yml:2:10', 'gitlab/plaintext-token error cm.yaml:1:11'],
  },

  // ---- gitlab/insecure-kas-address ----------------------------------------------------------------
  {
    name: 'plaintext ws:// without the trailing slash, and --kas-insecure-skip-tls-verify',
    files: {
      'chart/Chart.yaml': CHART_YAML,
      'chart/values.yaml':
        'rbac:\n  create: false\nconfig:\n  kasAddress: ws://gitlab.example.com/-/kubernetes-agent\n  operational_container_scanning:\n    enabled: false\nextraArgs:\n  - --kas-insecure-skip-tls-verify\n  - --kas-insecure-skip-tls-verify=false\n',
    },
    expected: [
      'gitlab/insecure-kas-address error chart/values.yaml:4:15',
      'gitlab/insecure-kas-address warning chart/values.yaml:4:15',
      'gitlab/insecure-kas-address error chart/values.yaml:8:5',
    ],
  },
  {
    name: 'an https:// address is an unsupported scheme; wss with the slash is fine',
    files: {
      'chart/Chart.yaml': CHART_YAML,
      'chart/values.yaml': 'rbac:\n  create: false\nconfig:\n  kasAddress: https://gitlab.example.com/-/kubernetes-agent/\n  operational_container_scanning:\n    enabled: false\n',
      'other/Chart.yaml': CHART_YAML,
      'other/values.yaml': 'rbac:\n  create: false\nconfig:\n  kasAddress: wss://gitlab.example.com/-/kubernetes-agent/\n  operational_container_scanning:\n    enabled: false\n',
    },
    expected: ['gitlab/insecure-kas-address error chart/values.yaml:4:15'],
  },

  // ---- gitlab/agent-version-skew --------------------------------------------------------------------
  {
    name: 'image.tag eleven minors behind gitlab.version (across the 17 → 18 boundary)',
    files: {
      '.kaslint.yaml': 'gitlab:\n  version: "18.2"\n',
      'chart/Chart.yaml': CHART_YAML,
      'chart/values.yaml': 'rbac:\n  create: false\n' + NO_OCS + 'image:\n  tag: "v17.3.1"\n',
    },
    expected: ['gitlab/agent-version-skew warning chart/values.yaml:8:8'],
  },
  {
    name: 'one minor apart (also across a major) is supported; no gitlab.version, no check',
    files: {
      '.kaslint.yaml': 'gitlab:\n  version: "18.0"\n',
      'chart/Chart.yaml': CHART_YAML,
      'chart/values.yaml': 'rbac:\n  create: false\n' + NO_OCS + 'image:\n  tag: v17.11.2\n',
    },
    expected: [],
  },
  {
    // Flux pins chart 2.6.2, whose appVersion is v17.3.1; image.tag is not set.
    name: 'a Flux HelmRelease chart version stands for its appVersion',
    files: {
      '.kaslint.yaml': 'gitlab:\n  version: "17.9"\n',
      'release.yaml':
        'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: gitlab-agent\n  namespace: gitlab-agent\nspec:\n  chart:\n    spec:\n      chart: gitlab-agent\n      version: "2.6.2"\n  values:\n    rbac:\n      create: false\n    config:\n      operational_container_scanning:\n        enabled: false\n',
    },
    expected: ['gitlab/agent-version-skew warning release.yaml:10:16'],
  },

  // ---- agent/impersonation-permissions -----------------------------------------------------------------
  {
    // The SA may impersonate any user and the gitlab:ci_job group only: every other group
    // and every extra key is missing. Names with unknown GitLab ids are not guessed.
    name: 'ci_job: the exact impersonate permissions that are missing',
    files: {
      'chart/Chart.yaml': CHART_YAML,
      'chart/values.yaml': 'rbac:\n  create: false\n' + NO_OCS,
      'role.yaml': clusterRole(
        'agent-impersonate',
        '  - apiGroups: [""]\n    resources: [users]\n    verbs: [impersonate]\n  - apiGroups: [""]\n    resources: [groups]\n    resourceNames: ["gitlab:ci_job"]\n    verbs: [impersonate]\n',
      ),
      'crb.yaml': crb('agent-impersonate', 'agent-impersonate', 'ServiceAccount', 'prod-gitlab-agent', 'gitlab-agent-prod'),
      [AGENT]: 'ci_access:\n  projects:\n    - id: shop/app\n      access_as:\n        ci_job: {}\n',
    },
    expected: ['agent/impersonation-permissions error .gitlab/agents/prod/config.yaml:4:7'],
  },
  {
    name: 'impersonate and ci_job on an agent allowed to impersonate everything: nothing missing',
    files: {
      'chart/Chart.yaml': CHART_YAML,
      'chart/values.yaml': 'rbac:\n  create: false\n' + NO_OCS,
      'role.yaml': clusterRole(
        'agent-impersonate',
        // userextras/* is no wildcard in RBAC: "*" of the API group is.
        '  - apiGroups: [""]\n    resources: [users, groups]\n    verbs: [impersonate]\n  - apiGroups: [authentication.k8s.io]\n    resources: ["*"]\n    verbs: [impersonate]\n',
      ),
      'crb.yaml': crb('agent-impersonate', 'agent-impersonate', 'ServiceAccount', 'prod-gitlab-agent', 'gitlab-agent-prod'),
      [AGENT]:
        'ci_access:\n  projects:\n    - id: shop/app\n      access_as:\n        ci_job: {}\n    - id: shop/web\n      access_as:\n        impersonate:\n          username: deployer\n          groups: [deployers]\n          uid: "42"\n          extra:\n            - key: team\n              val: [web]\n',
    },
    expected: [],
  },
  {
    name: 'static impersonate of a ServiceAccount needs serviceaccounts impersonation in its namespace',
    files: {
      'chart/Chart.yaml': CHART_YAML,
      'chart/values.yaml': 'rbac:\n  create: false\n' + NO_OCS,
      [AGENT]: 'ci_access:\n  projects:\n    - id: shop/app\n      access_as:\n        impersonate:\n          username: system:serviceaccount:shop:deployer\n',
    },
    expected: ['agent/impersonation-permissions error .gitlab/agents/prod/config.yaml:4:7'],
  },
  {
    name: 'an unknown ServiceAccount is not checked',
    files: { [AGENT]: 'ci_access:\n  projects:\n    - id: shop/app\n      access_as:\n        ci_job: {}\n' },
    expected: [],
  },
];

describe('gitlab rules', () => {
  it('cover every rule of the gitlab list', () => {
    const tested = new Set(CASES.flatMap((c) => c.expected.map((e) => e.split(' ')[0])));
    for (const r of GITLAB_RULES) expect(tested, r.meta.id).toContain(r.meta.id);
  });

  for (const c of CASES) {
    it(c.name, async () => {
      const result = await lintFiles(c.files);
      expect(result.internalErrors).toEqual([]);
      const got = result.findings.filter((f) => CHECKED.has(f.ruleId)).map(line).sort();
      expect(got).toEqual([...c.expected].sort());
    });
  }
});

describe('gitlab rule messages', () => {
  it('agent-cluster-admin names the identity, the release and who reaches it', async () => {
    const result = await lintFiles({
      '.kaslint.yaml': 'configProject: platform/cluster-management\n',
      'chart/Chart.yaml': CHART_YAML,
      'chart/values.yaml': NO_OCS,
      [AGENT]: 'ci_access:\n  projects:\n    - id: shop/app\n      environments: [production]\nuser_access:\n  access_as:\n    agent: {}\n  groups:\n    - id: shop\n',
    });
    const f = result.findings.find((x) => x.ruleId === 'gitlab/agent-cluster-admin');
    expect(f?.message).toContain('ServiceAccount "gitlab-agent-prod/prod-gitlab-agent"');
    expect(f?.message).toContain('ClusterRole "cluster-admin"');
    expect(f?.message).toContain('Helm release "prod" in namespace "gitlab-agent-prod"');
    expect(f?.message).toContain('CI jobs of shop/app (environments production)');
    expect(f?.message).toContain('CI jobs of the config project platform/cluster-management (implicit authorization)');
    expect(f?.message).toContain('Developer+ members of group shop (and its subgroups) and administrators (user_access)');
    expect(f?.help).toContain('rbac.create=false');
  });

  it('impersonation-permissions lists exactly what is missing', async () => {
    const result = await lintFiles({
      'chart/Chart.yaml': CHART_YAML,
      'chart/values.yaml': 'rbac:\n  create: false\n' + NO_OCS,
      'role.yaml': clusterRole(
        'agent-impersonate',
        '  - apiGroups: [""]\n    resources: [users]\n    verbs: [impersonate]\n  - apiGroups: [""]\n    resources: [groups]\n    resourceNames: ["gitlab:ci_job"]\n    verbs: [impersonate]\n  - apiGroups: [authentication.k8s.io]\n    resources: [userextras/agent.gitlab.com/ci_job_id]\n    resourceNames: ["1"]\n    verbs: [impersonate]\n',
      ),
      'crb.yaml': crb('agent-impersonate', 'agent-impersonate', 'ServiceAccount', 'prod-gitlab-agent', 'gitlab-agent-prod'),
      [AGENT]: 'ci_access:\n  projects:\n    - id: shop/app\n      access_as:\n        ci_job: {}\n',
    });
    const f = result.findings.find((x) => x.ruleId === 'agent/impersonation-permissions');
    const msg = f?.message ?? '';
    // Allowed: users (any name), groups "gitlab:ci_job". Group names with unknown ids cannot be told apart.
    expect(msg).not.toContain('impersonate users');
    expect(msg).not.toContain('groups "gitlab:ci_job"');
    expect(msg).toContain('impersonate userextras/agent.gitlab.com/id;');
    expect(msg).toContain('impersonate userextras/agent.gitlab.com/environment_tier');
    expect(msg).toContain('impersonate userextras/agent.gitlab.com/ci_job_id without resourceNames (the value changes with every job)');
    expect(msg).toContain('checks of names with unknown GitLab ids were skipped');
  });

  it('impersonation-permissions names each group when nothing may be impersonated', async () => {
    const result = await lintFiles({
      '.kaslint.yaml': 'gitlab:\n  projects:\n    shop/app: 150\n  groups:\n    shop: 23\n',
      'chart/Chart.yaml': CHART_YAML,
      'chart/values.yaml': 'rbac:\n  create: false\n' + NO_OCS,
      [AGENT]: 'ci_access:\n  projects:\n    - id: shop/app\n      environments: [prod]\n      access_as:\n        ci_job: {}\n',
    });
    const msg = result.findings.find((x) => x.ruleId === 'agent/impersonation-permissions')?.message ?? '';
    expect(msg).toContain(
      'is missing: impersonate users; impersonate groups "gitlab:ci_job", "gitlab:group:23", "gitlab:group_env_tier:23:production", "gitlab:project:150", "gitlab:project_env:150:prod", "gitlab:project_env_tier:150:production"; impersonate userextras/agent.gitlab.com/id;',
    );
  });

  it('user-access-agent-mode says who acts as the ServiceAccount and why it is graded so', async () => {
    const result = await lintFiles({
      'chart/Chart.yaml': CHART_YAML,
      'chart/values.yaml': NO_OCS,
      [AGENT]: 'user_access:\n  access_as:\n    agent: {}\n  projects:\n    - id: shop/app\n',
    });
    const f = result.findings.find((x) => x.ruleId === 'gitlab/user-access-agent-mode');
    expect(f?.message).toContain('every Developer+ member of project shop/app, and every administrator in admin mode, acts as the agent\'s ServiceAccount "gitlab-agent-prod/prod-gitlab-agent"');
    expect(f?.message).toContain('is cluster-admin-equivalent: it can do anything cluster-wide (* on *)');
  });

  it('plaintext-token messages show only the masked form', async () => {
    const result = await lintFiles({
      'chart/Chart.yaml': CHART_YAML,
      'chart/values.yaml': `rbac:\n  create: false\n${NO_OCS}  token: ${AGENT_TOKEN}\n`,
    });
    const f = result.findings.find((x) => x.ruleId === 'gitlab/plaintext-token');
    expect(f?.message).toContain(`(${AGENT_TOKEN.slice(0, 12)}…)`);
    expect(JSON.stringify(result.findings)).not.toContain(AGENT_TOKEN.slice(12, 30));
  });
});

describe('token detection and masking (src/model/secrets.ts)', () => {
  it('finds the documented formats, with an instance prefix, and masks them', () => {
    const text = `a: ${AGENT_TOKEN}\nb: acme-${AGENT_TOKEN}\nc: ${RUNNER_TOKEN}\nd: ${PAT}\ne: xglpat-${'a1B2'.repeat(6)}\n`;
    const found = findGitlabTokens(text);
    expect(found.map((t) => [t.format.prefix, t.instancePrefix])).toEqual([
      ['glagent-', ''],
      ['glagent-', 'acme-'],
      ['glrt-', ''],
      ['glpat-', ''],
    ]);
    const masked = maskSecrets(text);
    expect(masked).toContain(`a: ${AGENT_TOKEN.slice(0, 12)}…\n`);
    expect(masked).toContain(`b: acme-${AGENT_TOKEN.slice(0, 12)}…\n`);
    expect(masked).not.toContain(AGENT_TOKEN.slice(12));
    expect(maskSecrets(masked)).toBe(masked);
    const kept = maskSecrets(text, { keepLength: true });
    expect(kept.length).toBe(text.length);
    expect(findGitlabTokens(kept)).toEqual([]);
  });

  it('masks values without a GitLab prefix when asked, showing little of short ones', () => {
    expect(maskToken('short-secret')).toBe('…');
    expect(maskToken('0123456789abcdefXYZ')).toBe('0123…');
    expect(maskSecrets('token: 0123456789abcdefXYZ!', { extra: ['0123456789abcdefXYZ'] })).toBe('token: 0123…!');
  });

  it('is linear on hostile input', () => {
    const hostile = 'a-'.repeat(200_000) + 'glpat-' + 'b'.repeat(19) + '-glagent-'.repeat(20_000);
    const t0 = Date.now();
    findGitlabTokens(hostile);
    maskSecrets(hostile);
    expect(Date.now() - t0).toBeLessThan(2000);
  });
});

describe('helpers', () => {
  it('kasAddress problems follow §7.1', () => {
    expect(kasAddressProblems('wss://kas.gitlab.com')).toEqual([]);
    expect(kasAddressProblems('grpcs://kas.example.com:443')).toEqual([]);
    expect(kasAddressProblems('WSS://gitlab.example.com/-/kubernetes-agent/')).toEqual([]);
    expect(kasAddressProblems('grpc://kas:8150').map((p) => p.severity)).toEqual(['error']);
    expect(kasAddressProblems('wss://gitlab.example.com/-/kubernetes-agent').map((p) => p.severity)).toEqual(['warning']);
    expect(kasAddressProblems('kas.gitlab.com').map((p) => p.severity)).toEqual(['error']);
  });

  it('minor distance counts across majors', () => {
    expect(minorDistance({ major: 17, minor: 11 }, { major: 18, minor: 0 })).toBe(1);
    expect(minorDistance({ major: 18, minor: 2 }, { major: 17, minor: 3 })).toBe(11);
    expect(minorDistance({ major: 16, minor: 11 }, { major: 18, minor: 0 })).toBe(13);
  });

  it('gitlab.version in .kaslint.yaml must be "X.Y"', () => {
    expect(parseProjectConfig({ gitlab: { version: '18.2' } })).toMatchObject({ ok: true, config: { gitlab: { version: '18.2' } } });
    expect(parseProjectConfig({ gitlab: { version: 18.2 } })).toEqual({ ok: false, errors: ['gitlab.version must be a string like "18.2"'] });
    expect(parseProjectConfig({ gitlab: { version: '18.2.1' } }).ok).toBe(false);
  });
});

describe('tokens never leave kaslint unmasked', () => {
  const files = {
    'chart/Chart.yaml': CHART_YAML,
    'chart/values.yaml': `config:\n  kasAddress: wss://kas.gitlab.com\n  token: ${AGENT_TOKEN}\n`,
    'notes.yaml': `# runner: ${RUNNER_TOKEN}\nkey: value\n`,
  };
  const secretParts = [AGENT_TOKEN, AGENT_TOKEN.slice(12), RUNNER_TOKEN, RUNNER_TOKEN.slice(9)];

  it('in -o json', async () => {
    const dir = writeTree(files);
    try {
      const io = memoryIo(dir);
      expect(await run(['check', '-o', 'json'], io)).toBe(1);
      const out = io.out() + io.err();
      expect(out).toContain('gitlab/plaintext-token');
      for (const s of secretParts) expect(out).not.toContain(s);
    } finally {
      removeTree(dir);
    }
  });

  /** `kaslint check -o text` output, without the code-frame source lines (`12 | …`). */
  async function textOutput(): Promise<{ all: string; prose: string }> {
    const dir = writeTree(files);
    try {
      const io = memoryIo(dir);
      expect(await run(['check', '-o', 'text'], io)).toBe(1);
      const all = io.out() + io.err();
      return { all, prose: all.split('\n').filter((l) => !/^\s*\d+ \|/.test(l)).join('\n') };
    } finally {
      removeTree(dir);
    }
  }

  it('in -o text messages and notes', async () => {
    const { prose } = await textOutput();
    expect(prose).toContain('gitlab/plaintext-token');
    for (const s of secretParts) expect(prose).not.toContain(s);
  });

  // Code frames quote the source lines: the CLI masks them before any reporter sees them.
  it('in -o text code frames', async () => {
    const { all } = await textOutput();
    for (const s of secretParts) expect(all).not.toContain(s);
  });
});
