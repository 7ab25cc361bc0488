// Aggregation controller conformance (cases of upstream's TestSyncClusterRole) plus the
// fixed point over aggregated roles that select each other, and rule provenance.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aggregateClusterRoles } from '../../src/rbac/aggregate.js';
import { labelSelectorMatches } from '../../src/rbac/selector.js';
import type { LabelSelector, PolicyRule, Role } from '../../src/rbac/types.js';
import { clusterRole, rule } from './builders.js';

const hammer = [rule('hammer', undefined, 'nails'), rule('hammer', undefined, 'wedges')];
const chisel = [rule('chisel', undefined, 'mortises')];
const saw = [rule('saw', undefined, 'boards')];

const labelled = (name: string, labels: Record<string, string>, rules: PolicyRule[]): Role =>
  clusterRole(name, rules, { labels });

const combined = (selectors: (LabelSelector | null)[], rules: PolicyRule[] = []): Role =>
  clusterRole('combined', rules, {
    aggregationRule: { clusterRoleSelectors: selectors as LabelSelector[] },
  });

const sel = (matchLabels: Record<string, string>): LabelSelector => ({ matchLabels });

function effective(roles: Role[], name = 'combined'): readonly PolicyRule[] {
  const result = aggregateClusterRoles(roles);
  const role = result.clusterRoles.find((r) => r.name === name);
  if (role === undefined) throw new Error(`no role ${name}`);
  return role.rules;
}

describe('one controller sync (upstream TestSyncClusterRole cases)', () => {
  const table: { name: string; roles: Role[]; expected: PolicyRule[] }[] = [
    {
      name: 'remove dead rules',
      roles: [labelled('hammer', { foo: 'bar' }, hammer), combined([sel({ foo: 'bar' })], saw)],
      expected: hammer,
    },
    {
      name: 'strip rules',
      roles: [labelled('hammer', { foo: 'not-bar' }, hammer), combined([sel({ foo: 'bar' })], hammer)],
      expected: [],
    },
    {
      name: 'select properly and put in order (sorted by name)',
      roles: [
        labelled('hammer', { foo: 'bar' }, hammer),
        labelled('chisel', { foo: 'bar' }, chisel),
        labelled('saw', { foo: 'not-bar' }, saw),
        combined([sel({ foo: 'bar' })]),
      ],
      expected: [...chisel, ...hammer],
    },
    {
      name: 'select properly with multiple selectors (selector order first)',
      roles: [
        labelled('hammer', { foo: 'bar' }, hammer),
        labelled('chisel', { foo: 'bar' }, chisel),
        labelled('saw', { foo: 'not-bar' }, saw),
        combined([sel({ foo: 'bar' }), sel({ foo: 'not-bar' })]),
      ],
      expected: [...chisel, ...hammer, ...saw],
    },
    {
      name: 'select properly remove duplicates',
      roles: [
        labelled('hammer', { foo: 'bar' }, hammer),
        labelled('chisel', { foo: 'bar' }, chisel),
        labelled('saw', { foo: 'bar' }, saw),
        labelled('other-saw', { foo: 'not-bar' }, saw.map((r) => ({ ...r }))),
        combined([sel({ foo: 'bar' }), sel({ foo: 'not-bar' })]),
      ],
      expected: [...chisel, ...hammer, ...saw],
    },
    {
      name: 'no diff',
      roles: [labelled('hammer', { foo: 'bar' }, hammer), combined([sel({ foo: 'bar' })], hammer)],
      expected: hammer,
    },
    {
      name: 'a later selector re-selecting a role adds nothing new',
      roles: [
        labelled('hammer', { foo: 'bar', x: 'y' }, hammer),
        labelled('saw', { x: 'y' }, saw),
        combined([sel({ foo: 'bar' }), sel({ x: 'y' })]),
      ],
      expected: [...hammer, ...saw],
    },
    {
      name: 'the role never selects itself',
      roles: [{ ...combined([sel({ foo: 'bar' })], saw), labels: { foo: 'bar' } }, labelled('chisel', { foo: 'bar' }, chisel)],
      expected: chisel,
    },
    {
      name: 'an empty selector selects every other ClusterRole',
      roles: [labelled('hammer', {}, hammer), labelled('saw', { any: 'thing' }, saw), combined([{}])],
      expected: [...hammer, ...saw],
    },
    {
      name: 'a null selector entry is an empty selector (entries are passed by address)',
      roles: [labelled('hammer', {}, hammer), combined([null])],
      expected: hammer,
    },
    {
      name: 'no selectors at all aggregate nothing (and stomp declared rules)',
      roles: [labelled('hammer', {}, hammer), combined([], saw)],
      expected: [],
    },
    {
      name: 'matchExpressions: NotIn also selects roles without the key',
      roles: [
        labelled('hammer', { tier: 'gold' }, hammer),
        labelled('saw', {}, saw),
        labelled('chisel', { tier: 'bronze' }, chisel),
        combined([{ matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['gold'] }] }]),
      ],
      expected: [...chisel, ...saw],
    },
  ];

  for (const c of table) {
    it(c.name, () => {
      expect(effective(c.roles)).toEqual(c.expected);
      expect(aggregateClusterRoles(c.roles).errors).toEqual([]);
    });
  }
});

describe('fixed point over aggregated roles', () => {
  // The default policy's shape: admin ⊇ edit ⊇ view, each aggregating labelled extras.
  const toAdmin = { 'rbac.authorization.k8s.io/aggregate-to-admin': 'true' };
  const toEdit = { 'rbac.authorization.k8s.io/aggregate-to-edit': 'true' };
  const toView = { 'rbac.authorization.k8s.io/aggregate-to-view': 'true' };
  const aggregating = (name: string, labels: Record<string, string>, selects: Record<string, string>) =>
    clusterRole(name, [], { labels, aggregationRule: { clusterRoleSelectors: [sel(selects)] } });

  const viewExtra = labelled('system:aggregate-to-view', toView, [rule('get,list,watch', '""', 'pods')]);
  const editExtra = labelled('system:aggregate-to-edit', toEdit, [rule('create,delete', '""', 'pods')]);
  const adminExtra = labelled('system:aggregate-to-admin', toAdmin, [rule('create', 'rbac.authorization.k8s.io', 'rolebindings')]);
  const view = aggregating('view', toEdit, toView);
  const edit = aggregating('edit', toAdmin, toEdit);
  const admin = aggregating('admin', {}, toAdmin);
  const roles = [admin, edit, view, adminExtra, editExtra, viewExtra];

  // admin's selected roles sorted by name: "edit" (already aggregated), then the extra
  const expectedAdmin = [...editExtra.rules, ...viewExtra.rules, ...adminExtra.rules];

  it('propagates through chains whatever the input order', () => {
    expect(effective(roles, 'view')).toEqual(viewExtra.rules);
    expect(effective(roles, 'edit')).toEqual([...editExtra.rules, ...viewExtra.rules]);
    // admin selects edit (its stored, aggregated rules) and system:aggregate-to-admin, by name
    expect(effective(roles, 'admin')).toEqual(expectedAdmin);
    expect(effective([...roles].reverse(), 'admin')).toEqual(expectedAdmin);
    const result = aggregateClusterRoles(roles);
    expect(result.converged).toBe(true);
    expect(result.errors).toEqual([]);
  });

  it('traces every effective rule to the ClusterRole that declares it', () => {
    const result = aggregateClusterRoles(roles);
    const adminEffective = result.clusterRoles.find((r) => r.name === 'admin');
    expect(adminEffective).toBeDefined();
    const provenance = result.provenance.get(adminEffective as Role) ?? [];
    expect(provenance.map((p) => [p.owner.name, p.ownerIndex])).toEqual([
      ['system:aggregate-to-edit', 0],
      ['system:aggregate-to-view', 0],
      ['system:aggregate-to-admin', 0],
    ]);
    provenance.forEach((p, i) => expect(p.owner.rules[p.ownerIndex]).toBe(adminEffective?.rules[i]));
  });

  it('keeps non-aggregated roles as the very same objects', () => {
    const result = aggregateClusterRoles(roles);
    expect(result.clusterRoles).toContain(viewExtra);
    expect(result.clusterRoles).not.toContain(admin);
    expect(result.provenance.size).toBe(3);
  });

  it('keeps the order of the input and lets later duplicates win', () => {
    const replacement = labelled('system:aggregate-to-view', toView, [rule('get', '""', 'secrets')]);
    const result = aggregateClusterRoles([...roles, replacement]);
    expect(result.clusterRoles.map((r) => r.name)).toEqual(roles.map((r) => r.name));
    expect(result.clusterRoles.find((r) => r.name === 'view')?.rules).toEqual(replacement.rules);
  });

  it('settles a selection cycle from the declared rules', () => {
    const a = clusterRole('a', [rule('a', undefined, 'x')], {
      labels: { ring: 'a' },
      aggregationRule: { clusterRoleSelectors: [sel({ ring: 'b' })] },
    });
    const b = clusterRole('b', [rule('b', undefined, 'x')], {
      labels: { ring: 'b' },
      aggregationRule: { clusterRoleSelectors: [sel({ ring: 'a' })] },
    });
    const result = aggregateClusterRoles([a, b]);
    expect(result.converged).toBe(true);
    // a takes b's stored rules first; b then takes a's new rules, which are its own
    expect(result.clusterRoles.map((r) => r.rules)).toEqual([b.rules, b.rules]);
  });
});

describe('selection cycles that never settle', () => {
  const v = (verb: string) => rule(verb, undefined, 'x');
  const cyclic = (name: string, label: string, rules: PolicyRule[], selects: string[]) =>
    clusterRole(name, rules, {
      labels: { l: label },
      aggregationRule: { clusterRoleSelectors: selects.map((l) => sel({ l })) },
    });

  it('only reorders rules: reported, permissions stable', () => {
    const result = aggregateClusterRoles([
      cyclic('a', 'a', [], ['a']),
      cyclic('d', 'd', [v('r1')], ['a']),
      cyclic('c', 'a', [v('r4')], ['d']),
    ]);
    expect(result.converged).toBe(false);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatch(/keeps reordering the rules of .*permissions are stable/);
    for (const role of result.clusterRoles) {
      expect(role.rules.map((r) => r.verbs[0]).sort()).toEqual(['r1', 'r4']);
    }
  });

  it('rules travelling around the cycle: reported, every role keeps what it cycles through', () => {
    const result = aggregateClusterRoles([
      cyclic('e', 'c', [v('r2')], ['a', 'e']),
      cyclic('a', 'a', [v('r1'), v('r2')], ['b']),
      cyclic('c', 'b', [], ['c', 'd']),
      cyclic('b', 'c', [], []),
    ]);
    expect(result.converged).toBe(false);
    expect(result.errors[0]).toMatch(/does not settle .*keep changing/);
    const rulesOf = (name: string) => result.clusterRoles.find((r) => r.name === name)?.rules.map((r) => r.verbs[0]);
    expect(rulesOf('a')).toEqual(['r2']);
    expect(rulesOf('c')).toEqual(['r2']);
    expect(rulesOf('e')).toEqual(['r2']);
    expect(rulesOf('b')).toEqual([]);
  });
});

describe('invalid selectors', () => {
  it.each([
    ['In without values', { matchExpressions: [{ key: 'k', operator: 'In' as const, values: [] }] }],
    ['Exists with values', { matchExpressions: [{ key: 'k', operator: 'Exists' as const, values: ['v'] }] }],
    ['bad key', { matchLabels: { 'not a key': 'v' } }],
    ['bad value', { matchLabels: { k: 'not a value' } }],
  ])('%s: the sync fails, so the role keeps the rules it was stored with', (_name, selector: LabelSelector) => {
    const role = combined([sel({ foo: 'bar' }), selector], saw);
    const result = aggregateClusterRoles([labelled('hammer', { foo: 'bar' }, hammer), role]);
    expect(result.clusterRoles).toContain(role);
    expect(result.clusterRoles.find((r) => r.name === 'combined')?.rules).toEqual(saw);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatch(/^clusterrole "combined": invalid aggregation selector: /);
  });
});

describe('selection through the label index', () => {
  // Candidates are looked up by the key of an In/Exists requirement; the result must be the
  // plain "every role the selectors match" of the controller, for any mix of operators.
  const keys = ['a', 'b', 'c'];
  const values = ['1', '2'];
  const labelsArb = fc.dictionary(fc.constantFrom(...keys), fc.constantFrom(...values), { maxKeys: 3 });
  const requirementArb = fc.oneof(
    fc.record({ key: fc.constantFrom(...keys), operator: fc.constant('In' as const), values: fc.subarray(values, { minLength: 1 }) }),
    fc.record({ key: fc.constantFrom(...keys), operator: fc.constant('NotIn' as const), values: fc.subarray(values, { minLength: 1 }) }),
    fc.record({ key: fc.constantFrom(...keys), operator: fc.constantFrom('Exists' as const, 'DoesNotExist' as const), values: fc.constant([]) }),
  );
  const selectorArb: fc.Arbitrary<LabelSelector> = fc.record({ matchLabels: labelsArb, matchExpressions: fc.array(requirementArb, { maxLength: 2 }) }, { requiredKeys: [] });

  it('selects exactly the roles whose labels match, in name order', () => {
    fc.assert(
      fc.property(fc.array(labelsArb, { minLength: 1, maxLength: 8 }), fc.array(selectorArb, { minLength: 1, maxLength: 3 }), (labelSets, selectors) => {
        const components = labelSets.map((labels, i) => labelled(`r${i}`, labels, [rule('get', undefined, `res${i}`)]));
        const roles = [...components, combined(selectors)];
        const expected = components
          .filter((c) => selectors.some((s) => labelSelectorMatches(s, c.labels ?? {})))
          .sort((x, y) => (x.name < y.name ? -1 : 1));
        // Each component's rule once, grouped by selector then role order: compare as sets.
        const got = effective(roles).map((r) => r.resources[0]).sort();
        expect(got).toEqual(expected.map((c) => c.rules[0]?.resources[0]).sort());
      }),
      { numRuns: 300 },
    );
  });
});
