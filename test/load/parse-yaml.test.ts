import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { MAX_NESTING_DEPTH, parseYamlDocuments } from '../../src/load/parse-yaml.js';
import { makeSourceFile } from '../../src/load/source-file.js';

const parse = (text: string) => parseYamlDocuments(makeSourceFile('f.yaml', text));

describe('parseYamlDocuments', () => {
  it('reads YAML 1.1 scalars as Kubernetes does (yes is true, 0755 is octal) and merges <<', () => {
    const [doc] = parse('a: yes\nb: 0755\nbase: &b {x: 1}\nc:\n  <<: *b\n  z: 2\n');
    expect(doc?.data).toEqual({ a: true, b: 493, base: { x: 1 }, c: { x: 1, z: 2 } });
  });

  it('reports a list or mapping used as a key and does not convert the document', () => {
    const docs = parse('ok: 1\n---\n[a, b]: c\n---\n? {k: v}\n: x\n');
    expect(docs[0]?.data).toEqual({ ok: 1 });
    for (const doc of docs.slice(1)) {
      expect(doc.data).toBeUndefined();
      expect(doc.problems.map((p) => p.code)).toContain('COLLECTION_KEY');
    }
    const key = docs[1]!.problems.find((p) => p.code === 'COLLECTION_KEY')!;
    expect('ok: 1\n---\n[a, b]: c\n'.slice(key.startOffset, key.endOffset)).toBe('[a, b]');
  });

  it('answers at once for a key nested thousands of levels deep (stringifying it is quadratic)', () => {
    const depth = 2500;
    const docs = parse(`- ${'['.repeat(depth)}x${']'.repeat(depth)}: v\n`);
    const codes = docs.flatMap((d) => d.problems.map((p) => p.code));
    // Depending on the stack, the parser either gives up (TOO_DEEP) or we refuse the key.
    expect(codes.some((c) => c === 'COLLECTION_KEY' || c === 'TOO_DEEP')).toBe(true);
    expect(docs[0]?.data).toBeUndefined();
  });

  it.each([
    ['flow sequences', (n: number) => `x: ${'['.repeat(n)}1${']'.repeat(n)}\n`],
    ['flow mappings', (n: number) => `x: ${'{a: '.repeat(n)}1${'}'.repeat(n)}\n`],
    ['block mappings', (n: number) => Array.from({ length: n }, (_, i) => `${' '.repeat(i)}k:`).join('\n') + ' 1\n'],
    ['block sequences', (n: number) => `${'- '.repeat(n)}x\n`],
  ])('reads %s up to the nesting limit and reports one level more, on any thread', (_, text) => {
    const [ok] = parse(text(MAX_NESTING_DEPTH - 1));
    expect(ok?.problems).toEqual([]);
    expect(ok?.data).toBeDefined();
    const [deep] = parse(text(MAX_NESTING_DEPTH + 1));
    expect(deep?.problems.map((p) => p.code)).toEqual(['TOO_DEEP']);
    expect(deep?.data).toBeUndefined();
  });

  it('reports a too-deep document between others (its tokenizing once threw) and reads the others', () => {
    const docs = parse(`a: 1\n---\n${'- '.repeat(20_000)}x\n---\nb: 2\n`);
    expect(docs.flatMap((d) => d.problems.map((p) => [d.index, p.code, p.startOffset]))).toEqual([[1, 'TOO_DEEP', 5]]);
    expect(docs.map((d) => d.data)).toEqual([{ a: 1 }, undefined, { b: 2 }]);
  });

  it('survives deeply nested documents parsed again and again in one process', () => {
    // Composing them once crashed Node (a fatal V8 error, not an exception) on the second file.
    const script = `
      const { parseYamlDocuments } = await import(${JSON.stringify(new URL('../../dist/load/parse-yaml.js', import.meta.url).href)});
      for (let i = 0; i < 5; i++) parseYamlDocuments({ text: '- '.repeat(5000) + 'x\\n' });
      console.log('ok');`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect([r.status, r.stdout.trim()]).toEqual([0, 'ok']);
  });

  it('reports nesting deeper than the stack at the start of the document', () => {
    const docs = parse(`a: 1\n---\n# deep\nx: ${'['.repeat(200_000)}${']'.repeat(200_000)}\n`);
    const problems = docs[1]?.problems ?? [];
    expect(problems.map((p) => p.code)).toEqual(['TOO_DEEP']);
    expect(problems[0]?.startOffset).toBe(docs[1]?.startOffset);
    expect(docs[0]?.data).toEqual({ a: 1 });
  });
});
