import { describe, expect, it } from 'vitest';
import { parseYamlDocuments } from '../../src/load/parse-yaml.js';
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

  it('reports nesting deeper than the stack at the start of the document', () => {
    const docs = parse(`a: 1\n---\n# deep\nx: ${'['.repeat(200_000)}${']'.repeat(200_000)}\n`);
    const problems = docs[1]?.problems ?? [];
    expect(problems.map((p) => p.code)).toEqual(['TOO_DEEP']);
    expect(problems[0]?.startOffset).toBe(docs[1]?.startOffset);
    expect(docs[0]?.data).toEqual({ a: 1 });
  });
});
