/**
 * JSON Schema validation of agent configs, Helm values and RBAC objects.
 *
 * ajv (and ajv-formats) are loaded synchronously through `createRequire` the first time a document is
 * validated, and each schema is compiled on its first use, so commands that never validate do not pay
 * for them. ajv's raw errors are turned into one-line {@link SchemaIssue}s: one issue per location for
 * one-of/any-of failures, the parent object for missing keys, the key itself for unknown/removed keys.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Ajv, ErrorObject, KeywordDefinition, Options, ValidateFunction } from 'ajv';
import type { FormatsPlugin } from 'ajv-formats';
import { pointerToPath } from '../model/path.js';

const SCHEMA_FILES = {
  'agent-config': 'agent-config.schema.json',
  'gitlab-agent-values': 'gitlab-agent-values.schema.json',
  'gitlab-runner-values': 'gitlab-runner-values.schema.json',
  'kubernetes/clusterrole': 'kubernetes/clusterrole.schema.json',
  'kubernetes/clusterrolebinding': 'kubernetes/clusterrolebinding.schema.json',
  'kubernetes/role': 'kubernetes/role.schema.json',
  'kubernetes/rolebinding': 'kubernetes/rolebinding.schema.json',
  'kubernetes/serviceaccount': 'kubernetes/serviceaccount.schema.json',
} as const;

/** Name of a bundled schema (file under schemas/ without the `.schema.json` suffix). */
export type SchemaName = keyof typeof SCHEMA_FILES;

/** Every bundled schema name, sorted. */
export const SCHEMA_NAMES: readonly SchemaName[] = Object.freeze(Object.keys(SCHEMA_FILES).sort() as SchemaName[]);

export type SchemaIssueCode =
  | 'unknown-key'
  | 'removed-key'
  | 'type'
  | 'required'
  | 'enum'
  | 'one-of'
  | 'format'
  | 'constraint';

export interface SchemaIssue {
  /** Path into the validated data: map keys as strings, sequence indexes as numbers. */
  path: (string | number)[];
  /** Whether the issue is about the key at `path` (unknown, removed, or missing a required child) or its value. */
  target: 'key' | 'value';
  code: SchemaIssueCode;
  /** One line, human-readable. */
  message: string;
  /** ajv's schema location of the failing keyword (relative to the referenced definition). */
  schemaPath?: string;
}

/** Root of the bundled schemas: `schemas/` two levels above this module (src/schema or dist/schema). */
const SCHEMA_DIR = fileURLToPath(new URL('../../schemas/', import.meta.url));

export function isSchemaName(name: string): name is SchemaName {
  return Object.hasOwn(SCHEMA_FILES, name);
}

/** Absolute file path of a bundled schema. */
export function schemaPath(name: SchemaName): string {
  return join(SCHEMA_DIR, SCHEMA_FILES[name]);
}

/** Schema for a Kubernetes kind this module knows, by kind name (apiVersion is checked by the schema). */
export function kubernetesSchemaFor(kind: string): SchemaName | undefined {
  switch (kind) {
    case 'Role':
      return 'kubernetes/role';
    case 'ClusterRole':
      return 'kubernetes/clusterrole';
    case 'RoleBinding':
      return 'kubernetes/rolebinding';
    case 'ClusterRoleBinding':
      return 'kubernetes/clusterrolebinding';
    case 'ServiceAccount':
      return 'kubernetes/serviceaccount';
    default:
      return undefined;
  }
}

type SchemaObject = Record<string, unknown>;

const schemaCache = new Map<SchemaName, SchemaObject>();

/** The parsed schema document (cached; callers must not mutate it). */
export function loadSchema(name: SchemaName): Readonly<SchemaObject> {
  let schema = schemaCache.get(name);
  if (schema === undefined) {
    const parsed: unknown = JSON.parse(readFileSync(schemaPath(name), 'utf8'));
    if (!isObject(parsed)) throw new Error(`schema ${name} is not a JSON object`);
    schema = parsed;
    schemaCache.set(name, schema);
  }
  return schema;
}

/**
 * Annotation keywords of our schemas. They do not validate anything themselves; they carry what the
 * error translation needs. Registered so that ajv's strict mode accepts them, with a meta-schema so a
 * malformed annotation fails at compile time.
 */
const ANNOTATION_KEYWORDS: readonly KeywordDefinition[] = [
  // GitLab version that removed the key; the property schema pairs it with `not: {}`.
  { keyword: 'x-removed-in', schemaType: 'string' },
  // What to do instead of a removed key.
  { keyword: 'x-removed-note', schemaType: 'string' },
  // Members of a protobuf one-of, next to the `oneOf` that enforces it.
  { keyword: 'x-one-of', schemaType: 'array', metaSchema: { type: 'array', items: { type: 'string' } } },
  // Human description of the expected value, used in type/format messages.
  { keyword: 'x-expected', schemaType: 'string' },
  // Message overrides by failing keyword (e.g. {"maxItems": "..."}).
  { keyword: 'x-messages', schemaType: 'object', metaSchema: { type: 'object', additionalProperties: { type: 'string' } } },
  // Extra explanation for specific unknown keys of this object.
  { keyword: 'x-unknown-key-hints', schemaType: 'object', metaSchema: { type: 'object', additionalProperties: { type: 'string' } } },
  // Consequence of an unknown key anywhere in the document (root schema only).
  { keyword: 'x-unknown-key-note', schemaType: 'string' },
  // Child key that a cross-field (anyOf) failure of this object is reported at.
  { keyword: 'x-report-at', schemaType: 'string' },
];

let ajvInstance: Ajv | undefined;
const validators = new Map<SchemaName, ValidateFunction>();
let precompiledUsed = false;

/** True once a validator has been loaded or compiled (used by tests and start-up budgets). */
export function schemaEngineLoaded(): boolean {
  return ajvInstance !== undefined || precompiledUsed;
}

/**
 * The ajv instance every schema is compiled with: at run time, or at build time (with
 * `standalone`) to write the validators that a built kaslint loads instead of compiling.
 */
export function createSchemaCompiler(options: { readonly standalone?: boolean } = {}): Ajv {
  const require = createRequire(import.meta.url);
  const AjvClass = (require('ajv') as { default: new (opts: Options) => Ajv }).default;
  const addFormats = (require('ajv-formats') as { default: FormatsPlugin }).default;
  const ajv = new AjvClass({
    allErrors: true,
    verbose: true,
    strict: true,
    // if/then branches name properties and type-specific keywords declared by the enclosing schema.
    strictRequired: false,
    strictTypes: false,
    allowUnionTypes: true,
    // ajv's code optimisation pass roughly doubles compile time and does not measurably speed up
    // validation of our schemas; compile time is what a pre-commit run pays.
    code: { optimize: false, ...(options.standalone ? { source: true } : {}) },
  });
  addFormats(ajv);
  for (const def of ANNOTATION_KEYWORDS) ajv.addKeyword(def);
  return ajv;
}

function getAjv(): Ajv {
  ajvInstance ??= createSchemaCompiler();
  return ajvInstance;
}

/** File name (in dist/schema/compiled/) of a schema's validator written at build time. */
export function precompiledFileName(name: SchemaName): string {
  return `${name.replace(/\//g, '__')}.cjs`;
}

/**
 * The validator the build wrote for `name`, if this is a built kaslint: compiling the agent
 * config schema costs ~0.3 s, a third of a pre-commit run's budget. Running from sources
 * (tests) there is none and the schema is compiled; test/schema checks both agree.
 */
function loadPrecompiled(name: SchemaName): ValidateFunction | undefined {
  const require = createRequire(import.meta.url);
  let loaded: unknown;
  try {
    loaded = require(`./compiled/${precompiledFileName(name)}`);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND') return undefined;
    throw err;
  }
  if (typeof loaded !== 'function') return undefined;
  precompiledUsed = true;
  return loaded as ValidateFunction;
}

function getValidator(name: SchemaName): ValidateFunction {
  let validate = validators.get(name);
  if (validate === undefined) {
    validate = loadPrecompiled(name) ?? getAjv().compile(loadSchema(name));
    validators.set(name, validate);
  }
  return validate;
}

/** Validate `data` (plain JSON-like data, e.g. from yaml's toJS) against a bundled schema. */
export function validateWithSchema(name: SchemaName, data: unknown): SchemaIssue[] {
  const validate = getValidator(name);
  if (validate(data)) return [];
  const root = loadSchema(name);
  return translateErrors(validate.errors ?? [], data, root);
}

// ---------------------------------------------------------------------------------------------------
// ajv errors → issues

function translateErrors(errors: readonly ErrorObject[], data: unknown, root: Readonly<SchemaObject>): SchemaIssue[] {
  const combinators = errors.filter((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf');
  const isBranchError = (e: ErrorObject): boolean =>
    combinators.some(
      (c) => c !== e && e.schemaPath.startsWith(`${c.schemaPath}/`) && pointerWithin(e.instancePath, c.instancePath),
    );

  const issues: SchemaIssue[] = [];
  const seen = new Set<string>();
  for (const error of errors) {
    // `if` only says "must match then"; `propertyNames` repeats its inner error. Branch errors of a
    // failed one-of/any-of are replaced by the single combinator issue.
    if (error.keyword === 'if' || error.keyword === 'propertyNames' || isBranchError(error)) continue;
    const issue = translateError(error, data, root);
    const key = `${JSON.stringify(issue.path)}\u0000${issue.target}\u0000${issue.code}\u0000${issue.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    issues.push(issue);
  }
  return issues.sort(compareIssues);
}

function translateError(error: ErrorObject, data: unknown, root: Readonly<SchemaObject>): SchemaIssue {
  const basePath = [...pointerToPath(error.instancePath, data)];
  const parent = isObject(error.parentSchema) ? error.parentSchema : {};
  const messages = stringMap(parent['x-messages']);
  const override = messages.get(error.keyword);
  const value: unknown = error.data;
  const schemaPath = error.schemaPath;
  const issue = (path: (string | number)[], target: 'key' | 'value', code: SchemaIssueCode, message: string): SchemaIssue => ({
    path,
    target,
    code,
    message,
    schemaPath,
  });

  // Errors raised while checking a map key (propertyNames) concern that key.
  if (typeof error.propertyName === 'string') {
    const keyName = error.propertyName;
    const expected = stringOrUndefined(parent['x-expected']);
    const code: SchemaIssueCode = error.keyword === 'pattern' || error.keyword === 'format' ? 'format' : 'constraint';
    const message = override ?? (expected !== undefined ? `key ${show(keyName)} is not ${expected}` : `key ${show(keyName)} is not allowed`);
    return issue([...basePath, keyName], 'key', code, message);
  }

  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(error.params['additionalProperty']);
      return issue([...basePath, key], 'key', 'unknown-key', unknownKeyMessage(key, parent, root));
    }
    case 'not': {
      const removedIn = stringOrUndefined(parent['x-removed-in']);
      if (removedIn !== undefined) {
        const key = lastKey(basePath) ?? 'key';
        const note = stringOrUndefined(parent['x-removed-note']);
        return issue(basePath, 'key', 'removed-key', `${show(key)} was removed in GitLab ${removedIn}${note !== undefined ? `; ${note}` : ''}`);
      }
      return issue(basePath, 'value', 'constraint', override ?? 'this value is not allowed here');
    }
    case 'required': {
      const missing = String(error.params['missingProperty']);
      return issue(basePath, 'key', 'required', override ?? `missing required key ${show(missing)}`);
    }
    case 'type':
      return issue(basePath, 'value', 'type', typeMessage(error.schema, value, parent));
    case 'enum':
    case 'const': {
      const allowed: unknown[] = error.keyword === 'const' ? [error.params['allowedValue']] : asArray(error.params['allowedValues']);
      return issue(basePath, 'value', 'enum', override ?? enumMessage(allowed, value));
    }
    case 'oneOf':
    case 'anyOf': {
      // A protobuf one-of (x-one-of) or any oneOf is a choice between alternatives; an anyOf without
      // x-one-of encodes a cross-field condition and reads better as a constraint.
      const code: SchemaIssueCode = error.keyword === 'oneOf' || parent['x-one-of'] !== undefined ? 'one-of' : 'constraint';
      const message = override ?? oneOfMessage(error.keyword, parent, basePath, value);
      return issue(reportAt(basePath, parent, value), 'value', code, message);
    }
    case 'pattern':
    case 'format': {
      const expected = stringOrUndefined(parent['x-expected']);
      const fallback =
        error.keyword === 'format'
          ? `${show(value)} is not a valid ${String(error.params['format'])}`
          : `${show(value)} does not match the pattern ${String(error.params['pattern'])}`;
      return issue(basePath, 'value', 'format', override ?? (expected !== undefined ? `${show(value)} is not ${expected}` : fallback));
    }
    default:
      return issue(basePath, 'value', 'constraint', override ?? constraintMessage(error, value));
  }
}

/** Move a whole-object issue onto the child named by `x-report-at`, when the data has it. */
function reportAt(path: (string | number)[], parent: SchemaObject, value: unknown): (string | number)[] {
  const child = stringOrUndefined(parent['x-report-at']);
  return child !== undefined && isObject(value) && Object.hasOwn(value, child) ? [...path, child] : path;
}

function unknownKeyMessage(key: string, parent: SchemaObject, root: Readonly<SchemaObject>): string {
  const note = stringOrUndefined(root['x-unknown-key-note']);
  let message = `unknown key ${show(key)}${note !== undefined ? ` (${note})` : ''}`;
  const hint = stringMap(parent['x-unknown-key-hints']).get(key);
  if (hint !== undefined) return `${message}; ${hint}`;
  const properties = isObject(parent['properties']) ? parent['properties'] : {};
  const known = Object.keys(properties)
    .filter((k) => {
      const sub = properties[k];
      return !(isObject(sub) && sub['x-removed-in'] !== undefined);
    })
    .sort();
  const suggestion = suggestKey(key, known);
  if (suggestion !== undefined) message += `; did you mean ${show(suggestion)}?`;
  return message;
}

/** A known key the user probably meant: snake_case form, different case/separators, or a small typo. */
function suggestKey(key: string, known: readonly string[]): string | undefined {
  const snake = key
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/-/g, '_')
    .toLowerCase();
  if (known.includes(snake)) return snake;
  const loose = (s: string): string => s.toLowerCase().replace(/[-_]/g, '');
  const sameLoose = known.find((k) => loose(k) === loose(key));
  if (sameLoose !== undefined) return sameLoose;
  if (key.length < 4) return undefined;
  let best: string | undefined;
  let bestDistance = 3;
  for (const k of known) {
    const d = editDistance(key.toLowerCase(), k.toLowerCase());
    if (d < bestDistance) {
      best = k;
      bestDistance = d;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur.push(Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost));
    }
    prev = cur;
  }
  return prev[b.length] ?? 0;
}

const ARTICLE_TYPE: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  integer: 'an integer',
  boolean: 'a boolean',
  object: 'a mapping',
  array: 'a list',
  null: 'null',
};

function typeMessage(schemaType: unknown, value: unknown, parent: SchemaObject): string {
  const types = (Array.isArray(schemaType) ? schemaType : [schemaType]).map(String);
  const wanted = types.length > 1 ? types.filter((t) => t !== 'null') : types;
  const got = describeType(value);
  const expected = stringOrUndefined(parent['x-expected']) ?? wanted.map((t) => ARTICLE_TYPE[t] ?? t).join(' or ');
  let message = `expected ${expected}, got ${got}`;
  if (wanted.includes('string') && (typeof value === 'boolean' || (typeof value === 'number' && Number.isSafeInteger(value)))) {
    message += ` (write ${JSON.stringify(String(value))} in quotes; unquoted it is parsed as ${got})`;
  } else if (wanted.includes('string') && typeof value === 'number') {
    // The source text is gone (17.10 became 17.1), so do not suggest a rewritten value.
    message += ` (put the value in quotes; unquoted it is parsed as the number ${String(value)})`;
  } else if (wanted.includes('boolean') && typeof value === 'string' && /^(true|false)$/i.test(value.trim())) {
    message += ` (write ${value.trim().toLowerCase()} without quotes)`;
  } else if (
    (wanted.includes('integer') || wanted.includes('number')) &&
    typeof value === 'string' &&
    /^-?[0-9]+(\.[0-9]+)?$/.test(value.trim())
  ) {
    message += ` (write ${value.trim()} without quotes)`;
  }
  return message;
}

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'number') return Number.isInteger(value) ? 'a number' : 'a decimal number';
  return ARTICLE_TYPE[typeof value] ?? typeof value;
}

function enumMessage(allowed: readonly unknown[], value: unknown): string {
  const nonNull = allowed.filter((v) => v !== null);
  const sameType = nonNull.filter((v) => typeof v === typeof value);
  const shown = sameType.length > 0 ? sameType : nonNull;
  let message =
    shown.length === 1 ? `must be ${show(shown[0])}, got ${show(value)}` : `must be one of ${shown.map(show).join(', ')}; got ${show(value)}`;
  if (typeof value === 'string') {
    const caseMatch = shown.find((v) => typeof v === 'string' && v.toLowerCase() === value.toLowerCase());
    if (caseMatch !== undefined) message += ` (values are case-sensitive: write ${show(caseMatch)})`;
  }
  return message;
}

function oneOfMessage(keyword: string, parent: SchemaObject, path: readonly (string | number)[], value: unknown): string {
  const members = asArray(parent['x-one-of']).filter((m): m is string => typeof m === 'string');
  if (members.length === 0) {
    return keyword === 'oneOf' ? 'must match exactly one of the allowed forms' : 'must match at least one of the allowed forms';
  }
  const where = lastKey(path) ?? 'this mapping';
  let message = `${where} must set exactly one of ${members.join(', ')}`;
  if (isObject(value)) {
    const set = members.filter((m) => value[m] !== undefined && value[m] !== null);
    const nulls = members.filter((m) => value[m] === null);
    const first = nulls[0];
    if (set.length > 1) message += `; found ${set.join(' and ')}`;
    else if (set.length === 0 && first !== undefined) message += `; "${first}:" has no value, which leaves it unset (give it a mapping, e.g. "${first}: {}")`;
    else if (set.length === 0 && members.some((m) => value[m] !== undefined)) message += `; each member must be a mapping, e.g. "${members[0] ?? ''}: {}"`;
    else if (set.length === 0) message += '; none is set';
  }
  return message;
}

function constraintMessage(error: ErrorObject, value: unknown): string {
  const limit = error.params['limit'];
  const n = typeof limit === 'number' ? limit : Number(limit);
  switch (error.keyword) {
    case 'minLength':
      return n <= 1 ? 'must not be empty' : `must be at least ${n} characters long`;
    case 'maxLength':
      return `must be at most ${n} characters long${typeof value === 'string' ? ` (has ${value.length})` : ''}`;
    case 'minItems':
      return n <= 1 ? 'must list at least one item' : `must list at least ${n} items`;
    case 'maxItems':
      return n === 0 ? 'must be empty' : `must list at most ${n} items`;
    case 'minProperties':
      return n <= 1 ? 'must not be empty' : `must have at least ${n} keys`;
    case 'maxProperties':
      return `must have at most ${n} keys`;
    case 'minimum':
    case 'exclusiveMinimum':
      return `must be ${error.keyword === 'minimum' ? 'at least' : 'greater than'} ${n}, got ${show(value)}`;
    case 'maximum':
    case 'exclusiveMaximum':
      return `must be ${error.keyword === 'maximum' ? 'at most' : 'less than'} ${n}, got ${show(value)}`;
    case 'uniqueItems':
      return 'must not contain duplicate items';
    default:
      return error.message ?? `fails ${error.keyword}`;
  }
}

// ---------------------------------------------------------------------------------------------------
// helpers

function compareIssues(a: SchemaIssue, b: SchemaIssue): number {
  return comparePaths(a.path, b.path) || cmp(a.code, b.code) || cmp(a.target, b.target) || cmp(a.message, b.message);
}

function comparePaths(a: readonly (string | number)[], b: readonly (string | number)[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    if (typeof x === 'number') return -1;
    if (typeof y === 'number') return 1;
    return cmp(String(x), String(y));
  }
  return a.length - b.length;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function pointerWithin(pointer: string, ancestor: string): boolean {
  return pointer === ancestor || pointer.startsWith(`${ancestor}/`);
}

function lastKey(path: readonly (string | number)[]): string | undefined {
  for (let i = path.length - 1; i >= 0; i--) {
    const seg = path[i];
    if (typeof seg === 'string') return seg;
  }
  return undefined;
}

/** A value for a one-line message: JSON form, shortened. */
function show(value: unknown): string {
  let text: string;
  if (value === undefined) text = 'nothing';
  else {
    try {
      text = JSON.stringify(value) ?? String(value);
    } catch {
      text = String(value);
    }
  }
  text = text.replace(/[\r\n\t]+/g, ' ');
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? (value as unknown[]) : [];
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** String entries of a schema annotation object (a Map, so user keys such as "constructor" never hit prototypes). */
function stringMap(value: unknown): Map<string, string> {
  const out = new Map<string, string>();
  if (isObject(value)) for (const [k, v] of Object.entries(value)) if (typeof v === 'string') out.set(k, v);
  return out;
}
