// Glue: chart models as ordinary K8sObjects of the workspace, whose field locations resolve
// to the values line (or chart default) that caused them.

import { makeObject, type K8sObject } from '../model/k8s.js';
import type { JsonPath } from '../model/path.js';
import { describeRelease } from './release.js';
import { originFor, type ChartModel, type ModelledObject, type ValuesOrigin } from './types.js';
import { valuesPathText } from './values.js';

export interface ValuesLocation {
  /** The values file (relative path, as in SourceRef). */
  readonly file: string;
  readonly docIndex: number;
  /** Where the chart's values start in the document ([] or [<dependency alias>]). */
  readonly basePath: JsonPath;
}

/** Human text of an origin, with the release when the field depends on it. */
export function describeOrigin(origin: ValuesOrigin, model: Pick<ChartModel, 'release'>): string {
  const base = origin.kind === 'values' ? `set by ${valuesPathText(origin.path)}` : origin.description;
  return origin.release && origin.release.length > 0 ? `${base}; depends on the ${describeRelease(model.release)}` : base;
}

/** The values path a finding on `path` of `obj` should point at (null: chart default with no values line). */
export function valuesPathFor(obj: ModelledObject, path: JsonPath, basePath: JsonPath = []): JsonPath | null {
  const o = originFor(obj, path);
  if (o.kind === 'values') return [...basePath, ...o.path];
  if (o.near) return [...basePath, ...o.near];
  return null;
}

/** Every modelled object of `model` as a K8sObject with a 'modelled' origin. */
export function chartModelObjects(model: ChartModel, at: ValuesLocation): K8sObject[] {
  const out: K8sObject[] = [];
  for (const obj of model.objects) {
    const k = makeObject(structuredClone(obj.body) as Record<string, unknown>, {
      kind: 'modelled',
      file: at.file,
      docIndex: at.docIndex,
      // A chart default has no values line: point at where the chart's values start.
      resolve: (path) => ({ valuesPath: valuesPathFor(obj, path, at.basePath) ?? (at.basePath.length > 0 ? at.basePath : null), note: describeOrigin(originFor(obj, path), model) }),
      description: `${model.chart} chart ${model.chartVersion} ${obj.template}, ${describeRelease(model.release)}`,
    });
    if (k) out.push(k);
  }
  return out;
}
