import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { buildAgentConfigModel } from '../../src/agent/config-model.js';
import type { AgentIssue } from '../../src/agent/issues.js';
import { checkAgentConfig, pathFromUrl, type AgentCheckContext } from '../../src/agent/reference-checks.js';

const CTX: AgentCheckContext = { agentName: 'prod', configProjectPath: 'acme/platform/agents' };

function check(yaml: string, ctx: Partial<AgentCheckContext> = {}): AgentIssue[] {
  return checkAgentConfig(buildAgentConfigModel(parse(yaml)), { ...CTX, ...ctx });
}
function only(issues: AgentIssue[], code: string): AgentIssue[] {
  return issues.filter((i) => i.code === code);
}

/**
 * One valid and one invalid document per code: the invalid one must produce the code at the
 * given path with the given severity, the valid one must not produce it at all.
 */
const cases: {
  code: string;
  severity: AgentIssue['severity'];
  invalid: string;
  path: (string | number)[];
  valid: string;
  ctx?: Partial<AgentCheckContext>;
}[] = [
  {
    code: 'id-is-url',
    severity: 'warning',
    invalid: 'ci_access: { projects: [ { id: "https://gitlab.com/acme/app.git" } ] }',
    path: ['ci_access', 'projects', 0, 'id'],
    valid: 'ci_access: { projects: [ { id: acme/app } ] }',
  },
  {
    code: 'id-is-numeric',
    severity: 'warning',
    invalid: 'ci_access: { groups: [ { id: "4711" } ] }',
    path: ['ci_access', 'groups', 0, 'id'],
    valid: 'ci_access: { groups: [ { id: acme/team-4711 } ] }',
  },
  {
    code: 'id-has-whitespace',
    severity: 'warning',
    invalid: 'ci_access: { projects: [ { id: acme/app }, { id: "acme/My App" } ] }',
    path: ['ci_access', 'projects', 1, 'id'],
    valid: 'ci_access: { projects: [ { id: acme/my-app } ] }',
  },
  {
    code: 'id-has-edge-slash',
    severity: 'warning',
    invalid: 'user_access: { access_as: { user: {} }, projects: [ { id: /acme/app } ] }',
    path: ['user_access', 'projects', 0, 'id'],
    valid: 'user_access: { access_as: { user: {} }, projects: [ { id: acme/app } ] }',
  },
  {
    code: 'id-has-git-suffix',
    severity: 'warning',
    invalid: 'ci_access: { projects: [ { id: acme/app.git } ] }',
    path: ['ci_access', 'projects', 0, 'id'],
    valid: 'ci_access: { projects: [ { id: acme/app.github-mirror } ] }',
  },
  {
    code: 'id-not-a-path',
    severity: 'warning',
    invalid: 'ci_access: { projects: [ { id: "acme//app" } ] }',
    path: ['ci_access', 'projects', 0, 'id'],
    valid: 'ci_access: { projects: [ { id: acme/app_2.0 } ] }',
  },
  {
    code: 'id-has-uppercase',
    severity: 'info',
    invalid: 'ci_access: { groups: [ { id: Acme/Team } ] }',
    path: ['ci_access', 'groups', 0, 'id'],
    valid: 'ci_access: { groups: [ { id: acme/team } ] }',
  },
  {
    code: 'duplicate-id',
    severity: 'warning',
    invalid: `
ci_access:
  projects:
    - id: acme/app
      environments: [staging]
    - id: acme/other
    - id: ACME/app
      environments: [production]
`,
    path: ['ci_access', 'projects', 0, 'id'],
    valid: 'ci_access: { projects: [ { id: acme/app }, { id: acme/app2 } ] }',
  },
  {
    code: 'duplicate-id-redundant',
    severity: 'info',
    invalid: 'user_access: { access_as: { user: {} }, groups: [ { id: acme }, { id: acme } ] }',
    path: ['user_access', 'groups', 0, 'id'],
    valid: 'user_access: { access_as: { user: {} }, groups: [ { id: acme }, { id: acme/sub } ] }',
  },
  {
    code: 'outside-top-level-group',
    severity: 'warning',
    invalid: 'ci_access: { projects: [ { id: acme/app }, { id: other-corp/app } ] }',
    path: ['ci_access', 'projects', 1, 'id'],
    valid: 'ci_access: { projects: [ { id: acme/app }, { id: Acme/deep/app } ] }',
  },
  {
    code: 'group-in-personal-namespace',
    severity: 'warning',
    invalid: 'ci_access: { groups: [ { id: alice/stuff } ] }',
    path: ['ci_access', 'groups', 0, 'id'],
    valid: 'ci_access: { projects: [ { id: alice/app } ] }',
    ctx: { configProjectPath: 'alice/agents', configProjectInUserNamespace: true },
  },
  {
    code: 'config-project-not-restricted-by-group',
    severity: 'warning',
    invalid: 'ci_access: { groups: [ { id: acme/platform, environments: [production], protected_branches_only: true } ] }',
    path: ['ci_access', 'groups', 0, 'environments'],
    // listing the config project explicitly is the remedy
    valid: 'ci_access: { projects: [ { id: acme/platform/agents, environments: [production] } ], groups: [ { id: acme/platform, environments: [production] } ] }',
  },
  {
    code: 'environments-empty',
    severity: 'warning',
    invalid: 'ci_access: { projects: [ { id: acme/app, environments: [] } ] }',
    path: ['ci_access', 'projects', 0, 'environments'],
    valid: 'ci_access: { projects: [ { id: acme/app } ] }',
  },
  {
    code: 'environments-exclude-jobs-without-environment',
    severity: 'info',
    invalid: 'ci_access: { projects: [ { id: acme/app, environments: [production] } ] }',
    path: ['ci_access', 'projects', 0, 'environments'],
    valid: 'ci_access: { projects: [ { id: acme/app } ] }',
  },
  {
    code: 'environment-pattern-blank',
    severity: 'warning',
    invalid: 'ci_access: { projects: [ { id: acme/app, environments: [production, "  "] } ] }',
    path: ['ci_access', 'projects', 0, 'environments', 1],
    valid: 'ci_access: { projects: [ { id: acme/app, environments: [production] } ] }',
  },
  {
    code: 'environment-pattern-invalid',
    severity: 'error',
    invalid: 'ci_access: { projects: [ { id: acme/app, environments: ["^review/(*"] } ] }',
    path: ['ci_access', 'projects', 0, 'environments', 0],
    valid: 'ci_access: { projects: [ { id: acme/app, environments: ["review/(x)"] } ] }', // no '*': literal
  },
  {
    code: 'environment-pattern-not-evaluated',
    severity: 'info',
    invalid: 'ci_access: { projects: [ { id: acme/app, environments: ["^(?>prod)*"] } ] }',
    path: ['ci_access', 'projects', 0, 'environments', 0],
    valid: 'ci_access: { projects: [ { id: acme/app, environments: ["^(?:prod)*"] } ] }',
  },
  {
    code: 'environment-pattern-regex-metacharacters',
    severity: 'warning',
    invalid: 'ci_access: { projects: [ { id: acme/app, environments: ["^app.v1-*"] } ] }',
    path: ['ci_access', 'projects', 0, 'environments', 0],
    valid: 'ci_access: { projects: [ { id: acme/app, environments: ["^app-v1-*", "app.v1"] } ] }',
  },
  {
    code: 'environment-pattern-unanchored',
    severity: 'warning',
    invalid: 'ci_access: { projects: [ { id: acme/app, environments: [production, "prod*"] } ] }',
    path: ['ci_access', 'projects', 0, 'environments', 1],
    valid: 'ci_access: { projects: [ { id: acme/app, environments: ["^prod*", "*-canary*", production] } ] }',
  },
  {
    code: 'default-namespace-not-a-boundary',
    severity: 'info',
    invalid: 'ci_access: { projects: [ { id: acme/app, default_namespace: apps } ] }',
    path: ['ci_access', 'projects', 0, 'default_namespace'],
    valid: 'ci_access: { projects: [ { id: acme/app } ] }',
  },
  {
    code: 'protected-branches-only-scope',
    severity: 'info',
    invalid: 'ci_access: { groups: [ { id: acme/apps, protected_branches_only: true } ] }',
    path: ['ci_access', 'groups', 0, 'protected_branches_only'],
    valid: 'ci_access: { groups: [ { id: acme/apps, protected_branches_only: false } ] }',
  },
  {
    code: 'premium-access-mode',
    severity: 'info',
    invalid: 'ci_access: { projects: [ { id: acme/app, access_as: { ci_job: {} } } ] }',
    path: ['ci_access', 'projects', 0, 'access_as', 'ci_job'],
    valid: 'ci_access: { projects: [ { id: acme/app, access_as: { agent: {} } } ] }',
  },
  {
    code: 'premium-access-mode-unavailable',
    severity: 'error',
    invalid: 'ci_access: { projects: [ { id: acme/app, access_as: { impersonate: { username: deployer } } } ] }',
    path: ['ci_access', 'projects', 0, 'access_as', 'impersonate'],
    valid: 'ci_access: { projects: [ { id: acme/app } ] }',
    ctx: { tier: 'free' },
  },
  {
    code: 'impersonate-extra-key-case',
    severity: 'info',
    invalid: 'ci_access: { projects: [ { id: acme/app, access_as: { impersonate: { username: u, extra: [ { key: Team, val: [a] } ] } } } ] }',
    path: ['ci_access', 'projects', 0, 'access_as', 'impersonate', 'extra', 0, 'key'],
    valid: 'ci_access: { projects: [ { id: acme/app, access_as: { impersonate: { username: u, extra: [ { key: team, val: [a] } ] } } } ] }',
  },
  {
    code: 'instance-authorization-needs-admin-setting',
    severity: 'info',
    invalid: 'ci_access: { instance: {} }',
    path: ['ci_access', 'instance'],
    valid: 'ci_access: { projects: [] }',
  },
  {
    code: 'instance-authorization-enabled',
    severity: 'warning',
    invalid: 'ci_access: { instance: {} }',
    path: ['ci_access', 'instance'],
    valid: 'ci_access: { projects: [] }',
    ctx: { instanceLevelEnabled: true },
  },
  {
    code: 'user-access-as-agent',
    severity: 'warning',
    invalid: 'user_access: { access_as: { agent: {} }, projects: [ { id: acme/app } ] }',
    path: ['user_access', 'access_as', 'agent'],
    valid: 'user_access: { access_as: { user: {} }, projects: [ { id: acme/app } ] }',
  },
];

describe('checkAgentConfig: one valid and one invalid case per code', () => {
  it.each(cases)('$code', ({ code, severity, invalid, path, valid, ctx }) => {
    const found = only(check(invalid, ctx), code);
    expect(found.length, JSON.stringify(check(invalid, ctx), null, 1)).toBeGreaterThan(0);
    expect(found[0]?.path).toEqual(path);
    expect(found[0]?.severity).toBe(severity);
    expect(found[0]?.message.length).toBeGreaterThan(20);
    expect(only(check(valid, ctx), code)).toEqual([]);
  });
});

describe('details', () => {
  it('duplicate-id reports the dead earlier entry and names the survivor', () => {
    const [d] = only(check('ci_access: { projects: [ { id: acme/app, environments: [a] }, { id: acme/x }, { id: ACME/APP } ] }'), 'duplicate-id');
    expect(d?.data).toMatchObject({ survivorIndex: '2', id: 'acme/app' });
    expect(d?.message).toContain('ci_access.projects[2]');
  });

  it('duplicate-id only among the first 500 entries', () => {
    const projects = Array.from({ length: 501 }, (_, i) => ({ id: `acme/p${i}` }));
    projects[500] = { id: 'acme/p0' };
    const issues = checkAgentConfig(buildAgentConfigModel({ ci_access: { projects } }), CTX);
    expect(only(issues, 'duplicate-id')).toEqual([]);
    expect(only(issues, 'duplicate-id-redundant')).toEqual([]);
  });

  it('over-entry-limit reports the 501st entry onward, each silently dropped', () => {
    const groups = Array.from({ length: 503 }, (_, i) => ({ id: `acme/g${i}` }));
    const issues = only(checkAgentConfig(buildAgentConfigModel({ ci_access: { groups } }), CTX), 'over-entry-limit');
    expect(issues.map((i) => i.path)).toEqual([
      ['ci_access', 'groups', 500],
      ['ci_access', 'groups', 501],
      ['ci_access', 'groups', 502],
    ]);
    expect(issues[0]?.severity).toBe('warning');
    expect(issues[0]?.message).toContain('silently drops');
    const ok = Array.from({ length: 500 }, (_, i) => ({ id: `acme/g${i}` }));
    expect(only(checkAgentConfig(buildAgentConfigModel({ ci_access: { groups: ok } }), CTX), 'over-entry-limit')).toEqual([]);
  });

  it('scope checks need the config project path and are off with instance-level authorization', () => {
    const yaml = 'ci_access: { projects: [ { id: other/app } ] }';
    expect(only(check(yaml, { configProjectPath: undefined }), 'outside-top-level-group')).toEqual([]);
    expect(only(check(yaml, { instanceLevelEnabled: true }), 'outside-top-level-group')).toEqual([]);
    expect(only(check(yaml), 'outside-top-level-group')[0]?.message).toContain('instance level authorization');
  });

  it('config-project-not-restricted-by-group also catches access_as and names all restrictions', () => {
    const [i] = only(check('ci_access: { groups: [ { id: acme, access_as: { ci_job: {} }, protected_branches_only: true } ] }'), 'config-project-not-restricted-by-group');
    expect(i?.path).toEqual(['ci_access', 'groups', 0, 'protected_branches_only']);
    expect(i?.data?.restrictions).toBe('protected_branches_only, access_as ci_job');
    expect(only(check('ci_access: { groups: [ { id: acme/other, environments: [x] } ] }'), 'config-project-not-restricted-by-group')).toEqual([]);
  });

  it('environment-pattern-unanchored suggests an anchored pattern and gives an unintended match', () => {
    const [i] = only(check('ci_access: { projects: [ { id: acme/app, environments: ["prod*"] } ] }'), 'environment-pattern-unanchored');
    expect(i?.data).toMatchObject({ suggestion: '^prod*', example: 'preprod' });
    const [j] = only(check('ci_access: { projects: [ { id: acme/app, environments: ["*-prod"] } ] }'), 'environment-pattern-unanchored');
    expect(j?.data).toMatchObject({ suggestion: '*-prod$', example: '-prod-old' });
  });

  it('user_access without access_as defaults to agent: warned at user_access', () => {
    const [i] = only(check('user_access: { projects: [ { id: acme/app } ] }'), 'user-access-as-agent');
    expect(i?.path).toEqual(['user_access']);
    expect(i?.message).toContain('18.3');
  });

  it('user mode is Premium-only too', () => {
    const [i] = only(check('user_access: { access_as: { user: {} }, projects: [ { id: acme/app } ] }'), 'premium-access-mode');
    expect(i?.path).toEqual(['user_access', 'access_as', 'user']);
  });

  it('pathFromUrl', () => {
    expect(pathFromUrl('https://gitlab.com/acme/app.git')).toBe('acme/app');
    expect(pathFromUrl('git@gitlab.com:acme/sub/app.git')).toBe('acme/sub/app');
    expect(pathFromUrl('https://gitlab.example.com/acme/app/-/tree/main')).toBe('acme/app');
    expect(pathFromUrl('gitlab.com/acme/app')).toBe('acme/app');
  });

  it('a clean configuration produces no warnings or errors', () => {
    const issues = check(`
ci_access:
  projects:
    - id: acme/platform/agents
    - id: acme/app
      environments: ["^review/*", production]
  groups:
    - id: acme/apps
user_access:
  access_as: { user: {} }
  groups:
    - id: acme/sre
`, { tier: 'premium' });
    expect(issues.filter((i) => i.severity !== 'info')).toEqual([]);
  });

  it('never throws on garbage', () => {
    for (const data of [null, [], { ci_access: { projects: [null, 1, { id: 2 }] } }, { user_access: { access_as: 1 } }]) {
      expect(() => checkAgentConfig(buildAgentConfigModel(data), CTX)).not.toThrow();
    }
  });
});
