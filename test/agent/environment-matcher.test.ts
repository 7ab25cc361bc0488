import { describe, expect, it } from 'vitest';
import {
  describeEnvironmentPattern,
  environmentMatches,
  matchEnvironment,
  MAX_ENVIRONMENT_NAME_LENGTH,
} from '../../src/agent/environment-matcher.js';

describe('environmentMatches: GitLab semantics', () => {
  const table: [pattern: string, name: string, expected: boolean][] = [
    // exact equality
    ['production', 'production', true],
    ['production', 'Production', false],
    ['prod', 'preprod', false], // no '*': exact only
    ['review/app', 'review/app', true],
    // '*' → '.*', unanchored
    ['prod*', 'prod', true],
    ['prod*', 'production', true],
    ['prod*', 'preprod', true], // the famous surprise
    ['review/*', 'review/feature-1', true],
    ['review/*', 'old-review/x', true],
    ['*-prod', 'eu-prod', true],
    ['*-prod', 'eu-prod-old', true],
    ['*', 'anything', true],
    ['*', '', true],
    ['staging*', 'prod', false],
    // author-written anchors work
    ['^prod*', 'preprod', false],
    ['^prod*', 'production', true],
    ['^prod*$', 'production', true],
    ['*-prod$', 'eu-prod-old', false],
    ['\\Aprod*\\z', 'preprod', false],
    // metacharacters are regex syntax once the pattern has '*'
    ['app.v1*', 'appXv1', true],
    ['app.v1', 'appXv1', false], // exact: literal dot
    ['app.v1', 'app.v1', true],
    ['a+b*', 'aaab', true],
    ['colou?r*', 'color', true],
    ['(prod|staging)*', 'staging-eu', true],
    ['[ps]rod*', 'srod', true],
    ['[ps]rod*', 'trod', false],
    ['env\\.1*', 'envX1', false],
    ['env\\.1*', 'env.1', true],
    // literal '*' cannot be written: '\*' becomes '\.*' (a literal dot, repeated)
    ['a\\*', 'a*', true], // exact match wins first
    ['a\\*b', 'a..b', true],
    ['a\\*b', 'axb', false],
    // Ruby-specific syntax
    ['\\h\\h*', 'ff', true],
    ['\\h\\h*', 'zz', false],
    ['x{,2}y*', 'y', true],
    ['x{2}?y*', 'y', true], // Ruby: {n}? is an optional exact repeat, not lazy
    ['[[:digit:]]+*', 'v12', true],
    ['(?i)PROD*', 'production', true],
    ['(?i:P)rod*', 'prod', true],
    ['x(?i)b|c*', 'xC', true], // Onigmo: x(?i:b|c.*)
    ['x(?i)b|c*', 'c', false],
    ['[]a]*', ']', true], // ']' first in a class is literal
    ['(?<n>prod)*', 'prod', true],
    ["(?'n'prod)*", 'prod', true],
    ['prod(?=uction)*', 'production', true],
    ['(?<!pre)prod*', 'preprod', false],
    ['(?<!pre)prod*', 'prod', true],
    ['(?#comment)prod*', 'prod', true],
    ['^prod*', 'x\nprod', true], // ^ is a line anchor in Ruby
    ['\\Aprod*', 'x\nprod', false],
    ['p.d*', 'p\nd', false], // '.' does not match a newline
  ];
  it.each(table)('%j vs %j → %s', (pattern, name, expected) => {
    expect(environmentMatches(pattern, name)).toBe(expected);
  });
});

describe('matchEnvironment: statuses', () => {
  it('blank patterns never match, even an equal name', () => {
    expect(matchEnvironment('  ', '  ')).toEqual({ matched: false, status: 'blank-pattern' });
    expect(matchEnvironment('', '')).toEqual({ matched: false, status: 'blank-pattern' });
  });

  it('an invalid regex never matches and says so', () => {
    for (const p of ['pr(od*', '[prod*', '*)', '+x*', 'a{3,1}*', '*\\', '[z-a]*', '^+*']) {
      const r = matchEnvironment(p, 'prod');
      expect(r.matched, p).toBe(false);
      expect(r.status, p).toBe('invalid');
    }
  });

  it('exact equality wins even for an invalid regex', () => {
    expect(matchEnvironment('pr(od*', 'pr(od*')).toEqual({ matched: true, status: 'ok' });
  });

  it('constructs that need backtracking are reported as unsupported, not guessed', () => {
    for (const p of ['(a)\\1*', '(?>a)*', 'a?+*', '\\k<x>*', '(?x) a*', '[a[b]]*', '[a&&b]*']) {
      expect(matchEnvironment(p, 'a').status, p).toBe('unsupported');
    }
  });

  it('names longer than GitLab allows are not evaluated', () => {
    expect(matchEnvironment('*', 'a'.repeat(MAX_ENVIRONMENT_NAME_LENGTH + 1)).status).toBe('name-too-long');
  });

  it('huge repeat bounds are refused instead of expanded', () => {
    expect(matchEnvironment('a{100000}*', 'a').status).toBe('too-complex');
  });

  it('patterns that make backtracking engines explode finish (linear NFA)', () => {
    // With V8's RegExp this takes minutes on a 255-character name.
    const name = 'a'.repeat(MAX_ENVIRONMENT_NAME_LENGTH);
    expect(matchEnvironment('*a*a*a*a*a*a*a*a*b', name)).toEqual({ matched: false, status: 'ok' });
    expect(matchEnvironment('(a*)*c', name.slice(0, 100) + 'c').matched).toBe(true);
    expect(matchEnvironment('^(a|aa)*x$', name + 'b').matched).toBe(false);
  });
});

describe('describeEnvironmentPattern', () => {
  it('classifies patterns', () => {
    expect(describeEnvironmentPattern('prod')).toMatchObject({ kind: 'exact', metacharacters: [] });
    expect(describeEnvironmentPattern(' ')).toMatchObject({ kind: 'blank' });
    expect(describeEnvironmentPattern('review/*')).toMatchObject({ kind: 'wildcard', status: 'ok', metacharacters: [], anchoredStart: false, anchoredEnd: false });
    expect(describeEnvironmentPattern('^app.v*$')).toMatchObject({ metacharacters: ['.'], anchoredStart: true, anchoredEnd: true });
    expect(describeEnvironmentPattern('a(b)*')).toMatchObject({ metacharacters: ['(', ')'] });
    expect(describeEnvironmentPattern('pr(od*')).toMatchObject({ status: 'invalid' });
  });
});
