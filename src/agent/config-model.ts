// A typed, tolerant view over the agent configuration (`.gitlab/agents/<name>/config.yaml`)
// already parsed to plain JS. Only the parts that carry authorisation semantics are modelled
// (ci_access, user_access). Shape errors are the JSON Schema's job: here a bad value is
// skipped or marked, never thrown on, so the semantic checks can still run on the rest.

import type { JsonPath } from '../model/path.js';
import { pathKey } from './full-path.js';

/** Rails keeps only the first 500 entries of each list (`AUTHORIZED_ENTITY_LIMIT`, 100 before 17.0). */
export const AUTHORIZED_ENTITY_LIMIT = 500;

/** 'unset' = no `access_as` (or an explicit null): the agent's own identity. */
export type CiAccessMode = 'agent' | 'impersonate' | 'ci_job' | 'invalid' | 'unset';
/** 'unset' defaults to agent since GitLab 18.3 (it was required before). */
export type UserAccessMode = 'agent' | 'user' | 'invalid' | 'unset';

export type AccessAsProblem = 'not-a-mapping' | 'empty' | 'several-keys' | 'unknown-key' | 'member-not-a-mapping';

export interface StringAt {
  readonly value: string;
  readonly path: JsonPath;
}

export interface ImpersonateExtra {
  readonly key: string;
  readonly values: readonly string[];
  readonly path: JsonPath;
}

/** `access_as.impersonate` of a ci_access entry; non-string items are left out. */
export interface ImpersonateSettings {
  readonly path: JsonPath;
  readonly username?: string;
  readonly groups: readonly string[];
  readonly uid?: string;
  readonly extra: readonly ImpersonateExtra[];
}

export interface AccessAsInfo<M extends string> {
  readonly mode: M;
  /** Path of `access_as` when the key is present. */
  readonly path?: JsonPath;
  /** Path of the chosen member (e.g. [..., 'access_as', 'ci_job']) for valid modes. */
  readonly memberPath?: JsonPath;
  /** Keys written under `access_as`, in file order. */
  readonly keys: readonly string[];
  readonly problem?: AccessAsProblem;
  readonly impersonate?: ImpersonateSettings;
}

export interface CiAccessEntry {
  readonly kind: 'project' | 'group' | 'instance';
  /** Index in its list (0 for `instance`). */
  readonly index: number;
  readonly path: JsonPath;
  /** The `id` when it is a string; undefined when missing or mistyped (a schema error). */
  readonly id?: string;
  readonly idPath?: JsonPath;
  /** Downcased id: the key Rails indexes entries by. */
  readonly key?: string;
  readonly accessAs: AccessAsInfo<CiAccessMode>;
  /** Present when `environments` is a list; items that are not strings are skipped. */
  readonly environments?: { readonly path: JsonPath; readonly patterns: readonly StringAt[] };
  readonly protectedBranchesOnly: boolean;
  readonly protectedBranchesOnlyPath?: JsonPath;
  readonly defaultNamespace?: StringAt;
  readonly resourceManagementEnabled?: boolean;
}

export interface UserAccessEntry {
  readonly kind: 'project' | 'group';
  readonly index: number;
  readonly path: JsonPath;
  readonly id?: string;
  readonly idPath?: JsonPath;
  readonly key?: string;
}

export interface EntryList<E> {
  readonly path: JsonPath;
  /** Entries that are mappings, with their original index. */
  readonly entries: readonly E[];
  /** Raw list length, counting malformed items too (Rails truncates before anything else). */
  readonly length: number;
}

export interface CiAccessModel {
  readonly path: JsonPath;
  readonly projects?: EntryList<CiAccessEntry>;
  readonly groups?: EntryList<CiAccessEntry>;
  readonly instance?: CiAccessEntry;
}

export interface UserAccessModel {
  readonly path: JsonPath;
  readonly accessAs: AccessAsInfo<UserAccessMode>;
  readonly projects?: EntryList<UserAccessEntry>;
  readonly groups?: EntryList<UserAccessEntry>;
  /** `user_access.instance` (announced, Rails support unverified). */
  readonly instancePath?: JsonPath;
}

export interface AgentConfigModel {
  readonly ciAccess?: CiAccessModel;
  readonly userAccess?: UserAccessModel;
}

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Own-property read: input may carry `__proto__`/`constructor` keys from YAML. */
function own(o: Obj, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(o, key) ? o[key] : undefined;
}

function has(o: Obj, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(o, key);
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

const CI_MODES = ['agent', 'impersonate', 'ci_job'] as const;
const USER_MODES = ['agent', 'user'] as const;

function readAccessAs<M extends string>(
  parent: Obj,
  parentPath: JsonPath,
  allowed: readonly M[],
): AccessAsInfo<M | 'invalid' | 'unset'> {
  const raw = own(parent, 'access_as');
  // protojson treats an explicit null on a message field as "not set".
  if (raw === undefined || raw === null) return { mode: 'unset', keys: [] };
  const path = [...parentPath, 'access_as'];
  if (!isObj(raw)) return { mode: 'invalid', path, keys: [], problem: 'not-a-mapping' };
  const keys = Object.keys(raw);
  if (keys.length === 0) return { mode: 'invalid', path, keys, problem: 'empty' };
  if (keys.length > 1) return { mode: 'invalid', path, keys, problem: 'several-keys' };
  const key = keys[0] as string;
  const mode = allowed.find((m) => m === key);
  if (mode === undefined) return { mode: 'invalid', path, keys, problem: 'unknown-key' };
  const memberPath = [...path, key];
  const member = own(raw, key);
  // `agent:` with nothing after it leaves the one-of unset: invalid, not agent.
  if (!isObj(member)) return { mode: 'invalid', path, keys, problem: 'member-not-a-mapping' };
  if (mode === 'impersonate') {
    return { mode, path, memberPath, keys, impersonate: readImpersonate(member, memberPath) };
  }
  return { mode, path, memberPath, keys };
}

function readImpersonate(o: Obj, path: JsonPath): ImpersonateSettings {
  const username = own(o, 'username');
  const uid = own(o, 'uid');
  const extra: ImpersonateExtra[] = [];
  const rawExtra = own(o, 'extra');
  if (Array.isArray(rawExtra)) {
    rawExtra.forEach((item, i) => {
      if (!isObj(item)) return;
      const key = own(item, 'key');
      if (typeof key !== 'string') return;
      extra.push({ key, values: strings(own(item, 'val')), path: [...path, 'extra', i] });
    });
  }
  return {
    path,
    ...(typeof username === 'string' ? { username } : {}),
    groups: strings(own(o, 'groups')),
    ...(typeof uid === 'string' ? { uid } : {}),
    extra,
  };
}

function readId(o: Obj, path: JsonPath): { id?: string; idPath?: JsonPath; key?: string } {
  if (!has(o, 'id')) return {};
  const idPath = [...path, 'id'];
  const id = own(o, 'id');
  return typeof id === 'string' ? { id, idPath, key: pathKey(id) } : { idPath };
}

function readCiEntry(o: Obj, kind: CiAccessEntry['kind'], index: number, path: JsonPath): CiAccessEntry {
  const envRaw = own(o, 'environments');
  const environments = Array.isArray(envRaw)
    ? {
        path: [...path, 'environments'],
        patterns: envRaw.flatMap((p, i) =>
          typeof p === 'string' ? [{ value: p, path: [...path, 'environments', i] }] : [],
        ),
      }
    : undefined;
  const pbo = own(o, 'protected_branches_only');
  const ns = own(o, 'default_namespace');
  const rm = own(o, 'resource_management');
  const rmEnabled = isObj(rm) ? own(rm, 'enabled') : undefined;
  return {
    kind,
    index,
    path,
    ...(kind === 'instance' ? {} : readId(o, path)),
    accessAs: readAccessAs(o, path, CI_MODES),
    ...(environments ? { environments } : {}),
    protectedBranchesOnly: pbo === true,
    ...(has(o, 'protected_branches_only') ? { protectedBranchesOnlyPath: [...path, 'protected_branches_only'] } : {}),
    ...(typeof ns === 'string' ? { defaultNamespace: { value: ns, path: [...path, 'default_namespace'] } } : {}),
    ...(typeof rmEnabled === 'boolean' ? { resourceManagementEnabled: rmEnabled } : {}),
  };
}

function readList<E>(
  parent: Obj,
  key: string,
  parentPath: JsonPath,
  make: (o: Obj, index: number, path: JsonPath) => E,
): EntryList<E> | undefined {
  const raw = own(parent, key);
  if (!Array.isArray(raw)) return undefined;
  const path = [...parentPath, key];
  const entries: E[] = [];
  raw.forEach((item, i) => {
    if (isObj(item)) entries.push(make(item, i, [...path, i]));
  });
  return { path, entries, length: raw.length };
}

function readCiAccess(raw: Obj): CiAccessModel {
  const path: JsonPath = ['ci_access'];
  const projects = readList(raw, 'projects', path, (o, i, p) => readCiEntry(o, 'project', i, p));
  const groups = readList(raw, 'groups', path, (o, i, p) => readCiEntry(o, 'group', i, p));
  const inst = own(raw, 'instance');
  // Rails stores `config.dig('ci_access','instance')` when truthy; `instance: {}` counts.
  const instance = isObj(inst) ? readCiEntry(inst, 'instance', 0, [...path, 'instance']) : undefined;
  return {
    path,
    ...(projects ? { projects } : {}),
    ...(groups ? { groups } : {}),
    ...(instance ? { instance } : {}),
  };
}

function readUserAccess(raw: Obj): UserAccessModel {
  const path: JsonPath = ['user_access'];
  const entry =
    (kind: UserAccessEntry['kind']) =>
    (o: Obj, index: number, p: JsonPath): UserAccessEntry => ({ kind, index, path: p, ...readId(o, p) });
  const projects = readList(raw, 'projects', path, entry('project'));
  const groups = readList(raw, 'groups', path, entry('group'));
  return {
    path,
    accessAs: readAccessAs(raw, path, USER_MODES),
    ...(projects ? { projects } : {}),
    ...(groups ? { groups } : {}),
    ...(has(raw, 'instance') && own(raw, 'instance') !== null ? { instancePath: [...path, 'instance'] } : {}),
  };
}

/** Build the model from the document's data. Anything that is not a mapping gives an empty model. */
export function buildAgentConfigModel(data: unknown): AgentConfigModel {
  if (!isObj(data)) return {};
  const ci = own(data, 'ci_access');
  const ua = own(data, 'user_access');
  return {
    ...(isObj(ci) ? { ciAccess: readCiAccess(ci) } : {}),
    ...(isObj(ua) ? { userAccess: readUserAccess(ua) } : {}),
  };
}

/**
 * The entries GitLab actually stores for a list: the first 500, indexed by downcased id,
 * the last duplicate winning (Ruby `first(500).index_by`). Entries without a string id are
 * left out (the file would be rejected anyway).
 */
export function effectiveEntries<E extends { readonly index: number; readonly key?: string }>(
  list: EntryList<E> | undefined,
): ReadonlyMap<string, E> {
  const out = new Map<string, E>();
  if (!list) return out;
  for (const e of list.entries) {
    if (e.index >= AUTHORIZED_ENTITY_LIMIT || e.key === undefined) continue;
    out.set(e.key, e); // later entries overwrite earlier ones, as index_by does
  }
  return out;
}
