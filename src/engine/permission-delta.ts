import { describeBoundSubject, subjectKey, type BoundSubject } from '../access/grants.js';
import { userFor } from '../access/subject-user.js';
import { effectiveEntries } from '../agent/index.js';
import { breakdownRule, ruleCovers } from '../rbac/covers.js';
import { compactString } from '../rbac/describe.js';
import { rulesFor } from '../rbac/resolve.js';
import type { Binding, PolicyRule, Role, RuleSource, UserInfo } from '../rbac/types.js';
import type { SourceRef } from '../model/path.js';
import { ciJobAccess, userAccess, type AgentView } from './agents.js';
import type { Analysis } from './analysis.js';
import { at } from '../rules/rbac/risk-rule.js';

/** One identity that reaches the cluster, resolved on each side of the comparison. */
interface DeltaIdentity {
  readonly key: string;
  readonly label: string;
  /** Kubernetes identity per side; undefined = no access on that side. */
  user(side: Analysis): UserInfo | undefined;
  /** Recompute every scope (the identity itself changed), not only changed bindings' scopes. */
  readonly allScopes: boolean;
}

export interface PermissionChange {
  /** '' = cluster-wide, else the namespace. */
  readonly scope: string;
  /** The permission in compact form: {APIGroups:[...], Resources:[...], Verbs:[...]} (verbs merged). */
  readonly permission: string;
  readonly rules: readonly PolicyRule[];
  /** Binding → role that grants it, on the side that has it. */
  readonly via: string;
  /** Where (on the HEAD side for gains, the BASE side for losses). */
  readonly location?: SourceRef;
  /** The same as file:line:col, once located. */
  readonly position?: string;
}

export interface IdentityDelta {
  readonly identity: string;
  readonly label: string;
  /** What the identity is on each side (e.g. the agent SA on base, a ci_job identity on head). */
  readonly base?: string;
  readonly head?: string;
  readonly gained: readonly PermissionChange[];
  readonly lost: readonly PermissionChange[];
}

function objKey(kind: string, ns: string | undefined, name: string): string {
  return `${kind}/${ns ?? ''}/${name}`;
}

function roleJson(r: Role | undefined): string {
  return r ? JSON.stringify(r.rules) : '';
}

function bindingJson(b: Binding | undefined): string {
  return b ? JSON.stringify([b.roleRef, b.subjects]) : '';
}

function ownBindings(a: Analysis): Binding[] {
  const o = a.rbacObjects();
  return [...o.clusterRoleBindings, ...o.roleBindings].filter((b) => !b.builtin);
}

/**
 * Bindings whose effect may differ between the sides: added, removed or edited, or
 * pointing at a role whose effective (aggregated) rules differ.
 */
function changedBindings(base: Analysis, head: Analysis): Binding[] {
  const roleOf = (a: Analysis, b: Binding): Role | undefined =>
    b.roleRef.kind === 'ClusterRole' ? a.rbac().getClusterRole(b.roleRef.name) : a.rbac().getRole(b.namespace ?? 'default', b.roleRef.name);
  const index = (a: Analysis): Map<string, Binding> => new Map(ownBindings(a).map((b) => [objKey(b.kind, b.namespace, b.name), b]));
  const bi = index(base);
  const hi = index(head);
  const out: Binding[] = [];
  for (const key of new Set([...bi.keys(), ...hi.keys()])) {
    const b = bi.get(key);
    const h = hi.get(key);
    const changed = bindingJson(b) !== bindingJson(h) || roleJson(b && roleOf(base, b)) !== roleJson(h && roleOf(head, h)) || roleJson(b && roleOf(head, b)) !== roleJson(b && roleOf(base, b));
    if (!changed) continue;
    if (b) out.push(b);
    if (h) out.push(h);
  }
  return out;
}

function boundSubjects(b: Binding): BoundSubject[] {
  return b.subjects.flatMap((s): BoundSubject[] => {
    if (s.kind !== 'ServiceAccount') return [{ kind: s.kind, name: s.name }];
    const ns = s.namespace ?? (b.kind === 'RoleBinding' ? b.namespace : undefined);
    return ns ? [{ kind: 'ServiceAccount', name: s.name, namespace: ns }] : [];
  });
}

/** Identities through GitLab: CI jobs per ci_access entry and the config project, and user_access. */
function gitlabIdentities(base: Analysis, head: Analysis): DeltaIdentity[] {
  const out = new Map<string, DeltaIdentity>();
  const agentOn = (a: Analysis, name: string): AgentView | undefined => a.agents().find((x) => x.name === name);
  const names = new Set([...base.agents(), ...head.agents()].map((a) => a.name));
  for (const name of [...names].sort()) {
    const projects = new Set<string>();
    const groups = new Set<string>();
    let users = false;
    for (const side of [base, head]) {
      const a = agentOn(side, name);
      if (!a) continue;
      if (a.configProjectPath) projects.add(a.configProjectPath);
      for (const e of effectiveEntries(a.model.ciAccess?.projects).values()) if (e.id) projects.add(e.id);
      for (const e of effectiveEntries(a.model.ciAccess?.groups).values()) if (e.id) groups.add(e.id);
      if (a.model.userAccess) users = true;
    }
    const ci = (project: string) => (side: Analysis): UserInfo | undefined => {
      const a = agentOn(side, name);
      if (!a) return undefined;
      const r = ciJobAccess(side.workspace, a, { project, protected: true });
      return r.identity?.ok ? r.identity.identity.user : undefined;
    };
    for (const p of [...projects].sort()) out.set(`ci:${name}:${p}`, { key: `ci:${name}:${p}`, label: `CI jobs of ${p} through agent "${name}"`, user: ci(p), allScopes: true });
    for (const g of [...groups].sort()) out.set(`ci:${name}:${g}/*`, { key: `ci:${name}:${g}/*`, label: `CI jobs of projects under ${g} through agent "${name}"`, user: ci(`${g}/<project>`), allScopes: true });
    if (users) {
      out.set(`user:${name}`, {
        key: `user:${name}`,
        label: `Developer+ users through user_access of agent "${name}"`,
        user: (side) => {
          const a = agentOn(side, name);
          const r = a ? userAccess(side.workspace, a, '<username>', 'developer') : undefined;
          return r?.identity?.ok ? r.identity.identity.user : undefined;
        },
        allScopes: true,
      });
    }
  }
  return [...out.values()];
}

interface Granted {
  readonly atom: PolicyRule;
  readonly source: RuleSource;
}

/** Every atomic permission (one verb, group, resource, name / URL) an identity holds in one scope. */
function atomsIn(side: Analysis, user: UserInfo, scope: string): Granted[] {
  const out: Granted[] = [];
  for (const { rule, source } of rulesFor(side.rbac(), user, scope).rules) {
    // Cluster-wide rules count at scope ''; a namespace's own RoleBinding rules there.
    if (scope !== '' && source.binding.kind !== 'RoleBinding') continue;
    for (const atom of breakdownRule(rule)) out.push({ atom, source });
  }
  return out;
}

/** An atomic rule's identity: equal keys cover each other. */
function atomKey(atom: PolicyRule): string {
  return [atom.verbs.join(','), atom.apiGroups.join(','), atom.resources.join(','), atom.resourceNames.join(','), atom.nonResourceURLs.join(',')].join('\u0000');
}

/** Atoms one side holds in one place, with their keys. */
class AtomSet {
  private readonly keys: Set<string>;

  constructor(private readonly atoms: readonly PolicyRule[]) {
    this.keys = new Set(atoms.map(atomKey));
  }

  hasEqual(key: string): boolean {
    return this.keys.has(key);
  }

  covers(atom: PolicyRule): boolean {
    return this.atoms.some((o) => ruleCovers(o, atom));
  }
}

/** Whether some set covers the atom. Most atoms are held unchanged on both sides, so an equal key answers before any covers walk. */
function coveredBy(atom: PolicyRule, sets: readonly AtomSet[]): boolean {
  const key = atomKey(atom);
  return sets.some((set) => set.hasEqual(key)) || sets.some((set) => set.covers(atom));
}

function describeVia(s: RuleSource): string {
  const b = s.binding;
  const r = s.role;
  return `${b.kind} "${b.namespace ? `${b.namespace}/` : ''}${b.name}" → ${r.kind} "${r.namespace ? `${r.namespace}/` : ''}${r.name}"`;
}

/** Group atoms with the same target and source into one change with merged verbs. */
function merge(items: readonly Granted[], scope: string): PermissionChange[] {
  const groups = new Map<string, { atoms: PolicyRule[]; source: RuleSource }>();
  for (const g of items) {
    const a = g.atom;
    const key = JSON.stringify([a.apiGroups, a.resources, a.resourceNames, a.nonResourceURLs, describeVia(g.source)]);
    const e = groups.get(key);
    if (e) e.atoms.push(a);
    else groups.set(key, { atoms: [a], source: g.source });
  }
  return [...groups.values()].map(({ atoms, source }) => {
    const first = atoms[0] as PolicyRule;
    const merged: PolicyRule = { ...first, verbs: [...new Set(atoms.flatMap((a) => a.verbs))] };
    const owner = source.ruleOwner;
    const location = (owner.builtin ? undefined : at(owner.origin, ['rules', source.ruleOwnerIndex])) ?? at(source.binding.origin, ['roleRef', 'name']);
    return { scope, permission: compactString(merged), rules: atoms, via: describeVia(source), ...(location ? { location } : {}) };
  });
}

/**
 * What every identity that reaches the cluster gains and loses between two states: binding
 * subjects touched by a change, and the CI-job and user identities of every agent.
 */
export function permissionDelta(base: Analysis, head: Analysis): IdentityDelta[] {
  const changed = changedBindings(base, head);
  const scopesOfChange = new Set(['', ...changed.filter((b) => b.kind === 'RoleBinding').map((b) => b.namespace ?? 'default')]);
  const identities = new Map<string, DeltaIdentity>();
  for (const b of changed) {
    for (const s of boundSubjects(b)) {
      const key = subjectKey(s);
      if (!identities.has(key)) identities.set(key, { key, label: describeBoundSubject(s), user: () => userFor(s), allScopes: false });
    }
  }
  for (const g of gitlabIdentities(base, head)) identities.set(g.key, g);

  const out: IdentityDelta[] = [];
  for (const id of [...identities.values()].sort((a, b) => (a.key < b.key ? -1 : 1))) {
    const bu = id.user(base);
    const hu = id.user(head);
    // Beyond '', only namespaces where the identity holds a RoleBinding on either side can
    // differ: elsewhere it has no namespace-level atoms at all.
    const scopes = new Set(['']);
    for (const [side, u] of [[base, bu], [head, hu]] as const) {
      if (!u) continue;
      for (const ns of side.rbac().roleBindingNamespaces(u)) {
        const scope = ns === '' ? 'default' : ns;
        if (id.allScopes || scopesOfChange.has(scope)) scopes.add(scope);
      }
    }
    const gained: PermissionChange[] = [];
    const lost: PermissionChange[] = [];
    const baseCluster = new AtomSet(bu ? atomsIn(base, bu, '').map((g) => g.atom) : []);
    const headCluster = new AtomSet(hu ? atomsIn(head, hu, '').map((g) => g.atom) : []);
    for (const scope of [...scopes].sort()) {
      const b = bu ? atomsIn(base, bu, scope) : [];
      const h = hu ? atomsIn(head, hu, scope) : [];
      const bHere = new AtomSet(b.map((g) => g.atom));
      const hHere = new AtomSet(h.map((g) => g.atom));
      const bOwners = scope === '' ? [bHere] : [bHere, baseCluster];
      const hOwners = scope === '' ? [hHere] : [hHere, headCluster];
      gained.push(...merge(h.filter((g) => !coveredBy(g.atom, bOwners)), scope));
      lost.push(...merge(b.filter((g) => !coveredBy(g.atom, hOwners)), scope));
    }
    if (gained.length === 0 && lost.length === 0) continue;
    out.push({ identity: id.key, label: id.label, ...(bu ? { base: bu.name } : {}), ...(hu ? { head: hu.name } : {}), gained, lost });
  }
  return out;
}
