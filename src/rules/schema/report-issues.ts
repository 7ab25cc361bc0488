import type { SchemaName } from '../../schema/validate.js';
import type { RuleContext } from '../types.js';

/**
 * Report the schema issues of some schemas. A type error on a plain scalar that YAML 1.1
 * reads as a boolean or number is left to yaml/yaml11-scalar, which explains it better.
 */
export function reportSchemaIssues(ctx: RuleContext, schemas: readonly SchemaName[], explain: (schema: SchemaName) => string): void {
  for (const issue of ctx.analysis.schemaIssues()) {
    const t = issue.targetInfo;
    if (!schemas.includes(t.schema)) continue;
    const at = { file: t.file, docIndex: t.docIndex, path: issue.docPath };
    if (issue.code === 'type' && ctx.analysis.isYaml11Ambiguous(at)) continue;
    ctx.report({
      at,
      target: issue.target,
      message: `${issue.message}${explain(t.schema)}`,
      key: `${issue.code}:${issue.message}`,
      ...(t.object ? { object: t.object } : {}),
    });
  }
}
