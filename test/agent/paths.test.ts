import { describe, expect, it } from 'vitest';
import { agentNameProblems, classifyAgentPath, isValidAgentName, suggestAgentName } from '../../src/agent/paths.js';

describe('classifyAgentPath', () => {
  const configs: [path: string, agentName: string][] = [
    ['.gitlab/agents/prod/config.yaml', 'prod'],
    ['./.gitlab/agents/prod/config.yaml', 'prod'],
    ['.gitlab/agents/a1-b2/config.yaml', 'a1-b2'],
    // scanned root above the repository root: matched on the suffix
    ['repos/infra/.gitlab/agents/prod/config.yaml', 'prod'],
  ];
  it.each(configs)('%s is the config of agent %s', (path, agentName) => {
    expect(classifyAgentPath(path)).toEqual({ kind: 'agent-config', agentName, problems: [] });
  });

  const lookalikes: [path: string, code: string, correct: string, agentName: string | undefined][] = [
    ['.gitlab/agent/prod/config.yaml', 'agent-dir-singular', '.gitlab/agents/prod/config.yaml', 'prod'],
    ['.gitlab/agents/prod/config.yml', 'config-file-extension', '.gitlab/agents/prod/config.yaml', 'prod'],
    ['.gitlab/agents/prod/Config.yaml', 'config-file-wrong-case', '.gitlab/agents/prod/config.yaml', 'prod'],
    ['.gitlab/agents/prod/CONFIG.YML', 'config-file-extension', '.gitlab/agents/prod/config.yaml', 'prod'],
    ['.GitLab/agents/prod/config.yaml', 'gitlab-dir-wrong-case', '.gitlab/agents/prod/config.yaml', 'prod'],
    ['.gitlab/Agents/prod/config.yaml', 'agent-dir-wrong-case', '.gitlab/agents/prod/config.yaml', 'prod'],
    ['.gitlab/agents/config.yaml', 'missing-agent-dir', '.gitlab/agents/<agent-name>/config.yaml', undefined],
    ['.gitlab/agents/eu/prod/config.yaml', 'nested-too-deep', '.gitlab/agents/prod/config.yaml', 'prod'],
    ['gitlab/agents/prod/config.yaml', 'gitlab-dir-missing-dot', '.gitlab/agents/prod/config.yaml', 'prod'],
    ['sub/.gitlab/agent/prod/config.yaml', 'agent-dir-singular', 'sub/.gitlab/agents/prod/config.yaml', 'prod'],
  ];
  it.each(lookalikes)('%s is a look-alike (%s)', (path, code, correctPath, agentName) => {
    const c = classifyAgentPath(path);
    expect(c).toMatchObject({ kind: 'agent-config-lookalike', code, correctPath });
    if (c?.kind !== 'agent-config-lookalike') throw new Error('unreachable');
    expect(c.agentName).toBe(agentName);
    expect(c.message).toContain('GitLab silently ignores this file');
    expect(c.message).toContain('empty configuration');
    expect(c.message).toContain(correctPath);
  });

  it('reports every deviation of a path', () => {
    const c = classifyAgentPath('.gitlab/agent/prod/config.yml');
    expect(c?.kind === 'agent-config-lookalike' && c.problems.map((p) => p.code)).toEqual(['agent-dir-singular', 'config-file-extension']);
  });

  it('a look-alike with a bad agent name reports the name too', () => {
    const c = classifyAgentPath('.gitlab/agent/My_Agent/config.yaml');
    expect(c?.kind === 'agent-config-lookalike' && c.problems.map((p) => p.code)).toEqual(['agent-dir-singular', 'agent-name-invalid']);
  });

  it('with repoRelative, a nested .gitlab is not at the repository root', () => {
    expect(classifyAgentPath('app/.gitlab/agents/prod/config.yaml')?.kind).toBe('agent-config');
    expect(classifyAgentPath('app/.gitlab/agents/prod/config.yaml', { repoRelative: true })).toMatchObject({
      kind: 'agent-config-lookalike',
      code: 'not-at-repository-root',
      correctPath: 'app/.gitlab/agents/prod/config.yaml',
    });
  });

  const unrelated = [
    '.gitlab-ci.yml',
    'config.yaml',
    '.gitlab/agents/prod/values.yaml',
    '.gitlab/agents/prod/environment_templates/default.yaml',
    '.gitlab/agents/prod/environment_templates/config.yaml', // a managed-resources template named "config"
    '.gitlab/ci/config.yaml',
    'k8s/agents/prod/config.yaml',
    'gitlab/agent/prod/config.yaml',
    '.gitlab/agents/prod/config.yaml.bak',
  ];
  it.each(unrelated)('%s is not an agent config', (path) => {
    expect(classifyAgentPath(path)).toBeNull();
  });

  it('agent-name rule violations on the exact path', () => {
    expect(classifyAgentPath('.gitlab/agents/My_Agent/config.yaml')).toMatchObject({
      kind: 'agent-config',
      agentName: 'My_Agent',
      problems: [{ code: 'agent-name-invalid', severity: 'error' }],
    });
    const long = 'a'.repeat(64);
    const c = classifyAgentPath(`.gitlab/agents/${long}/config.yaml`);
    expect(c?.kind === 'agent-config' && c.problems.map((p) => p.code)).toEqual(['agent-name-too-long']);
  });
});

describe('agent names', () => {
  const valid = ['a', '0', 'prod', 'my-agent-1', 'a'.repeat(63)];
  const invalid = ['-a', 'a-', 'A', 'my_agent', 'my.agent', '', 'a b', 'a'.repeat(64)];
  it.each(valid)('%j is valid', (n) => {
    expect(isValidAgentName(n)).toBe(true);
    expect(agentNameProblems(n)).toEqual([]);
  });
  it.each(invalid)('%j is invalid', (n) => {
    expect(isValidAgentName(n)).toBe(false);
    expect(agentNameProblems(n).length).toBeGreaterThan(0);
  });
  it('suggests a valid name', () => {
    expect(suggestAgentName('My_Agent.')).toBe('my-agent');
    expect(suggestAgentName('__')).toBeUndefined();
    expect(agentNameProblems('My_Agent')[0]?.message).toContain('"my-agent"');
  });
});
