import { describe, expect, it } from 'vitest';
import { parseYamlDocuments } from '../../src/load/parse-yaml.js';
import { locateInDocument } from '../../src/load/locate.js';
import { makeSourceFile, positionAt } from '../../src/load/source-file.js';
import type { JsonPath } from '../../src/model/path.js';

function at(text: string, docIndex: number, path: JsonPath, target: 'key' | 'value') {
  const file = makeSourceFile('x.yaml', text);
  const doc = parseYamlDocuments(file)[docIndex];
  if (!doc) throw new Error('no doc');
  const r = locateInDocument(doc.map, path, target);
  const s = positionAt(file, r.startOffset);
  const e = positionAt(file, r.endOffset);
  return { start: `${s.line}:${s.column}`, end: `${e.line}:${e.column}`, exact: r.exact, text: file.text.slice(r.startOffset, r.endOffset) };
}

const ROLE = `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: reader
rules:
  - apiGroups: [""]
    resources: ["pods", "secrets"]
    verbs:
      - get
      - list
`;

describe('locateInDocument', () => {
  it.each([
    [['metadata', 'name'], 'key', '4:3', 'name'],
    [['metadata', 'name'], 'value', '4:9', 'reader'],
    [['rules', 0, 'resources', 1], 'value', '7:25', '"secrets"'],
    [['rules', 0, 'verbs', 1], 'value', '10:9', 'list'],
    [['rules', 0, 'verbs'], 'key', '8:5', 'verbs'],
  ] as const)('%j (%s) → %s', (path, target, start, text) => {
    const r = at(ROLE, 0, path, target);
    expect(r.start).toBe(start);
    expect(r.text).toBe(text);
    expect(r.exact).toBe(true);
  });

  it('falls back to the deepest existing ancestor key when the path is missing', () => {
    const r = at(ROLE, 0, ['rules', 0, 'resourceNames', 0], 'value');
    expect(r.exact).toBe(false);
    expect(r.start).toBe('6:5');
    const r2 = at(ROLE, 0, ['metadata', 'namespace'], 'key');
    expect(r2.exact).toBe(false);
    expect(r2.text).toBe('metadata');
  });

  it('uses offsets absolute within the stream for later documents', () => {
    const text = `a: 1\n---\nkind: X\nmetadata:\n  name: second\n`;
    expect(at(text, 1, ['metadata', 'name'], 'value')).toMatchObject({ start: '5:9', text: 'second' });
  });

  it('counts columns the same with CRLF line ends and a BOM', () => {
    const text = '\uFEFFkind: X\r\nmetadata:\r\n  name: crlf\r\n';
    expect(at(text, 0, ['metadata', 'name'], 'value')).toMatchObject({ start: '3:9', text: 'crlf' });
    expect(at(text, 0, ['kind'], 'key')).toMatchObject({ start: '1:1', text: 'kind' });
  });

  it('finds keys that contain slashes and dots (annotations)', () => {
    const text = `metadata:\n  annotations:\n    kaslint.io/ignore: "x"\n`;
    expect(at(text, 0, ['metadata', 'annotations', 'kaslint.io/ignore'], 'key')).toMatchObject({ start: '3:5', exact: true });
  });

  it('follows aliases into the anchored node', () => {
    const text = `base: &b\n  verbs: [get]\nrule: *b\n`;
    expect(at(text, 0, ['rule', 'verbs', 0], 'value')).toMatchObject({ start: '2:11', text: 'get', exact: true });
  });
});

describe('parseYamlDocuments', () => {
  it('reads YAML 1.1 scalars as Kubernetes does', () => {
    const [doc] = parseYamlDocuments(makeSourceFile('x.yaml', 'a: yes\nb: off\nc: 0755\nd: "no"\n'));
    expect(doc?.data).toEqual({ a: true, b: false, c: 493, d: 'no' });
  });

  it('keeps the last duplicate value and reports the duplicate', () => {
    const [doc] = parseYamlDocuments(makeSourceFile('x.yaml', 'a: 1\na: 2\n'));
    expect(doc?.data).toEqual({ a: 2 });
    expect(doc?.problems.map((p) => p.code)).toEqual(['DUPLICATE_KEY']);
  });

  it('stops alias bombs instead of expanding them', () => {
    const bomb = 'a: &a [x,x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\n';
    const [doc] = parseYamlDocuments(makeSourceFile('x.yaml', bomb));
    expect(doc?.data).toBeUndefined();
    expect(doc?.problems.map((p) => p.code)).toContain('ALIAS_LIMIT');
  });

  it('does not pollute prototypes with __proto__ keys', () => {
    const [doc] = parseYamlDocuments(makeSourceFile('x.yaml', '__proto__:\n  polluted: true\nconstructor: 1\n'));
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.keys(doc?.data as object)).toEqual(['__proto__', 'constructor']);
  });

  it('gives an empty stream no documents', () => {
    expect(parseYamlDocuments(makeSourceFile('x.yaml', ''))).toEqual([]);
  });
});
