import { describe, expect, it } from 'vitest';
import {
  completeImpersonatedUser,
  parseServiceAccountUsername,
  serviceAccountUser,
  serviceAccountUsername,
} from '../../src/rbac/identity.js';

describe('completeImpersonatedUser (apiserver impersonation filter)', () => {
  const table: { as: string; asGroups: string[]; groups: string[] }[] = [
    // service accounts without --as-group get their fixed groups
    {
      as: 'system:serviceaccount:ns:n',
      asGroups: [],
      groups: ['system:serviceaccounts', 'system:serviceaccounts:ns', 'system:authenticated'],
    },
    // with --as-group, only the given groups (plus system:authenticated)
    { as: 'system:serviceaccount:ns:n', asGroups: ['devs'], groups: ['devs', 'system:authenticated'] },
    { as: 'system:serviceaccount:ns:n', asGroups: ['system:authenticated'], groups: ['system:authenticated'] },
    // a user name that is not a valid SA name is an ordinary user
    { as: 'system:serviceaccount:NS:n', asGroups: [], groups: ['system:authenticated'] },
    { as: 'system:serviceaccount:ns:n:extra', asGroups: [], groups: ['system:authenticated'] },
    { as: 'system:serviceaccount:ns', asGroups: [], groups: ['system:authenticated'] },
    { as: 'system:serviceaccount::n', asGroups: [], groups: ['system:authenticated'] },
    { as: 'system:serviceaccount:ns:Bad_Name', asGroups: [], groups: ['system:authenticated'] },
    // ordinary users
    { as: 'alice', asGroups: [], groups: ['system:authenticated'] },
    { as: 'alice', asGroups: ['a', 'b'], groups: ['a', 'b', 'system:authenticated'] },
    { as: 'alice', asGroups: ['system:authenticated', 'a'], groups: ['system:authenticated', 'a'] },
    { as: 'alice', asGroups: ['system:unauthenticated'], groups: ['system:unauthenticated'] },
    { as: 'alice', asGroups: ['system:masters'], groups: ['system:masters', 'system:authenticated'] },
    // anonymous never gets system:authenticated added
    { as: 'system:anonymous', asGroups: [], groups: ['system:unauthenticated'] },
    { as: 'system:anonymous', asGroups: ['x'], groups: ['x', 'system:unauthenticated'] },
    { as: 'system:anonymous', asGroups: ['system:unauthenticated'], groups: ['system:unauthenticated'] },
    { as: 'system:anonymous', asGroups: ['system:authenticated'], groups: ['system:authenticated', 'system:unauthenticated'] },
  ];
  it.each(table)('--as $as --as-group $asGroups', ({ as, asGroups, groups }) => {
    const u = completeImpersonatedUser(as, asGroups);
    expect(u.name).toBe(as);
    expect(u.groups).toEqual(groups);
  });

  it('keeps uid and extra', () => {
    const u = completeImpersonatedUser('alice', [], { uid: '42', extra: { scopes: ['a'] } });
    expect(u.uid).toBe('42');
    expect(u.extra).toEqual({ scopes: ['a'] });
  });

  it('does not mutate the given groups', () => {
    const given = ['a'];
    completeImpersonatedUser('alice', given);
    expect(given).toEqual(['a']);
  });
});

describe('service account helpers', () => {
  it('builds the user name', () => {
    expect(serviceAccountUsername('kube-system', 'default')).toBe('system:serviceaccount:kube-system:default');
  });

  it('builds the authenticated identity of a token', () => {
    expect(serviceAccountUser('ci', 'runner')).toEqual({
      name: 'system:serviceaccount:ci:runner',
      groups: ['system:serviceaccounts', 'system:serviceaccounts:ci', 'system:authenticated'],
    });
  });

  it.each([
    ['system:serviceaccount:ns:n', { namespace: 'ns', name: 'n' }],
    ['system:serviceaccount:kube-system:a.b-c', { namespace: 'kube-system', name: 'a.b-c' }],
    ['system:serviceaccount:ns:n:x', undefined],
    ['system:serviceaccount:ns', undefined],
    ['system:serviceaccount::n', undefined],
    ['system:serviceaccount:ns:', undefined],
    ['system:serviceaccount:a.b:n', undefined], // namespaces are DNS labels: no dots
    [`system:serviceaccount:${'n'.repeat(64)}:x`, undefined],
    ['system:serviceaccounts:ns', undefined],
    ['alice', undefined],
  ])('parses %s', (username, expected) => {
    expect(parseServiceAccountUsername(username)).toEqual(expected);
  });
});
