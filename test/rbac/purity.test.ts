// The RBAC engine stays pure: it imports only its own modules (no YAML, no fs, no node:).

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const dir = fileURLToPath(new URL('../../src/rbac/', import.meta.url));
const files = readdirSync(dir).filter((f) => f.endsWith('.ts'));

function specifiers(source: string): string[] {
  const found: string[] = [];
  for (const m of source.matchAll(/\b(?:import|export)\b[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/g)) found.push(m[1] ?? '');
  for (const m of source.matchAll(/\bimport\s*\(\s*['"]([^'"]+)['"]/g)) found.push(m[1] ?? '');
  for (const m of source.matchAll(/^\s*import\s+['"]([^'"]+)['"]/gm)) found.push(m[1] ?? '');
  return found;
}

describe('src/rbac imports nothing outside itself', () => {
  it('has modules to check', () => {
    expect(files).toContain('authorize.ts');
    expect(files.length).toBeGreaterThan(10);
  });

  it.each(files)('%s', (file) => {
    const source = readFileSync(join(dir, file), 'utf8');
    for (const spec of specifiers(source)) {
      expect(spec, `${file} imports ${spec}`).toMatch(/^\.\/[a-z-]+\.js$/);
    }
    expect(source).not.toMatch(/\brequire\s*\(/);
  });
});

describe('the public barrel', () => {
  it('re-exports the engine', async () => {
    const api = await import('../../src/rbac/api.js');
    for (const name of [
      'buildRbacIndex',
      'RbacIndex',
      'authorize',
      'whoCan',
      'rulesFor',
      'visitRulesFor',
      'appliesTo',
      'ruleAllows',
      'covers',
      'breakdownRule',
      'aggregateClusterRoles',
      'parseLabelSelector',
      'completeImpersonatedUser',
      'serviceAccountUser',
      'parseServiceAccountUsername',
      'ruleString',
      'compactString',
      'describeBinding',
      'describeSubject',
    ]) {
      expect(typeof (api as Record<string, unknown>)[name], name).toBe('function');
    }
  });
});
