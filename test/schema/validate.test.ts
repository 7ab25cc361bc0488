import { existsSync } from 'node:fs';
import { isAbsolute, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  SCHEMA_NAMES,
  isSchemaName,
  loadSchema,
  schemaEngineLoaded,
  schemaPath,
  validateWithSchema,
} from '../../src/schema/validate.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

describe('validateWithSchema API', () => {
  // Runs first in this file: module state is fresh per test file.
  it('loads ajv only when something is validated', () => {
    expect(schemaEngineLoaded()).toBe(false);
    loadSchema('agent-config');
    expect(schemaEngineLoaded()).toBe(false);
    expect(validateWithSchema('agent-config', {})).toEqual([]);
    expect(schemaEngineLoaded()).toBe(true);
  });

  it('lists every schema and locates it under schemas/ at the repository root', () => {
    expect(SCHEMA_NAMES).toEqual([
      'agent-config',
      'gitlab-agent-values',
      'gitlab-runner-values',
      'kubernetes/clusterrole',
      'kubernetes/clusterrolebinding',
      'kubernetes/role',
      'kubernetes/rolebinding',
      'kubernetes/serviceaccount',
    ]);
    for (const name of SCHEMA_NAMES) {
      const file = schemaPath(name);
      expect(isAbsolute(file)).toBe(true);
      expect(relative(repoRoot, file).split('\\').join('/')).toBe(`schemas/${name}.schema.json`);
      expect(existsSync(file)).toBe(true);
    }
    expect(isSchemaName('kubernetes/role')).toBe(true);
    expect(isSchemaName('constructor')).toBe(false);
    expect(isSchemaName('agent-config.schema.json')).toBe(false);
  });

  it('returns issues sorted by path, then code, and the same issues on every run', () => {
    const doc = {
      observability: { logging: { level: 'LOUD' } },
      ci_access: { projects: [{ id: 1 }, { id: 'g/p', access_as: { ci_job: {}, agent: {} }, extra: 1 }] },
      gitops: {},
    };
    const first = validateWithSchema('agent-config', doc);
    const second = validateWithSchema('agent-config', structuredClone(doc));
    expect(second).toEqual(first);
    expect(first.map((i) => [i.path, i.code])).toEqual([
      [['ci_access', 'projects', 0, 'id'], 'type'],
      [['ci_access', 'projects', 1, 'access_as'], 'one-of'],
      [['ci_access', 'projects', 1, 'extra'], 'unknown-key'],
      [['gitops'], 'removed-key'],
      [['observability', 'logging', 'level'], 'enum'],
    ]);
    for (const issue of first) {
      expect(issue.message).not.toMatch(/[\r\n]/);
      expect(issue.schemaPath).toMatch(/^#\//);
    }
  });

  it('decodes ~1 and ~0 in pointers and keeps numeric map keys as strings', () => {
    const issues = validateWithSchema('kubernetes/serviceaccount', {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: 'sa', annotations: { 'example.com/a': 1, '7': true } },
      imagePullSecrets: [{ name: 'x' }, { name: 2 }],
    });
    expect(issues.map((i) => i.path)).toEqual([
      ['imagePullSecrets', 1, 'name'],
      ['metadata', 'annotations', '7'],
      ['metadata', 'annotations', 'example.com/a'],
    ]);
  });

  it('does not trip over prototype-like keys', () => {
    const doc = JSON.parse('{"__proto__": {"x": 1}, "constructor": 1, "ci_access": {"toString": 1}}') as unknown;
    const issues = validateWithSchema('agent-config', doc);
    expect(issues.map((i) => [i.path, i.code, i.target])).toEqual([
      [['__proto__'], 'unknown-key', 'key'],
      [['ci_access', 'toString'], 'unknown-key', 'key'],
      [['constructor'], 'unknown-key', 'key'],
    ]);
    for (const issue of issues) expect(issue.message).toMatch(/^unknown key "[^"]+" \(KAS rejects the whole file\)$/);
  });

  it('treats an empty document as an empty config', () => {
    expect(validateWithSchema('agent-config', null)).toEqual([]);
    expect(validateWithSchema('gitlab-agent-values', null)).toEqual([]);
  });
});
