// Hostile inputs shared by the fuzzer (scripts/fuzz.mjs) and the robustness tests
// (test/robustness/): byte/text mutators, fixed hostile YAML files, batch-line generators,
// secret fixtures and the invariants every kaslint run must keep. Deterministic: every random
// choice comes from a seeded rng (scripts/lib/corpus.mjs createRng).

import { createRng, toYaml } from './corpus.mjs';

// ---------------------------------------------------------------------------------------------
// Secrets (fake, but shaped like the real ones)

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
function fakeToken(prefix, length, seed) {
  const rng = createRng(seed);
  let s = prefix;
  for (let i = 0; i < length; i++) s += ALNUM[rng.int(ALNUM.length)];
  return s;
}

/** A GitLab agent token: `glagent-` and 50 characters. */
export const AGENT_TOKEN = fakeToken('glagent-', 50, 'agent-token');
/** A GitLab runner authentication token: `glrt-` and 27 characters. */
export const RUNNER_TOKEN = fakeToken('glrt-', 27, 'runner-token');
export const SECRETS = [AGENT_TOKEN, RUNNER_TOKEN];

/**
 * Output formats allowed to show whole tokens: none. (Kept as a list so that a format that
 * cannot mask yet can be named here, visibly, instead of weakening the check.)
 */
export const KNOWN_SECRET_LEAK_FORMATS = [];

/** Files with tokens in the places users put them: agent chart values, runner chart values. */
export function secretFiles() {
  return {
    'deploy/gitlab-agent/Chart.yaml': 'apiVersion: v2\nname: gitlab-agent\nversion: 2.6.2\n',
    'deploy/gitlab-agent/values.yaml': `config:\n  kasAddress: wss://kas.gitlab.example.com\n  token: ${AGENT_TOKEN}\nrbac:\n  create: true\n`,
    'deploy/gitlab-runner/Chart.yaml': 'apiVersion: v1\nname: gitlab-runner\nversion: 0.86.0\n',
    'deploy/gitlab-runner/values.yaml': `gitlabUrl: https://gitlab.example.com/\nrunnerToken: ${RUNNER_TOKEN}\nrbac:\n  create: true\n`,
    // Shape-recognised values (no Chart.yaml), with mistakes next to the token so that
    // findings (and code frames) land on the lines around it.
    'values/agent-values.yaml': `config:\n  token: ${AGENT_TOKEN}\n  token: ${AGENT_TOKEN}\n  kasAddress: 42\n`,
    'values/runner-values.yaml': `gitlabUrl: https://gitlab.example.com/\nrunnerToken: ${RUNNER_TOKEN}\nrunnerToken: "${RUNNER_TOKEN}"\nrbac: { create: yes }\n`,
    // A broken document whose syntax error sits on the token's line.
    'values/broken-values.yaml': `config:\n  token: ${AGENT_TOKEN} [\n  kasAddress: wss://x\n`,
    // A manifest that carries a token in a ConfigMap and a Secret's stringData.
    'manifests/leaky.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: leaky\n  name: leaky2\ndata:\n  token: ${AGENT_TOKEN}\n---\napiVersion: v1\nkind: Secret\nmetadata: { name: runner }\nstringData:\n  runner-token: ${RUNNER_TOKEN}\n`,
  };
}

// ---------------------------------------------------------------------------------------------
// Canary files: a clean object and a known finding that must survive whatever else is read.

export const CANARY_DIR = 'zz-canary';
export const CANARY_FILES = {
  [`${CANARY_DIR}/sa.yaml`]: 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: canary\n  namespace: canary\n',
  [`${CANARY_DIR}/dup.yaml`]: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: canary-dup\n  namespace: canary\ndata:\n  a: "1"\n  a: "2"\n',
};
/** The finding the canary must produce, as `ruleId file:line:column`. */
export const CANARY_FINDING = `yaml/duplicate-key ${CANARY_DIR}/dup.yaml:8:3`;

// ---------------------------------------------------------------------------------------------
// Fixed hostile YAML files. Sizes stay well under the default 4 MiB per-file limit unless the
// case is about the limit.

function aliasBomb(levels, width) {
  const lines = ['a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
  for (let i = 1; i < levels; i++) lines.push(`a${i}: &a${i} [${Array.from({ length: width }, () => `*a${i - 1}`).join(', ')}]`);
  return lines.join('\n') + '\n';
}

function deepBlockMap(depth) {
  const lines = [];
  for (let i = 0; i < depth; i++) lines.push(`${' '.repeat(i)}k${i}:`);
  lines.push(`${' '.repeat(depth)}leaf: 1`);
  return lines.join('\n') + '\n';
}

const SA = 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: sa\n  namespace: ns\n';
const ROLE = 'apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: r\n  namespace: ns\nrules:\n  - apiGroups: [""]\n    resources: ["pods"]\n    verbs: ["get"]\n';

/**
 * name → file content (string or Buffer). Each is one hazard from the list.
 * Relative paths; some live under `.gitlab/agents/...` to hit the agent-config reader.
 */
export function hostileFiles() {
  const bigList = Array.from({ length: 20000 }, (_, i) => `  - item${i}`).join('\n');
  return {
    'truncated.yaml': ROLE.slice(0, ROLE.length - 23),
    'random-bytes.yaml': randomBytes(4096, 'random-bytes'),
    'random-text.yaml': randomText(8192, 'random-text'),
    'deep-flow.yaml': '['.repeat(20000) + ']'.repeat(20000) + '\n',
    'deep-flow-map.yaml': '{a: '.repeat(5000) + '1' + '}'.repeat(5000) + '\n',
    'deep-block.yaml': deepBlockMap(1500),
    'deep-seq.yaml': '- '.repeat(5000) + 'x\n',
    // Closing thousands of compact sequences at a document marker recurses in the tokenizer.
    'deep-seq-then-doc.yaml': 'a: 1\n---\n' + '- '.repeat(5000) + 'x\n---\nb: 2\n',
    'long-line.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: long\ndata:\n  k: ${'x'.repeat(1_500_000)}\n`,
    'long-key.yaml': `${'k'.repeat(200_000)}: v\n`,
    'alias-bomb.yaml': aliasBomb(9, 9),
    'alias-bomb-merge.yaml': 'a: &a {x: 1, y: 2}\nb: &b {<<: [*a, *a, *a, *a, *a, *a, *a, *a]}\nc: &c {<<: [*b, *b, *b, *b, *b, *b, *b, *b]}\nd: {<<: [*c, *c, *c, *c, *c, *c, *c, *c]}\n',
    'huge-anchor.yaml': `big: &big\n${bigList}\nrefs: [${Array.from({ length: 60 }, () => '*big').join(', ')}]\n`,
    'self-alias.yaml': 'a: &a [*a]\nb: &b {k: *b}\n',
    'duplicate-keys.yaml': 'apiVersion: v1\napiVersion: v2\nkind: ServiceAccount\nkind: Role\nmetadata:\n  name: a\n  name: b\n  namespace: ns\n',
    'bom.yaml': `\uFEFF${SA}`,
    'crlf.yaml': ROLE.replace(/\n/g, '\r\n'),
    'bom-crlf.yaml': `\uFEFF${ROLE.replace(/\n/g, '\r\n')}`,
    'lone-cr.yaml': ROLE.replace(/\n/g, '\r'),
    'nul.yaml': Buffer.from(`apiVersion: v1\0kind: ServiceAccount\nmetadata: {name: x}\n`),
    'nul-late.yaml': Buffer.concat([Buffer.from(`${'# padding\n'.repeat(1000)}apiVersion: v1\n`), Buffer.from([0]), Buffer.from('kind: ServiceAccount\n')]),
    'invalid-utf8.yaml': Buffer.concat([Buffer.from('apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: '), Buffer.from([0xc3, 0x28, 0xff, 0xfe, 0xed, 0xa0, 0x80]), Buffer.from('\n')]),
    'latin1.yaml': Buffer.from('data:\n  caf\xe9: cr\xe8me\n', 'latin1'),
    'proto-keys.yaml': [
      '__proto__: {polluted: yes}',
      'constructor: {prototype: {polluted: yes}}',
      'prototype: {polluted: yes}',
      'apiVersion: rbac.authorization.k8s.io/v1',
      'kind: ClusterRole',
      'metadata:',
      '  name: proto',
      '  labels: {__proto__: x, constructor: y, hasOwnProperty: z, toString: w}',
      '  __proto__: {namespace: evil}',
      'rules:',
      '  - __proto__: {verbs: ["*"]}',
      '    apiGroups: [""]',
      '    resources: ["pods"]',
      '    verbs: ["get"]',
      '  - {constructor: {prototype: {admin: true}}, apiGroups: ["*"], resources: ["__proto__"], verbs: ["__proto__"]}',
      '',
    ].join('\n'),
    'proto-binding.yaml': 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: __proto__}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: constructor}\nsubjects:\n  - {kind: User, name: __proto__}\n  - {kind: Group, name: constructor}\n  - {kind: ServiceAccount, name: prototype, namespace: __proto__}\n',
    'proto-role-name.yaml': 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: constructor}\nrules: [{apiGroups: [""], resources: ["secrets"], verbs: ["get"]}]\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: __proto__, namespace: __proto__}\nrules: []\n',
    'numbers-for-strings.yaml': 'apiVersion: 1.0\nkind: 12\nmetadata:\n  name: 123\n  namespace: 0x1F\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: 1e3, namespace: 007}\nrules:\n  - apiGroups: [1, null, true]\n    resources: [2.5, .inf]\n    verbs: [yes, no, on, off, 0]\n    resourceNames: [~]\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: 9, namespace: 10}\nroleRef: {apiGroup: 1, kind: 2, name: 3}\nsubjects: [{kind: 4, name: 5, namespace: 6}, 7, null, [8]]\n',
    'wrong-shapes.yaml': 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: []\nrules: {a: 1}\naggregationRule: {clusterRoleSelectors: [{matchLabels: [1, 2]}, {matchExpressions: [{key: 1, operator: Bogus, values: 3}]}, 7]}\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: x}\nroleRef: []\nsubjects: {kind: User}\n---\napiVersion: v1\nkind: List\nitems: {not: a list}\n---\napiVersion: v1\nkind: RoleList\nitems: [1, null, [], {kind: Role}]\n',
    'yaml11.yaml': 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: on\n  namespace: no\nautomountServiceAccountToken: yes\n',
    'tags.yaml': 'a: !!binary aGVsbG8=\nb: !!set {x, y}\nc: !!omap [a: 1]\nd: !custom {x: 1}\ne: !!js/function "function(){}"\nf: !!timestamp 2001-12-14t21:59:43.10-05:00\ng: !!float NaN\nh: !<tag:yaml.org,2002:str> x\n',
    'numbers.yaml': `a: 1e400\nb: -1e400\nc: 0x${'f'.repeat(1000)}\nd: ${'9'.repeat(5000)}\ne: 0o777777777777777777777\nf: .nan\ng: 1_000_000\nh: 0b1010\n`,
    'many-docs.yaml': '---\n'.repeat(10000),
    'many-small-docs.yaml': Array.from({ length: 1000 }, (_, i) => `---\napiVersion: v1\nkind: ServiceAccount\nmetadata: {name: s${i}, namespace: ns}\n`).join(''),
    'empty.yaml': '',
    'whitespace.yaml': '   \n\t\n  \n',
    'comments.yaml': '# only\n# comments\n',
    'doc-markers.yaml': '---\n...\n---\n...\n--- |\n  literal\n...\n',
    'template.yaml': 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: {{ .Values.name }}\n',
    'conflict.yaml': 'a: 1\n<<<<<<< HEAD\nb: 2\n=======\nb: 3\n>>>>>>> branch\n',
    'complex-keys.yaml': '? [a, b]\n: c\n? {x: 1}\n: d\n~: null-key\n[1, 2]: flow\n',
    'tabs.yaml': 'a:\n\tb: 1\n',
    'directives.yaml': '%YAML 1.1\n%TAG ! tag:example.com,2000:\n---\na: !foo 1\n',
    'bad-directive.yaml': '%YAML 9.9\n%BOGUS\n---\na: 1\n',
    'unterminated.yaml': 'a: "unterminated\nb: \'also\nc: [1, 2\nd: {x: 1\n',
    'block-scalars.yaml': `a: |${'9'.repeat(50)}\n  x\nb: >-\n${'  folded line\n'.repeat(5000)}`,
    'json-deep.json': '{"a":'.repeat(3000) + '1' + '}'.repeat(3000),
    'json-dup.json': '{"apiVersion":"v1","kind":"ServiceAccount","kind":"Role","metadata":{"name":"a","name":"b"},"__proto__":{"x":1}}',
    'unicode.yaml': 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: "\\u202e\\u0000\\ud800"\n  namespace: "名前空間"\n  labels: {"🙂": "\\x1b[31mred"}\n',
    'crd-hostile.yaml': 'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: x}\nspec:\n  group: 7\n  names: {plural: "", kind: null, shortNames: [1, "__proto__"]}\n  scope: Sideways\n  versions: [null, {name: 1}, {}]\n---\napiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: __proto__.example.com}\nspec:\n  group: example.com\n  names: {plural: __proto__, kind: Proto, singular: constructor}\n  scope: Namespaced\n  versions: [{name: v1, served: true, storage: true}]\n',
    '.gitlab/agents/hostile/config.yaml': 'ci_access:\n  projects:\n    - id: 12345\n      access_as: {agent: {}, ci_job: {}}\n      environments: ["(a+)+*", "${{x}}", 7]\n    - id: ""\n    - __proto__: {id: evil}\n  groups: {not: a list}\n  instance: []\nuser_access: {access_as: {user: {}}, projects: [{id: [1]}]}\nobservability: {logging: {level: LOUD, grpc_level: 5}}\nunknown_key: 1\n',
    '.gitlab/agents/proto/config.yaml': '__proto__: {ci_access: {projects: [{id: evil/project}]}}\nconstructor: 1\n',
    '.gitlab/agents/a b/config.yaml': 'ci_access: {projects: [{id: a/b}]}\n',
    '.gitlab/agents/empty/config.yaml': '',
    '.gitlab/agents/scalar/config.yaml': '42\n',
    'charts/agent/Chart.yaml': 'apiVersion: v2\nname: gitlab-agent\nversion: "x.y"\n',
    'charts/agent/values.yaml': 'config: {kasAddress: 42, token: [1], __proto__: {token: evil}}\nrbac: {create: "yes", useExistingRole: 5}\nserviceAccount: {create: no, name: 12}\nextraArgs: {a: 1}\n',
    'charts/runner/Chart.yaml': 'apiVersion: v1\nname: gitlab-runner\nversion: 0.86.0\n',
    'charts/runner/values.yaml': 'gitlabUrl: 5\nrbac: {create: true, clusterWideAccess: "true", rules: [{apiGroups: 1}, null, {verbs: [[]]}]}\nrunners: {config: 7, jobNamespace: "UPPER"}\n',
    '.gitlab-ci.yml': `deploy:\n  script:\n    - kubectl config use-context ${'a/'.repeat(500)}x:agent\n    - "${'\\\\'.repeat(2000)}"\n  variables: {KUBE_CONTEXT: [1]}\n`,
    '.kaslint-like.yaml': 'ignore: 5\nrules: {__proto__: {x: off}}\n',
  };
}

function randomBytes(n, seed) {
  const rng = createRng(seed);
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = rng.int(256);
  return b;
}

const YAML_CHARS = ['a', 'b', ':', ' ', '-', '\n', '[', ']', '{', '}', ',', '&', '*', '!', '|', '>', '"', "'", '#', '%', '@', '`', '?', '\t', '\\', '0', '.', '~', '<', '='];
function randomText(n, seed) {
  const rng = createRng(seed);
  let s = '';
  for (let i = 0; i < n; i++) s += rng.pick(YAML_CHARS);
  return s;
}

// ---------------------------------------------------------------------------------------------
// Mutators: (Buffer, rng) → Buffer. Each is bounded in the size it adds.

const INSERTS = [
  '\n---\n',
  '\n...\n',
  ': ',
  '- ',
  '&a ',
  '*a',
  '<<: *a\n',
  '!!binary ',
  '{{ .Values.x }}',
  '\n<<<<<<< HEAD\n',
  '"',
  "'",
  '[',
  ']',
  '{',
  '}',
  '\t',
  '\r',
  '\r\n',
  '\uFEFF',
  '\u0000',
  '#',
  '|\n',
  '>-\n',
  '? ',
  '%YAML 1.1\n',
  '__proto__: {polluted: true}\n',
  'constructor: {prototype: {polluted: true}}\n',
  'prototype: 1\n',
  ' on',
  ' no',
  ' 0x1F',
  ' 1e999',
  ' ~',
  ' .nan',
];

/** Mutators: name → (bytes, rng) → bytes. */
export const MUTATORS = {
  truncate: (b, rng) => b.subarray(0, rng.int(b.length + 1)),
  'flip-bytes': (b, rng) => {
    const out = Buffer.from(b);
    const n = 1 + rng.int(8);
    for (let i = 0; i < n && out.length > 0; i++) out[rng.int(out.length)] = rng.int(256);
    return out;
  },
  'insert-random-bytes': (b, rng) => splice(b, rng.int(b.length + 1), 0, randomBytes(1 + rng.int(64), `${rng.next()}`)),
  'insert-token': (b, rng) => splice(b, rng.int(b.length + 1), 0, Buffer.from(rng.pick(INSERTS))),
  'delete-range': (b, rng) => {
    const at = rng.int(b.length + 1);
    return splice(b, at, rng.int(Math.min(200, b.length - at) + 1), Buffer.alloc(0));
  },
  'duplicate-line': (b, rng) => {
    const lines = b.toString('latin1').split('\n');
    const i = rng.int(lines.length);
    lines.splice(i, 0, lines[i] ?? '');
    return Buffer.from(lines.join('\n'), 'latin1');
  },
  'swap-lines': (b, rng) => {
    const lines = b.toString('latin1').split('\n');
    const i = rng.int(lines.length);
    const j = rng.int(lines.length);
    const t = lines[i];
    lines[i] = lines[j];
    lines[j] = t;
    return Buffer.from(lines.join('\n'), 'latin1');
  },
  'indent-shift': (b, rng) => {
    const lines = b.toString('latin1').split('\n');
    const i = rng.int(lines.length);
    lines[i] = rng.chance(0.5) ? ` ${lines[i]}` : (lines[i] ?? '').replace(/^ /, '');
    return Buffer.from(lines.join('\n'), 'latin1');
  },
  'deep-nesting': (b, rng) => {
    const depth = 100 + rng.int(3000);
    return splice(b, rng.int(b.length + 1), 0, Buffer.from(`\nx: ${'['.repeat(depth)}${']'.repeat(rng.chance(0.5) ? depth : rng.int(depth))}\n`));
  },
  'long-line': (b, rng) => splice(b, rng.int(b.length + 1), 0, Buffer.from(rng.pick(['a', ' ', '-', ':', '"', '\\', '#']).repeat(1000 + rng.int(200_000)))),
  'alias-bomb': (b) => Buffer.concat([b, Buffer.from('\n---\n' + aliasBomb(8, 8))]),
  'huge-anchor': (b, rng) => Buffer.concat([b, Buffer.from(`\n---\nbig: &big [${Array.from({ length: 2000 + rng.int(5000) }, (_, i) => i).join(',')}]\nrefs: [${Array.from({ length: 50 }, () => '*big').join(',')}]\n`)]),
  bom: (b) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), b]),
  crlf: (b) => Buffer.from(b.toString('latin1').replace(/\n/g, '\r\n'), 'latin1'),
  'nul-byte': (b, rng) => splice(b, rng.int(b.length + 1), 0, Buffer.from([0])),
  'invalid-utf8': (b, rng) => splice(b, rng.int(b.length + 1), 0, Buffer.from(rng.pick([[0xff], [0xc3, 0x28], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80], [0xe2, 0x82]]))),
  'proto-keys': (b, rng) => {
    const text = b.toString('utf8');
    const key = rng.pick(['__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'toString', 'valueOf']);
    // Replace a random key with a prototype-ish one, or add one at the top.
    const keys = [...text.matchAll(/^( *)([A-Za-z_][\w.-]*):/gm)];
    if (keys.length > 0 && rng.chance(0.7)) {
      const m = rng.pick(keys);
      const at = (m.index ?? 0) + (m[1]?.length ?? 0);
      return Buffer.from(text.slice(0, at) + key + text.slice(at + (m[2]?.length ?? 0)));
    }
    return Buffer.from(`${key}: {polluted: true, admin: true}\n${text}`);
  },
  'number-for-string': (b, rng) => {
    const text = b.toString('utf8');
    const vals = [...text.matchAll(/: ([A-Za-z][\w.:/@-]*)$/gm)];
    if (vals.length === 0) return b;
    const m = rng.pick(vals);
    const at = (m.index ?? 0) + 2;
    return Buffer.from(text.slice(0, at) + rng.pick(['12345', '0x1F', '1e3', '007', 'yes', 'no', 'null', '[]', '{}', '.inf', '-0']) + text.slice(at + (m[1]?.length ?? 0)));
  },
};

export const MUTATOR_NAMES = Object.keys(MUTATORS);

function splice(b, at, del, insert) {
  return Buffer.concat([b.subarray(0, at), insert, b.subarray(Math.min(b.length, at + del))]);
}

/** Apply 1..maxOps random mutators; returns the bytes and the names applied. */
export function mutate(bytes, rng, maxOps = 3) {
  let b = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes);
  const ops = [];
  const n = 1 + rng.int(maxOps);
  for (let i = 0; i < n; i++) {
    const name = rng.pick(MUTATOR_NAMES);
    b = MUTATORS[name](b, rng);
    ops.push(name);
  }
  return { bytes: b, ops };
}

// ---------------------------------------------------------------------------------------------
// Batch lines

const BATCH_FIELDS = ['user', 'groups', 'verb', 'group', 'resource', 'subresource', 'name', 'namespace', 'nonResourceURL'];
const ODD_VALUES = [null, 1, -0, 1e308, true, false, [], {}, [1], ['a', 2], '', ' ', '*', '__proto__', 'constructor', 'a'.repeat(10000), '\u0000', '\ud800', 'system:masters', 'system:serviceaccount:ns:sa', 'system:serviceaccount:', '/metrics', '/*'];

/** One hostile batch line (may be invalid JSON, empty, or huge). */
export function hostileBatchLine(rng) {
  const r = rng.next();
  if (r < 0.05) return '';
  if (r < 0.1) return rng.pick(['{', '}', '[]', 'null', '1', '"x"', '{"user":', 'not json', '\r', '\u0000', '{"user":"a","verb":"get","resource":"pods"}\r', ' {"user":"a"} ', '{"__proto__":{"allowed":true},"user":"a","verb":"get","resource":"pods"}', '{"constructor":{"prototype":{"allowed":true}}}']);
  if (r < 0.13) return '{"a":'.repeat(2000) + '1' + '}'.repeat(2000);
  const q = {};
  for (const f of BATCH_FIELDS) {
    const p = rng.next();
    if (p < 0.4) continue;
    if (p < 0.85) q[f] = f === 'groups' ? ['system:authenticated', `g${rng.int(5)}`] : f === 'user' ? rng.pick(['alice', 'system:serviceaccount:ns:sa', 'system:anonymous']) : rng.pick(['get', 'pods', 'apps', 'ns', '', 'scale', 'web']);
    else q[f] = rng.pick(ODD_VALUES);
  }
  let line = JSON.stringify(q);
  if (rng.chance(0.1)) line = line.replace('{', '{"__proto__":{"allowed":true},');
  return line;
}

export function hostileBatchLines(rng, n) {
  return Array.from({ length: n }, () => hostileBatchLine(rng));
}

// ---------------------------------------------------------------------------------------------
// Invariants

const STACK_LINE = /^\s+at .+(?:\(.*:\d+:\d+\)|:\d+:\d+)\s*$/m;

/**
 * The invariants of one CLI run: returns a list of violations (empty when fine).
 * run: { argv, code, out, err, written: Map|Record of path → text }.
 */
export function checkRunInvariants(run) {
  const violations = [];
  if (![0, 1, 2].includes(run.code)) violations.push(`exit code ${String(run.code)} not in {0,1,2}`);
  if (STACK_LINE.test(run.err) || STACK_LINE.test(run.out)) violations.push('stack trace in output');
  const errorLines = run.err.split('\n').filter((l) => l.startsWith('error:'));
  if (errorLines.length > 1) violations.push(`${errorLines.length} "error:" lines on stderr`);
  if (/internal error/i.test(run.err)) violations.push(`internal error: ${run.err.split('\n').find((l) => /internal error/i.test(l))}`);
  return violations;
}

/** Whole tokens found in any of the texts (for the secrets invariant). */
export function leakedSecrets(texts, secrets = SECRETS) {
  const found = [];
  for (const s of secrets) if (texts.some((t) => t.includes(s))) found.push(s.slice(0, 12) + '…');
  return found;
}

/** Own keys added to the built-in prototypes since `snapshotPrototypes()`. */
export function snapshotPrototypes() {
  const protos = { Object: Object.prototype, Array: Array.prototype, String: String.prototype, Function: Function.prototype, Number: Number.prototype };
  const snap = {};
  for (const [k, p] of Object.entries(protos)) snap[k] = Reflect.ownKeys(p).map(String).sort().join(',');
  return () => {
    const changed = [];
    for (const [k, p] of Object.entries(protos)) {
      const now = Reflect.ownKeys(p).map(String).sort().join(',');
      if (now !== snap[k]) changed.push(`${k}.prototype: ${now.split(',').filter((x) => !snap[k].split(',').includes(x)).join(',') || 'keys changed'}`);
    }
    const probe = {};
    for (const key of ['polluted', 'admin', 'allowed', 'x', 'token', 'id']) if (key in probe) changed.push(`({}).${key} is inherited`);
    return changed;
  };
}

/** A values/agent-config document as YAML (re-exported for tests that build their own). */
export { toYaml };
