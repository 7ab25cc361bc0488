// Jobs of a parsed `.gitlab-ci.yml` with the parts the agent checks need, resolved the way
// GitLab does: `extends` deep-merges hashes (arrays and scalars of the extending job win;
// with several parents the later one wins), `default:` and the deprecated top-level
// before_script/after_script fill in what the job lacks, `inherit:` can switch both off.
// Every value keeps the JSON path where it is written (a template line reported for the
// job that inherits it).

import type { JsonPath } from '../model/path.js';

/** Top-level keys that are not jobs. */
export const GLOBAL_KEYWORDS = new Set([
  'default', 'include', 'stages', 'variables', 'workflow', 'image', 'services', 'cache',
  'before_script', 'after_script', 'types', 'spec',
]);
/** GitLab's `extends` nesting limit. */
const MAX_EXTENDS_DEPTH = 11;
/** GitLab flattens script arrays nested up to 10 levels. */
const MAX_SCRIPT_NESTING = 10;

export type ScriptSection = 'before_script' | 'script' | 'after_script';

export interface ScriptLine {
  readonly section: ScriptSection;
  readonly text: string;
  readonly path: JsonPath;
  /** Top-level key the line is written under (the job, a template, or 'default'). */
  readonly definedIn: string;
}

export interface CiVariable {
  readonly name: string;
  readonly value: string;
  readonly path: JsonPath;
  readonly definedIn: string;
  /** `expand: false`: GitLab does not expand variable references inside the value. */
  readonly expand: boolean;
}

export interface CiJob {
  readonly name: string;
  readonly path: JsonPath;
  readonly environment?: {
    readonly name: string;
    readonly path: JsonPath;
    readonly tier?: string;
    /** The name contains `$` variables: its value is only known at run time. */
    readonly dynamic: boolean;
  };
  /** before_script, script, after_script lines in execution order. */
  readonly lines: readonly ScriptLine[];
  /** Effective variables: job (incl. templates) over global ones. */
  readonly variables: ReadonlyMap<string, CiVariable>;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const own = (o: Obj, k: string): unknown => (Object.prototype.hasOwnProperty.call(o, k) ? o[k] : undefined);

interface Source {
  readonly name: string;
  readonly body: Obj;
}

/** Sources of a job, highest priority first: the job, then its parents' chains (last parent first). */
function chain(top: Obj, name: string, depth: number, visiting: Set<string>): Source[] {
  const body = own(top, name);
  if (!isObj(body) || visiting.has(name) || depth > MAX_EXTENDS_DEPTH) return [];
  visiting.add(name);
  const ext = own(body, 'extends');
  const parents = typeof ext === 'string' ? [ext] : Array.isArray(ext) ? ext.filter((x): x is string => typeof x === 'string') : [];
  const out: Source[] = [{ name, body }];
  for (let i = parents.length - 1; i >= 0; i--) out.push(...chain(top, parents[i] as string, depth + 1, visiting));
  visiting.delete(name);
  return out;
}

/**
 * Deep-merge lookup: the first source holding `keys`, unless a higher source holds a
 * non-hash at a prefix of it (that value replaced the whole subtree).
 */
function lookup(sources: readonly Source[], keys: readonly string[]): { value: unknown; path: JsonPath; definedIn: string } | undefined {
  for (const src of sources) {
    let cur: unknown = src.body;
    let found = true;
    for (let k = 0; k < keys.length; k++) {
      const next = own(cur as Obj, keys[k] as string);
      if (next === undefined) {
        found = false;
        break;
      }
      if (k < keys.length - 1 && !isObj(next)) return undefined; // a scalar/array overrides the hash below
      cur = next;
    }
    if (found) return { value: cur, path: [src.name, ...keys], definedIn: src.name };
  }
  return undefined;
}

function flattenScript(value: unknown, path: JsonPath, section: ScriptSection, definedIn: string, depth = 0): ScriptLine[] {
  if (typeof value === 'string') return [{ section, text: value, path, definedIn }];
  if (!Array.isArray(value) || depth > MAX_SCRIPT_NESTING) return [];
  return value.flatMap((item, i) => flattenScript(item, [...path, i], section, definedIn, depth + 1));
}

/** `inherit:` decides whether a default keyword / a global variable reaches the job. */
function inherits(setting: unknown, key: string): boolean {
  if (setting === undefined || setting === true) return true;
  if (setting === false) return false;
  return Array.isArray(setting) ? setting.includes(key) : true;
}

function readVariables(vars: unknown, path: JsonPath, definedIn: string, into: Map<string, CiVariable>): void {
  if (!isObj(vars)) return;
  for (const name of Object.keys(vars)) {
    if (into.has(name)) continue; // higher priority already set it
    const raw = vars[name];
    if (typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean') {
      into.set(name, { name, value: String(raw), path: [...path, name], definedIn, expand: true });
    } else if (isObj(raw)) {
      const v = own(raw, 'value');
      if (typeof v === 'string' || typeof v === 'number') {
        into.set(name, { name, value: String(v), path: [...path, name, 'value'], definedIn, expand: own(raw, 'expand') !== false });
      }
    }
  }
}

export function isJobKey(top: Obj, key: string): boolean {
  return !GLOBAL_KEYWORDS.has(key) && !key.startsWith('.') && isObj(own(top, key));
}

/** Resolve every job of the document. Non-mapping input gives no jobs. */
export function resolveJobs(data: unknown): CiJob[] {
  if (!isObj(data)) return [];
  const top = data;
  const dflt = own(top, 'default');
  const jobs: CiJob[] = [];
  for (const name of Object.keys(top)) {
    if (!isJobKey(top, name)) continue;
    const sources = chain(top, name, 0, new Set());
    const inherit = lookup(sources, ['inherit'])?.value;
    const inheritDefault = isObj(inherit) ? own(inherit, 'default') : undefined;
    const inheritVariables = isObj(inherit) ? own(inherit, 'variables') : undefined;

    const lines: ScriptLine[] = [];
    for (const section of ['before_script', 'script', 'after_script'] as const) {
      const hit = lookup(sources, [section]);
      if (hit) lines.push(...flattenScript(hit.value, hit.path, section, hit.definedIn));
      else if (section !== 'script' && inherits(inheritDefault, section)) {
        const fromDefault = isObj(dflt) ? own(dflt, section) : undefined;
        if (fromDefault !== undefined) lines.push(...flattenScript(fromDefault, ['default', section], section, 'default'));
        else if (own(top, section) !== undefined) lines.push(...flattenScript(own(top, section), [section], section, '(global)'));
      }
    }

    const variables = new Map<string, CiVariable>();
    for (const src of sources) readVariables(own(src.body, 'variables'), [src.name, 'variables'], src.name, variables);
    const global = own(top, 'variables');
    if (isObj(global) && inheritVariables !== false) {
      const picked: Map<string, CiVariable> = new Map();
      readVariables(global, ['variables'], '(global)', picked);
      for (const [k, v] of picked) if (!variables.has(k) && inherits(inheritVariables, k)) variables.set(k, v);
    }

    let environment: CiJob['environment'];
    const env = lookup(sources, ['environment']);
    if (env && typeof env.value === 'string') {
      environment = { name: env.value, path: env.path, dynamic: env.value.includes('$') };
    } else if (env && isObj(env.value)) {
      const n = lookup(sources, ['environment', 'name']);
      const tier = lookup(sources, ['environment', 'deployment_tier']);
      if (n && typeof n.value === 'string') {
        environment = {
          name: n.value,
          path: n.path,
          dynamic: n.value.includes('$'),
          ...(tier && typeof tier.value === 'string' ? { tier: tier.value } : {}),
        };
      }
    }

    jobs.push({ name, path: [name], ...(environment ? { environment } : {}), lines, variables });
  }
  return jobs;
}
