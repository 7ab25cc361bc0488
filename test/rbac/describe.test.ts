import { describe, expect, it } from 'vitest';
import {
  compactString,
  describeBinding,
  describeRuleSource,
  describeSubject,
  ruleString,
} from '../../src/rbac/describe.js';
import { aggregateErrors, clusterRoleNotFound, roleNotFound } from '../../src/rbac/errors.js';
import { compareGoStrings, goQuote } from '../../src/rbac/gostring.js';
import { clusterRole, crb, rb, rule, urlRule } from './builders.js';

describe('ruleString (generated PolicyRule String(), the kubectl --list sort key)', () => {
  it.each([
    [rule('get,list', '""', 'pods'), '&PolicyRule{Verbs:[get list],APIGroups:[],Resources:[pods],ResourceNames:[],NonResourceURLs:[],}'],
    [
      rule('get', '*', 'pod,job', { names: 'test-resource' }),
      '&PolicyRule{Verbs:[get],APIGroups:[*],Resources:[pod job],ResourceNames:[test-resource],NonResourceURLs:[],}',
    ],
    [urlRule('get', '/apis/*,/version'), '&PolicyRule{Verbs:[get],APIGroups:[],Resources:[],ResourceNames:[],NonResourceURLs:[/apis/* /version],}'],
    [rule('get', '"",apps', 'deployments'), '&PolicyRule{Verbs:[get],APIGroups:[ apps],Resources:[deployments],ResourceNames:[],NonResourceURLs:[],}'],
  ])('%#', (r, expected) => {
    expect(ruleString(r)).toBe(expected);
  });

  it('sorts the way kubectl --list does (byte order: "[*]" < "[create]" < "[get list]" < "[get]")', () => {
    const rows = [rule('get', '""', 'pods'), rule('get,list', 'apps', 'x'), rule('create', 'a', 'b'), rule('*', '*', '*')];
    const sorted = [...rows].sort((a, b) => compareGoStrings(ruleString(a), ruleString(b)));
    expect(sorted.map((r) => r.verbs.join(' '))).toEqual(['*', 'create', 'get list', 'get']);
  });
});

describe('compactString (escalation messages)', () => {
  it.each([
    [rule('get,list', '""', 'pods'), '{APIGroups:[""], Resources:["pods"], Verbs:["get" "list"]}'],
    [rule('get', 'apps', 'deployments', { names: 'web' }), '{APIGroups:["apps"], Resources:["deployments"], ResourceNames:["web"], Verbs:["get"]}'],
    [urlRule('get', '/healthz'), '{NonResourceURLs:["/healthz"], Verbs:["get"]}'],
    [rule(''), '{}'],
  ])('%#', (r, expected) => {
    expect(compactString(r)).toBe(expected);
  });
});

describe('describers (the RBAC allow reason)', () => {
  it.each([
    [{ kind: 'User' as const, name: 'alice' }, '', 'User "alice"'],
    [{ kind: 'Group' as const, name: 'system:masters' }, 'ns', 'Group "system:masters"'],
    [{ kind: 'ServiceAccount' as const, name: 'sa' }, 'ns1', 'ServiceAccount "sa/ns1"'],
    [{ kind: 'ServiceAccount' as const, name: 'sa', namespace: 'other' }, 'ns1', 'ServiceAccount "sa/other"'],
    [{ kind: 'ServiceAccount' as const, name: 'sa' }, '', 'ServiceAccount "sa/"'],
  ])('describeSubject(%j, %j)', (subject, ns, expected) => {
    expect(describeSubject(subject, ns)).toBe(expected);
  });

  it('describes a ClusterRoleBinding', () => {
    const b = crb('cluster-admin', 'cluster-admin', 'Group:system:masters');
    expect(describeBinding(b, b.subjects[0] ?? { kind: 'User', name: '' })).toBe(
      'ClusterRoleBinding "cluster-admin" of ClusterRole "cluster-admin" to Group "system:masters"',
    );
  });

  it('describes a RoleBinding with its namespace', () => {
    const b = rb('team', 'deployers', { kind: 'Role', name: 'deployer' }, 'ServiceAccount:ci');
    expect(describeBinding(b, b.subjects[0] ?? { kind: 'User', name: '' })).toBe(
      'RoleBinding "deployers/team" of Role "deployer" to ServiceAccount "ci/team"',
    );
  });

  it('describes a rule source by its matched subject', () => {
    const b = crb('x', 'view', 'User:a', 'User:b');
    const role = clusterRole('view', [rule('get', '""', 'pods')]);
    const base = { binding: b, role, ruleIndex: 0, rule: role.rules[0] ?? rule(''), ruleOwner: role, ruleOwnerIndex: 0 };
    expect(describeRuleSource({ ...base, subjectIndex: 1 })).toBe('ClusterRoleBinding "x" of ClusterRole "view" to User "b"');
    expect(describeRuleSource(base)).toBe('ClusterRoleBinding "x" of ClusterRole "view" to User "a"');
  });
});

describe('Go formatting helpers', () => {
  it.each([
    ['plain', '"plain"'],
    ['a"b', '"a\\"b"'],
    ['back\\slash', '"back\\\\slash"'],
    ['tab\tnew\nline', '"tab\\tnew\\nline"'],
    ['\u0000\u007f', '"\\x00\\x7f"'],
    ['\u00a0', '"\\u00a0"'],
    ['héllo ✓', '"héllo ✓"'],
    ['😀', '"😀"'],
  ])('goQuote(%j)', (input, expected) => {
    expect(goQuote(input)).toBe(expected);
  });

  it('orders strings by code point like Go', () => {
    expect(compareGoStrings('a', 'b')).toBeLessThan(0);
    expect(compareGoStrings('ab', 'a')).toBeGreaterThan(0);
    expect(compareGoStrings('x', 'x')).toBe(0);
    // U+FF5E sorts before U+1F600 in UTF-8, though its UTF-16 unit is larger
    expect(compareGoStrings('\uff5e', '😀')).toBeLessThan(0);
    expect('\uff5e' < '😀').toBe(false);
  });

  it('formats not-found errors like apierrors.NewNotFound', () => {
    expect(roleNotFound('r')).toBe('role.rbac.authorization.k8s.io "r" not found');
    expect(clusterRoleNotFound('c')).toBe('clusterrole.rbac.authorization.k8s.io "c" not found');
  });

  it.each([
    [[], ''],
    [['e1'], 'e1'],
    [['e1', 'e2'], '[e1, e2]'],
    [['e1', 'e1'], 'e1'],
    [['e1', 'e2', 'e1'], '[e1, e2]'],
  ])('aggregateErrors(%j) = %j', (errors, expected) => {
    expect(aggregateErrors(errors)).toBe(expected);
  });
});
