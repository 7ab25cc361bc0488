import type { SchemaIssue, SchemaName } from '../schema/validate.js';
import { kubernetesSchemaFor, validateWithSchema } from '../schema/validate.js';
import type { JsonPath } from '../model/path.js';
import type { ObjectIdentity } from '../model/finding.js';
import type { Workspace } from '../model/workspace.js';

/** One document (or part of one) validated against one bundled schema. */
export interface SchemaTarget {
  readonly schema: SchemaName;
  readonly file: string;
  readonly docIndex: number;
  /** Where the validated data starts in the document. */
  readonly basePath: JsonPath;
  readonly object?: ObjectIdentity;
}

export interface LocatedSchemaIssue extends SchemaIssue {
  readonly targetInfo: SchemaTarget;
  /** Full path in the document. */
  readonly docPath: JsonPath;
}

/** Everything kaslint validates against a schema, in workspace order. */
export function schemaIssues(ws: Workspace): LocatedSchemaIssue[] {
  const out: LocatedSchemaIssue[] = [];
  const add = (t: SchemaTarget, data: unknown): void => {
    for (const issue of validateWithSchema(t.schema, data)) out.push({ ...issue, targetInfo: t, docPath: [...t.basePath, ...issue.path] });
  };
  for (const a of ws.agentConfigs) {
    // An empty file (or only `null`) is an empty config for KAS, not an error.
    if (a.data === null || a.data === undefined) continue;
    add({ schema: 'agent-config', file: a.file.source.path, docIndex: a.docIndex, basePath: [] }, a.data);
  }
  for (const v of ws.values) {
    if (v.data === null || v.data === undefined) continue;
    add({ schema: v.chart === 'gitlab-agent' ? 'gitlab-agent-values' : 'gitlab-runner-values', file: v.file.source.path, docIndex: v.docIndex, basePath: v.basePath }, v.data);
  }
  for (const obj of ws.objects) {
    const schema = kubernetesSchemaFor(obj.kind);
    if (!schema || obj.origin.kind !== 'document') continue;
    if (obj.kind !== 'ServiceAccount' && obj.group !== 'rbac.authorization.k8s.io') continue;
    add(
      { schema, file: obj.origin.file, docIndex: obj.origin.docIndex, basePath: obj.origin.basePath, object: { kind: obj.kind, name: obj.name, ...(obj.namespace ? { namespace: obj.namespace } : {}) } },
      obj.body,
    );
  }
  return out;
}
