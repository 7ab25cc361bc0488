import { describe, expect, it } from 'vitest';
import {
  apiGroupMatches,
  nonResourceURLMatches,
  resourceMatches,
  resourceNameMatches,
  ruleAllows,
  verbMatches,
  type RuleRequest,
} from '../../src/rbac/match.js';
import type { PolicyRule } from '../../src/rbac/types.js';
import { rule, urlRule } from './builders.js';

// Request shorthand: "verb group resource[/sub] [name]" or "verb /url".
function req(spec: string): RuleRequest {
  const [verb = '', target = '', third = '', fourth = ''] = spec.split(' ');
  if (target.startsWith('/')) return { verb, path: target };
  const group = target === '-' ? '' : target;
  const [resource = '', subresource = ''] = third.split('/');
  return { verb, namespace: 'ns', group, resource, subresource, name: fourth };
}

interface Grid {
  readonly name: string;
  readonly rule: PolicyRule;
  readonly expect: Readonly<Record<string, boolean>>;
}

// The grids of upstream's TestRuleMatches, extended with the cases the product docs call out.
const grids: Grid[] = [
  {
    name: 'star verb, exact match other',
    rule: rule('*', 'group1', 'resource1'),
    expect: {
      'verb1 group1 resource1': true,
      'verb1 group2 resource1': false,
      'verb1 group1 resource2': false,
      'verb1 group2 resource2': false,
      'verb2 group1 resource1': true,
      'verb2 group2 resource1': false,
      'verb2 group1 resource2': false,
      'verb2 group2 resource2': false,
    },
  },
  {
    name: 'star group, exact match other',
    rule: rule('verb1', '*', 'resource1'),
    expect: {
      'verb1 group1 resource1': true,
      'verb1 group2 resource1': true,
      'verb1 group1 resource2': false,
      'verb1 group2 resource2': false,
      'verb2 group1 resource1': false,
      'verb2 group2 resource1': false,
    },
  },
  {
    name: 'star resource, exact match other',
    rule: rule('verb1', 'group1', '*'),
    expect: {
      'verb1 group1 resource1': true,
      'verb1 group2 resource1': false,
      'verb1 group1 resource2': true,
      'verb1 group1 resource2/sub': true,
      'verb2 group1 resource1': false,
    },
  },
  {
    name: 'tuple expansion',
    rule: rule('verb1,verb2', 'group1,group2', 'resource1,resource2'),
    expect: {
      'verb1 group1 resource1': true,
      'verb1 group2 resource1': true,
      'verb1 group1 resource2': true,
      'verb1 group2 resource2': true,
      'verb2 group1 resource1': true,
      'verb2 group2 resource1': true,
      'verb2 group1 resource2': true,
      'verb2 group2 resource2': true,
      'verb3 group1 resource1': false,
      'verb1 group3 resource1': false,
      'verb1 group1 resource3': false,
    },
  },
  {
    name: 'subresource expansion',
    rule: rule('*', '*', 'resource1/subresource1'),
    expect: {
      'verb1 group1 resource1/subresource1': true,
      'verb1 group2 resource1/subresource2': false,
      'verb1 group1 resource2/subresource1': false,
      'verb2 group1 resource1/subresource1': true,
      'verb1 group1 resource1': false,
    },
  },
  {
    name: "'*/sub' matches that subresource of any resource only",
    rule: rule('get', '""', '*/scale'),
    expect: {
      'get - deployments/scale': true,
      'get - replicasets/scale': true,
      'get - deployments': false,
      'get - deployments/status': false,
      'get - scale': false,
    },
  },
  {
    name: "'pods/*' is not a wildcard",
    rule: rule('get', '""', 'pods/*'),
    expect: {
      'get - pods/log': false,
      'get - pods/exec': false,
      'get - pods': false,
      // only a request whose subresource is literally '*'
      'get - pods/*': true,
    },
  },
  {
    name: "'*/*' is not a wildcard",
    rule: rule('get', '""', '*/*'),
    expect: {
      'get - pods/log': false,
      'get - pods': false,
      // '*/*' has the right shape for subresource '*'
      'get - pods/*': true,
    },
  },
  {
    name: "'pods' does not match 'pods/status'",
    rule: rule('get', '""', 'pods'),
    expect: {
      'get - pods': true,
      'get - pods/status': false,
    },
  },
  {
    name: 'resourceNames limit by name; requests without a name never match',
    rule: rule('get,list,delete', '""', 'secrets', { names: 'db-creds,tls' }),
    expect: {
      'get - secrets db-creds': true,
      'get - secrets tls': true,
      'get - secrets other': false,
      'list - secrets': false,
      'delete - secrets tls': true,
      'get - secrets/status tls': false,
    },
  },
  {
    name: 'empty resourceNames allow every name and none',
    rule: rule('get', '""', 'secrets'),
    expect: {
      'get - secrets anything': true,
      'get - secrets': true,
    },
  },
  {
    name: 'request verb/resource "*" match only a literal "*" in the rule',
    rule: rule('get,list', '""', 'pods'),
    expect: {
      '* - pods': false,
      'get - *': false,
    },
  },
  {
    name: 'literal "*" in the rule matches a "*" request',
    rule: rule('*', '""', '*'),
    expect: {
      '* - *': true,
      '* apps *': false,
      'GET - Pods': true,
    },
  },
  {
    name: 'matching is case-sensitive',
    rule: rule('get', '""', 'pods'),
    expect: {
      'GET - pods': false,
      'get - Pods': false,
    },
  },
  {
    name: 'star nonresource, exact match other',
    rule: urlRule('verb1', '*'),
    expect: {
      'verb1 /foo': true,
      'verb1 /foo/bar': true,
      'verb1 /foo/bar/one': true,
      'verb2 /foo': false,
      'verb2 /foo/bar/one': false,
    },
  },
  {
    name: 'star nonresource subpath',
    rule: urlRule('verb1', '/foo/*'),
    expect: {
      'verb1 /foo': false,
      'verb1 /foo/': true,
      'verb1 /foo/bar': true,
      'verb1 /foo/baz/one': true,
      'verb1 /notfoo': false,
      'verb1 /notfoo/bar': false,
    },
  },
  {
    name: 'trailing star without slash is a plain prefix',
    rule: urlRule('get', '/api*'),
    expect: {
      'get /api': true,
      'get /apis': true,
      'get /apis/v1': true,
      'get /ap': false,
    },
  },
  {
    name: 'a star inside a URL is literal',
    rule: urlRule('get', '/*/v1'),
    expect: {
      'get /api/v1': false,
      'get /*/v1': true,
    },
  },
  {
    name: 'star verb, exact nonresource',
    rule: urlRule('*', '/foo,/foo/bar/one'),
    expect: {
      'verb1 /foo': true,
      'verb1 /foo/bar': false,
      'verb1 /foo/bar/one': true,
      'verb2 /foo': true,
      'verb2 /foo/baz/one': false,
    },
  },
  {
    name: 'a mixed rule answers each kind of request from its own fields',
    rule: { verbs: ['get'], apiGroups: ['*'], resources: ['*'], resourceNames: [], nonResourceURLs: ['/healthz'] },
    expect: {
      'get /healthz': true,
      'get /livez': false,
      'get - pods': true,
    },
  },
  {
    name: 'a URL-only rule allows no resource request',
    rule: urlRule('*', '*'),
    expect: {
      'get - pods': false,
      'get /anything': true,
    },
  },
];

describe('ruleAllows grids (upstream TestRuleMatches and friends)', () => {
  for (const grid of grids) {
    describe(grid.name, () => {
      for (const [spec, expected] of Object.entries(grid.expect)) {
        it(`${spec} → ${expected}`, () => {
          expect(ruleAllows(req(spec), grid.rule)).toBe(expected);
        });
      }
    });
  }
});

describe('individual matchers', () => {
  it.each([
    [['get'], 'get', true],
    [['*'], 'anything', true],
    [['get', 'list'], 'list', true],
    [['get'], 'list', false],
    [[], 'get', false],
    [['get'], '*', false],
  ] as const)('verbMatches(%j, %s) = %s', (verbs, verb, expected) => {
    expect(verbMatches({ ...rule(''), verbs }, verb)).toBe(expected);
  });

  it.each([
    [[''], '', true],
    [[''], 'apps', false],
    [['*'], '', true],
    [['apps'], 'apps', true],
    [[], '', false],
  ] as const)('apiGroupMatches(%j, %j) = %s', (apiGroups, group, expected) => {
    expect(apiGroupMatches({ ...rule(''), apiGroups }, group)).toBe(expected);
  });

  it.each([
    [['*'], 'pods/log', 'log', true],
    [['*/log'], 'pods/log', 'log', true],
    [['*/log'], 'pods', '', false],
    [['*/lo'], 'pods/log', 'log', false],
    [['*/blog'], 'pods/log', 'log', false], // the whole subresource, not a suffix of it
    [['x*/log'], 'pods/log', 'log', false],
    [['x/log'], 'pods/log', 'log', false],
    [['pods/log'], 'pods/log', 'log', true],
    [[], 'pods', '', false],
  ] as const)('resourceMatches(%j, %s, %s) = %s', (resources, combined, sub, expected) => {
    expect(resourceMatches({ ...rule(''), resources }, combined, sub)).toBe(expected);
  });

  it.each([
    [[], '', true],
    [[], 'x', true],
    [['x'], '', false],
    [['x'], 'x', true],
    [['x'], 'y', false],
    // upstream compares plainly, so a listed empty name matches a request without name
    [[''], '', true],
  ] as const)('resourceNameMatches(%j, %j) = %s', (resourceNames, name, expected) => {
    expect(resourceNameMatches({ ...rule(''), resourceNames }, name)).toBe(expected);
  });

  it.each([
    [['*'], '/anything', true],
    [['/healthz'], '/healthz', true],
    [['/healthz'], '/healthz/', false],
    [['/healthz*'], '/healthz/etcd', true],
    [['/apis/**'], '/apis/x', true],
    [['/apis/**'], '/apis', false],
    [[], '/', false],
  ] as const)('nonResourceURLMatches(%j, %s) = %s', (nonResourceURLs, url, expected) => {
    expect(nonResourceURLMatches({ ...rule(''), nonResourceURLs }, url)).toBe(expected);
  });
});
