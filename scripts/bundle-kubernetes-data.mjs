#!/usr/bin/env node
// Dev script, run by hand; its output under data/kubernetes/ is committed.
//
//   node scripts/bundle-kubernetes-data.mjs [path/to/shared/data/kubernetes]
//
// Reads the Kubernetes reference data (bootstrap-policy YAML and discovery JSON, Apache-2.0,
// The Kubernetes Authors) and writes compact JSON that kaslint loads at run time with
// JSON.parse only. The shapes are documented in data/kubernetes/README.md.
// The script checks item counts against the raw YAML text and that every roleRef resolves,
// and stops with an error if anything does not add up.

import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
// An explicit path is relative to the working directory; the default to the repository root.
const sourceRoot = process.argv[2] ? resolve(process.argv[2]) : resolve(repoRoot, '../shared/data/kubernetes');
const outRoot = join(repoRoot, 'data', 'kubernetes');

const RBAC_GROUP = 'rbac.authorization.k8s.io';
const CONTROLLER_ROLE_PREFIX = 'system:controller:';

// Provenance as stated in the source README (commit the file was taken from, and the
// Kubernetes version inferred there). Hashes are computed here from the bytes read.
const PROVENANCE = {
  'bootstrap-policy/cluster-roles.yaml': { commit: '6732d913237bd282d81fe99df860938c5d60480a', kubernetes: '1.37 development cycle' },
  'bootstrap-policy/controller-roles.yaml': { commit: '6732d913237bd282d81fe99df860938c5d60480a', kubernetes: '1.37 development cycle' },
  'bootstrap-policy/controller-role-bindings.yaml': { commit: '9d2a8fb7c431f0cf55f9671ca9502e5b1fc151ff', kubernetes: '1.35 development cycle' },
  'bootstrap-policy/namespace-roles.yaml': { commit: '008b3652959ca58af8be3fb5b6ecfe9ae7638282', kubernetes: '>=1.34 development cycle' },
  'bootstrap-policy/namespace-role-bindings.yaml': { commit: '008b3652959ca58af8be3fb5b6ecfe9ae7638282', kubernetes: '>=1.34 development cycle' },
  'bootstrap-policy/cluster-role-bindings.yaml': { commit: 'reconstructed, verified by SHA-256 against v1.26', kubernetes: '1.26' },
  'bootstrap-policy/1.35-dev/cluster-roles.yaml': { commit: '9d2a8fb7c431f0cf55f9671ca9502e5b1fc151ff', kubernetes: '1.35 development cycle' },
  'bootstrap-policy/1.35-dev/controller-roles.yaml': { commit: '9d2a8fb7c431f0cf55f9671ca9502e5b1fc151ff', kubernetes: '1.35 development cycle' },
  'bootstrap-policy/1.35-dev/controller-role-bindings.yaml': { commit: '9d2a8fb7c431f0cf55f9671ca9502e5b1fc151ff', kubernetes: '1.35 development cycle' },
  'discovery/api__v1.json': { commit: '95f08499d652a6211121d8af35f470609217c730', kubernetes: '>=1.33' },
  'discovery/aggregated_v2.json': { commit: '6732d913237bd282d81fe99df860938c5d60480a', kubernetes: '1.37 development cycle' },
  'discovery/apis.json': { commit: '4235fb202ac9ed5c74fb423fdeb0b4c1c0c01407', kubernetes: '1.37 development cycle' },
};

const POLICY_SETS = {
  '1.37': {
    description: 'Main bootstrap-policy set (newest files found; 1.37 development cycle).',
    clusterRoles: ['bootstrap-policy/cluster-roles.yaml', 'bootstrap-policy/controller-roles.yaml'],
    clusterRoleBindings: ['bootstrap-policy/cluster-role-bindings.yaml', 'bootstrap-policy/controller-role-bindings.yaml'],
    roles: ['bootstrap-policy/namespace-roles.yaml'],
    roleBindings: ['bootstrap-policy/namespace-role-bindings.yaml'],
  },
  '1.35': {
    description: 'Coherent 1.35-dev set (one commit) plus the shared namespace and cluster-role-binding files.',
    clusterRoles: ['bootstrap-policy/1.35-dev/cluster-roles.yaml', 'bootstrap-policy/1.35-dev/controller-roles.yaml'],
    clusterRoleBindings: ['bootstrap-policy/cluster-role-bindings.yaml', 'bootstrap-policy/1.35-dev/controller-role-bindings.yaml'],
    roles: ['bootstrap-policy/namespace-roles.yaml'],
    roleBindings: ['bootstrap-policy/namespace-role-bindings.yaml'],
  },
};

// ---------------------------------------------------------------------------------------------
// helpers

function fail(message) {
  console.error(`bundle-kubernetes-data: ${message}`);
  process.exit(1);
}

function readSource(rel) {
  let text;
  try {
    text = readFileSync(join(sourceRoot, rel), 'utf8');
  } catch (err) {
    fail(`cannot read ${join(sourceRoot, rel)}: ${err.message}`);
  }
  const meta = PROVENANCE[rel];
  if (!meta) fail(`no provenance recorded for ${rel}`);
  return { text, source: { file: rel, ...meta, bytes: Buffer.byteLength(text), sha256: createHash('sha256').update(text).digest('hex') } };
}

/** Go byte order; all names here are ASCII, so UTF-16 order is the same. */
function byteCompare(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}

function nonEmpty(list) {
  return Array.isArray(list) && list.length > 0 ? list.map(String) : undefined;
}

/** Drops keys whose value is undefined, keeping key order. */
function compact(obj) {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined));
}

function convertRule(rule) {
  return compact({
    verbs: rule.verbs ?? [],
    apiGroups: nonEmpty(rule.apiGroups),
    resources: nonEmpty(rule.resources),
    resourceNames: nonEmpty(rule.resourceNames),
    nonResourceURLs: nonEmpty(rule.nonResourceURLs),
  });
}

function convertRole(item) {
  const md = item.metadata;
  return compact({
    name: md.name,
    namespace: md.namespace,
    labels: md.labels ?? {},
    aggregationRule: item.aggregationRule
      ? { clusterRoleSelectors: item.aggregationRule.clusterRoleSelectors ?? [] }
      : undefined,
    rules: (item.rules ?? []).map(convertRule),
  });
}

function convertSubject(s) {
  return compact({ kind: s.kind, apiGroup: s.apiGroup, name: s.name, namespace: s.namespace });
}

function convertBinding(item) {
  const md = item.metadata;
  if (item.roleRef.apiGroup !== RBAC_GROUP) fail(`${md.name}: unexpected roleRef.apiGroup ${item.roleRef.apiGroup}`);
  return compact({
    name: md.name,
    namespace: md.namespace,
    labels: md.labels ?? {},
    roleRef: { kind: item.roleRef.kind, name: item.roleRef.name },
    subjects: (item.subjects ?? []).map(convertSubject),
  });
}

/** Parses a `kind: List` YAML file and checks the item count against the raw text. */
function readList(rel, expectedKind) {
  const { text, source } = readSource(rel);
  const doc = parseYaml(text);
  const items = doc?.items ?? [];
  const wrongKind = items.filter((i) => i.kind !== expectedKind);
  if (wrongKind.length) fail(`${rel}: expected only ${expectedKind}, found ${wrongKind.map((i) => i.kind).join(', ')}`);
  // Independent count: top-level list items are the lines "  kind: <Kind>" (2-space indent).
  const rawCount = text.split('\n').filter((l) => l === `  kind: ${expectedKind}`).length;
  if (rawCount !== items.length) fail(`${rel}: parsed ${items.length} items but the text has ${rawCount} "kind: ${expectedKind}" lines`);
  return { items, source: { ...source, kind: expectedKind, items: items.length } };
}

function sortByName(list) {
  return [...list].sort((a, b) => byteCompare(a.namespace ?? '', b.namespace ?? '') || byteCompare(a.name, b.name));
}

// ---------------------------------------------------------------------------------------------
// policy

function buildPolicy(version, set) {
  const sources = [];
  const load = (files, kind, convert) =>
    files.flatMap((rel) => {
      const { items, source } = readList(rel, kind);
      sources.push(source);
      return items.map(convert);
    });

  const clusterRoles = sortByName(load(set.clusterRoles, 'ClusterRole', convertRole));
  const clusterRoleBindings = load(set.clusterRoleBindings, 'ClusterRoleBinding', convertBinding);
  const roles = sortByName(load(set.roles, 'Role', convertRole));
  const roleBindings = sortByName(load(set.roleBindings, 'RoleBinding', convertBinding));
  const synthesized = [];
  const notes = [
    'Annotations are dropped: every object carries rbac.authorization.kubernetes.io/autoupdate: "true".',
    'Aggregated ClusterRoles (admin, edit, view, ...) have empty rules here; their rules come from aggregationRule label selectors, as the clusterrole-aggregation controller does.',
  ];

  // Upstream registers each controller role together with a ClusterRoleBinding of the same
  // name to ServiceAccount kube-system/<name without the prefix> (addControllerRole in
  // controller_policy.go). Synthesize the ones the binding file is missing.
  const boundRoles = new Set(clusterRoleBindings.map((b) => b.roleRef.name));
  for (const role of clusterRoles) {
    if (!role.name.startsWith(CONTROLLER_ROLE_PREFIX) || boundRoles.has(role.name)) continue;
    if (clusterRoleBindings.some((b) => b.name === role.name)) fail(`binding name ${role.name} already used`);
    clusterRoleBindings.push({
      name: role.name,
      labels: { 'kubernetes.io/bootstrapping': 'rbac-defaults' },
      roleRef: { kind: 'ClusterRole', name: role.name },
      subjects: [{ kind: 'ServiceAccount', name: role.name.slice(CONTROLLER_ROLE_PREFIX.length), namespace: 'kube-system' }],
    });
    synthesized.push(role.name);
    notes.push(
      `Synthesized ClusterRoleBinding "${role.name}" (ServiceAccount kube-system/${role.name.slice(CONTROLLER_ROLE_PREFIX.length)}): ` +
        'the controller-role-bindings.yaml found predates this controller role; upstream always adds both together.',
    );
  }

  checkReferences(version, clusterRoles, roles, clusterRoleBindings, roleBindings);

  return {
    synthesized,
    kubernetesVersion: version,
    description: set.description,
    sources,
    notes,
    clusterRoles,
    clusterRoleBindings: sortByName(clusterRoleBindings),
    roles,
    roleBindings,
  };
}

function checkReferences(version, clusterRoles, roles, clusterRoleBindings, roleBindings) {
  const clusterRoleNames = new Set(clusterRoles.map((r) => r.name));
  const roleKeys = new Set(roles.map((r) => `${r.namespace}/${r.name}`));
  for (const list of [clusterRoles, roles, clusterRoleBindings, roleBindings]) {
    const keys = list.map((o) => `${o.namespace ?? ''}/${o.name}`);
    if (new Set(keys).size !== keys.length) fail(`${version}: duplicate object names`);
  }
  for (const b of clusterRoleBindings) {
    if (b.roleRef.kind !== 'ClusterRole' || !clusterRoleNames.has(b.roleRef.name)) fail(`${version}: CRB ${b.name} -> missing ${b.roleRef.kind} ${b.roleRef.name}`);
  }
  for (const b of roleBindings) {
    const ok = b.roleRef.kind === 'Role' ? roleKeys.has(`${b.namespace}/${b.roleRef.name}`) : clusterRoleNames.has(b.roleRef.name);
    if (!ok) fail(`${version}: RB ${b.namespace}/${b.name} -> missing ${b.roleRef.kind} ${b.roleRef.name}`);
  }
  for (const r of clusterRoles) {
    if (r.name.startsWith(CONTROLLER_ROLE_PREFIX) && !clusterRoleBindings.some((b) => b.roleRef.name === r.name)) {
      fail(`${version}: controller role ${r.name} has no binding`);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// discovery

function buildDiscovery() {
  const core = readSource('discovery/api__v1.json');
  const aggregated = readSource('discovery/aggregated_v2.json');
  const apis = readSource('discovery/apis.json');
  const coreList = JSON.parse(core.text);
  const aggregatedList = JSON.parse(aggregated.text);
  const groupList = JSON.parse(apis.text);

  const resources = [];
  const groups = [{ group: '', preferredVersion: 'v1', versions: ['v1'] }];

  // Core v1: subresources are separate "parent/sub" entries in an APIResourceList.
  if (coreList.groupVersion !== 'v1') fail('api__v1.json is not the core v1 list');
  const coreRows = new Map();
  for (const r of coreList.resources) {
    const [parent, sub] = r.name.split('/');
    if (sub === undefined) {
      const row = resourceRow('', 'v1', {
        resource: r.name,
        kind: r.kind,
        singular: r.singularName,
        shortNames: r.shortNames,
        namespaced: r.namespaced,
        verbs: r.verbs,
        categories: r.categories,
      });
      coreRows.set(r.name, row);
      resources.push(row);
    } else {
      const row = coreRows.get(parent);
      if (!row) fail(`core subresource ${r.name} listed before its parent`);
      (row.subresources ??= []).push({ name: sub, verbs: r.verbs ?? [] });
    }
  }

  const aggregatedByGroup = new Map(aggregatedList.items.map((g) => [g.metadata.name, g]));
  for (const g of groupList.groups) {
    const agg = aggregatedByGroup.get(g.name);
    if (!agg) fail(`group ${g.name} from apis.json is missing in aggregated_v2.json`);
    const versions = g.versions.map((v) => v.version);
    const aggVersions = agg.versions.map((v) => v.version);
    if (versions.join() !== aggVersions.join()) fail(`group ${g.name}: versions differ between apis.json and aggregated_v2.json`);
    if (versions[0] !== g.preferredVersion.version) fail(`group ${g.name}: preferred version is not listed first`);
    groups.push({ group: g.name, preferredVersion: g.preferredVersion.version, versions });
    for (const v of agg.versions) {
      for (const r of v.resources) {
        resources.push(
          resourceRow(g.name, v.version, {
            resource: r.resource,
            kind: r.responseKind?.kind ?? '',
            singular: r.singularResource,
            shortNames: r.shortNames,
            namespaced: r.scope === 'Namespaced',
            verbs: r.verbs,
            categories: r.categories,
            subresources: (r.subresources ?? []).map((s) => ({ name: s.subresource, verbs: s.verbs ?? [] })),
          }),
        );
      }
    }
  }
  if (aggregatedList.items.length !== groupList.groups.length) fail('aggregated_v2.json and apis.json list different groups');

  return {
    description: 'Built-in API resources as kube-apiserver discovery reports them; groups in discovery priority order.',
    sources: [core.source, aggregated.source, apis.source],
    groups,
    resources,
  };
}

function resourceRow(group, version, r) {
  if (!r.singular) fail(`${group}/${version} ${r.resource}: no singular name`);
  return compact({
    group,
    version,
    resource: r.resource,
    kind: r.kind,
    singular: r.singular,
    namespaced: r.namespaced === true,
    verbs: r.verbs ?? [],
    shortNames: nonEmpty(r.shortNames),
    categories: nonEmpty(r.categories),
    subresources: r.subresources && r.subresources.length > 0 ? r.subresources : undefined,
  });
}

// ---------------------------------------------------------------------------------------------
// output: top-level keys one per line, arrays of objects one element per line (diff-friendly)

function toJsonText(obj) {
  const entries = Object.entries(obj);
  const lines = ['{'];
  entries.forEach(([key, value], i) => {
    const comma = i < entries.length - 1 ? ',' : '';
    if (Array.isArray(value) && value.some((v) => v !== null && typeof v === 'object')) {
      lines.push(`${JSON.stringify(key)}: [`);
      value.forEach((v, j) => lines.push(JSON.stringify(v) + (j < value.length - 1 ? ',' : '')));
      lines.push(`]${comma}`);
    } else {
      lines.push(`${JSON.stringify(key)}: ${JSON.stringify(value)}${comma}`);
    }
  });
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

function write(rel, obj) {
  const path = join(outRoot, rel);
  mkdirSync(dirname(path), { recursive: true });
  const text = toJsonText(obj);
  JSON.parse(text); // never write something the loader cannot read
  writeFileSync(path, text);
  console.log(`wrote data/kubernetes/${rel} (${Buffer.byteLength(text)} bytes)`);
}

for (const [version, set] of Object.entries(POLICY_SETS)) {
  const { synthesized, ...policy } = buildPolicy(version, set);
  write(`${version}/policy.json`, policy);
  console.log(
    `  ${version}: ${policy.clusterRoles.length} ClusterRoles, ${policy.clusterRoleBindings.length} ClusterRoleBindings, ` +
      `${policy.roles.length} Roles, ${policy.roleBindings.length} RoleBindings; ${synthesized.length} synthesized binding(s)`,
  );
}
const discovery = buildDiscovery();
write('discovery.json', discovery);
console.log(`  discovery: ${discovery.groups.length} groups, ${discovery.resources.length} group/version/resource rows`);
