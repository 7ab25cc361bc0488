import type { ChartModel, ModelledObject } from '../../src/helm/types.js';

/** The one object of `kind` named `name`; throws when missing. */
export function obj(model: ChartModel, kind: string, name: string): ModelledObject {
  const found = model.objects.filter((o) => o.kind === kind && o.name === name);
  if (found.length !== 1) {
    const have = model.objects.map((o) => `${o.kind}/${o.name}`).join(', ');
    throw new Error(`expected one ${kind}/${name}, found ${found.length} (have: ${have})`);
  }
  const [o] = found;
  if (!o) throw new Error('unreachable');
  return o;
}

/** `Kind namespace/name` (or `Kind name` for cluster-scoped) of every object, in order. */
export function refs(model: ChartModel): string[] {
  return model.objects.map((o) => (o.namespace !== undefined ? `${o.kind} ${o.namespace}/${o.name}` : `${o.kind} ${o.name}`));
}

/** Body without labels, to compare the RBAC-relevant content exactly. */
export function bodyWithoutLabels(o: ModelledObject): Record<string, unknown> {
  const body = structuredClone(o.body) as Record<string, unknown>;
  const meta = body['metadata'];
  if (meta && typeof meta === 'object' && !Array.isArray(meta)) delete (meta as Record<string, unknown>)['labels'];
  return body;
}

/** Objects whose subjects include ServiceAccount ns/name. */
export function bindingsOf(model: ChartModel, namespace: string, name: string): ModelledObject[] {
  return model.objects.filter((o) => {
    const subjects = o.body['subjects'];
    return (
      Array.isArray(subjects) &&
      subjects.some(
        (s: unknown) =>
          typeof s === 'object' &&
          s !== null &&
          (s as Record<string, unknown>)['kind'] === 'ServiceAccount' &&
          (s as Record<string, unknown>)['name'] === name &&
          (s as Record<string, unknown>)['namespace'] === namespace,
      )
    );
  });
}

export function json(model: ChartModel): string {
  return JSON.stringify(model, (_k, v: unknown) => (v instanceof Map ? Object.fromEntries(v) : v));
}
