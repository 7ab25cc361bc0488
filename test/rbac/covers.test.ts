// Policy comparator conformance: the cases of upstream's policy_comparator_test, as data.

import { describe, expect, it } from 'vitest';
import { breakdownRule, covers, nonResourceURLCovers } from '../../src/rbac/covers.js';
import type { PolicyRule } from '../../src/rbac/types.js';

const r = (fields: Partial<PolicyRule>): PolicyRule => ({
  verbs: [],
  apiGroups: [],
  resources: [],
  resourceNames: [],
  nonResourceURLs: [],
  ...fields,
});

const cases: { name: string; owner: PolicyRule[]; servant: PolicyRule[]; uncovered: PolicyRule[] }[] = [
  {
    name: 'exact match',
    owner: [r({ apiGroups: ['v1'], verbs: ['get'], resources: ['builds'] })],
    servant: [r({ apiGroups: ['v1'], verbs: ['get'], resources: ['builds'] })],
    uncovered: [],
  },
  {
    name: 'multiple rules covering a single rule',
    owner: [
      r({ apiGroups: ['v1'], verbs: ['delete'], resources: ['deployments'] }),
      r({ apiGroups: ['v1'], verbs: ['delete'], resources: ['builds'] }),
      r({ apiGroups: ['v1'], verbs: ['update'], resources: ['builds', 'deployments'] }),
    ],
    servant: [r({ apiGroups: ['v1'], verbs: ['delete', 'update'], resources: ['builds', 'deployments'] })],
    uncovered: [],
  },
  {
    name: 'multiple API groups covering a single rule',
    owner: ['group1', 'group2'].flatMap((g) => [
      r({ apiGroups: [g], verbs: ['delete'], resources: ['deployments'] }),
      r({ apiGroups: [g], verbs: ['delete'], resources: ['builds'] }),
      r({ apiGroups: [g], verbs: ['update'], resources: ['builds', 'deployments'] }),
    ]),
    servant: [r({ apiGroups: ['group1', 'group2'], verbs: ['delete', 'update'], resources: ['builds', 'deployments'] })],
    uncovered: [],
  },
  {
    name: 'single rule covering multiple API groups',
    owner: [r({ apiGroups: ['group1', 'group2'], verbs: ['delete', 'update'], resources: ['builds', 'deployments'] })],
    servant: ['group1', 'group2'].flatMap((g) => [
      r({ apiGroups: [g], verbs: ['delete'], resources: ['deployments'] }),
      r({ apiGroups: [g], verbs: ['update'], resources: ['builds', 'deployments'] }),
    ]),
    uncovered: [],
  },
  {
    name: 'missing a single verb/resource combination',
    owner: [
      r({ apiGroups: ['v1'], verbs: ['delete', 'update'], resources: ['builds', 'deployments'] }),
      r({ apiGroups: ['v1'], verbs: ['delete'], resources: ['pods'] }),
    ],
    servant: [r({ apiGroups: ['v1'], verbs: ['delete', 'update'], resources: ['builds', 'deployments', 'pods'] })],
    uncovered: [r({ apiGroups: ['v1'], verbs: ['update'], resources: ['pods'] })],
  },
  {
    name: 'API group star covers several groups',
    owner: [r({ apiGroups: ['*'], verbs: ['get'], resources: ['roles'] })],
    servant: [r({ apiGroups: ['group1', 'group2'], verbs: ['get'], resources: ['roles'] })],
    uncovered: [],
  },
  {
    name: 'an enumeration does not cover an API group star',
    owner: [r({ apiGroups: ['dummy-group'], verbs: ['get'], resources: ['roles'] })],
    servant: [r({ apiGroups: ['*'], verbs: ['get'], resources: ['roles'] })],
    uncovered: [r({ apiGroups: ['*'], verbs: ['get'], resources: ['roles'] })],
  },
  {
    name: 'API group star covers star',
    owner: [r({ apiGroups: ['*'], verbs: ['get'], resources: ['roles'] })],
    servant: [r({ apiGroups: ['*'], verbs: ['get'], resources: ['roles'] })],
    uncovered: [],
  },
  {
    name: 'verb star covers several verbs',
    owner: [r({ apiGroups: ['v1'], verbs: ['*'], resources: ['roles'] })],
    servant: [r({ apiGroups: ['v1'], verbs: ['watch', 'list'], resources: ['roles'] })],
    uncovered: [],
  },
  {
    name: 'an enumeration of verbs does not cover verb star',
    owner: [r({ apiGroups: ['v1'], verbs: ['get', 'list', 'watch', 'create', 'update', 'delete', 'exec'], resources: ['roles'] })],
    servant: [r({ apiGroups: ['v1'], verbs: ['*'], resources: ['roles'] })],
    uncovered: [r({ apiGroups: ['v1'], verbs: ['*'], resources: ['roles'] })],
  },
  {
    name: 'resource star covers any resource',
    owner: [r({ apiGroups: ['v1'], verbs: ['get'], resources: ['*'] })],
    servant: [r({ apiGroups: ['v1'], verbs: ['get'], resources: ['resourcegroup:deployments', 'pods/log'] })],
    uncovered: [],
  },
  {
    name: 'an enumeration does not cover resource star',
    owner: [r({ apiGroups: ['v1'], verbs: ['get'], resources: ['roles', 'resourcegroup:deployments'] })],
    servant: [r({ apiGroups: ['v1'], verbs: ['get'], resources: ['*'] })],
    uncovered: [r({ apiGroups: ['v1'], verbs: ['get'], resources: ['*'] })],
  },
  {
    name: "'*/sub' covers that subresource of any resource",
    owner: [r({ apiGroups: ['apps'], verbs: ['update'], resources: ['*/scale'] })],
    servant: [r({ apiGroups: ['apps'], verbs: ['update'], resources: ['deployments/scale', 'deployments'] })],
    uncovered: [r({ apiGroups: ['apps'], verbs: ['update'], resources: ['deployments'] })],
  },
  {
    name: "'pods/*' covers only itself",
    owner: [r({ apiGroups: [''], verbs: ['get'], resources: ['pods/*'] })],
    servant: [r({ apiGroups: [''], verbs: ['get'], resources: ['pods/log', 'pods/*'] })],
    uncovered: [r({ apiGroups: [''], verbs: ['get'], resources: ['pods/log'] })],
  },
  {
    name: 'no resourceNames covers named requests',
    owner: [r({ apiGroups: ['v1'], verbs: ['get'], resources: ['pods'] })],
    servant: [r({ apiGroups: ['v1'], verbs: ['get'], resources: ['pods'], resourceNames: ['foo', 'bar'] })],
    uncovered: [],
  },
  {
    name: 'resourceNames do not cover the unnamed rule',
    owner: [r({ apiGroups: ['v1'], verbs: ['get'], resources: ['pods'], resourceNames: ['foo', 'bar'] })],
    servant: [r({ apiGroups: ['v1'], verbs: ['get'], resources: ['pods'] })],
    uncovered: [r({ apiGroups: ['v1'], verbs: ['get'], resources: ['pods'] })],
  },
  {
    name: 'resourceNames cover a subset of names only',
    owner: [r({ apiGroups: ['v1'], verbs: ['get'], resources: ['pods'], resourceNames: ['foo'] })],
    servant: [r({ apiGroups: ['v1'], verbs: ['get'], resources: ['pods'], resourceNames: ['foo', 'bar'] })],
    uncovered: [r({ apiGroups: ['v1'], verbs: ['get'], resources: ['pods'], resourceNames: ['bar'] })],
  },
  {
    name: 'non-resource URLs',
    owner: [r({ nonResourceURLs: ['/apis'], verbs: ['*'] })],
    servant: [r({ nonResourceURLs: ['/apis'], verbs: ['*'] })],
    uncovered: [],
  },
  {
    name: 'non-resource URL star',
    owner: [r({ nonResourceURLs: ['*'], verbs: ['*'] })],
    servant: [r({ nonResourceURLs: ['/apis', '/apis/v1', '/'], verbs: ['*'] })],
    uncovered: [],
  },
  {
    name: 'star after a prefix does not cover the prefix itself',
    owner: [r({ nonResourceURLs: ['/apis/*'], verbs: ['*'] })],
    servant: [r({ nonResourceURLs: ['/apis', '/apis/v1'], verbs: ['get'] })],
    uncovered: [r({ nonResourceURLs: ['/apis'], verbs: ['get'] })],
  },
  {
    name: 'star after a prefix covers what is below',
    owner: [r({ nonResourceURLs: ['/apis/*'], verbs: ['*'] })],
    servant: [r({ nonResourceURLs: ['/apis/v1/foo', '/apis/v1'], verbs: ['get'] })],
    uncovered: [],
  },
  {
    name: 'mixed rule covering a mixed rule',
    owner: [r({ apiGroups: ['v1'], verbs: ['get'], resources: ['builds'], nonResourceURLs: ['/apis'] })],
    servant: [r({ apiGroups: ['v1'], verbs: ['get'], resources: ['builds'], nonResourceURLs: ['/apis'] })],
    uncovered: [],
  },
  {
    name: 'a resource rule does not cover non-resource URLs',
    owner: [r({ apiGroups: ['v1'], verbs: ['get'], resources: ['builds'] })],
    servant: [r({ apiGroups: ['v1'], verbs: ['get'], resources: ['builds'], nonResourceURLs: ['/apis'] })],
    uncovered: [r({ nonResourceURLs: ['/apis'], verbs: ['get'] })],
  },
  {
    // upstream quirk, kept: the URL part of a rule that also lists names needs an unnamed owner rule
    name: 'a rule mixing resourceNames and URLs does not cover itself',
    owner: [r({ verbs: ['get'], resourceNames: ['a'], nonResourceURLs: ['/healthz'] })],
    servant: [r({ verbs: ['get'], resourceNames: ['a'], nonResourceURLs: ['/healthz'] })],
    uncovered: [r({ nonResourceURLs: ['/healthz'], verbs: ['get'] })],
  },
  {
    name: 'a resource rule without apiGroups has nothing to cover',
    owner: [],
    servant: [r({ verbs: ['get'], resources: ['pods'] })],
    uncovered: [],
  },
  {
    name: 'nothing covers something',
    owner: [],
    servant: [r({ apiGroups: [''], verbs: ['get'], resources: ['pods'] })],
    uncovered: [r({ apiGroups: [''], verbs: ['get'], resources: ['pods'] })],
  },
];

describe('covers (upstream policy comparator)', () => {
  for (const c of cases) {
    it(c.name, () => {
      const result = covers(c.owner, c.servant);
      expect(result.uncovered).toEqual(c.uncovered);
      expect(result.covered).toBe(c.uncovered.length === 0);
    });
  }
});

describe('breakdownRule', () => {
  it('expands group × resource × verb × name, then url × verb', () => {
    const rule = r({
      apiGroups: ['', 'apps'],
      resources: ['pods'],
      verbs: ['get', 'list'],
      resourceNames: ['a'],
      nonResourceURLs: ['/x'],
    });
    expect(breakdownRule(rule)).toEqual([
      r({ apiGroups: [''], resources: ['pods'], verbs: ['get'], resourceNames: ['a'] }),
      r({ apiGroups: [''], resources: ['pods'], verbs: ['list'], resourceNames: ['a'] }),
      r({ apiGroups: ['apps'], resources: ['pods'], verbs: ['get'], resourceNames: ['a'] }),
      r({ apiGroups: ['apps'], resources: ['pods'], verbs: ['list'], resourceNames: ['a'] }),
      r({ nonResourceURLs: ['/x'], verbs: ['get'] }),
      r({ nonResourceURLs: ['/x'], verbs: ['list'] }),
    ]);
  });

  it('drops resource rules without apiGroups', () => {
    expect(breakdownRule(r({ resources: ['pods'], verbs: ['get'] }))).toEqual([]);
  });
});

describe('nonResourceURLCovers', () => {
  it.each([
    ['*', '/api', true],
    ['/api', '/api', true],
    ['/apis', '/api', false],
    ['/api/v1', '/api', false],
    ['/api/v1', '/api/v1', true],
    ['/api/*', '/api/v1', true],
    ['/api/*', '/api', false],
    ['/api/*/*', '/api/v1', false],
    ['/*/v1/*', '/api/v1', false],
  ])('(%s, %s) = %s', (owner, requested, expected) => {
    expect(nonResourceURLCovers(owner, requested)).toBe(expected);
  });
});
