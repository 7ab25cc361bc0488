import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { documentMap, type DocumentMap } from '../../src/load/doc-map.js';
import { locateInDocument } from '../../src/load/locate.js';
import { scalarAt } from '../../src/load/scalar-at.js';

const mapOf = (text: string): DocumentMap => {
  const [doc] = parseAllDocuments(text, { version: '1.1', merge: true });
  if (!doc || !('contents' in doc)) throw new Error('no document');
  return documentMap(doc);
};
const slice = (text: string, r: { startOffset: number; endOffset: number }) => text.slice(r.startOffset, r.endOffset);

describe('documentMap', () => {
  it('reaches the first of duplicate keys, as a walk over the syntax tree does', () => {
    const text = 'a: 1\na: 2\n';
    expect(slice(text, locateInDocument(mapOf(text), ['a'], 'value'))).toBe('1');
  });

  it('does not go through merge keys: a merged key falls back to the mapping that merges it', () => {
    const text = 'base: &b {x: 1}\nc:\n  <<: *b\n  z: 2\n';
    const r = locateInDocument(mapOf(text), ['c', 'x'], 'key');
    expect(r.exact).toBe(false);
    expect(slice(text, r)).toBe('c');
  });

  it('marks an alias value at the alias, and follows it for deeper paths', () => {
    const text = 'base: &b\n  verbs: [get]\nrule: *b\n';
    const map = mapOf(text);
    expect(slice(text, locateInDocument(map, ['rule'], 'value'))).toBe('*b');
    const deep = locateInDocument(map, ['rule', 'verbs', 0], 'value');
    expect([deep.exact, slice(text, deep)]).toEqual([true, 'get']);
  });

  it('keeps how scalars were written, including in a one-pair mapping inside a flow sequence', () => {
    const text = "a: 'no'\nb: no\nc: [k: v]\n";
    const map = mapOf(text);
    expect(scalarAt(map, ['a'])).toEqual({ style: 'QUOTE_SINGLE', source: 'no' });
    expect(scalarAt(map, ['b'])).toEqual({ style: 'PLAIN', source: 'no' });
    expect(scalarAt(map, ['c', 0, 'k'])).toEqual({ style: 'PLAIN', source: 'v' });
    expect(scalarAt(map, ['c', 0, 'missing'])).toBeUndefined();
  });

  it('maps an anchor that contains its own alias without looping', () => {
    const text = 'a: &x [1, *x]\n';
    const map = mapOf(text);
    const r = locateInDocument(map, ['a', 1, 1, 1, 0], 'value');
    expect([r.exact, slice(text, r)]).toEqual([true, '1']);
  });

  it('walks nesting far deeper than a recursive walk could', () => {
    const depth = 3000;
    const text = `${'- '.repeat(depth)}x\n`;
    const [doc] = parseAllDocuments(text);
    if (!doc || !('contents' in doc)) throw new Error('no document');
    expect(doc.errors).toEqual([]);
    const map = documentMap(doc);
    const path = Array.from({ length: depth }, () => 0);
    expect(slice(text, locateInDocument(map, path, 'value'))).toBe('x');
  });
});
