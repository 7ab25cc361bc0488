import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  resolveCiAccess,
  resolveCiAccessForAgent,
  resolveUserAccess,
  type AgentInRepo,
  type CiJobQuery,
} from '../../src/agent/authorization.js';
import { buildAgentConfigModel } from '../../src/agent/config-model.js';

const CONFIG_PROJECT = 'acme/platform/agents';

function agent(yaml: string, extra: Partial<AgentInRepo> = {}): AgentInRepo {
  return { name: 'prod', configProjectPath: CONFIG_PROJECT, model: buildAgentConfigModel(parse(yaml)), ...extra };
}
function resolve(a: AgentInRepo, q: Partial<CiJobQuery> & { jobProjectPath: string }) {
  return resolveCiAccessForAgent(a, { agents: [a], ...q });
}

const CONFIG = agent(`
ci_access:
  projects:
    - id: acme/apps/web
      access_as: { ci_job: {} }
      default_namespace: web
    - id: ACME/Platform/Agents
      environments: [production]
  groups:
    - id: acme
      access_as: { agent: {} }
    - id: acme/apps
      access_as: { impersonate: { username: deployer } }
      environments: ["^review/*", production]
    - id: acme/platform
      protected_branches_only: true
  instance:
    access_as: { ci_job: {} }
`);

describe('resolveCiAccess precedence', () => {
  const table: {
    name: string;
    q: Partial<CiJobQuery> & { jobProjectPath: string };
    a?: AgentInRepo;
    kind?: string;
    path?: (string | number)[];
    accessAs?: string;
    denied?: string;
  }[] = [
    {
      name: 'explicit project entry beats every group entry',
      q: { jobProjectPath: 'acme/apps/web' },
      kind: 'project',
      path: ['ci_access', 'projects', 0],
      accessAs: 'ci_job',
    },
    {
      name: 'explicit entry for the config project (case-insensitive) beats implicit access, and restricts it',
      q: { jobProjectPath: CONFIG_PROJECT, environment: 'staging' },
      denied: 'environment-not-matched',
    },
    {
      name: 'explicit entry for the config project authorizes matching jobs',
      q: { jobProjectPath: CONFIG_PROJECT, environment: 'production' },
      kind: 'project',
      path: ['ci_access', 'projects', 1],
      accessAs: 'agent',
    },
    {
      name: 'implicit config-project access beats a group entry (which would require protected refs)',
      a: agent('ci_access: { groups: [ { id: acme/platform, protected_branches_only: true, access_as: { ci_job: {} } } ] }'),
      q: { jobProjectPath: CONFIG_PROJECT, protected: false },
      kind: 'implicit',
      accessAs: 'agent',
    },
    {
      name: 'the innermost group entry wins',
      q: { jobProjectPath: 'acme/apps/api', environment: 'review/x' },
      kind: 'group',
      path: ['ci_access', 'groups', 1],
      accessAs: 'impersonate',
    },
    {
      name: 'a less specific group entry is not used when the innermost one excludes the job',
      q: { jobProjectPath: 'acme/apps/api', environment: 'staging' },
      denied: 'environment-not-matched',
    },
    {
      name: 'outer group entry for projects outside inner entries',
      q: { jobProjectPath: 'acme/tools/cli' },
      kind: 'group',
      path: ['ci_access', 'groups', 0],
      accessAs: 'agent',
    },
    {
      name: 'instance entry is not used without the admin setting',
      q: { jobProjectPath: 'other/app' },
      denied: 'not-authorized',
    },
    {
      name: 'instance entry is the last resort with the admin setting',
      q: { jobProjectPath: 'other/app', instanceLevelEnabled: true },
      kind: 'instance',
      path: ['ci_access', 'instance'],
      accessAs: 'ci_job',
    },
    {
      name: 'instance entry does not beat a group entry',
      q: { jobProjectPath: 'acme/tools/cli', instanceLevelEnabled: true },
      kind: 'group',
      path: ['ci_access', 'groups', 0],
    },
    {
      name: 'project entries outside the top-level group are ignored without the admin setting',
      a: agent('ci_access: { projects: [ { id: other/app } ] }'),
      q: { jobProjectPath: 'other/app' },
      denied: 'not-authorized',
    },
    {
      name: '…and used with it',
      a: agent('ci_access: { projects: [ { id: other/app } ] }'),
      q: { jobProjectPath: 'other/app', instanceLevelEnabled: true },
      kind: 'project',
    },
    {
      name: 'group entries never resolve when the config project is in a personal namespace',
      a: agent('ci_access: { groups: [ { id: alice/stuff } ] }', { configProjectPath: 'alice/agents', configProjectInUserNamespace: true }),
      q: { jobProjectPath: 'alice/stuff/app' },
      denied: 'not-authorized',
    },
    {
      name: 'duplicates: the last entry is the one that applies',
      a: agent('ci_access: { projects: [ { id: acme/app, access_as: { ci_job: {} } }, { id: Acme/App } ] }'),
      q: { jobProjectPath: 'acme/app' },
      kind: 'project',
      path: ['ci_access', 'projects', 1],
      accessAs: 'agent',
    },
    {
      name: 'entries beyond 500 are dropped',
      a: {
        name: 'prod',
        configProjectPath: CONFIG_PROJECT,
        model: buildAgentConfigModel({ ci_access: { projects: [...Array.from({ length: 500 }, (_, i) => ({ id: `acme/p${i}` })), { id: 'acme/late' }] } }),
      },
      q: { jobProjectPath: 'acme/late' },
      denied: 'not-authorized',
    },
  ];

  it.each(table)('$name', ({ q, a, kind, path, accessAs, denied }) => {
    const d = resolve(a ?? CONFIG, q);
    if (denied) {
      expect(d.authorized).toBe(false);
      if (!d.authorized) expect(d.reason).toBe(denied);
      return;
    }
    expect(d.authorized, d.message).toBe(true);
    if (!d.authorized) return;
    expect(d.entry.kind).toBe(kind);
    if (path) expect(d.entry.path).toEqual(path);
    if (accessAs) expect(d.accessAs).toBe(accessAs);
  });
});

describe('resolveCiAccess filters', () => {
  it('environments: a job without environment is excluded when the list is non-empty', () => {
    const d = resolve(CONFIG, { jobProjectPath: 'acme/apps/api' });
    expect(d).toMatchObject({ authorized: false, reason: 'no-environment', entry: { kind: 'group', path: ['ci_access', 'groups', 1] } });
    expect(d.message).toContain('jobs without an environment get no context for agent "prod"');
  });

  it('environments: [] restricts nothing', () => {
    expect(resolve(agent('ci_access: { projects: [ { id: acme/app, environments: [] } ] }'), { jobProjectPath: 'acme/app' }).authorized).toBe(true);
  });

  it('environments use the unanchored matcher', () => {
    const a = agent('ci_access: { projects: [ { id: acme/app, environments: ["prod*"] } ] }');
    expect(resolve(a, { jobProjectPath: 'acme/app', environment: 'preprod' }).authorized).toBe(true);
  });

  it('protected_branches_only: denied when unprotected, conditional when unknown, allowed when protected', () => {
    const q = { jobProjectPath: 'acme/platform/tools' };
    expect(resolve(CONFIG, { ...q, protected: false })).toMatchObject({ authorized: false, reason: 'protected-refs-only' });
    expect(resolve(CONFIG, q)).toMatchObject({ authorized: true, onlyOnProtectedRefs: true });
    expect(resolve(CONFIG, { ...q, protected: true })).toMatchObject({ authorized: true, onlyOnProtectedRefs: false });
  });

  it('Free tier: Premium-only entries are skipped and a less specific agent-mode entry may win', () => {
    const d = resolve(CONFIG, { jobProjectPath: 'acme/apps/web', tier: 'free' });
    expect(d).toMatchObject({ authorized: true, accessAs: 'agent', entry: { kind: 'group', path: ['ci_access', 'groups', 0] } });
  });

  it('Free tier: with only Premium-only entries the job gets no context', () => {
    const a = agent('ci_access: { projects: [ { id: acme/app, access_as: { ci_job: {} } } ] }');
    const d = resolve(a, { jobProjectPath: 'acme/app', tier: 'free' });
    expect(d).toMatchObject({ authorized: false, reason: 'premium-only-mode' });
    expect(resolve(a, { jobProjectPath: 'acme/app' })).toMatchObject({ authorized: true, requiresPremium: true });
    expect(resolve(a, { jobProjectPath: 'acme/app', tier: 'ultimate' })).toMatchObject({ authorized: true, requiresPremium: false });
  });

  it('returns defaultNamespace, impersonation settings and the context name', () => {
    expect(resolve(CONFIG, { jobProjectPath: 'acme/apps/web' })).toMatchObject({ defaultNamespace: 'web', contextName: 'acme/platform/agents:prod' });
    expect(resolve(CONFIG, { jobProjectPath: 'acme/apps/x', environment: 'production' })).toMatchObject({ impersonate: { username: 'deployer' } });
  });

  it('not-authorized message says whose jobs get nothing and why', () => {
    const d = resolve(agent('ci_access: { projects: [ { id: acme/app } ] }'), { jobProjectPath: 'acme/other' });
    expect(d.message).toBe(
      'this project\'s jobs get no context for agent "prod": acme/other is not listed in ci_access.projects, no ci_access.groups entry covers it, and it is not the configuration project acme/platform/agents',
    );
    const out = resolve(agent('ci_access: { projects: [ { id: other/app } ] }'), { jobProjectPath: 'other/app' });
    expect(out.message).toContain('outside the top-level group');
  });

  it('an agent without ci_access still serves its own project (implicit access)', () => {
    expect(resolve(agent(''), { jobProjectPath: CONFIG_PROJECT })).toMatchObject({ authorized: true, entry: { kind: 'implicit' } });
    expect(resolve(agent(''), { jobProjectPath: 'acme/app' })).toMatchObject({ authorized: false, reason: 'not-authorized' });
  });

  it('resolves every agent in order', () => {
    const other = { ...agent('ci_access: { projects: [ { id: acme/app } ] }'), name: 'staging' };
    const ds = resolveCiAccess({ agents: [agent(''), other], jobProjectPath: 'acme/app' });
    expect(ds.map((d) => [d.agentName, d.authorized])).toEqual([
      ['prod', false],
      ['staging', true],
    ]);
  });

  it('uses explicit jobGroupPaths when given', () => {
    const a = agent('ci_access: { groups: [ { id: acme/shared } ] }');
    expect(resolve(a, { jobProjectPath: 'acme/app', jobGroupPaths: ['acme', 'acme/shared'] }).authorized).toBe(true);
  });
});

describe('resolveUserAccess', () => {
  const model = buildAgentConfigModel(
    parse(`
user_access:
  access_as: { user: {} }
  projects: [ { id: acme/app } ]
  groups: [ { id: acme/sre } ]
`),
  );

  it('Developer+ member of a listed project is authorized, and the grant names the entry', () => {
    const d = resolveUserAccess({ model, projectMemberships: ['ACME/app'], accessLevel: 'developer' });
    expect(d).toMatchObject({ authorized: true, accessAs: 'user', grants: [{ kind: 'project', id: 'acme/app', path: ['user_access', 'projects', 0] }] });
  });

  it('Reporter is not enough', () => {
    expect(resolveUserAccess({ model, projectMemberships: ['acme/app'], accessLevel: 'reporter' })).toMatchObject({ authorized: false, reason: 'access-level-too-low' });
  });

  it('group membership is inherited by descendant projects and groups', () => {
    expect(resolveUserAccess({ model, groupMemberships: ['acme'], accessLevel: 'maintainer' })).toMatchObject({
      authorized: true,
      grants: [
        { kind: 'project', id: 'acme/app' },
        { kind: 'group', id: 'acme/sre' },
      ],
    });
    // membership only in a subgroup of a listed group does not count [unverified choice]
    expect(resolveUserAccess({ model, groupMemberships: ['acme/sre/oncall'], accessLevel: 'owner' })).toMatchObject({ authorized: false, reason: 'not-a-member' });
  });

  it('administrators in admin mode count as Owner without membership', () => {
    expect(resolveUserAccess({ model, accessLevel: 'guest', admin: true })).toMatchObject({ authorized: true });
  });

  it('defaults to agent mode without access_as, and needs user_access at all', () => {
    const m = buildAgentConfigModel(parse('user_access: { projects: [ { id: acme/app } ] }'));
    expect(resolveUserAccess({ model: m, projectMemberships: ['acme/app'], accessLevel: 30 })).toMatchObject({ authorized: true, accessAs: 'agent' });
    expect(resolveUserAccess({ model: buildAgentConfigModel({}), accessLevel: 50 })).toMatchObject({ authorized: false, reason: 'no-user-access' });
  });

  it('out-of-scope entries are ignored without the admin setting', () => {
    const m = buildAgentConfigModel(parse('user_access: { access_as: { agent: {} }, projects: [ { id: other/app } ] }'));
    const q = { model: m, configProjectPath: CONFIG_PROJECT, projectMemberships: ['other/app'], accessLevel: 'developer' as const };
    expect(resolveUserAccess(q)).toMatchObject({ authorized: false, reason: 'not-a-member' });
    expect(resolveUserAccess({ ...q, instanceLevelEnabled: true })).toMatchObject({ authorized: true });
  });

  it('user mode on Free is refused', () => {
    expect(resolveUserAccess({ model, projectMemberships: ['acme/app'], accessLevel: 'developer', tier: 'free' })).toMatchObject({ authorized: false, reason: 'premium-only-mode' });
  });
});
