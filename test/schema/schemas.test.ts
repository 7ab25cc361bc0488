import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SCHEMA_NAMES, loadSchema, schemaPath, validateWithSchema, type SchemaName } from '../../src/schema/validate.js';

type Node = Record<string, unknown>;

const isNode = (v: unknown): v is Node => typeof v === 'object' && v !== null && !Array.isArray(v);

function resolveRef(root: Node, node: Node): Node {
  const ref = node['$ref'];
  if (typeof ref !== 'string') return node;
  let cur: unknown = root;
  for (const seg of ref.replace(/^#\//, '').split('/')) cur = isNode(cur) ? cur[seg] : undefined;
  if (!isNode(cur)) throw new Error(`unresolved ${ref}`);
  return cur;
}

/**
 * Visit every schema node that declares data (root, definitions, properties, items, map values), with
 * its location. Conditional branches (if/then/else, allOf, anyOf, oneOf, not, propertyNames) only
 * constrain what is declared elsewhere and are not visited.
 */
function declarations(root: Node): [string, Node][] {
  const out: [string, Node][] = [];
  const visit = (node: unknown, where: string): void => {
    if (!isNode(node)) return;
    out.push([where, node]);
    const props = node['properties'];
    if (isNode(props)) for (const [k, v] of Object.entries(props)) visit(v, `${where}.${k}`);
    visit(node['items'], `${where}[]`);
    visit(node['additionalProperties'], `${where}.*`);
    const defs = node['definitions'];
    if (isNode(defs)) for (const [k, v] of Object.entries(defs)) visit(v, `#${k}`);
  };
  visit(root, '$');
  return out;
}

const types = (node: Node): string[] => {
  const t = node['type'];
  return Array.isArray(t) ? t.map(String) : typeof t === 'string' ? [t] : [];
};

describe('bundled schemas', () => {
  it.each(SCHEMA_NAMES)('%s is draft-07, documented and compiles', (name) => {
    const schema = loadSchema(name);
    expect(schema['$schema']).toBe('http://json-schema.org/draft-07/schema#');
    expect(typeof schema['title']).toBe('string');
    expect(typeof schema['description']).toBe('string');
    expect(() => validateWithSchema(name, {})).not.toThrow();
    // the file on disk is what loadSchema parsed
    expect(JSON.parse(readFileSync(schemaPath(name), 'utf8'))).toEqual(schema);
  });

  it.each(SCHEMA_NAMES)('%s describes every property', (name) => {
    const root = loadSchema(name) as Node;
    const missing: string[] = [];
    for (const [where, node] of declarations(root)) {
      const props = node['properties'];
      if (!isNode(props)) continue;
      for (const [key, sub] of Object.entries(props)) {
        if (!isNode(sub)) continue;
        const own = sub['description'];
        const viaRef = resolveRef(root, sub)['description'];
        if (typeof own !== 'string' && typeof viaRef !== 'string') missing.push(`${where}.${key}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('agent-config is closed at every object level except annotations and labels', () => {
    const root = loadSchema('agent-config') as Node;
    const open: string[] = [];
    const maps: string[] = [];
    for (const [where, node] of declarations(root)) {
      if (!types(node).includes('object')) continue;
      if (node['additionalProperties'] === false) continue;
      if (isNode(node['additionalProperties'])) maps.push(where);
      else open.push(where);
    }
    expect(open).toEqual([]);
    expect(maps.sort()).toEqual(['#remoteDevelopment.annotations', '#remoteDevelopment.labels']);
  });

  it('agent-config marks removed keys with the GitLab version', () => {
    const root = loadSchema('agent-config') as Node;
    const removed = declarations(root)
      .filter(([, node]) => node['x-removed-in'] !== undefined)
      .map(([where, node]) => {
        expect(node['not']).toEqual({});
        expect(typeof node['x-removed-note']).toBe('string');
        return [where, node['x-removed-in']];
      });
    expect(removed.sort()).toEqual([
      ['#remoteDevelopment.full_sync_interval', '17.0'],
      ['#remoteDevelopment.partial_sync_interval', '17.0'],
      ['$.cilium', '15.0'],
      ['$.gitops', '17.0'],
      ['$.starboard', '16.0'],
    ]);
  });

  it.each(['gitlab-agent-values', 'gitlab-runner-values'] as const)('%s accepts keys it does not know', (name) => {
    const root = loadSchema(name) as Node;
    const closed = declarations(root).filter(([, node]) => node['additionalProperties'] === false);
    expect(closed).toEqual([]);
  });

  it('Kubernetes schemas share identical definitions', () => {
    const defs = (name: SchemaName): Node => (loadSchema(name) as Node)['definitions'] as Node;
    const all: SchemaName[] = [
      'kubernetes/role',
      'kubernetes/clusterrole',
      'kubernetes/rolebinding',
      'kubernetes/clusterrolebinding',
      'kubernetes/serviceaccount',
    ];
    for (const shared of ['labels', 'annotations', 'ownerReference', 'managedFieldsEntry']) {
      for (const name of all) expect(defs(name)[shared], `${name} ${shared}`).toEqual(defs('kubernetes/role')[shared]);
    }
    expect(defs('kubernetes/rolebinding')['objectMeta']).toEqual(defs('kubernetes/role')['objectMeta']);
    expect(defs('kubernetes/clusterrolebinding')['objectMeta']).toEqual(defs('kubernetes/clusterrole')['objectMeta']);
    // Role and ClusterRole rules differ only where the API server treats them differently.
    const role = structuredClone(defs('kubernetes/role')['policyRule']) as Node;
    const clusterRole = structuredClone(defs('kubernetes/clusterrole')['policyRule']) as Node;
    for (const rule of [role, clusterRole]) {
      delete rule['description'];
      delete rule['$comment'];
      delete (rule['properties'] as Node)['nonResourceURLs'];
    }
    expect(role).toEqual(clusterRole);
  });
});
