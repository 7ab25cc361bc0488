import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { buildAgentConfigModel, effectiveEntries } from '../../src/agent/config-model.js';

const model = (text: string) => buildAgentConfigModel(parse(text));

describe('buildAgentConfigModel', () => {
  it('reads ci_access entries with paths, ids, modes and settings', () => {
    const m = model(`
ci_access:
  projects:
    - id: group/app
      default_namespace: apps
      environments: [production, "review/*"]
      protected_branches_only: true
      access_as:
        impersonate:
          username: deployer
          groups: [deployers]
          uid: u-1
          extra: [{ key: team, val: [a] }]
  groups:
    - id: Group/Sub
      access_as: { ci_job: {} }
  instance: {}
`);
    const p = m.ciAccess?.projects?.entries[0];
    expect(p).toMatchObject({
      kind: 'project',
      index: 0,
      path: ['ci_access', 'projects', 0],
      id: 'group/app',
      idPath: ['ci_access', 'projects', 0, 'id'],
      key: 'group/app',
      protectedBranchesOnly: true,
      protectedBranchesOnlyPath: ['ci_access', 'projects', 0, 'protected_branches_only'],
      defaultNamespace: { value: 'apps', path: ['ci_access', 'projects', 0, 'default_namespace'] },
    });
    expect(p?.environments?.patterns.map((x) => x.value)).toEqual(['production', 'review/*']);
    expect(p?.environments?.patterns[1]?.path).toEqual(['ci_access', 'projects', 0, 'environments', 1]);
    expect(p?.accessAs).toMatchObject({
      mode: 'impersonate',
      memberPath: ['ci_access', 'projects', 0, 'access_as', 'impersonate'],
      impersonate: { username: 'deployer', groups: ['deployers'], uid: 'u-1', extra: [{ key: 'team', values: ['a'] }] },
    });
    expect(m.ciAccess?.groups?.entries[0]).toMatchObject({ id: 'Group/Sub', key: 'group/sub', accessAs: { mode: 'ci_job' } });
    expect(m.ciAccess?.instance).toMatchObject({ kind: 'instance', path: ['ci_access', 'instance'], accessAs: { mode: 'unset' } });
  });

  const modes: [yaml: string, mode: string, problem?: string][] = [
    ['{}', 'unset'],
    ['{ access_as: null }', 'unset'],
    ['{ access_as: { agent: {} } }', 'agent'],
    ['{ access_as: { ci_job: {} } }', 'ci_job'],
    ['{ access_as: {} }', 'invalid', 'empty'],
    ['{ access_as: { agent: null } }', 'invalid', 'member-not-a-mapping'],
    ['{ access_as: { agent: {}, ci_job: {} } }', 'invalid', 'several-keys'],
    ['{ access_as: { ci_user: {} } }', 'invalid', 'unknown-key'],
    ['{ access_as: agent }', 'invalid', 'not-a-mapping'],
  ];
  it.each(modes)('access_as %s → %s', (entry, mode, problem) => {
    const e = model(`ci_access: { projects: [ ${entry.replace(/^\{/, '{ id: g/p,').replace(', }', ' }')} ] }`).ciAccess?.projects?.entries[0];
    expect(e?.accessAs.mode).toBe(mode);
    expect(e?.accessAs.problem).toBe(problem);
  });

  it('reads user_access', () => {
    const m = model(`
user_access:
  access_as: { user: {} }
  projects: [{ id: g/p }]
  groups: [{ id: g }]
`);
    expect(m.userAccess?.accessAs).toMatchObject({ mode: 'user', memberPath: ['user_access', 'access_as', 'user'] });
    expect(m.userAccess?.projects?.entries[0]).toMatchObject({ kind: 'project', id: 'g/p', path: ['user_access', 'projects', 0] });
    expect(m.userAccess?.groups?.entries[0]).toMatchObject({ kind: 'group', id: 'g' });
    expect(model('user_access: { projects: [] }').userAccess?.accessAs.mode).toBe('unset');
  });

  it('never throws on bad shapes and skips what it cannot read', () => {
    for (const data of [null, 42, 'x', [], { ci_access: 'x' }, { ci_access: { projects: 'x' } }, { ci_access: { projects: [1, null, 'x', []] } }]) {
      expect(() => buildAgentConfigModel(data)).not.toThrow();
    }
    const m = buildAgentConfigModel({ ci_access: { projects: [1, { id: 12345 }, { id: 'g/p', environments: ['a', 3], protected_branches_only: 'true' }] } });
    expect(m.ciAccess?.projects?.length).toBe(3);
    expect(m.ciAccess?.projects?.entries.map((e) => e.index)).toEqual([1, 2]);
    expect(m.ciAccess?.projects?.entries[0]).toMatchObject({ idPath: ['ci_access', 'projects', 1, 'id'] });
    expect(m.ciAccess?.projects?.entries[0]?.id).toBeUndefined();
    expect(m.ciAccess?.projects?.entries[1]?.environments?.patterns.map((p) => p.value)).toEqual(['a']);
    expect(m.ciAccess?.projects?.entries[1]?.protectedBranchesOnly).toBe(false);
    expect(buildAgentConfigModel({})).toEqual({});
  });

  it('ignores inherited properties (__proto__ / constructor keys)', () => {
    const data = JSON.parse('{"__proto__": {"ci_access": {"projects": [{"id": "evil/x"}]}}}') as unknown;
    expect(buildAgentConfigModel(data)).toEqual({});
    expect(buildAgentConfigModel({ constructor: 1 })).toEqual({});
  });

  it('effectiveEntries: first 500, downcased, last duplicate wins', () => {
    const projects = Array.from({ length: 502 }, (_, i) => ({ id: `g/p${i}` }));
    projects[3] = { id: 'G/Dup' };
    projects[7] = { id: 'g/dup' };
    projects[501] = { id: 'g/p0' }; // beyond the limit: dropped, does not override index 0
    const m = buildAgentConfigModel({ ci_access: { projects } });
    const eff = effectiveEntries(m.ciAccess?.projects);
    expect(eff.size).toBe(499);
    expect(eff.get('g/dup')?.index).toBe(7);
    expect(eff.get('g/p0')?.index).toBe(0);
    expect(eff.has('g/p500')).toBe(false);
  });
});
