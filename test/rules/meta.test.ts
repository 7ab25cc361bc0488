import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../src/rules/registry.js';
import { lintDir, lintFiles } from '../support/lint-files.js';

const root = path.resolve(__dirname, '../..');
const ID_RE = /^(io|yaml|schema|helm|agent|rbac|gitlab|kaslint)\/[a-z0-9]+(-[a-z0-9]+)*$/;

interface Example {
  readonly kind: 'valid' | 'invalid';
  readonly files: Record<string, string>;
}

/** ```yaml invalid / ```yaml valid blocks; `# file: path` lines split a block into files. */
function examplesOf(page: string): Example[] {
  const out: Example[] = [];
  const re = /```yaml (valid|invalid)\n([\s\S]*?)```/g;
  for (let m = re.exec(page); m; m = re.exec(page)) {
    const files: Record<string, string> = {};
    let current = 'example.yaml';
    for (const line of (m[2] ?? '').split('\n')) {
      const f = /^# file: (\S+)$/.exec(line);
      if (f?.[1]) {
        current = f[1];
        files[current] = '';
        continue;
      }
      files[current] = (files[current] ?? '') + line + '\n';
    }
    out.push({ kind: m[1] as 'valid' | 'invalid', files });
  }
  return out;
}

// Rules about the file system cannot be shown as YAML examples; their fixtures cover them.
const NO_YAML_EXAMPLES = new Set(['io/unreadable-file', 'io/file-too-large', 'io/not-text']);

describe('rule catalog', () => {
  it('has unique, well-formed ids in sorted order', () => {
    const ids = RULES.map((r) => r.meta.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(ID_RE);
    expect([...ids].sort()).toEqual(ids);
  });

  for (const rule of RULES) {
    const id = rule.meta.id;
    describe(id, () => {
      it('has complete metadata and an implementation file named after it', () => {
        expect(rule.meta.category).toBe(id.split('/')[0]);
        expect(rule.meta.description.length).toBeGreaterThan(10);
        expect(rule.meta.remediation).toMatch(/\.$/);
        expect(rule.meta.since).toMatch(/^\d+\.\d+\.\d+$/);
        expect(existsSync(path.join(root, 'src', 'rules', `${id}.ts`))).toBe(true);
      });

      const pagePath = path.join(root, 'rules', `${id}.md`);
      it('has a documentation page titled with its id, with why and how-to-fix sections', () => {
        const page = readFileSync(pagePath, 'utf8');
        expect(page.split('\n')[0]).toBe(`# ${id}`);
        expect(page).toContain('## Why');
        expect(page).toContain('## How to fix');
        expect(page).toContain('## Examples');
      });

      it('page examples behave as the page says', async () => {
        const examples = examplesOf(readFileSync(pagePath, 'utf8'));
        if (NO_YAML_EXAMPLES.has(id)) return;
        expect(examples.some((e) => e.kind === 'invalid')).toBe(true);
        expect(examples.some((e) => e.kind === 'valid')).toBe(true);
        for (const ex of examples) {
          const result = await lintFiles(ex.files, { enable: [id] });
          const hits = result.findings.filter((f) => f.ruleId === id);
          if (ex.kind === 'invalid') expect(hits.length, JSON.stringify(ex.files)).toBeGreaterThan(0);
          else expect(hits, JSON.stringify(ex.files)).toEqual([]);
        }
      });

      const fixtureDir = path.join(root, 'test', 'fixtures', 'rules', id);
      it('has a valid and an invalid fixture that behave as expected', async () => {
        for (const kind of ['valid', 'invalid'] as const) {
          const dir = path.join(fixtureDir, kind);
          expect(existsSync(dir) && statSync(dir).isDirectory(), `${dir} missing`).toBe(true);
          expect(readdirSync(dir).length).toBeGreaterThan(0);
        }
        const optionsFile = path.join(fixtureDir, 'options.json');
        const options = existsSync(optionsFile) ? (JSON.parse(readFileSync(optionsFile, 'utf8')) as Record<string, string>) : {};
        const valid = await lintDir(path.join(fixtureDir, 'valid'), { ...options, enable: [id] });
        expect(valid.findings.filter((f) => f.ruleId === id)).toEqual([]);
        const invalid = await lintDir(path.join(fixtureDir, 'invalid'), { ...options, enable: [id] });
        const got = invalid.findings
          .filter((f) => f.ruleId === id)
          .map((f) => `${f.location.file}:${f.location.range.start.line}:${f.location.range.start.column}`);
        const expected = JSON.parse(readFileSync(path.join(fixtureDir, 'expected.json'), 'utf8')) as string[];
        expect(got).toEqual(expected);
      });
    });
  }
});
