// Deterministic synthetic repositories for the benchmark, the fuzzer and the robustness tests.
//
// Everything here is a pure function of (objects, seed, variant): a seeded PRNG (sfc32 fed by
// a string hash), no Math.random, no clock, no environment. The same arguments give the same
// files, byte for byte, on every machine.
//
// A corpus looks like a platform repository that also holds a dump of cluster RBAC:
//   .gitlab/agents/platform-agent/config.yaml   agent config, 500 ci_access projects
//   deploy/gitlab-agent/{Chart.yaml,values.yaml} values of the gitlab-agent chart
//   deploy/gitlab-runner/{Chart.yaml,values.yaml} values of the gitlab-runner chart
//   crds/*.yaml                                  CustomResourceDefinitions
//   clusters/<cluster>/_cluster/*.yaml           ClusterRoles (incl. aggregation), ClusterRoleBindings, Namespaces
//   clusters/<cluster>/<namespace>/*.yaml        ServiceAccounts, Roles, RoleBindings (many subjects), workloads
// Most files hold 20–50 documents; about one file in ten holds a single object.
//
// `objects` counts YAML documents (the agent config and both values files count one each;
// the two Chart.yaml files are not counted).

import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

// ---------------------------------------------------------------------------------------------
// PRNG

/** xmur3 string hash → four 32-bit seeds. */
function hashSeed(text) {
  let h = 1779033703 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    h = Math.imul(h ^ text.charCodeAt(i), 3432918353);
    h = (h << 13) | (h >>> 19);
  }
  const out = [];
  for (let k = 0; k < 4; k++) {
    h = Math.imul(h ^ (h >>> 16), 2246822507);
    h = Math.imul(h ^ (h >>> 13), 3266489909);
    h ^= h >>> 16;
    out.push(h >>> 0);
  }
  return out;
}

/**
 * A seeded PRNG (sfc32). `fork(label)` gives an independent stream, so adding draws in one
 * part of the generator does not shift every later part.
 */
export function createRng(seed) {
  const seedText = String(seed);
  let [a, b, c, d] = hashSeed(seedText);
  const next = () => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 12; i++) next();
  const rng = {
    seed: seedText,
    /** uniform in [0, 1) */
    next,
    /** integer in [0, n) */
    int: (n) => Math.floor(next() * n),
    /** integer in [lo, hi] */
    range: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    chance: (p) => next() < p,
    pick: (arr) => arr[Math.floor(next() * arr.length)],
    /** k distinct items (k clamped to arr.length), in a random order */
    sample: (arr, k) => {
      const copy = arr.slice();
      const n = Math.min(k, copy.length);
      for (let i = 0; i < n; i++) {
        const j = i + Math.floor(next() * (copy.length - i));
        const tmp = copy[i];
        copy[i] = copy[j];
        copy[j] = tmp;
      }
      return copy.slice(0, n);
    },
    fork: (label) => createRng(`${seedText}/${label}`),
  };
  return rng;
}

// ---------------------------------------------------------------------------------------------
// A tiny YAML emitter for the plain data the generator builds (strings, numbers, booleans,
// arrays, objects). Strings that could be read as anything else are double-quoted (JSON
// escapes are valid YAML double-quoted escapes).

const PLAIN = /^[A-Za-z_/][A-Za-z0-9_./@-]*(?::[A-Za-z0-9_./@-]+)*$/;
const YAML11_WORDS = new Set(['y', 'n', 'yes', 'no', 'on', 'off', 'true', 'false', 'null', '~']);

function scalar(v, inFlow) {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  const s = String(v);
  if (s === '' || !PLAIN.test(s) || YAML11_WORDS.has(s.toLowerCase()) || (inFlow && s.includes(':'))) return JSON.stringify(s);
  return s;
}

function isScalar(v) {
  return v === null || typeof v !== 'object';
}

function emit(value, indent, out) {
  const pad = ' '.repeat(indent);
  if (Array.isArray(value)) {
    for (const item of value) {
      if (isScalar(item)) out.push(`${pad}- ${scalar(item, false)}`);
      else if (Array.isArray(item)) {
        out.push(`${pad}-`);
        emit(item, indent + 2, out);
      } else {
        const lines = [];
        emit(item, indent + 2, lines);
        if (lines.length === 0) out.push(`${pad}- {}`);
        else {
          out.push(`${pad}- ${lines[0].slice(indent + 2)}`);
          for (let i = 1; i < lines.length; i++) out.push(lines[i]);
        }
      }
    }
    return;
  }
  for (const [k, v] of Object.entries(value)) {
    const key = scalar(k, false);
    if (isScalar(v)) out.push(`${pad}${key}: ${scalar(v, false)}`);
    else if (Array.isArray(v)) {
      if (v.length === 0) out.push(`${pad}${key}: []`);
      else if (v.every(isScalar) && v.length <= 12) out.push(`${pad}${key}: [${v.map((x) => scalar(x, true)).join(', ')}]`);
      else {
        out.push(`${pad}${key}:`);
        emit(v, indent + 2, out);
      }
    } else if (Object.keys(v).length === 0) out.push(`${pad}${key}: {}`);
    else {
      out.push(`${pad}${key}:`);
      emit(v, indent + 2, out);
    }
  }
}

/** One YAML document (no `---`), ending with a newline. */
export function toYaml(value) {
  const out = [];
  emit(value, 0, out);
  return out.join('\n') + '\n';
}

/** A multi-document stream. */
export function toYamlStream(values) {
  return values.map((v) => `---\n${toYaml(v)}`).join('');
}

// ---------------------------------------------------------------------------------------------
// Vocabulary

const CORE_RESOURCES = ['pods', 'pods/log', 'services', 'configmaps', 'endpoints', 'persistentvolumeclaims', 'serviceaccounts', 'events'];
/** Risky grants, kept rare so that findings stay at a realistic density (~1% of objects). */
const RISKY_RESOURCES = ['secrets', 'pods/exec', 'pods/attach'];
const GROUP_RESOURCES = {
  '': CORE_RESOURCES,
  apps: ['deployments', 'deployments/scale', 'statefulsets', 'daemonsets', 'replicasets'],
  batch: ['jobs', 'cronjobs'],
  'networking.k8s.io': ['ingresses', 'networkpolicies'],
  'autoscaling': ['horizontalpodautoscalers'],
  'policy': ['poddisruptionbudgets'],
};
const READ_VERBS = ['get', 'list', 'watch'];
const WRITE_VERBS = ['create', 'update', 'patch', 'delete', 'deletecollection'];
const CLUSTER_RESOURCES = [
  ['', 'nodes'],
  ['', 'namespaces'],
  ['', 'persistentvolumes'],
  ['storage.k8s.io', 'storageclasses'],
  ['rbac.authorization.k8s.io', 'clusterroles'],
  ['apiextensions.k8s.io', 'customresourcedefinitions'],
];
const TEAMS = ['payments', 'search', 'identity', 'checkout', 'catalog', 'infra', 'data', 'ml', 'web', 'mobile', 'billing', 'ops'];
const ENVS = ['dev', 'staging', 'prod', 'qa', 'perf'];

const pad4 = (n) => String(n).padStart(4, '0');
const pad5 = (n) => String(n).padStart(5, '0');

// ---------------------------------------------------------------------------------------------
// Generation

/**
 * The counts of each kind for a corpus of `objects` documents (at least 20).
 * Three documents are fixed: agent config, agent values, runner values.
 */
export function kindCounts(objects) {
  const total = Math.max(20, Math.floor(objects));
  const rest = total - 3;
  const share = {
    Namespace: 0.04,
    ServiceAccount: 0.18,
    Role: 0.15,
    RoleBinding: 0.22,
    ClusterRole: 0.1,
    ClusterRoleBinding: 0.05,
    CustomResourceDefinition: 0.03,
    Deployment: 0.08,
    Service: 0.05,
  };
  const counts = {};
  let used = 0;
  for (const [k, s] of Object.entries(share)) {
    counts[k] = Math.max(1, Math.floor(rest * s));
    used += counts[k];
  }
  counts.ConfigMap = Math.max(0, rest - used);
  return { total, counts };
}

function makeRule(rng, crdGroups) {
  const groups = Object.keys(GROUP_RESOURCES);
  if (crdGroups.length > 0 && rng.chance(0.12)) {
    const g = rng.pick(crdGroups);
    return { apiGroups: [g.group], resources: [g.plural], verbs: rng.chance(0.5) ? READ_VERBS : [...READ_VERBS, ...WRITE_VERBS] };
  }
  const g = rng.pick(groups);
  const resources = rng.sample(GROUP_RESOURCES[g], rng.range(1, 3)).sort();
  if (g === '' && rng.chance(0.02)) resources.push(rng.pick(RISKY_RESOURCES));
  let verbs = rng.chance(0.6) ? READ_VERBS.slice() : [...READ_VERBS, ...rng.sample(WRITE_VERBS, rng.range(1, 4))];
  if (rng.chance(0.001)) verbs = ['*'];
  const rule = { apiGroups: [g], resources: rng.chance(0.0005) ? ['*'] : resources, verbs };
  if (rng.chance(0.05)) rule.resourceNames = [`cfg-${rng.int(100)}`, `cfg-${rng.int(100)}`];
  return rule;
}

function subjectsFor(rng, world, namespace) {
  const r = rng.next();
  const n = r < 0.7 ? rng.range(1, 3) : r < 0.95 ? rng.range(4, 20) : rng.range(50, 100);
  const subjects = [];
  for (let i = 0; i < n; i++) {
    const k = rng.next();
    if (k < 0.55 && world.serviceAccounts.length > 0) {
      const sa = rng.pick(world.serviceAccounts);
      // Half of the ServiceAccount subjects in a RoleBinding omit the namespace (defaulted).
      if (namespace && sa.namespace === namespace && rng.chance(0.3)) subjects.push({ kind: 'ServiceAccount', name: sa.name });
      else subjects.push({ kind: 'ServiceAccount', name: sa.name, namespace: sa.namespace });
    } else if (k < 0.85) {
      subjects.push({ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: rng.pick(world.users) });
    } else {
      subjects.push({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: rng.pick(world.groups) });
    }
  }
  return subjects;
}

function labelsFor(rng, team, env) {
  return { 'app.kubernetes.io/part-of': team, 'example.com/env': env, 'example.com/owner': `${team}-team` };
}

/**
 * The corpus as data: `docs` (kind, namespace, the object), the fixed files, and the
 * identities and resources that exist (for queries). Pure; `writeCorpus` puts it on disk.
 */
export function generateCorpus(options = {}) {
  const objects = options.objects ?? 1000;
  const seed = options.seed ?? 'kaslint-bench';
  const variant = options.variant ?? 'base';
  const root = createRng(`${seed}/${objects}`);
  const { total, counts } = kindCounts(objects);

  // Identities and names first, so that bindings can refer to them.
  const rn = root.fork('names');
  const clusters = Array.from({ length: Math.max(1, Math.min(8, Math.ceil(total / 15000))) }, (_, i) => `c${i + 1}`);
  const namespaces = [];
  for (let i = 0; i < counts.Namespace; i++) {
    const team = TEAMS[i % TEAMS.length];
    const env = ENVS[Math.floor(i / TEAMS.length) % ENVS.length];
    namespaces.push({ name: `${team}-${env}-${pad4(i)}`, team, env, cluster: clusters[i % clusters.length] });
  }
  namespaces.push({ name: 'gitlab-agent', team: 'infra', env: 'prod', cluster: clusters[0] });
  namespaces.push({ name: 'gitlab-runner', team: 'infra', env: 'prod', cluster: clusters[0] });
  const users = Array.from({ length: Math.max(10, Math.ceil(total / 50)) }, (_, i) => `user-${pad5(i)}@example.com`);
  const groups = Array.from({ length: Math.max(5, Math.ceil(total / 500)) }, (_, i) => `team-${TEAMS[i % TEAMS.length]}-${pad4(i)}`);
  groups.push('gitlab:ci_job', 'oidc:platform-admins');
  const serviceAccounts = [];
  for (let i = 0; i < counts.ServiceAccount; i++) {
    const ns = namespaces[rn.int(namespaces.length)];
    serviceAccounts.push({ name: `sa-${pad5(i)}`, namespace: ns.name });
  }
  serviceAccounts.push({ name: 'gitlab-agent', namespace: 'gitlab-agent' }, { name: 'deployer', namespace: 'gitlab-agent' });
  const crdGroups = [];
  for (let i = 0; i < counts.CustomResourceDefinition; i++) {
    const group = `example${i % 37}.${TEAMS[i % TEAMS.length]}.example.com`;
    crdGroups.push({ group, plural: `widgets${i}`, kind: `Widget${i}`, scope: i % 5 === 0 ? 'Cluster' : 'Namespaced' });
  }
  const world = { namespaces, users, groups, serviceAccounts, crdGroups };

  const docs = [];
  const nsObj = (n) => n.name;
  const byNs = new Map(namespaces.map((n) => [n.name, n]));

  // Namespaces
  for (const n of namespaces.slice(0, counts.Namespace)) {
    docs.push({ scope: 'cluster', cluster: n.cluster, kind: 'Namespace', obj: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: n.name, labels: labelsFor(rn, n.team, n.env) } } });
  }
  // ServiceAccounts
  for (const sa of serviceAccounts.slice(0, counts.ServiceAccount)) {
    const n = byNs.get(sa.namespace);
    const obj = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: sa.name, namespace: sa.namespace, labels: labelsFor(rn, n.team, n.env) } };
    if (rn.chance(0.1)) obj.automountServiceAccountToken = false;
    docs.push({ scope: 'ns', ns: sa.namespace, cluster: n.cluster, kind: 'ServiceAccount', obj });
  }
  // Roles
  const rr = root.fork('roles');
  const rolesByNs = new Map();
  for (let i = 0; i < counts.Role; i++) {
    const n = namespaces[rr.int(namespaces.length)];
    const name = `role-${pad5(i)}`;
    const rules = Array.from({ length: rr.range(1, 4) }, () => makeRule(rr, crdGroups));
    if (!rolesByNs.has(n.name)) rolesByNs.set(n.name, []);
    rolesByNs.get(n.name).push(name);
    docs.push({ scope: 'ns', ns: n.name, cluster: n.cluster, kind: 'Role', obj: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name, namespace: n.name, labels: labelsFor(rr, n.team, n.env) }, rules } });
  }
  // ClusterRoles: 5% aggregators, 30% aggregation components, the rest plain.
  const rc = root.fork('clusterroles');
  const aggregators = Math.max(1, Math.floor(counts.ClusterRole * 0.05));
  const clusterRoleNames = [];
  for (let i = 0; i < counts.ClusterRole; i++) {
    const name = i < aggregators ? `aggregate-${pad4(i)}` : `cr-${pad5(i)}`;
    clusterRoleNames.push(name);
    const meta = { name, labels: { 'app.kubernetes.io/managed-by': 'platform' } };
    const obj = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: meta };
    if (i < aggregators) {
      obj.aggregationRule = { clusterRoleSelectors: [{ matchLabels: { [`rbac.example.com/aggregate-to-${name}`]: 'true' } }] };
      obj.rules = [];
    } else {
      if (rc.chance(0.3)) meta.labels[`rbac.example.com/aggregate-to-aggregate-${pad4(rc.int(aggregators))}`] = 'true';
      if (rc.chance(0.03)) meta.labels[`rbac.authorization.k8s.io/aggregate-to-${rc.pick(['view', 'edit', 'admin'])}`] = 'true';
      const rules = Array.from({ length: rc.range(1, 3) }, () => makeRule(rc, crdGroups));
      if (rc.chance(0.2)) {
        const [g, r] = rc.pick(CLUSTER_RESOURCES);
        rules.push({ apiGroups: [g], resources: [r], verbs: READ_VERBS });
      }
      if (rc.chance(0.05)) rules.push({ nonResourceURLs: ['/metrics', '/healthz'], verbs: ['get'] });
      obj.rules = rules;
    }
    docs.push({ scope: 'cluster', cluster: clusters[i % clusters.length], kind: 'ClusterRole', obj });
  }
  // RoleBindings: to a Role of the namespace (70%) or a ClusterRole.
  const rb = root.fork('rolebindings');
  for (let i = 0; i < counts.RoleBinding; i++) {
    const n = namespaces[rb.int(namespaces.length)];
    const local = rolesByNs.get(n.name);
    let roleRef;
    if (local && rb.chance(0.7)) roleRef = { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: rb.pick(local) };
    else roleRef = { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: rb.chance(0.1) ? rb.pick(['view', 'view', 'view', 'edit']) : rb.pick(clusterRoleNames) };
    docs.push({
      scope: 'ns',
      ns: n.name,
      cluster: n.cluster,
      kind: 'RoleBinding',
      obj: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: `rb-${pad5(i)}`, namespace: nsObj(n) }, roleRef, subjects: subjectsFor(rb, world, n.name) },
    });
  }
  // ClusterRoleBindings
  const rcb = root.fork('clusterrolebindings');
  for (let i = 0; i < counts.ClusterRoleBinding; i++) {
    const roleName = rcb.chance(0.002) ? 'cluster-admin' : rcb.chance(0.05) ? rcb.pick(['view', 'system:aggregate-to-view']) : rcb.pick(clusterRoleNames);
    docs.push({
      scope: 'cluster',
      cluster: clusters[i % clusters.length],
      kind: 'ClusterRoleBinding',
      obj: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: `crb-${pad5(i)}` }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: roleName }, subjects: subjectsFor(rcb, world, undefined) },
    });
  }
  // CRDs
  for (const g of crdGroups) {
    docs.push({
      scope: 'crd',
      kind: 'CustomResourceDefinition',
      group: g.group,
      obj: {
        apiVersion: 'apiextensions.k8s.io/v1',
        kind: 'CustomResourceDefinition',
        metadata: { name: `${g.plural}.${g.group}` },
        spec: {
          group: g.group,
          names: { kind: g.kind, listKind: `${g.kind}List`, plural: g.plural, singular: g.kind.toLowerCase() },
          scope: g.scope,
          versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } }],
        },
      },
    });
  }
  // Workloads and config
  const rw = root.fork('workloads');
  for (let i = 0; i < counts.Deployment; i++) {
    const sa = rw.pick(serviceAccounts);
    const n = byNs.get(sa.namespace);
    const app = `app-${pad5(i)}`;
    docs.push({
      scope: 'ns',
      ns: n.name,
      cluster: n.cluster,
      kind: 'Deployment',
      obj: {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: app, namespace: n.name, labels: { app } },
        spec: {
          replicas: rw.range(1, 5),
          selector: { matchLabels: { app } },
          template: {
            metadata: { labels: { app } },
            spec: { serviceAccountName: sa.name, containers: [{ name: 'main', image: `registry.example.com/${n.team}/${app}:1.${rw.int(40)}.${rw.int(10)}`, ports: [{ containerPort: 8080 }], resources: { requests: { cpu: '100m', memory: '128Mi' } } }] },
          },
        },
      },
    });
  }
  for (let i = 0; i < counts.Service; i++) {
    const n = namespaces[rw.int(namespaces.length)];
    docs.push({ scope: 'ns', ns: n.name, cluster: n.cluster, kind: 'Service', obj: { apiVersion: 'v1', kind: 'Service', metadata: { name: `svc-${pad5(i)}`, namespace: n.name }, spec: { selector: { app: `app-${pad5(rw.int(counts.Deployment))}` }, ports: [{ port: 80, targetPort: 8080 }] } } });
  }
  for (let i = 0; i < counts.ConfigMap; i++) {
    const n = namespaces[rw.int(namespaces.length)];
    const data = { LOG_LEVEL: rw.pick(['info', 'debug', 'warn']), FEATURE_FLAGS: `a=${rw.int(2)},b=${rw.int(2)}`, 'app.properties': `timeout=${rw.range(1, 60)}s\nretries=${rw.range(1, 9)}\n` };
    docs.push({ scope: 'ns', ns: n.name, cluster: n.cluster, kind: 'ConfigMap', obj: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `cm-${pad5(i)}`, namespace: n.name }, data } });
  }

  const fixed = fixedFiles(root.fork('fixed'), world);
  const corpus = { seed, objects: total, variant, counts, world, docs, fixed, changes: [] };
  if (variant === 'head') applyHeadChanges(corpus, root.fork('head'), options.changeRate ?? 0.01);
  return corpus;
}

/** The agent config (500 ci_access projects) and the two charts' values. */
function fixedFiles(rng, world) {
  const projects = [];
  for (let i = 0; i < 500; i++) {
    const team = TEAMS[i % TEAMS.length];
    const entry = { id: `acme/${team}/service-${pad4(i)}` };
    const ns = world.namespaces[i % world.namespaces.length];
    entry.default_namespace = ns.name;
    const r = rng.next();
    if (r < 0.1) entry.access_as = { impersonate: { username: `ci-${team}`, groups: [`team-${team}`] } };
    else if (r < 0.2) entry.access_as = { ci_job: {} };
    else if (r < 0.25) entry.access_as = { agent: {} };
    if (rng.chance(0.3)) entry.environments = [rng.pick(ENVS), 'review/*'];
    if (rng.chance(0.2)) entry.protected_branches_only = true;
    projects.push(entry);
  }
  const config = {
    ci_access: {
      projects,
      groups: TEAMS.map((t) => ({ id: `acme/${t}`, default_namespace: `${t}-dev-0000`.slice(0, 40), access_as: { ci_job: {} } })),
    },
    user_access: { access_as: { agent: {} }, projects: projects.slice(0, 50).map((p) => ({ id: p.id })) },
    observability: { logging: { level: 'info' } },
  };
  const agentValues = {
    rbac: { create: true },
    serviceAccount: { create: true, name: 'gitlab-agent' },
    config: { kasAddress: 'wss://kas.gitlab.example.com', secretName: 'gitlab-agent-token' },
    replicas: 2,
    resources: { requests: { cpu: '100m', memory: '256Mi' } },
  };
  const runnerValues = {
    gitlabUrl: 'https://gitlab.example.com/',
    concurrent: 10,
    checkInterval: 3,
    rbac: {
      create: true,
      rules: [
        { apiGroups: [''], resources: ['pods', 'pods/exec', 'pods/attach', 'secrets', 'configmaps'], verbs: ['get', 'list', 'watch', 'create', 'patch', 'update', 'delete'] },
      ],
    },
    serviceAccount: { create: true },
    runners: { secret: 'gitlab-runner-secret', config: '[[runners]]\n  [runners.kubernetes]\n    namespace = "gitlab-runner"\n    image = "alpine"\n' },
  };
  return {
    '.gitlab/agents/platform-agent/config.yaml': `# Agent "platform-agent" (config project acme/platform).\n${toYaml(config)}`,
    'deploy/gitlab-agent/Chart.yaml': toYaml({ apiVersion: 'v2', name: 'gitlab-agent', version: '2.6.2', appVersion: 'v17.3.1' }),
    'deploy/gitlab-agent/values.yaml': toYaml(agentValues),
    'deploy/gitlab-runner/Chart.yaml': toYaml({ apiVersion: 'v1', name: 'gitlab-runner', version: '0.86.0', appVersion: '18.9.0' }),
    'deploy/gitlab-runner/values.yaml': toYaml(runnerValues),
  };
}

/**
 * The `head` variant: about `rate` of the documents change (a verb added to a role, a
 * subject added to or a roleRef changed in a binding, an object deleted), plus a few new
 * bindings in one new file. The file layout of the unchanged documents stays the same.
 */
function applyHeadChanges(corpus, rng, rate) {
  const k = Math.max(1, Math.round(corpus.docs.length * rate));
  const rbacIdx = [];
  corpus.docs.forEach((d, i) => {
    if (d.kind === 'Role' || d.kind === 'ClusterRole' || d.kind === 'RoleBinding' || d.kind === 'ClusterRoleBinding') rbacIdx.push(i);
  });
  const chosen = rng.sample(rbacIdx, k).sort((a, b) => a - b);
  const added = [];
  for (const i of chosen) {
    const d = corpus.docs[i];
    const obj = structuredClone(d.obj);
    const r = rng.next();
    let change;
    if (r < 0.08) {
      corpus.docs[i] = { ...d, deleted: true };
      corpus.changes.push({ change: 'deleted', kind: d.kind, name: obj.metadata.name });
      continue;
    } else if ((d.kind === 'Role' || d.kind === 'ClusterRole') && Array.isArray(obj.rules) && obj.rules.length > 0) {
      const rule = obj.rules[0];
      if (Array.isArray(rule.verbs)) rule.verbs = [...new Set([...rule.verbs, rng.pick(['delete', 'create', 'escalate', 'bind', '*'])])];
      change = 'verb-added';
    } else if (d.kind.endsWith('Binding') && r < 0.6) {
      obj.subjects = [...(obj.subjects ?? []), { apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: `newcomer-${pad4(corpus.changes.length)}@example.com` }];
      change = 'subject-added';
    } else if (d.kind.endsWith('Binding')) {
      obj.roleRef = { ...obj.roleRef, kind: 'ClusterRole', name: rng.pick(['edit', 'admin', 'view']) };
      change = 'roleref-changed';
    } else {
      change = 'unchanged';
    }
    corpus.docs[i] = { ...d, obj };
    corpus.changes.push({ change, kind: d.kind, name: obj.metadata.name });
  }
  const extra = Math.max(1, Math.round(k / 10));
  for (let j = 0; j < extra; j++) {
    const ns = rng.pick(corpus.world.namespaces);
    added.push({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: `added-${pad4(j)}`, namespace: ns.name },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'edit' },
      subjects: [{ kind: 'ServiceAccount', name: 'deployer', namespace: 'gitlab-agent' }],
    });
    corpus.changes.push({ change: 'added', kind: 'RoleBinding', name: `added-${pad4(j)}` });
  }
  corpus.addedDocs = added;
}

/**
 * Lay the documents out in files: grouped by cluster and namespace, mostly 20–50 documents
 * a file, about one file in ten with a single object. Returns Map(relative path → text),
 * in a stable order.
 */
export function corpusFiles(corpus) {
  const rng = createRng(`${corpus.seed}/${corpus.objects}/layout`);
  const groups = new Map();
  for (const d of corpus.docs) {
    const dir = d.scope === 'crd' ? 'crds' : d.scope === 'cluster' ? `clusters/${d.cluster}/_cluster` : `clusters/${d.cluster}/${d.ns}`;
    if (!groups.has(dir)) groups.set(dir, []);
    groups.get(dir).push(d);
  }
  const files = new Map();
  for (const [p, text] of Object.entries(corpus.fixed)) files.set(p, text);
  for (const dir of [...groups.keys()].sort()) {
    const list = groups.get(dir);
    let i = 0;
    let n = 0;
    while (i < list.length) {
      const single = rng.chance(0.1);
      const size = single ? 1 : rng.range(20, 50);
      const chunk = list.slice(i, i + size);
      i += size;
      const live = chunk.filter((d) => !d.deleted);
      const first = chunk[0];
      const name = single ? `${first.kind.toLowerCase()}-${first.obj.metadata.name}.yaml` : `${dir === 'crds' ? 'crds' : 'resources'}-${pad4(n)}.yaml`;
      n++;
      files.set(`${dir}/${name}`, live.length === 0 ? '# (emptied)\n' : toYamlStream(live.map((d) => d.obj)));
    }
  }
  if (corpus.addedDocs && corpus.addedDocs.length > 0) files.set('clusters/added-bindings.yaml', toYamlStream(corpus.addedDocs));
  return files;
}

/** Write files (Map or record of relative path → string|Buffer) under dir. */
export function writeFiles(dir, files) {
  const entries = files instanceof Map ? [...files.entries()] : Object.entries(files);
  const made = new Set();
  let bytes = 0;
  for (const [rel, content] of entries) {
    const abs = path.join(dir, rel);
    const parent = path.dirname(abs);
    if (!made.has(parent)) {
      mkdirSync(parent, { recursive: true });
      made.add(parent);
    }
    writeFileSync(abs, content);
    bytes += typeof content === 'string' ? Buffer.byteLength(content) : content.length;
  }
  return { files: entries.length, bytes };
}

/** Generate and write a corpus; returns the corpus and what was written. */
export function writeCorpus(dir, options = {}) {
  const corpus = generateCorpus(options);
  const files = corpusFiles(corpus);
  const written = writeFiles(dir, files);
  return { corpus, files: written.files, bytes: written.bytes };
}

/**
 * `can-i --batch` query lines (JSON) over the corpus' identities: ServiceAccounts, users,
 * groups; resource and non-resource requests; namespaced and cluster-wide.
 */
export function generateQueries(corpus, count, seed = 'queries') {
  const rng = createRng(`${corpus.seed}/${corpus.objects}/${seed}`);
  const { serviceAccounts, users, groups, namespaces, crdGroups } = corpus.world;
  const lines = [];
  const groupsList = Object.keys(GROUP_RESOURCES);
  for (let i = 0; i < count; i++) {
    const q = {};
    const who = rng.next();
    if (who < 0.5) {
      const sa = rng.pick(serviceAccounts);
      q.user = `system:serviceaccount:${sa.namespace}:${sa.name}`;
    } else {
      q.user = rng.pick(users);
      if (rng.chance(0.5)) q.groups = rng.sample(groups, rng.range(1, 3));
    }
    const what = rng.next();
    if (what < 0.05) {
      q.verb = 'get';
      q.nonResourceURL = rng.pick(['/metrics', '/healthz', '/api', '/version']);
    } else {
      q.verb = rng.pick([...READ_VERBS, ...WRITE_VERBS, 'escalate', 'bind', 'impersonate']);
      if (crdGroups.length > 0 && what < 0.15) {
        const g = rng.pick(crdGroups);
        q.group = g.group;
        q.resource = g.plural;
      } else {
        const g = rng.pick(groupsList);
        const r = rng.pick(GROUP_RESOURCES[g]);
        const [res, sub] = r.split('/');
        if (g !== '') q.group = g;
        q.resource = res;
        if (sub) q.subresource = sub;
      }
      if (rng.chance(0.1)) q.name = `cfg-${rng.int(100)}`;
      if (!rng.chance(0.1)) q.namespace = rng.pick(namespaces).name;
    }
    lines.push(JSON.stringify(q));
  }
  return lines;
}

/** A ServiceAccount that several bindings name (for single `can-i` queries and `--list`). */
export function busyServiceAccount(corpus) {
  const counts = new Map();
  for (const d of corpus.docs) {
    if (!d.kind.endsWith('Binding')) continue;
    for (const s of d.obj.subjects ?? []) {
      if (s.kind !== 'ServiceAccount') continue;
      const key = `${s.namespace ?? d.obj.metadata.namespace}:${s.name}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  let best = 'gitlab-agent:gitlab-agent';
  let bestN = -1;
  for (const [k, n] of [...counts.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    if (n > bestN) {
      best = k;
      bestN = n;
    }
  }
  const [namespace, name] = best.split(':');
  return { namespace, name, user: `system:serviceaccount:${namespace}:${name}`, bindings: Math.max(0, bestN) };
}
