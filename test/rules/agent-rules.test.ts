import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/model/finding.js';
import { AGENT_RULES } from '../../src/rules/agent/agent-rules.js';
import { RULES } from '../../src/rules/registry.js';
import { lintDir, lintFiles } from '../support/lint-files.js';

const CONFIG = '.gitlab/agents/prod/config.yaml';
const KASLINT = { '.kaslint.yaml': 'configProject: shop/platform\n' };

function at(f: Pick<Finding, 'location'>): string {
  return `${f.location.file}:${f.location.range.start.line}:${f.location.range.start.column}`;
}

interface Case {
  readonly name: string;
  readonly rule: string;
  readonly files: Record<string, string>;
  readonly options?: { configProject?: string; maxFileSize?: string };
  /** `file:line:col` of the rule's findings, in report order. */
  readonly expected: readonly string[];
  /** Severities of those findings, when asserted. */
  readonly severities?: readonly string[];
  /** Substrings of the first finding's message. */
  readonly message?: readonly string[];
}

const cases: Case[] = [
  // ---- agent/config-path ------------------------------------------------------------------
  {
    name: 'singular .gitlab/agent/ directory',
    rule: 'agent/config-path',
    files: { '.gitlab/agent/deployer/config.yaml': 'ci_access:\n  projects:\n    - id: shop/web\n' },
    expected: ['.gitlab/agent/deployer/config.yaml:1:1'],
    severities: ['error'],
    message: ['GitLab silently ignores this file', 'empty configuration', '.gitlab/agents/deployer/config.yaml'],
  },
  {
    name: 'config.yml instead of config.yaml',
    rule: 'agent/config-path',
    files: { '.gitlab/agents/prod/config.yml': '# prod\nci_access: {}\n' },
    expected: ['.gitlab/agents/prod/config.yml:1:1'],
    message: ['"config.yml"', 'GitLab silently ignores this file', '.gitlab/agents/prod/config.yaml'],
  },
  {
    name: 'directory name that breaks the agent-name rule (uppercase)',
    rule: 'agent/config-path',
    files: { '.gitlab/agents/Staging/config.yaml': 'ci_access: {}\n' },
    expected: ['.gitlab/agents/Staging/config.yaml:1:1'],
    severities: ['error'],
    message: ['"Staging" is not a valid agent name', 'GitLab silently ignores this file', 'empty configuration', '.gitlab/agents/staging/config.yaml'],
  },
  {
    name: 'agent name longer than 63 characters',
    rule: 'agent/config-path',
    files: { [`.gitlab/agents/${'a'.repeat(64)}/config.yaml`]: 'ci_access: {}\n' },
    expected: [`.gitlab/agents/${'a'.repeat(64)}/config.yaml:1:1`],
    message: ['not a valid agent name', `.gitlab/agents/${'a'.repeat(63)}/config.yaml`],
  },
  {
    name: 'look-alike path with an invalid name suggests a path GitLab reads',
    rule: 'agent/config-path',
    files: { 'infra/.gitlab/agent/My_Agent/config.yml': 'ci_access: {}\n' },
    expected: ['infra/.gitlab/agent/My_Agent/config.yml:1:1'],
    message: ['GitLab silently ignores this file', 'infra/.gitlab/agents/my-agent/config.yaml'],
  },
  {
    name: 'a look-alike next to the real file is dead, not an empty configuration',
    rule: 'agent/config-path',
    files: {
      '.gitlab/agents/prod/config.yml': 'ci_access: {}\n',
      [CONFIG]: 'ci_access: {}\n',
      '.gitlab/agents/Ops/config.yaml': 'ci_access: {}\n',
      '.gitlab/agents/ops/config.yaml': 'ci_access: {}\n',
    },
    expected: ['.gitlab/agents/Ops/config.yaml:1:1', '.gitlab/agents/prod/config.yml:1:1'],
    severities: ['warning', 'warning'],
    message: ['GitLab silently ignores this file', '.gitlab/agents/ops/config.yaml exists and is the file GitLab reads'],
  },
  {
    name: 'a look-alike kaslint could not read is still reported',
    rule: 'agent/config-path',
    files: { '.gitlab/agents/prod/config.yml': `ci_access:\n  projects:\n${'    - id: shop/web\n'.repeat(100)}` },
    options: { maxFileSize: '1KiB' },
    expected: ['.gitlab/agents/prod/config.yml:1:1'],
  },
  {
    name: 'exact path, templates and unrelated config files',
    rule: 'agent/config-path',
    files: {
      [CONFIG]: 'ci_access: {}\n',
      '.gitlab/agents/prod/environment_templates/default.yaml': 'objects: []\n',
      '.gitlab/ci/config.yaml': 'stages: [test]\n',
      'k8s/agents/prod/config.yaml': 'a: 1\n',
    },
    expected: [],
  },

  // ---- agent/project-reference --------------------------------------------------------------
  {
    name: 'URL, numeric and .git ids',
    rule: 'agent/project-reference',
    files: { [CONFIG]: 'ci_access:\n  projects:\n    - id: https://gitlab.com/shop/web\n    - id: "4242"\n  groups:\n    - id: shop/tools.git\n' },
    expected: [`${CONFIG}:3:11`, `${CONFIG}:4:11`, `${CONFIG}:6:11`],
    severities: ['warning', 'warning', 'warning'],
    message: ['is a URL', '"shop/web"', 'authorizes nothing'],
  },
  {
    name: 'full paths',
    rule: 'agent/project-reference',
    files: { [CONFIG]: 'ci_access:\n  projects:\n    - id: shop/web\n  groups:\n    - id: shop/backend_team\n' },
    expected: [],
  },

  // ---- agent/duplicate-entry ----------------------------------------------------------------
  {
    name: 'dead duplicate entry names the survivor',
    rule: 'agent/duplicate-entry',
    files: {
      [CONFIG]: 'ci_access:\n  projects:\n    - id: shop/web\n      environments: [production]\n    - id: SHOP/web\n      environments: [staging]\n',
    },
    expected: [`${CONFIG}:3:11`],
    severities: ['warning'],
    message: ['ci_access.projects[0] "shop/web" is ignored', 'ci_access.projects[1] has the same id', 'keeps only the last entry'],
  },
  {
    name: 'the same id in different lists',
    rule: 'agent/duplicate-entry',
    files: { [CONFIG]: 'ci_access:\n  projects:\n    - id: shop/web\n  groups:\n    - id: shop/web\n' },
    expected: [],
  },

  // ---- agent/entry-limit --------------------------------------------------------------------
  {
    name: 'the 501st entry is dropped',
    rule: 'agent/entry-limit',
    files: { [CONFIG]: `ci_access:\n  projects:\n${Array.from({ length: 501 }, (_, i) => `    - id: shop/p${i + 1}\n`).join('')}` },
    expected: [`${CONFIG}:503:7`],
    severities: ['warning'],
    message: ['501 entries', 'first 500', 'drops this one (entry 501)'],
  },
  {
    name: 'exactly 500 entries',
    rule: 'agent/entry-limit',
    files: { [CONFIG]: `ci_access:\n  groups:\n${Array.from({ length: 500 }, (_, i) => `    - id: shop/g${i + 1}\n`).join('')}` },
    expected: [],
  },

  // ---- agent/authorization-scope ------------------------------------------------------------
  {
    name: 'projects and groups outside the top-level group (config project from --config-project)',
    rule: 'agent/authorization-scope',
    files: { [CONFIG]: 'ci_access:\n  projects:\n    - id: shop/web\n    - id: marketing/site\n  groups:\n    - id: partners\n' },
    options: { configProject: 'shop/platform' },
    expected: [`${CONFIG}:4:11`, `${CONFIG}:6:11`],
    message: ['"marketing/site" is outside "shop"', 'instance level authorization'],
  },
  {
    name: 'a malformed id is left to agent/project-reference',
    rule: 'agent/authorization-scope',
    files: { [CONFIG]: 'ci_access:\n  projects:\n    - id: https://gitlab.com/shop/web\n    - id: "4242"\n' },
    options: { configProject: 'shop/platform' },
    expected: [],
  },
  {
    name: 'ci_access.instance needs the administrator setting',
    rule: 'agent/authorization-scope',
    files: { [CONFIG]: 'ci_access:\n  instance: {}\n' },
    expected: [`${CONFIG}:2:3`],
    severities: ['info'],
  },
  {
    name: 'entries under the same top-level group',
    rule: 'agent/authorization-scope',
    files: { ...KASLINT, [CONFIG]: 'ci_access:\n  projects:\n    - id: Shop/Web\n  groups:\n    - id: shop\n' },
    expected: [],
  },
  {
    name: 'without a config project path nothing is judged',
    rule: 'agent/authorization-scope',
    files: { [CONFIG]: 'ci_access:\n  projects:\n    - id: marketing/site\n' },
    expected: [],
  },

  // ---- agent/group-restricts-config-project -------------------------------------------------
  {
    name: 'group entry restricting environments of the config project',
    rule: 'agent/group-restricts-config-project',
    files: { ...KASLINT, [CONFIG]: 'ci_access:\n  groups:\n    - id: shop\n      environments: [production]\n' },
    expected: [`${CONFIG}:4:7`],
    message: ['do not apply to the configuration project shop/platform', 'list shop/platform under ci_access.projects'],
  },
  {
    name: 'config project listed explicitly',
    rule: 'agent/group-restricts-config-project',
    files: {
      ...KASLINT,
      [CONFIG]: 'ci_access:\n  projects:\n    - id: shop/platform\n      environments: [production]\n  groups:\n    - id: shop\n      environments: [production]\n',
    },
    expected: [],
  },

  // ---- agent/environment-pattern ------------------------------------------------------------
  {
    name: 'prod* also matches preprod',
    rule: 'agent/environment-pattern',
    files: { [CONFIG]: 'ci_access:\n  projects:\n    - id: shop/web\n      environments: ["prod*"]\n' },
    expected: [`${CONFIG}:4:22`],
    severities: ['warning'],
    message: ['unanchored', '"preprod"', '"^prod*"'],
  },
  {
    name: 'an invalid regular expression and an empty list',
    rule: 'agent/environment-pattern',
    files: { [CONFIG]: 'ci_access:\n  projects:\n    - id: shop/web\n      environments: ["release-(*"]\n    - id: shop/api\n      environments: []\n' },
    expected: [`${CONFIG}:4:22`, `${CONFIG}:6:7`],
    severities: ['error', 'warning'],
  },
  {
    name: 'exact names and anchored patterns',
    rule: 'agent/environment-pattern',
    files: { [CONFIG]: 'ci_access:\n  projects:\n    - id: shop/web\n      environments: [production, "^prod*", "^review/*$"]\n' },
    expected: [],
  },

  // ---- agent/jobs-without-environment (opt-in) ----------------------------------------------
  {
    name: 'environments exclude jobs without environment',
    rule: 'agent/jobs-without-environment',
    files: { [CONFIG]: 'ci_access:\n  projects:\n    - id: shop/web\n      environments: [production]\n' },
    expected: [`${CONFIG}:4:7`],
    severities: ['info'],
  },
  {
    name: 'no environments',
    rule: 'agent/jobs-without-environment',
    files: { [CONFIG]: 'ci_access:\n  projects:\n    - id: shop/web\n' },
    expected: [],
  },

  // ---- agent/default-namespace --------------------------------------------------------------
  {
    name: 'default_namespace with the agent identity',
    rule: 'agent/default-namespace',
    files: { [CONFIG]: 'ci_access:\n  projects:\n    - id: shop/web\n      default_namespace: web\n' },
    expected: [`${CONFIG}:4:7`],
    severities: ['info'],
    message: ['not an access restriction', "agent's own ServiceAccount"],
  },
  {
    name: 'default_namespace with a ci_job identity',
    rule: 'agent/default-namespace',
    files: { [CONFIG]: 'ci_access:\n  projects:\n    - id: shop/web\n      default_namespace: web\n      access_as:\n        ci_job: {}\n' },
    expected: [],
  },

  // ---- agent/premium-access-mode ------------------------------------------------------------
  {
    name: 'ci_job and user modes, protected_branches_only',
    rule: 'agent/premium-access-mode',
    files: {
      [CONFIG]:
        'ci_access:\n  projects:\n    - id: shop/web\n      protected_branches_only: true\n      access_as:\n        ci_job: {}\nuser_access:\n  access_as:\n    user: {}\n  groups:\n    - id: shop\n',
    },
    expected: [`${CONFIG}:4:7`, `${CONFIG}:6:9`, `${CONFIG}:9:5`],
    severities: ['info', 'info', 'info'],
  },
  {
    name: 'agent mode',
    rule: 'agent/premium-access-mode',
    files: { [CONFIG]: 'ci_access:\n  projects:\n    - id: shop/web\n      access_as:\n        agent: {}\n' },
    expected: [],
  },

  // ---- agent/impersonate-extra-key ----------------------------------------------------------
  {
    name: 'uppercase extra key',
    rule: 'agent/impersonate-extra-key',
    files: {
      [CONFIG]:
        'ci_access:\n  projects:\n    - id: shop/web\n      access_as:\n        impersonate:\n          username: deployer\n          extra:\n            - key: Team\n              val: [web]\n',
    },
    expected: [`${CONFIG}:8:20`],
    message: ['"team"'],
  },
  {
    name: 'lowercase extra key',
    rule: 'agent/impersonate-extra-key',
    files: {
      [CONFIG]:
        'ci_access:\n  projects:\n    - id: shop/web\n      access_as:\n        impersonate:\n          username: deployer\n          extra:\n            - key: team\n              val: [Web]\n',
    },
    expected: [],
  },

  // ---- agent/ci-context ---------------------------------------------------------------------
  {
    name: 'use-context of an agent that is not in the repository',
    rule: 'agent/ci-context',
    files: {
      ...KASLINT,
      [CONFIG]: 'ci_access:\n  groups:\n    - id: shop\n',
      '.gitlab-ci.yml': 'deploy:\n  script:\n    - kubectl config use-context shop/platform:production\n    - kubectl apply -f k8s/\n',
    },
    expected: ['.gitlab-ci.yml:3:7'],
    severities: ['error'],
    message: ['job "deploy"', 'agent "production"', 'known: prod'],
  },
  {
    name: 'KUBE_CONTEXT naming an invalid agent directory, and a job outside the environments',
    rule: 'agent/ci-context',
    files: {
      [CONFIG]: 'ci_access:\n  projects:\n    - id: shop/platform\n      environments: [production]\n',
      '.gitlab/agents/Staging/config.yaml': 'ci_access: {}\n',
      '.gitlab-ci.yml':
        'review:\n  environment: review/x\n  variables:\n    KUBE_CONTEXT: shop/platform:prod\n  script: [deploy]\nstaging:\n  variables:\n    KUBE_CONTEXT: shop/platform:Staging\n  script: [deploy]\n',
    },
    options: { configProject: 'shop/platform' },
    expected: ['.gitlab-ci.yml:4:19', '.gitlab-ci.yml:8:19'],
    severities: ['error', 'error'],
    message: ['environment "review/x" get no context'],
  },
  {
    name: 'a pipeline with a spec: header document',
    rule: 'agent/ci-context',
    files: {
      ...KASLINT,
      [CONFIG]: 'ci_access: {}\n',
      '.gitlab-ci.yml': 'spec:\n  inputs:\n    agent:\n      default: prod\n---\ndeploy:\n  script:\n    - kubectl config use-context shop/platform:nope\n',
    },
    expected: ['.gitlab-ci.yml:8:7'],
  },
  {
    name: 'use-context of a defined agent that authorizes the job',
    rule: 'agent/ci-context',
    files: {
      ...KASLINT,
      [CONFIG]: 'ci_access:\n  groups:\n    - id: shop\n',
      '.gitlab-ci.yml': 'deploy:\n  script:\n    - kubectl config use-context shop/platform:prod\n    - kubectl --context infra/clusters:eu get pods\n',
    },
    expected: [],
  },
  {
    name: 'without a config project path nothing is judged',
    rule: 'agent/ci-context',
    files: { [CONFIG]: 'ci_access: {}\n', '.gitlab-ci.yml': 'deploy:\n  script:\n    - kubectl config use-context shop/platform:production\n' },
    expected: [],
  },

  // ---- agent/nested-impersonation -----------------------------------------------------------
  {
    name: '--as in a ci_job-mode job',
    rule: 'agent/nested-impersonation',
    files: {
      ...KASLINT,
      [CONFIG]: 'ci_access:\n  projects:\n    - id: shop/platform\n      access_as:\n        ci_job: {}\n',
      '.gitlab-ci.yml': 'deploy:\n  script:\n    - kubectl config use-context shop/platform:prod\n    - kubectl --as=admin get pods\n',
    },
    expected: ['.gitlab-ci.yml:4:7'],
    severities: ['error'],
    message: ['--as=admin', 'access_as ci_job', 'nested impersonation is not supported'],
  },
  {
    name: '--as in an agent-mode job passes through',
    rule: 'agent/nested-impersonation',
    files: {
      ...KASLINT,
      [CONFIG]: 'ci_access:\n  groups:\n    - id: shop\n      access_as:\n        ci_job: {}\n',
      '.gitlab-ci.yml': 'deploy:\n  script:\n    - kubectl config use-context shop/platform:prod\n    - kubectl --as=admin get pods\n',
    },
    expected: [],
  },
];

describe('agent rules', () => {
  it('every agent rule is registered and covered by a valid and an invalid case here', () => {
    for (const rule of AGENT_RULES) {
      expect(RULES).toContain(rule);
      const mine = cases.filter((c) => c.rule === rule.meta.id);
      expect(mine.some((c) => c.expected.length > 0), `${rule.meta.id} invalid case`).toBe(true);
      expect(mine.some((c) => c.expected.length === 0), `${rule.meta.id} valid case`).toBe(true);
    }
  });

  it.each(cases.map((c) => [`${c.rule}: ${c.name}`, c] as const))('%s', async (_name, c) => {
    // `enable` pins the rule's default severity; only opt-in rules need it.
    const optIn = AGENT_RULES.find((r) => r.meta.id === c.rule)?.meta.recommended === false;
    const result = await lintFiles(c.files, { ...(c.options ?? {}), ...(optIn ? { enable: [c.rule] } : {}) });
    const hits = result.findings.filter((f) => f.ruleId === c.rule);
    expect(hits.map(at)).toEqual(c.expected);
    if (c.severities) expect(hits.map((f) => f.severity)).toEqual(c.severities);
    for (const part of c.message ?? []) expect(hits[0]?.message).toContain(part);
    expect(result.internalErrors).toEqual([]);
  });

  it('a dead duplicate points at the entry GitLab keeps', async () => {
    const result = await lintFiles({ [CONFIG]: 'ci_access:\n  projects:\n    - id: shop/web\n      environments: [a]\n    - id: shop/web\n' });
    const [hit] = result.findings.filter((f) => f.ruleId === 'agent/duplicate-entry');
    expect(hit?.related.map((r) => [r.message, r.location ? at({ location: r.location }) : '-'])).toEqual([
      ['ci_access.projects[1] is the entry GitLab keeps for "shop/web"', `${CONFIG}:5:11`],
    ]);
  });

  it('nested impersonation points at the entry that sets the mode', async () => {
    const result = await lintFiles({
      ...KASLINT,
      [CONFIG]: 'ci_access:\n  projects:\n    - id: shop/platform\n      access_as:\n        impersonate:\n          username: bot\n',
      '.gitlab-ci.yml': 'deploy:\n  variables:\n    KUBE_CONTEXT: shop/platform:prod\n  script:\n    - helm upgrade app chart/ --kube-as-group admins\n',
    });
    const [hit] = result.findings.filter((f) => f.ruleId === 'agent/nested-impersonation');
    expect(hit && at(hit)).toBe('.gitlab-ci.yml:5:7');
    expect(hit?.related.map((r) => (r.location ? `${r.location.file}:${r.location.range.start.line}` : '-'))).toEqual([`${CONFIG}:5`]);
  });

  it('--config-project overrides .kaslint.yaml and must be a full path', async () => {
    const files = {
      ...KASLINT,
      [CONFIG]: 'ci_access:\n  projects:\n    - id: shop/web\n',
    };
    const other = await lintFiles(files, { configProject: 'marketing/agents' });
    expect(other.findings.filter((f) => f.ruleId === 'agent/authorization-scope').map(at)).toEqual([`${CONFIG}:3:11`]);
    await expect(lintFiles(files, { configProject: 'https://gitlab.com/shop/platform' })).rejects.toThrow(/--config-project/);
  });

  it('the broken fixture repository reports its look-alike paths', async () => {
    const result = await lintDir(path.resolve(__dirname, '../../fixtures/broken'));
    expect(result.findings.filter((f) => f.ruleId === 'agent/config-path').map(at)).toEqual([
      '.gitlab/agent/deployer/config.yaml:1:1',
      '.gitlab/agents/Staging/config.yaml:1:1',
      '.gitlab/agents/prod/config.yml:1:1',
    ]);
  });
});
