import { describe, expect, it } from 'vitest';
import { labelSelectorMatches, parseLabelSelector } from '../../src/rbac/selector.js';
import type { LabelSelector } from '../../src/rbac/types.js';

const labels = { app: 'web', tier: 'gold', 'example.com/team': 'a' };

describe('label selector matching (metav1.LabelSelectorAsSelector semantics)', () => {
  const table: [string, LabelSelector | null | undefined, Record<string, string>, boolean][] = [
    ['nil selector selects nothing', undefined, labels, false],
    ['null selector selects nothing', null, labels, false],
    ['empty selector selects everything', {}, labels, true],
    ['empty selector selects unlabelled objects', {}, {}, true],
    ['empty maps count as empty', { matchLabels: {}, matchExpressions: [] }, {}, true],
    ['matchLabels equal', { matchLabels: { app: 'web' } }, labels, true],
    ['matchLabels differ', { matchLabels: { app: 'db' } }, labels, false],
    ['matchLabels missing key', { matchLabels: { zone: 'a' } }, labels, false],
    ['matchLabels ANDed', { matchLabels: { app: 'web', tier: 'silver' } }, labels, false],
    ['prefixed key', { matchLabels: { 'example.com/team': 'a' } }, labels, true],
    ['In', { matchExpressions: [{ key: 'tier', operator: 'In', values: ['gold', 'silver'] }] }, labels, true],
    ['In, absent key', { matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] }, labels, false],
    ['NotIn, value listed', { matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['gold'] }] }, labels, false],
    ['NotIn, value not listed', { matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['x'] }] }, labels, true],
    ['NotIn, absent key matches', { matchExpressions: [{ key: 'zone', operator: 'NotIn', values: ['a'] }] }, labels, true],
    ['Exists', { matchExpressions: [{ key: 'app', operator: 'Exists' }] }, labels, true],
    ['Exists, absent', { matchExpressions: [{ key: 'zone', operator: 'Exists' }] }, labels, false],
    ['DoesNotExist', { matchExpressions: [{ key: 'zone', operator: 'DoesNotExist' }] }, labels, true],
    ['DoesNotExist, present', { matchExpressions: [{ key: 'app', operator: 'DoesNotExist' }] }, labels, false],
    [
      'labels and expressions ANDed',
      { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['bronze'] }] },
      labels,
      false,
    ],
    ['empty label value', { matchLabels: { flag: '' } }, { flag: '' }, true],
    ['object prototype members are not labels', { matchExpressions: [{ key: 'constructor', operator: 'Exists' }] }, {}, false],
    ['invalid selector matches nothing', { matchExpressions: [{ key: 'app', operator: 'In', values: [] }] }, labels, false],
  ];
  it.each(table)('%s', (_name, selector, objectLabels, expected) => {
    expect(labelSelectorMatches(selector, objectLabels)).toBe(expected);
  });
});

describe('selector validation (labels.NewRequirement)', () => {
  const invalid: [string, LabelSelector][] = [
    ['In needs values', { matchExpressions: [{ key: 'a', operator: 'In', values: [] }] }],
    ['NotIn needs values', { matchExpressions: [{ key: 'a', operator: 'NotIn' }] }],
    ['Exists takes no values', { matchExpressions: [{ key: 'a', operator: 'Exists', values: ['x'] }] }],
    ['DoesNotExist takes no values', { matchExpressions: [{ key: 'a', operator: 'DoesNotExist', values: ['x'] }] }],
    ['unknown operator', { matchExpressions: [{ key: 'a', operator: 'Gt' as 'In', values: ['1'] }] }],
    ['key with spaces', { matchLabels: { 'a b': 'x' } }],
    ['empty key', { matchLabels: { '': 'x' } }],
    ['key with two slashes', { matchLabels: { 'a/b/c': 'x' } }],
    ['uppercase prefix', { matchLabels: { 'Example.com/a': 'x' } }],
    ['name part too long', { matchLabels: { ['k'.repeat(64)]: 'x' } }],
    ['value too long', { matchLabels: { k: 'v'.repeat(64) } }],
    ['value with a space', { matchLabels: { k: 'a b' } }],
    ['value ending in a dash', { matchLabels: { k: 'a-' } }],
  ];
  it.each(invalid)('%s is rejected', (_name, selector) => {
    const parsed = parseLabelSelector(selector);
    expect(parsed.ok).toBe(false);
  });

  it('names the bad operator', () => {
    const parsed = parseLabelSelector({ matchExpressions: [{ key: 'a', operator: 'Gt' as 'In', values: ['1'] }] });
    expect(parsed).toEqual({ ok: false, error: '"Gt" is not a valid label selector operator' });
  });

  it.each([
    ['a'],
    ['a.b-c_d'],
    ['example.com/a'],
    ['rbac.authorization.k8s.io/aggregate-to-admin'],
    ['k'.repeat(63)],
  ])('accepts key %s', (key) => {
    expect(parseLabelSelector({ matchLabels: { [key]: 'true' } }).ok).toBe(true);
  });
});
