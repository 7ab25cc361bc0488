import { parse } from 'yaml';
import { validateWithSchema, type SchemaIssue, type SchemaName } from '../../src/schema/validate.js';

/** What a table row pins down for each issue. */
export interface ExpectedIssue {
  code: SchemaIssue['code'];
  path: (string | number)[];
  target: SchemaIssue['target'];
}

export interface Row {
  name: string;
  /** YAML text (parsed with yaml's default 1.2 schema) or ready-made data. */
  doc: string | unknown;
  issues: ExpectedIssue[];
  /** Substrings the message of the issue with the same index must contain. */
  messages?: (string | undefined)[];
}

export function data(doc: string | unknown): unknown {
  return typeof doc === 'string' ? (parse(doc) as unknown) : doc;
}

export function run(schema: SchemaName, doc: string | unknown): SchemaIssue[] {
  return validateWithSchema(schema, data(doc));
}

export function project(issues: readonly SchemaIssue[]): ExpectedIssue[] {
  return issues.map(({ code, path, target }) => ({ code, path, target }));
}
