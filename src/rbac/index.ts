// The lookup side of the authorizer: upstream's RoleGetter, ClusterRoleGetter,
// RoleBindingLister and ClusterRoleBindingLister over in-memory objects, with aggregation
// applied once at build time and per-subject binding indexes so that one authorize() call
// touches only the bindings that can name the user.
//
// Identity and order:
// - objects with the same kind/namespace/name: the LATER one in the input wins (the
//   caller lists the bundled default policy first and repository objects after);
// - ClusterRoleBindings are listed sorted by name, RoleBindings per namespace sorted by
//   name (Go string order), rules in role order. This is our canonical order; the
//   apiserver's informer order is unspecified.
// - The input arrays define scope: `roles`/`roleBindings` are namespaced (a missing
//   namespace counts as ''), `clusterRoles`/`clusterRoleBindings` are cluster-wide.

import { aggregateClusterRoles, type RuleProvenance } from './aggregate.js';
import { compareGoStrings } from './gostring.js';
import { serviceAccountUsername } from './identity.js';
import type { Binding, Role, UserInfo } from './types.js';

export type { RuleProvenance } from './aggregate.js';

export interface RbacInput {
  readonly roles: readonly Role[];
  readonly clusterRoles: readonly Role[];
  readonly roleBindings: readonly Binding[];
  readonly clusterRoleBindings: readonly Binding[];
}

/** An input object dropped because a later one had the same identity. */
export interface Replacement<T> {
  readonly kept: T;
  readonly dropped: T;
}

/** Bindings of one scope, sorted by name, with subject-keyed positions into that list. */
/** A binding's position in its table and the first of its subjects that names the identity. */
interface SubjectHit {
  readonly pos: number;
  readonly subjectIndex: number;
}

/** A binding with the index of its first subject that applies to a given user. */
export interface BindingMatch {
  readonly binding: Binding;
  readonly subjectIndex: number;
}

interface BindingTable {
  readonly bindings: readonly Binding[];
  /** User subjects by name, and ServiceAccount subjects by their user name. */
  readonly byUserName: ReadonlyMap<string, readonly SubjectHit[]>;
  readonly byGroup: ReadonlyMap<string, readonly SubjectHit[]>;
}

const EMPTY_TABLE: BindingTable = { bindings: [], byUserName: new Map(), byGroup: new Map() };

export class RbacIndex {
  private readonly roleTables: ReadonlyMap<string, ReadonlyMap<string, Role>>;
  private readonly clusterRoles: ReadonlyMap<string, Role>;
  private readonly clusterBindingTable: BindingTable;
  private readonly roleBindingTables: ReadonlyMap<string, BindingTable>;
  private readonly provenance: ReadonlyMap<Role, readonly RuleProvenance[]>;
  private sortedClusterRoles: readonly Role[] | undefined;
  private readonly sortedRoles = new Map<string, readonly Role[]>();

  /** Aggregation problems (invalid selectors, unsettled cycles). */
  readonly diagnostics: readonly string[];
  readonly replacedRoles: readonly Replacement<Role>[];
  readonly replacedBindings: readonly Replacement<Binding>[];

  private constructor(input: RbacInput) {
    const replacedRoles: Replacement<Role>[] = [];
    const replacedBindings: Replacement<Binding>[] = [];

    const clusterRoleList = uniqueBy(input.clusterRoles, (r) => r.name, replacedRoles);
    const aggregation = aggregateClusterRoles(clusterRoleList);
    this.clusterRoles = new Map(aggregation.clusterRoles.map((r) => [r.name, r]));
    this.provenance = aggregation.provenance;
    this.diagnostics = aggregation.errors;

    const roleTables = new Map<string, Map<string, Role>>();
    for (const role of uniqueBy(input.roles, (r) => `${r.namespace ?? ''}\0${r.name}`, replacedRoles)) {
      getOrCreate(roleTables, role.namespace ?? '', () => new Map<string, Role>()).set(role.name, role);
    }
    this.roleTables = roleTables;

    const crbs = uniqueBy(input.clusterRoleBindings, (b) => b.name, replacedBindings);
    this.clusterBindingTable = buildTable(crbs, () => '');

    const rbsByNamespace = new Map<string, Binding[]>();
    for (const rb of uniqueBy(input.roleBindings, (b) => `${b.namespace ?? ''}\0${b.name}`, replacedBindings)) {
      getOrCreate(rbsByNamespace, rb.namespace ?? '', () => []).push(rb);
    }
    const rbTables = new Map<string, BindingTable>();
    for (const [ns, list] of rbsByNamespace) rbTables.set(ns, buildTable(list, () => ns));
    this.roleBindingTables = rbTables;

    this.replacedRoles = replacedRoles;
    this.replacedBindings = replacedBindings;
  }

  static build(input: RbacInput): RbacIndex {
    return new RbacIndex(input);
  }

  /** RoleGetter.GetRole; undefined where upstream returns NotFound. */
  getRole(namespace: string, name: string): Role | undefined {
    return this.roleTables.get(namespace)?.get(name);
  }

  /** ClusterRoleGetter.GetClusterRole, with aggregated rules. */
  getClusterRole(name: string): Role | undefined {
    return this.clusterRoles.get(name);
  }

  /** RoleBindingLister.ListRoleBindings, sorted by name. */
  listRoleBindings(namespace: string): readonly Binding[] {
    return (this.roleBindingTables.get(namespace) ?? EMPTY_TABLE).bindings;
  }

  /** ClusterRoleBindingLister.ListClusterRoleBindings, sorted by name. */
  listClusterRoleBindings(): readonly Binding[] {
    return this.clusterBindingTable.bindings;
  }

  listClusterRoles(): readonly Role[] {
    this.sortedClusterRoles ??= sortByName([...this.clusterRoles.values()]);
    return this.sortedClusterRoles;
  }

  listRoles(namespace: string): readonly Role[] {
    let list = this.sortedRoles.get(namespace);
    if (list === undefined) {
      list = sortByName([...(this.roleTables.get(namespace)?.values() ?? [])]);
      this.sortedRoles.set(namespace, list);
    }
    return list;
  }

  /** Namespaces that hold Roles or RoleBindings, sorted ('' — objects without one — left out). */
  namespaces(): readonly string[] {
    const all = new Set([...this.roleTables.keys(), ...this.roleBindingTables.keys()]);
    all.delete('');
    return [...all].sort(compareGoStrings);
  }

  /**
   * Which input ClusterRole declares rule `ruleIndex` of `role` (a role returned by this
   * index). For roles that are not aggregated that is the role itself.
   */
  ruleProvenance(role: Role, ruleIndex: number): RuleProvenance {
    return this.provenance.get(role)?.[ruleIndex] ?? { owner: role, ownerIndex: ruleIndex };
  }

  /**
   * The ClusterRoleBindings that apply to the user, in canonical order, each with the index of
   * its first applying subject — what appliesTo() finds, read from the subject indexes.
   */
  clusterRoleBindingMatches(user: UserInfo): BindingMatch[] {
    return matches(this.clusterBindingTable, user);
  }

  /** Namespaces ('' for RoleBindings without one) holding a RoleBinding that applies to the user, sorted. */
  roleBindingNamespaces(user: UserInfo): string[] {
    const out: string[] = [];
    for (const [namespace, table] of this.roleBindingTables) {
      if (table.byUserName.has(user.name) || user.groups.some((g) => table.byGroup.has(g))) out.push(namespace);
    }
    return out.sort(compareGoStrings);
  }

  /** Same as clusterRoleBindingMatches, for the RoleBindings of one namespace. */
  roleBindingMatches(user: UserInfo, namespace: string): BindingMatch[] {
    const table = this.roleBindingTables.get(namespace);
    return table === undefined ? [] : matches(table, user);
  }
}

export function buildRbacIndex(input: RbacInput): RbacIndex {
  return RbacIndex.build(input);
}

function uniqueBy<T>(items: readonly T[], key: (item: T) => string, replaced: Replacement<T>[]): T[] {
  const byKey = new Map<string, T>();
  for (const item of items) {
    const k = key(item);
    const previous = byKey.get(k);
    if (previous !== undefined) replaced.push({ kept: item, dropped: previous });
    byKey.set(k, item);
  }
  return [...byKey.values()];
}

function getOrCreate<K, V>(map: Map<K, V>, key: K, create: () => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = create();
    map.set(key, value);
  }
  return value;
}

function sortByName<T extends { readonly name: string }>(items: T[]): T[] {
  return items.sort((a, b) => compareGoStrings(a.name, b.name));
}

/**
 * Index bindings by the identities their subjects name, with appliesTo's rules:
 * ServiceAccount subjects default their namespace to the binding's (none for a
 * ClusterRoleBinding, where such a subject matches nobody), and match by user name.
 */
function buildTable(unsorted: Binding[], bindingNamespace: (b: Binding) => string): BindingTable {
  const bindings = sortByName(unsorted);
  const byUserName = new Map<string, SubjectHit[]>();
  const byGroup = new Map<string, SubjectHit[]>();
  bindings.forEach((binding, pos) => {
    binding.subjects.forEach((subject, subjectIndex) => {
      switch (subject.kind) {
        case 'User':
          addHit(byUserName, subject.name, pos, subjectIndex);
          break;
        case 'Group':
          addHit(byGroup, subject.name, pos, subjectIndex);
          break;
        case 'ServiceAccount': {
          const ns = subject.namespace || bindingNamespace(binding);
          if (ns !== '') addHit(byUserName, serviceAccountUsername(ns, subject.name), pos, subjectIndex);
          break;
        }
        default:
          break; // unknown kinds never apply
      }
    });
  });
  return { bindings, byUserName, byGroup };
}

/** Record the first subject of binding `pos` that names `key` (later ones change nothing). */
function addHit(map: Map<string, SubjectHit[]>, key: string, pos: number, subjectIndex: number): void {
  const list = getOrCreate(map, key, () => []);
  if (list[list.length - 1]?.pos !== pos) list.push({ pos, subjectIndex });
}

/**
 * The bindings of a table that name the user or one of its groups. A binding met through
 * several of them applies through its first such subject, as appliesTo() scans them.
 */
function matches(table: BindingTable, user: UserInfo): BindingMatch[] {
  const lists: (readonly SubjectHit[])[] = [];
  const byName = table.byUserName.get(user.name);
  if (byName !== undefined) lists.push(byName);
  for (const group of user.groups) {
    const byGroup = table.byGroup.get(group);
    if (byGroup !== undefined) lists.push(byGroup);
  }
  let hits: readonly SubjectHit[];
  if (lists.length === 0) return [];
  if (lists.length === 1) {
    hits = lists[0] ?? [];
  } else {
    const first = new Map<number, number>();
    for (const list of lists) {
      for (const hit of list) {
        const known = first.get(hit.pos);
        if (known === undefined || hit.subjectIndex < known) first.set(hit.pos, hit.subjectIndex);
      }
    }
    hits = [...first].map(([pos, subjectIndex]) => ({ pos, subjectIndex })).sort((a, b) => a.pos - b.pos);
  }
  const out: BindingMatch[] = [];
  for (const hit of hits) {
    const binding = table.bindings[hit.pos];
    if (binding !== undefined) out.push({ binding, subjectIndex: hit.subjectIndex });
  }
  return out;
}
