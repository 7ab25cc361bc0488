// Emulation of the clusterrole-aggregation controller. In a cluster the controller
// rewrites `.rules` of every ClusterRole that has an aggregationRule; an offline analyser
// has to do the same before evaluating anything.
//
// What one controller sync does (syncClusterRole): for each selector in order, take the
// ClusterRoles it selects sorted by name, skip the role itself, and append their *stored*
// rules, dropping any rule deep-equal to one already taken. The result replaces the
// role's rules, even when it is empty (the API documents aggregated rules as
// controller-managed). A selector that fails to convert aborts the sync, so the role keeps
// the rules it was stored with.
//
// Because stored rules of a selected role may themselves be aggregation results (admin
// selects edit, which aggregates too), we iterate syncs until nothing changes: passes over
// the aggregated roles in name order, each sync reading the latest results (as the
// controller's queue does). For acyclic selections this reaches the one fixed point. With
// selection cycles the result depends on the start (the declared rules), as it depends on
// history in a cluster; a cycle that never settles is reported (see the end of
// aggregateClusterRoles for what we keep then).

import { compareGoStrings } from './gostring.js';
import { parseLabelSelector, selectorMatches, type CompiledSelector } from './selector.js';
import type { PolicyRule, Role } from './types.js';

/** Where an effective rule comes from: a declared rule of an input ClusterRole. */
export interface RuleProvenance {
  /** The ClusterRole object as given in the input; `owner.rules[ownerIndex]` is the rule. */
  readonly owner: Role;
  readonly ownerIndex: number;
}

export interface AggregationResult {
  /** The input ClusterRoles (later duplicates win), aggregated ones replaced by copies with effective rules. */
  readonly clusterRoles: readonly Role[];
  /** For each replaced role (keyed by the new object): provenance of each effective rule. */
  readonly provenance: ReadonlyMap<Role, readonly RuleProvenance[]>;
  /** Selector conversion failures and non-convergence. */
  readonly errors: readonly string[];
  /** Passes run (a pass syncs every aggregated role once). */
  readonly passes: number;
  readonly converged: boolean;
}

interface EffectiveRule extends RuleProvenance {
  readonly rule: PolicyRule;
  readonly key: string;
}

/** Deep-equality key of a rule (the controller compares with equality.Semantic.DeepEqual). */
export function ruleKey(rule: PolicyRule): string {
  return JSON.stringify([rule.verbs, rule.apiGroups, rule.resources, rule.resourceNames, rule.nonResourceURLs]);
}

interface Aggregator {
  readonly role: Role;
  /** Per selector, the selected ClusterRoles sorted by name, the role itself excluded. */
  readonly selected: readonly (readonly Role[])[];
}

export function aggregateClusterRoles(input: readonly Role[]): AggregationResult {
  const byName = new Map<string, Role>();
  for (const role of input) byName.set(role.name, role); // later wins, as in the index
  const roles = [...byName.values()];
  const sorted = [...roles].sort((a, b) => compareGoStrings(a.name, b.name));

  const errors: string[] = [];
  const aggregators = planAggregators(sorted, errors);
  if (aggregators.length === 0) {
    return { clusterRoles: roles, provenance: new Map(), errors, passes: 0, converged: true };
  }

  // Stored rules: what each role declares until a sync rewrites it. Filled lazily, since
  // only selected roles are ever read.
  const state = new Map<string, readonly EffectiveRule[]>();
  const stored = (role: Role): readonly EffectiveRule[] => {
    let rules = state.get(role.name);
    if (rules === undefined) {
      rules = declaredRules(role);
      state.set(role.name, rules);
    }
    return rules;
  };

  const maxPasses = aggregators.length + 2;
  let passes = 0;
  let converged = false;
  let reordered: string[] = [];
  let regranted: string[] = [];
  while (!converged && passes < maxPasses) {
    passes++;
    reordered = [];
    regranted = [];
    for (const agg of aggregators) {
      const next = syncOnce(agg, stored);
      const previous = stored(agg.role);
      if (!sameRules(previous, next)) {
        (sameRuleSet(previous, next) ? reordered : regranted).push(agg.role.name);
      }
      // Equal rules still take the fresh provenance: they come from the selected roles.
      state.set(agg.role.name, next);
    }
    converged = reordered.length === 0 && regranted.length === 0;
  }
  if (!converged) {
    // A selection cycle can keep the controller rewriting roles forever (rules travel
    // around the cycle). When only the order flips, permissions are stable and only the
    // cited rule index may vary. When rules come and go, we keep every rule a role holds
    // over a further round of passes: at some moment the cluster grants each of them.
    const quote = (names: string[]) => names.map((n) => JSON.stringify(n)).join(', ');
    if (regranted.length > 0) {
      unionOverPasses(aggregators, stored, state, maxPasses);
      passes += maxPasses;
      errors.push(
        `clusterrole aggregation does not settle (selection cycle): rules of ${quote(regranted)} keep changing; ` +
          'each keeps every rule it cycles through',
      );
    } else {
      errors.push(`clusterrole aggregation keeps reordering the rules of ${quote(reordered)} (selection cycle); permissions are stable`);
    }
  }

  const provenance = new Map<Role, readonly RuleProvenance[]>();
  const replaced = new Map<string, Role>();
  for (const agg of aggregators) {
    const rules = state.get(agg.role.name) ?? [];
    const effective: Role = { ...agg.role, rules: rules.map((r) => r.rule) };
    replaced.set(agg.role.name, effective);
    provenance.set(effective, rules.map(({ owner, ownerIndex }) => ({ owner, ownerIndex })));
  }
  return {
    clusterRoles: roles.map((r) => replaced.get(r.name) ?? r),
    provenance,
    errors,
    passes,
    converged,
  };
}

/**
 * The roles a selector could match, in `sorted` order: those carrying the key of one of its
 * In/Exists requirements (a label every match must have), else all of them. Keeps the
 * selection linear in the roles instead of aggregators × roles.
 */
function candidatesFor(selector: CompiledSelector, sorted: readonly Role[], byLabelKey: () => ReadonlyMap<string, readonly Role[]>): readonly Role[] {
  if (selector.kind !== 'requirements') return sorted;
  const required = selector.requirements.find((r) => r.operator === 'In' || r.operator === 'Exists');
  return required === undefined ? sorted : (byLabelKey().get(required.key) ?? []);
}

function planAggregators(sorted: readonly Role[], errors: string[]): Aggregator[] {
  const aggregators: Aggregator[] = [];
  let labelIndex: Map<string, Role[]> | undefined;
  const byLabelKey = (): ReadonlyMap<string, readonly Role[]> => {
    if (labelIndex === undefined) {
      labelIndex = new Map();
      for (const role of sorted) {
        for (const key of Object.keys(role.labels ?? {})) {
          const list = labelIndex.get(key);
          if (list) list.push(role);
          else labelIndex.set(key, [role]);
        }
      }
    }
    return labelIndex;
  };
  for (const role of sorted) {
    if (role.aggregationRule === undefined || role.aggregationRule === null) continue;
    const compiled: CompiledSelector[] = [];
    let failed = false;
    for (const selector of role.aggregationRule.clusterRoleSelectors ?? []) {
      // Entries are passed by address upstream, so a null entry is an empty selector.
      const parsed = parseLabelSelector(selector ?? {});
      if (!parsed.ok) {
        errors.push(`clusterrole ${JSON.stringify(role.name)}: invalid aggregation selector: ${parsed.error}`);
        failed = true;
        break;
      }
      compiled.push(parsed.selector);
    }
    if (failed) continue; // sync fails every time: stored rules stay
    const selected = compiled.map((sel) =>
      candidatesFor(sel, sorted, byLabelKey).filter((other) => other.name !== role.name && selectorMatches(sel, other.labels ?? {})),
    );
    aggregators.push({ role, selected });
  }
  return aggregators;
}

function declaredRules(role: Role): EffectiveRule[] {
  return role.rules.map((rule, i) => ({ rule, key: ruleKey(rule), owner: role, ownerIndex: i }));
}

function syncOnce(agg: Aggregator, stored: (role: Role) => readonly EffectiveRule[]): EffectiveRule[] {
  const next: EffectiveRule[] = [];
  const seen = new Set<string>();
  for (const roles of agg.selected) {
    for (const role of roles) {
      for (const rule of stored(role)) {
        if (seen.has(rule.key)) continue;
        seen.add(rule.key);
        next.push(rule);
      }
    }
  }
  return next;
}

function unionOverPasses(
  aggregators: readonly Aggregator[],
  stored: (role: Role) => readonly EffectiveRule[],
  state: Map<string, readonly EffectiveRule[]>,
  passes: number,
): void {
  const seen = new Map<string, Map<string, EffectiveRule>>();
  const remember = (name: string, rules: readonly EffectiveRule[]) => {
    let held = seen.get(name);
    if (held === undefined) seen.set(name, (held = new Map()));
    for (const rule of rules) if (!held.has(rule.key)) held.set(rule.key, rule);
  };
  for (const agg of aggregators) remember(agg.role.name, stored(agg.role));
  for (let i = 0; i < passes; i++) {
    for (const agg of aggregators) {
      const next = syncOnce(agg, stored);
      state.set(agg.role.name, next);
      remember(agg.role.name, next);
    }
  }
  for (const [name, held] of seen) state.set(name, [...held.values()]);
}

function sameRules(a: readonly EffectiveRule[], b: readonly EffectiveRule[]): boolean {
  return a.length === b.length && a.every((r, i) => r.key === b[i]?.key);
}

/** Rules are deduplicated, so equal length plus inclusion means the same set. */
function sameRuleSet(a: readonly EffectiveRule[], b: readonly EffectiveRule[]): boolean {
  if (a.length !== b.length) return false;
  const keys = new Set(a.map((r) => r.key));
  return b.every((r) => keys.has(r.key));
}
