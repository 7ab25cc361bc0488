import { describe, expect, it } from 'vitest';
import {
  agentServiceAccountUser,
  ciJobIdentity,
  ciJobImpersonation,
  completeImpersonation,
  impersonationRequirements,
  isPlaceholderId,
  placeholderId,
  rolesAtOrBelow,
  splitServiceAccountUsername,
  staticImpersonation,
  staticImpersonationIdentity,
  userAccessIdentity,
  userAccessImpersonation,
} from '../../src/agent/identities.js';

// The example of gitlab-agent.md §4.2 (from GitLab's docs).
const DOC_EXAMPLE_GROUPS = [
  'gitlab:ci_job',
  'gitlab:group:23',
  'gitlab:group_env_tier:23:production',
  'gitlab:group:25',
  'gitlab:group_env_tier:25:production',
  'gitlab:project:150',
  'gitlab:project_env:150:prod',
  'gitlab:project_env_tier:150:production',
];

describe('agent ServiceAccount (§4.1)', () => {
  it('is the SA user with its groups and system:authenticated', () => {
    expect(agentServiceAccountUser('gitlab-agent-test', 'test-gitlab-agent')).toEqual({
      name: 'system:serviceaccount:gitlab-agent-test:test-gitlab-agent',
      groups: ['system:serviceaccounts', 'system:serviceaccounts:gitlab-agent-test', 'system:authenticated'],
    });
  });
});

describe('ci_job identity (§4.2)', () => {
  const params = {
    jobId: 9001,
    projectId: 150,
    groupIds: [23, 25],
    environment: { slug: 'prod', tier: 'production' },
    pipelineId: 77,
    username: 'alice',
    agentId: 5,
    configProjectId: 12,
  };

  it('sends the documented groups in the documented order', () => {
    const req = ciJobImpersonation(params);
    expect(req.name).toBe('gitlab:ci_job:9001');
    expect(req.groups).toEqual(DOC_EXAMPLE_GROUPS);
    expect(req.uid).toBeUndefined();
  });

  it('completes to the documented groups plus system:authenticated, in order', () => {
    const id = ciJobIdentity(params);
    expect(id.name).toBe('gitlab:ci_job:9001');
    expect(id.groups).toEqual([...DOC_EXAMPLE_GROUPS, 'system:authenticated']);
    expect(id.uid).toBeUndefined();
  });

  it('carries the documented extra keys in order', () => {
    const req = ciJobImpersonation(params);
    expect(req.extra).toEqual([
      { key: 'agent.gitlab.com/id', values: ['5'] },
      { key: 'agent.gitlab.com/config_project_id', values: ['12'] },
      { key: 'agent.gitlab.com/project_id', values: ['150'] },
      { key: 'agent.gitlab.com/ci_pipeline_id', values: ['77'] },
      { key: 'agent.gitlab.com/ci_job_id', values: ['9001'] },
      { key: 'agent.gitlab.com/username', values: ['alice'] },
      { key: 'agent.gitlab.com/environment_slug', values: ['prod'] },
      { key: 'agent.gitlab.com/environment_tier', values: ['production'] },
    ]);
    expect(Object.keys(ciJobIdentity(params).extra ?? {})).toEqual(req.extra.map((e) => e.key));
  });

  it('without an environment has no env groups and no env extras', () => {
    const { environment: _e, ...noEnv } = params;
    const req = ciJobImpersonation(noEnv);
    expect(req.groups).toEqual(['gitlab:ci_job', 'gitlab:group:23', 'gitlab:group:25', 'gitlab:project:150']);
    expect(req.extra.map((e) => e.key)).toEqual([
      'agent.gitlab.com/id',
      'agent.gitlab.com/config_project_id',
      'agent.gitlab.com/project_id',
      'agent.gitlab.com/ci_pipeline_id',
      'agent.gitlab.com/ci_job_id',
      'agent.gitlab.com/username',
    ]);
  });

  it('a project in a personal namespace has no group entries', () => {
    expect(ciJobImpersonation({ jobId: 1, projectId: 2, groupIds: [] }).groups).toEqual(['gitlab:ci_job', 'gitlab:project:2']);
  });

  it('uses clearly marked placeholders for unknown ids', () => {
    const req = ciJobImpersonation({ jobId: placeholderId('job'), projectId: placeholderId('project', 'g/app'), groupIds: [placeholderId('group', 'g')] });
    expect(req.name).toBe('gitlab:ci_job:<job>');
    expect(req.groups).toEqual(['gitlab:ci_job', 'gitlab:group:<group:g>', 'gitlab:project:<project:g/app>']);
    const agentId = req.extra.find((e) => e.key === 'agent.gitlab.com/id')?.values[0] ?? '';
    expect(isPlaceholderId(agentId)).toBe(true);
    expect(isPlaceholderId(150)).toBe(false);
    expect(isPlaceholderId('150')).toBe(false);
  });
});

describe('user_access identity (§4.4)', () => {
  it('emits gitlab:user then every role at or below the level, projects before groups', () => {
    const id = userAccessIdentity({
      username: 'bob',
      accessLevel: 'developer',
      projectRoles: [{ projectId: 1 }],
      groupRoles: [{ groupId: 3, accessLevel: 'maintainer' }],
      agentId: 123,
      configProjectId: 5,
      accessType: 'session_cookie',
    });
    expect(id.name).toBe('gitlab:user:bob');
    expect(id.groups).toEqual([
      'gitlab:user',
      'gitlab:project_role:1:guest',
      'gitlab:project_role:1:planner',
      'gitlab:project_role:1:reporter',
      'gitlab:project_role:1:developer',
      'gitlab:group_role:3:guest',
      'gitlab:group_role:3:planner',
      'gitlab:group_role:3:reporter',
      'gitlab:group_role:3:developer',
      'gitlab:group_role:3:maintainer',
      'system:authenticated',
    ]);
    expect(id.extra).toEqual({
      'agent.gitlab.com/id': ['123'],
      'agent.gitlab.com/username': ['bob'],
      'agent.gitlab.com/access_type': ['session_cookie'],
      'agent.gitlab.com/config_project_id': ['5'],
    });
  });

  it('models GitLab versions without the planner role', () => {
    const req = userAccessImpersonation({
      username: 'testuser',
      accessLevel: 'developer',
      projectRoles: [{ projectId: 1234 }],
      groupRoles: [],
      includePlanner: false,
    });
    expect(req.groups).toEqual([
      'gitlab:user',
      'gitlab:project_role:1234:guest',
      'gitlab:project_role:1234:reporter',
      'gitlab:project_role:1234:developer',
    ]);
    expect(req.extra.map((e) => e.key)).toEqual([
      'agent.gitlab.com/id',
      'agent.gitlab.com/username',
      'agent.gitlab.com/access_type',
      'agent.gitlab.com/config_project_id',
    ]);
  });

  it('role table', () => {
    expect(rolesAtOrBelow('guest')).toEqual(['guest']);
    expect(rolesAtOrBelow('owner')).toEqual(['guest', 'planner', 'reporter', 'developer', 'maintainer', 'owner']);
    expect(rolesAtOrBelow(30, false)).toEqual(['guest', 'reporter', 'developer']);
    expect(rolesAtOrBelow(15)).toEqual(['guest', 'planner']);
  });
});

describe('static impersonation (§4.3) and completion', () => {
  it('plain user: groups as configured plus system:authenticated', () => {
    expect(staticImpersonationIdentity({ username: 'deployer', groups: ['deployers'], uid: 'u-1', extra: [{ key: 'team', val: ['a', 'b'] }] })).toEqual({
      name: 'deployer',
      groups: ['deployers', 'system:authenticated'],
      uid: 'u-1',
      extra: { team: ['a', 'b'] },
    });
  });

  it('SA username without groups gets the SA groups, as Kubernetes completes it', () => {
    expect(staticImpersonationIdentity({ username: 'system:serviceaccount:apps:deployer' })).toEqual({
      name: 'system:serviceaccount:apps:deployer',
      groups: ['system:serviceaccounts', 'system:serviceaccounts:apps', 'system:authenticated'],
    });
  });

  it('SA username with explicit groups keeps only those (plus system:authenticated)', () => {
    expect(staticImpersonationIdentity({ username: 'system:serviceaccount:apps:deployer', groups: ['x'] }).groups).toEqual(['x', 'system:authenticated']);
  });

  it('does not add system:authenticated twice or next to system:unauthenticated', () => {
    expect(staticImpersonationIdentity({ username: 'u', groups: ['system:authenticated'] }).groups).toEqual(['system:authenticated']);
    expect(staticImpersonationIdentity({ username: 'u', groups: ['system:unauthenticated'] }).groups).toEqual(['system:unauthenticated']);
    expect(completeImpersonation({ name: 'system:anonymous', groups: [], extra: [] }).groups).toEqual(['system:unauthenticated']);
  });

  it('lowercases extra keys as the API server does', () => {
    expect(staticImpersonationIdentity({ username: 'u', extra: [{ key: 'Team', val: ['a'] }] }).extra).toEqual({ team: ['a'] });
  });

  it('SplitUsername rules', () => {
    expect(splitServiceAccountUsername('system:serviceaccount:ns:name')).toEqual({ namespace: 'ns', name: 'name' });
    expect(splitServiceAccountUsername('system:serviceaccount:ns:a.b')).toEqual({ namespace: 'ns', name: 'a.b' });
    expect(splitServiceAccountUsername('system:serviceaccount:ns')).toBeUndefined();
    expect(splitServiceAccountUsername('system:serviceaccount:ns:a:b')).toBeUndefined();
    expect(splitServiceAccountUsername('system:serviceaccount:NS:a')).toBeUndefined();
    expect(splitServiceAccountUsername('system:serviceaccounts:ns:a')).toBeUndefined();
  });
});

describe('impersonationRequirements (§4.5)', () => {
  it('static impersonation of a user: users, each group, each extra value, uid', () => {
    const checks = impersonationRequirements(
      staticImpersonation({ username: 'deployer', groups: ['g1', 'g2'], uid: 'u-1', extra: [{ key: 'Team', val: ['a', 'b'] }] }),
      'impersonate',
    );
    expect(checks.map(({ verb, group, resource, subresource, name, namespace }) => ({ verb, group, resource, subresource, name, namespace }))).toEqual([
      { verb: 'impersonate', group: '', resource: 'users', subresource: '', name: 'deployer', namespace: '' },
      { verb: 'impersonate', group: '', resource: 'groups', subresource: '', name: 'g1', namespace: '' },
      { verb: 'impersonate', group: '', resource: 'groups', subresource: '', name: 'g2', namespace: '' },
      { verb: 'impersonate', group: 'authentication.k8s.io', resource: 'userextras', subresource: 'team', name: 'a', namespace: '' },
      { verb: 'impersonate', group: 'authentication.k8s.io', resource: 'userextras', subresource: 'team', name: 'b', namespace: '' },
      { verb: 'impersonate', group: 'authentication.k8s.io', resource: 'uids', subresource: '', name: 'u-1', namespace: '' },
    ]);
  });

  it('SA username: serviceaccounts in its namespace, and no group checks when none are sent', () => {
    expect(impersonationRequirements(staticImpersonation({ username: 'system:serviceaccount:apps:deployer' }), 'impersonate')).toEqual([
      { verb: 'impersonate', group: '', resource: 'serviceaccounts', subresource: '', name: 'deployer', namespace: 'apps', kind: 'serviceaccount' },
    ]);
  });

  it('ci_job: marks the names that change per job, pipeline or user', () => {
    const checks = impersonationRequirements(
      ciJobImpersonation({ jobId: 1, projectId: 150, groupIds: [23], environment: { slug: 'prod', tier: 'production' }, pipelineId: 2, username: 'a', agentId: 3, configProjectId: 4 }),
      'ci_job',
    );
    expect(checks[0]).toMatchObject({ resource: 'users', name: 'gitlab:ci_job:1', variesPer: 'job' });
    expect(checks.filter((c) => c.resource === 'groups').map((c) => c.name)).toEqual([
      'gitlab:ci_job',
      'gitlab:group:23',
      'gitlab:group_env_tier:23:production',
      'gitlab:project:150',
      'gitlab:project_env:150:prod',
      'gitlab:project_env_tier:150:production',
    ]);
    const extras = checks.filter((c) => c.resource === 'userextras');
    expect(extras.map((c) => c.subresource)).toHaveLength(8);
    expect(extras.find((c) => c.subresource === 'agent.gitlab.com/ci_job_id')?.variesPer).toBe('job');
    expect(extras.find((c) => c.subresource === 'agent.gitlab.com/ci_pipeline_id')?.variesPer).toBe('pipeline');
    expect(extras.find((c) => c.subresource === 'agent.gitlab.com/project_id')?.variesPer).toBeUndefined();
    expect(checks.some((c) => c.resource === 'uids')).toBe(false);
  });

  it('user mode: users, groups and the 4 extras', () => {
    const checks = impersonationRequirements(userAccessImpersonation({ username: 'bob', accessLevel: 'developer', projectRoles: [{ projectId: 1 }], groupRoles: [] }), 'user');
    expect(checks[0]).toMatchObject({ resource: 'users', name: 'gitlab:user:bob', variesPer: 'user' });
    expect(checks.filter((c) => c.resource === 'userextras')).toHaveLength(4);
  });
});
