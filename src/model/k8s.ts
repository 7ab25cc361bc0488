import type { JsonPath, SourceRef } from './path.js';

/**
 * Where an object's fields come from. Objects parsed from a manifest map a field path
 * straight into their document; objects modelled from Helm values map each field to the
 * values line (or chart default) that caused it; built-in default policy has no source.
 */
export type ObjectOrigin =
  | { readonly kind: 'document'; readonly file: string; readonly docIndex: number; readonly basePath: JsonPath }
  | {
      readonly kind: 'modelled';
      readonly file: string;
      readonly docIndex: number;
      /** Maps a field path of the object to a values path (null = chart default) and a note. */
      readonly resolve: (path: JsonPath) => { readonly valuesPath: JsonPath | null; readonly note: string };
      readonly description: string;
    }
  | { readonly kind: 'builtin'; readonly version: string };

export interface K8sObject {
  readonly apiVersion: string;
  /** API group from apiVersion ('' for core). */
  readonly group: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  /** The object as plain data. */
  readonly body: Readonly<Record<string, unknown>>;
  readonly origin: ObjectOrigin;
}

export function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash === -1 ? '' : apiVersion.slice(0, slash);
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function stringMap(v: unknown): Record<string, string> {
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  if (!isRecord(v)) return out;
  for (const [k, val] of Object.entries(v)) if (typeof val === 'string') out[k] = val;
  return out;
}

export function makeObject(body: Record<string, unknown>, origin: ObjectOrigin): K8sObject | undefined {
  const apiVersion = body['apiVersion'];
  const kind = body['kind'];
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') return undefined;
  const meta = isRecord(body['metadata']) ? body['metadata'] : {};
  const name = typeof meta['name'] === 'string' ? meta['name'] : '';
  const ns = typeof meta['namespace'] === 'string' && meta['namespace'] !== '' ? meta['namespace'] : undefined;
  return {
    apiVersion,
    group: groupOf(apiVersion),
    kind,
    name,
    ...(ns !== undefined ? { namespace: ns } : {}),
    labels: stringMap(meta['labels']),
    annotations: stringMap(meta['annotations']),
    body,
    origin,
  };
}

/** The source location of a field of an object; undefined for built-in objects. */
export function refAt(obj: K8sObject, path: JsonPath): (SourceRef & { readonly note?: string }) | undefined {
  const o = obj.origin;
  switch (o.kind) {
    case 'document':
      return { file: o.file, docIndex: o.docIndex, path: [...o.basePath, ...path] };
    case 'modelled': {
      const r = o.resolve(path);
      return { file: o.file, docIndex: o.docIndex, path: r.valuesPath ?? [], note: r.note };
    }
    case 'builtin':
      return undefined;
  }
}

/** Human identity of an object: Kind "ns/name" or Kind "name". */
export function describeObject(obj: Pick<K8sObject, 'kind' | 'name' | 'namespace'>): string {
  return obj.namespace ? `${obj.kind} "${obj.namespace}/${obj.name}"` : `${obj.kind} "${obj.name}"`;
}
