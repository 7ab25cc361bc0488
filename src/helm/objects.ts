// Small shared helpers for building modelled objects.

import type { JsonPath } from '../model/path.js';
import { originKey, type ModelledObject, type ReleaseDependency, type ValuesOrigin } from './types.js';
import { goScalarText, isRecord, valuesPathText, type ValuesReader } from './values.js';

/** Placeholder written where the chart would put a secret value. Never the value itself. */
export const MASKED_SECRET_VALUE = '<masked: plaintext token from values>';

export const RBAC_API_VERSION = 'rbac.authorization.k8s.io/v1';
export const RBAC_API_GROUP = 'rbac.authorization.k8s.io';

export interface ObjectSpec {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
  readonly template: string;
  readonly body: Record<string, unknown>;
  /** Root origin (key ''), required. */
  readonly root: ValuesOrigin;
  readonly origins?: readonly (readonly [JsonPath, ValuesOrigin | undefined])[];
}

export function modelledObject(spec: ObjectSpec): ModelledObject {
  const origins = new Map<string, ValuesOrigin>();
  origins.set('', spec.root);
  for (const [path, origin] of spec.origins ?? []) if (origin) origins.set(originKey(path), origin);
  return {
    apiVersion: spec.apiVersion,
    kind: spec.kind,
    name: spec.name,
    ...(spec.namespace !== undefined ? { namespace: spec.namespace } : {}),
    template: spec.template,
    body: spec.body,
    origins,
  };
}

/** Adds release dependencies to an origin (keeps existing ones). */
export function withRelease(o: ValuesOrigin, deps: readonly ReleaseDependency[]): ValuesOrigin {
  const merged = [...new Set([...(o.release ?? []), ...deps])];
  return { ...o, release: merged };
}

export interface ChartVersion {
  readonly text: string;
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
}

/** Parses 'v2.6.2' / '2.6.2' / '2.6.2-rc1'; falls back to `fallback` with a note. */
export function parseChartVersion(given: string | undefined, fallback: string, chart: string, notes: string[]): ChartVersion {
  const parse = (s: string): ChartVersion | undefined => {
    const m = /^v?(\d+)\.(\d+)\.(\d+)(?:[-+].*)?$/.exec(s.trim());
    if (!m) return undefined;
    return { text: s.trim().replace(/^v/, ''), major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]) };
  };
  if (given !== undefined) {
    const v = parse(given);
    if (v) return v;
    notes.push(`Chart version "${given}" is not a semantic version; modelled as ${chart} ${fallback}.`);
  }
  const d = parse(fallback);
  if (!d) throw new Error(`bad built-in chart version ${fallback}`);
  return d;
}

/**
 * A string map from values (labels, annotations): entries with scalar values are printed
 * as templates print them; others are dropped with a note. Origins per key.
 */
export function stringMapFromValues(
  reader: ValuesReader,
  path: JsonPath,
): { map: Record<string, string>; origins: [string, ValuesOrigin][] } {
  const at = reader.get(path);
  const map: Record<string, string> = {};
  const origins: [string, ValuesOrigin][] = [];
  if (!at.present || at.value === undefined) return { map, origins };
  if (!isRecord(at.value)) {
    reader.note(`${valuesPathText(path)} is not a map; Helm cannot render it as labels/annotations. Ignored.`);
    return { map, origins };
  }
  for (const [k, v] of Object.entries(at.value)) {
    const t = v === null ? '' : goScalarText(v);
    if (t === undefined) {
      reader.note(`${valuesPathText([...path, k])} is not a string; Kubernetes rejects non-string label/annotation values. Ignored.`);
      continue;
    }
    if (typeof v !== 'string' && v !== null) {
      reader.note(`${valuesPathText([...path, k])} is not a string; Kubernetes rejects non-string label/annotation values unless quoted. Modelled as "${t}".`);
    }
    map[k] = t;
    origins.push([k, { kind: 'values', path: [...path, k] }]);
  }
  return { map, origins };
}
