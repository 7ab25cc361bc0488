import { isRecord } from '../../model/k8s.js';
import type { JsonPath } from '../../model/path.js';
import { refAt } from '../../model/k8s.js';
import { defineRule } from '../types.js';

/** Object fields whose values Kubernetes requires to be strings. */
function stringMapPaths(body: Readonly<Record<string, unknown>>, kind: string): JsonPath[] {
  const out: JsonPath[] = [];
  const meta = isRecord(body['metadata']) ? body['metadata'] : {};
  for (const field of ['labels', 'annotations'] as const) {
    const m = meta[field];
    if (isRecord(m)) for (const k of Object.keys(m)) if (typeof m[k] !== 'string') out.push(['metadata', field, k]);
  }
  if (kind === 'ConfigMap' || kind === 'Secret') {
    for (const field of ['data', 'stringData'] as const) {
      const m = body[field];
      if (isRecord(m)) for (const k of Object.keys(m)) if (typeof m[k] !== 'string') out.push([field, k]);
    }
  }
  return out;
}

/** What YAML 1.1 makes of an ambiguous plain scalar. */
function yaml11Reading(source: string): 'boolean' | 'number' {
  return /^[0-9+-]/.test(source) ? 'number' : 'boolean';
}

export default defineRule({
  meta: {
    id: 'yaml/yaml11-scalar',
    category: 'yaml',
    description: 'An unquoted no/yes/on/off/y/n or octal-looking number stands where a string is expected; Kubernetes and KAS read YAML 1.1, where it is not a string.',
    defaultSeverity: 'error',
    recommended: true,
    remediation: 'Quote the value ("no", "0755") so that every YAML reader sees the same string.',
    since: '0.1.0',
  },
  check(ctx) {
    // Where a schema expects a string and the value is an ambiguous plain scalar.
    for (const issue of ctx.analysis.schemaIssues()) {
      if (issue.code !== 'type') continue;
      const t = issue.targetInfo;
      const at = { file: t.file, docIndex: t.docIndex, path: issue.docPath };
      if (!ctx.analysis.isYaml11Ambiguous(at)) continue;
      const src = ctx.analysis.scalarSource(at) ?? '';
      ctx.report({
        at,
        target: 'value',
        message: `unquoted ${src} is not a string in YAML 1.1 (Kubernetes and KAS read it as a ${yaml11Reading(src)}): ${issue.message}`,
        key: issue.message,
        ...(t.object ? { object: t.object } : {}),
      });
    }
    // Labels, annotations and ConfigMap data must be strings in every object.
    for (const obj of ctx.workspace.objects) {
      if (obj.origin.kind !== 'document') continue;
      for (const path of stringMapPaths(obj.body, obj.kind)) {
        const at = refAt(obj, path);
        if (!at || !ctx.analysis.isYaml11Ambiguous(at)) continue;
        const src = ctx.analysis.scalarSource(at) ?? '';
        ctx.report({
          at,
          target: 'value',
          message: `unquoted ${src} in ${path.slice(0, -1).join('.')} is read as a ${yaml11Reading(src)} by Kubernetes (YAML 1.1), but the field takes strings`,
          object: { kind: obj.kind, name: obj.name, ...(obj.namespace ? { namespace: obj.namespace } : {}) },
        });
      }
    }
  },
});
