import fc from 'fast-check';
import { parseAllDocuments, stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { documentMap } from '../../src/load/doc-map.js';
import { emptyDeepDocuments, nestingBound } from '../../src/load/nesting-bound.js';

const tree = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, fc.string({ maxLength: 6 }), fc.array(tie('node'), { maxLength: 3 }), fc.dictionary(fc.string({ minLength: 1, maxLength: 4 }), tie('node'), { maxKeys: 3 })),
})).node;

describe('nestingBound', () => {
  it('is never below the nesting the parser finds, block or flow, with quotes and comments', () => {
    fc.assert(
      fc.property(tree, fc.boolean(), fc.integer({ min: 0, max: 12 }), (value, flow, indent) => {
        const text = `# [[[ comment\n${stringify(value, { collectionStyle: flow ? 'flow' : 'block', indent: Math.max(2, indent) })}`;
        for (const doc of parseAllDocuments(text)) {
          if (!('contents' in doc)) continue;
          expect(nestingBound(text)).toBeGreaterThanOrEqual(documentMap(doc).depth);
        }
      }),
      { numRuns: 300 },
    );
  });

  it.each([
    ['compact sequences', '- '.repeat(50) + 'x\n', 51],
    ['flow brackets', 'a: [[[1]]]\n', 4],
    ['brackets in quotes and comments do not count', `a: "[[[[" # {{{{\nb: '[['\n`, 1],
  ])('%s', (_, text, bound) => {
    expect(nestingBound(text)).toBe(bound);
  });
});

describe('emptyDeepDocuments', () => {
  it('empties only the documents past the limit and keeps every offset', () => {
    const text = `a: 1\n---\nx: ${'['.repeat(20)}${']'.repeat(20)}\n---\nb: 2\n`;
    const r = emptyDeepDocuments(text, 10);
    expect(r.text.length).toBe(text.length);
    expect(r.emptied).toHaveLength(1);
    const docs = parseAllDocuments(r.text).map((d) => ('contents' in d ? d.toJS() : undefined));
    expect(docs).toEqual([{ a: 1 }, null, { b: 2 }]);
    expect(emptyDeepDocuments(text, 100)).toEqual({ text, emptied: [] });
  });
});
