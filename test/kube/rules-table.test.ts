import { describe, expect, it } from 'vitest';
import type { PolicyRule } from '../../src/rbac/types.js';
import {
  aggregateErrorMessage,
  breakdownRule,
  combineResourceGroup,
  compactRules,
  formatRulesTable,
  formatWarning,
  isNodeIdentity,
  isPrivilegedUser,
  listIncompleteWarning,
  privilegedGroupReviewRules,
  ruleString,
  rulesReviewFromPolicyRules,
  rulesReviewWarnings,
  sortRules,
} from '../../src/kube/can-i.js';
import { loadDefaultPolicy } from '../../src/kube/default-policy.js';

function rule(parts: Partial<PolicyRule>): PolicyRule {
  return { verbs: [], apiGroups: [], resources: [], resourceNames: [], nonResourceURLs: [], ...parts };
}

function defaultRules(name: string): readonly PolicyRule[] {
  const role = loadDefaultPolicy('1.37').clusterRoles.find((r) => r.name === name);
  if (!role) throw new Error(`no ClusterRole ${name}`);
  return role.rules;
}

describe('golden: kubectl cani_test TestRunAccessList', () => {
  it('prints the upstream expected output byte for byte', () => {
    const out = formatRulesTable(
      [{ verbs: ['get', 'list'], apiGroups: ['*'], resources: ['pod', 'job'], resourceNames: ['test-resource'] }],
      [{ verbs: ['get'], nonResourceURLs: ['/apis/*', '/version'] }],
    );
    expect(out).toBe(
      'Resources   Non-Resource URLs   Resource Names    Verbs\n' +
        'job.*       []                  [test-resource]   [get list]\n' +
        'pod.*       []                  [test-resource]   [get list]\n' +
        '            [/apis/*]           []                [get]\n' +
        '            [/version]          []                [get]\n',
    );
  });

  it('drops the header with --no-headers and sizes columns from the data only', () => {
    const out = formatRulesTable(
      [{ verbs: ['get', 'list'], apiGroups: ['*'], resources: ['pod', 'job'], resourceNames: ['test-resource'] }],
      [{ verbs: ['get'], nonResourceURLs: ['/apis/*', '/version'] }],
      { noHeaders: true },
    );
    expect(out).toBe(
      'job.*   []           [test-resource]   [get list]\n' +
        'pod.*   []           [test-resource]   [get list]\n' +
        '        [/apis/*]    []                [get]\n' +
        '        [/version]   []                [get]\n',
    );
  });
});

describe('golden: service account with a Role plus the default grants (landscape §5.6)', () => {
  // RBAC order: ClusterRoleBindings (basic-user, discovery, public-info-viewer), then the RoleBinding.
  const role: PolicyRule[] = [
    rule({ apiGroups: ['apps'], resources: ['deployments'], verbs: ['get', 'list', 'watch', 'create', 'update', 'patch'] }),
    rule({ apiGroups: [''], resources: ['configmaps', 'secrets'], verbs: ['get'] }),
    rule({ apiGroups: [''], resources: ['secrets'], resourceNames: ['db-creds', 'tls'], verbs: ['update'] }),
  ];
  const defaults = ['system:basic-user', 'system:discovery', 'system:public-info-viewer'].flatMap(defaultRules);

  it('matches the hand-derived table', () => {
    const review = rulesReviewFromPolicyRules([...defaults, ...role]);
    expect(formatRulesTable(review.resourceRules, review.nonResourceRules)).toBe(
      [
        'Resources                                       Non-Resource URLs   Resource Names   Verbs',
        'selfsubjectreviews.authentication.k8s.io        []                  []               [create]',
        'selfsubjectaccessreviews.authorization.k8s.io   []                  []               [create]',
        'selfsubjectrulesreviews.authorization.k8s.io    []                  []               [create]',
        'deployments.apps                                []                  []               [get list watch create update patch]',
        '                                                [/api/*]            []               [get]',
        '                                                [/api]              []               [get]',
        '                                                [/apis/*]           []               [get]',
        '                                                [/apis]             []               [get]',
        '                                                [/healthz]          []               [get]',
        '                                                [/healthz]          []               [get]',
        '                                                [/livez]            []               [get]',
        '                                                [/livez]            []               [get]',
        '                                                [/openapi/*]        []               [get]',
        '                                                [/openapi]          []               [get]',
        '                                                [/readyz]           []               [get]',
        '                                                [/readyz]           []               [get]',
        '                                                [/version/]         []               [get]',
        '                                                [/version/]         []               [get]',
        '                                                [/version]          []               [get]',
        '                                                [/version]          []               [get]',
        'configmaps                                      []                  []               [get]',
        'secrets                                         []                  []               [get]',
        'secrets                                         []                  [db-creds]       [update]',
        'secrets                                         []                  [tls]            [update]',
        '',
      ].join('\n'),
    );
  });

  it('adds the service-account issuer discovery rows a real ServiceAccount also gets', () => {
    const withIssuer = [...defaults, ...defaultRules('system:service-account-issuer-discovery'), ...role];
    const review = rulesReviewFromPolicyRules(withIssuer);
    expect(formatRulesTable(review.resourceRules, review.nonResourceRules)).toBe(
      [
        'Resources                                       Non-Resource URLs                      Resource Names   Verbs',
        'selfsubjectreviews.authentication.k8s.io        []                                     []               [create]',
        'selfsubjectaccessreviews.authorization.k8s.io   []                                     []               [create]',
        'selfsubjectrulesreviews.authorization.k8s.io    []                                     []               [create]',
        'deployments.apps                                []                                     []               [get list watch create update patch]',
        '                                                [/.well-known/openid-configuration/]   []               [get]',
        '                                                [/.well-known/openid-configuration]    []               [get]',
        '                                                [/api/*]                               []               [get]',
        '                                                [/api]                                 []               [get]',
        '                                                [/apis/*]                              []               [get]',
        '                                                [/apis]                                []               [get]',
        '                                                [/healthz]                             []               [get]',
        '                                                [/healthz]                             []               [get]',
        '                                                [/livez]                               []               [get]',
        '                                                [/livez]                               []               [get]',
        '                                                [/openapi/*]                           []               [get]',
        '                                                [/openapi]                             []               [get]',
        '                                                [/openid/v1/jwks/]                     []               [get]',
        '                                                [/openid/v1/jwks]                      []               [get]',
        '                                                [/readyz]                              []               [get]',
        '                                                [/readyz]                              []               [get]',
        '                                                [/version/]                            []               [get]',
        '                                                [/version/]                            []               [get]',
        '                                                [/version]                             []               [get]',
        '                                                [/version]                             []               [get]',
        'configmaps                                      []                                     []               [get]',
        'secrets                                         []                                     []               [get]',
        'secrets                                         []                                     [db-creds]       [update]',
        'secrets                                         []                                     [tls]            [update]',
        '',
      ].join('\n'),
    );
  });

  it('shows the cluster-admin rows for a system:masters member through RBAC alone', () => {
    const masters = [...defaultRules('cluster-admin'), ...defaultRules('system:basic-user')];
    const review = rulesReviewFromPolicyRules(masters);
    const extra = privilegedGroupReviewRules();
    expect(extra).toEqual({ resourceRules: [], nonResourceRules: [] });
    expect(formatRulesTable([...review.resourceRules, ...extra.resourceRules], [...review.nonResourceRules, ...extra.nonResourceRules])).toBe(
      'Resources                                       Non-Resource URLs   Resource Names   Verbs\n' +
        '*.*                                             []                  []               [*]\n' +
        '                                                [*]                 []               [*]\n' +
        'selfsubjectreviews.authentication.k8s.io        []                  []               [create]\n' +
        'selfsubjectaccessreviews.authorization.k8s.io   []                  []               [create]\n' +
        'selfsubjectrulesreviews.authorization.k8s.io    []                  []               [create]\n',
    );
  });
});

describe('table details', () => {
  it('prints only the header for an empty review, and nothing with --no-headers', () => {
    expect(formatRulesTable([], [])).toBe('Resources   Non-Resource URLs   Resource Names   Verbs\n');
    expect(formatRulesTable([], [], { noHeaders: true })).toBe('');
  });

  it('pads short columns to the minimum width 6 (3 + padding 3 would be less)', () => {
    expect(formatRulesTable([{ verbs: ['get'], apiGroups: [''], resources: ['cm'] }], [], { noHeaders: true })).toBe('cm    []    []    [get]\n');
  });

  it('sorts by verb list first: [*] < [create] < [get list watch] < [get]', () => {
    const out = formatRulesTable(
      [
        { verbs: ['get'], apiGroups: [''], resources: ['a'] },
        { verbs: ['get', 'list', 'watch'], apiGroups: [''], resources: ['b'] },
        { verbs: ['create'], apiGroups: [''], resources: ['c'] },
        { verbs: ['*'], apiGroups: [''], resources: ['d'] },
      ],
      [],
      { noHeaders: true },
    );
    expect(out.split('\n').map((l) => l.split(/\s+/)[0])).toEqual(['d', 'c', 'b', 'a', '']);
  });

  it('sorts by group next: [*] < [] (core) < letters, and non-resource [get] rows before core [get] rows', () => {
    const rows = sortRules([
      rule({ verbs: ['get'], apiGroups: ['apps'], resources: ['deployments'] }),
      rule({ verbs: ['get'], apiGroups: [''], resources: ['configmaps'] }),
      rule({ verbs: ['get'], nonResourceURLs: ['/api'] }),
      rule({ verbs: ['get'], apiGroups: ['*'], resources: ['pods'] }),
      rule({ verbs: ['get'], nonResourceURLs: ['/api/*'] }),
    ]);
    expect(rows.map((r) => combineResourceGroup(r.resources, r.apiGroups) || r.nonResourceURLs[0])).toEqual([
      'pods.*', '/api/*', '/api', 'configmaps', 'deployments.apps',
    ]);
  });

  it('merges verbs in first-seen order without sorting or de-duplicating', () => {
    const out = formatRulesTable(
      [
        { verbs: ['get', 'watch'], apiGroups: [''], resources: ['pods'] },
        { verbs: ['list', 'get'], apiGroups: [''], resources: ['pods'] },
      ],
      [],
      { noHeaders: true },
    );
    expect(out).toBe('pods   []    []    [get watch list get]\n');
  });

  it('keeps duplicate non-resource rows and splits resource names into rows', () => {
    const out = formatRulesTable(
      [{ verbs: ['get'], apiGroups: [''], resources: ['secrets'], resourceNames: ['b', 'a'] }],
      [
        { verbs: ['get'], nonResourceURLs: ['/healthz'] },
        { verbs: ['get'], nonResourceURLs: ['/healthz'] },
      ],
      { noHeaders: true },
    );
    expect(out).toBe(
      '          [/healthz]   []    [get]\n' +
        '          [/healthz]   []    [get]\n' +
        'secrets   []           [a]   [get]\n' +
        'secrets   []           [b]   [get]\n',
    );
  });

  it('drops resource rules without apiGroups, and splits subresources in the Resources cell', () => {
    const out = formatRulesTable(
      [
        { verbs: ['get'], apiGroups: [], resources: ['pods'] },
        { verbs: ['create'], apiGroups: [''], resources: ['pods/exec'] },
        { verbs: ['update'], apiGroups: ['apps'], resources: ['deployments/scale'] },
      ],
      [],
      { noHeaders: true },
    );
    expect(out).toBe('pods/exec                []    []    [create]\ndeployments.apps/scale   []    []    [update]\n');
  });

  it('counts runes, not bytes, for column widths', () => {
    expect(formatRulesTable([{ verbs: ['get'], apiGroups: ['é.io'], resources: ['ü'] }], [], { noHeaders: true })).toBe('ü.é.io   []    []    [get]\n');
  });
});

describe('building blocks', () => {
  it('renders the Go protobuf String() form', () => {
    expect(ruleString(rule({ verbs: ['get', 'list'], resources: ['pods'] }))).toBe(
      '&PolicyRule{Verbs:[get list],APIGroups:[],Resources:[pods],ResourceNames:[],NonResourceURLs:[],}',
    );
  });

  it('breaks rules down per group x resource x verb x name, then URL x verb', () => {
    const parts = breakdownRule(rule({ verbs: ['get', 'list'], apiGroups: ['', 'apps'], resources: ['x'], resourceNames: ['n'], nonResourceURLs: ['/u'] }));
    expect(parts.map(ruleString)).toEqual([
      '&PolicyRule{Verbs:[get],APIGroups:[],Resources:[x],ResourceNames:[n],NonResourceURLs:[],}',
      '&PolicyRule{Verbs:[list],APIGroups:[],Resources:[x],ResourceNames:[n],NonResourceURLs:[],}',
      '&PolicyRule{Verbs:[get],APIGroups:[apps],Resources:[x],ResourceNames:[n],NonResourceURLs:[],}',
      '&PolicyRule{Verbs:[list],APIGroups:[apps],Resources:[x],ResourceNames:[n],NonResourceURLs:[],}',
      '&PolicyRule{Verbs:[get],APIGroups:[],Resources:[],ResourceNames:[],NonResourceURLs:[/u],}',
      '&PolicyRule{Verbs:[list],APIGroups:[],Resources:[],ResourceNames:[],NonResourceURLs:[/u],}',
    ]);
  });

  it('compacts simple rules after the kept ones', () => {
    const rules = compactRules([
      rule({ verbs: ['get'], apiGroups: [''], resources: ['pods'] }),
      rule({ verbs: ['get'], nonResourceURLs: ['/x'] }),
      rule({ verbs: ['list'], apiGroups: [''], resources: ['pods'] }),
      rule({ verbs: ['list'], apiGroups: [''], resources: ['pods'], resourceNames: ['p'] }),
    ]);
    expect(rules.map(ruleString)).toEqual([
      '&PolicyRule{Verbs:[get],APIGroups:[],Resources:[],ResourceNames:[],NonResourceURLs:[/x],}',
      '&PolicyRule{Verbs:[get list],APIGroups:[],Resources:[pods],ResourceNames:[],NonResourceURLs:[],}',
      '&PolicyRule{Verbs:[list],APIGroups:[],Resources:[pods],ResourceNames:[p],NonResourceURLs:[],}',
    ]);
  });

  it('combines resource and group like kubectl describe', () => {
    expect(combineResourceGroup(['pods'], [''])).toBe('pods');
    expect(combineResourceGroup(['pods/log'], [''])).toBe('pods/log');
    expect(combineResourceGroup(['*'], ['*'])).toBe('*.*');
    expect(combineResourceGroup(['deployments/scale'], ['apps'])).toBe('deployments.apps/scale');
    expect(combineResourceGroup([], ['apps'])).toBe('');
    expect(combineResourceGroup(['x'], [])).toBe('x');
  });

  it('splits policy rules into review rules like the RBAC authorizer', () => {
    const both = rule({ verbs: ['get'], apiGroups: [''], resources: ['pods'], nonResourceURLs: ['/x'] });
    const noGroups = rule({ verbs: ['get'], resources: ['pods'] });
    const neither = rule({ verbs: ['get'], apiGroups: ['apps'] });
    expect(rulesReviewFromPolicyRules([both, noGroups, neither])).toEqual({
      resourceRules: [
        { verbs: ['get'], apiGroups: [''], resources: ['pods'], resourceNames: [] },
        { verbs: ['get'], apiGroups: [], resources: ['pods'], resourceNames: [] },
      ],
      nonResourceRules: [{ verbs: ['get'], nonResourceURLs: ['/x'] }],
    });
  });
});

describe('rules review status helpers', () => {
  it('warns only when the review is incomplete, without a trailing newline in the message', () => {
    expect(rulesReviewWarnings({ incomplete: false, evaluationError: 'RBAC: role "x" not found' })).toEqual([]);
    const [w] = rulesReviewWarnings({ incomplete: true, evaluationError: 'node authorizer does not support user rule resolution' });
    expect(w).toBe('the list may be incomplete: node authorizer does not support user rule resolution');
    expect(formatWarning(listIncompleteWarning('boom'), false)).toBe('Warning: the list may be incomplete: boom\n');
  });

  it('recognises privileged users and node identities', () => {
    expect(isPrivilegedUser({ groups: ['system:authenticated', 'system:masters'] })).toBe(true);
    expect(isPrivilegedUser({ groups: ['system:authenticated'] })).toBe(false);
    expect(isNodeIdentity({ name: 'system:node:n1', groups: ['system:nodes'] })).toBe(true);
    expect(isNodeIdentity({ name: 'system:node:', groups: ['system:nodes'] })).toBe(false);
    expect(isNodeIdentity({ name: 'system:node:n1', groups: [] })).toBe(false);
  });

  it('formats error aggregates like apimachinery', () => {
    expect(aggregateErrorMessage([])).toBe('');
    expect(aggregateErrorMessage(['a'])).toBe('a');
    expect(aggregateErrorMessage(['a', 'b', 'a'])).toBe('[a, b]');
  });
});
