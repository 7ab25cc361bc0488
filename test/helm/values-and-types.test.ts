import { describe, expect, it } from 'vitest';
import { applySetArgument, valuesFromSetArguments } from '../../src/helm/set-values.js';
import { originFor, originKey, type ModelledObject, type ValuesOrigin } from '../../src/helm/types.js';
import { goFormatNumber, goTruthy, ValuesReader } from '../../src/helm/values.js';

describe('originKey / originFor', () => {
  const root: ValuesOrigin = { kind: 'default', description: 'root' };
  const name: ValuesOrigin = { kind: 'values', path: ['serviceAccount', 'name'] };
  const label: ValuesOrigin = { kind: 'values', path: ['additionalLabels', 'a/b'] };
  const o: ModelledObject = {
    apiVersion: 'v1',
    kind: 'X',
    name: 'x',
    template: 't',
    body: {},
    origins: new Map<string, ValuesOrigin>([
      ['', root],
      ['subjects/0/name', name],
      ['metadata/labels/a~1b', label],
    ]),
  };

  it('escapes segments as RFC 6901', () => {
    expect(originKey([])).toBe('');
    expect(originKey(['roleRef', 'name'])).toBe('roleRef/name');
    expect(originKey(['subjects', 0, 'name'])).toBe('subjects/0/name');
    expect(originKey(['metadata', 'labels', 'app.kubernetes.io/name'])).toBe('metadata/labels/app.kubernetes.io~1name');
    expect(originKey(['a~b'])).toBe('a~0b');
  });

  it('walks up to the nearest keyed ancestor', () => {
    expect(originFor(o, ['subjects', 0, 'name'])).toBe(name);
    expect(originFor(o, ['subjects', 0, 'namespace'])).toBe(root);
    expect(originFor(o, ['metadata', 'labels', 'a/b'])).toBe(label);
    expect(originFor(o, ['metadata', 'labels', 'a'])).toBe(root);
    expect(originFor(o, [])).toBe(root);
  });
});

describe('Go template semantics', () => {
  it('truthiness', () => {
    for (const v of [false, 0, null, undefined, '', [], {}]) expect(goTruthy(v)).toBe(false);
    for (const v of [true, 1, -1, 'false', '0', 'no', [0], { a: null }]) expect(goTruthy(v)).toBe(true);
  });

  it('number printing as %v of float64', () => {
    expect(goFormatNumber(123)).toBe('123');
    expect(goFormatNumber(123456)).toBe('123456');
    expect(goFormatNumber(1234567)).toBe('1.234567e+06');
    expect(goFormatNumber(1000000)).toBe('1e+06');
    expect(goFormatNumber(1.5)).toBe('1.5');
    expect(goFormatNumber(0.00001)).toBe('1e-05');
  });

  it('reader: user value, chart default, null deletion, bad containers', () => {
    const notes: string[] = [];
    const r = new ValuesReader({ a: { b: false, n: null }, s: 'str', l: [{ x: 1 }] }, notes);
    expect(r.setting(['a', 'b'], true, 'd')).toMatchObject({ present: true, value: false, origin: { kind: 'values', path: ['a', 'b'] } });
    expect(r.setting(['a', 'c'], true, 'd')).toMatchObject({ present: false, value: true, origin: { kind: 'default', description: 'd' } });
    expect(r.setting(['a', 'n'], true, 'd')).toMatchObject({ present: true, value: undefined });
    expect(r.get(['a', 'n', 'deep'])).toEqual({ present: true, value: undefined, at: ['a', 'n'] });
    expect(r.get(['l', 0, 'x'])).toEqual({ present: true, value: 1, at: ['l', 0, 'x'] });
    expect(r.get(['s', 'x']).present).toBe(false);
    expect(notes).toEqual(['s is the string "str", not a map: Helm fails to render templates that read s.x. Modelled as if it were unset.']);
  });
});

describe('helm --set arguments', () => {
  it('parses the seed scenario flags with Helm types', () => {
    expect(valuesFromSetArguments(['rbac.create=false', 'serviceAccount.create=false', 'serviceAccount.name=gitlab-runner'])).toEqual({
      rbac: { create: false },
      serviceAccount: { create: false, name: 'gitlab-runner' },
    });
  });

  it('types: booleans, null, integers, leading zeros, strings', () => {
    expect(valuesFromSetArguments(['a=TRUE,b=null,c=0,d=42,e=007,f=1.5,g=,h=-3'])).toEqual({
      a: true,
      b: null,
      c: 0,
      d: 42,
      e: '007',
      f: '1.5',
      g: '',
      h: -3,
    });
    expect(valuesFromSetArguments(['a=true'], { strings: true })).toEqual({ a: 'true' });
  });

  it('lists, indexes, escapes', () => {
    expect(applySetArgument('rbac.rules[0].verbs={get,list}', {})).toEqual({ rbac: { rules: [{ verbs: ['get', 'list'] }] } });
    expect(applySetArgument('x[1]=b', {})).toEqual({ x: [null, 'b'] });
    expect(applySetArgument('podAnnotations.prometheus\\.io/scrape=true', {})).toEqual({ podAnnotations: { 'prometheus.io/scrape': true } });
    expect(applySetArgument('a=x\\,y', {})).toEqual({ a: 'x,y' });
    expect(applySetArgument('a=b=c', {})).toEqual({ a: 'b=c' });
  });

  it('later assignments override earlier ones', () => {
    expect(valuesFromSetArguments(['a.b=1', 'a.b=2', 'a.c=3'])).toEqual({ a: { b: 2, c: 3 } });
  });

  it('rejects a key without a value', () => {
    expect(() => applySetArgument('a=b,c', {})).toThrow('key "c" has no value');
  });
});
