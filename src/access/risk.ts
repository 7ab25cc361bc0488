import type { Severity } from '../model/finding.js';
import { grantsBySubject, type BoundSubject, type Grant } from './grants.js';
import { isWildcardGrant, ruleAllowsProbe, type Probe, type ProbeHit } from './probes.js';
import type { Role } from '../rbac/types.js';
import { broadAudience, PRIVILEGED_NAMESPACES, type GitlabReach } from './reach.js';
import { raise } from './severity.js';

/** A risky permission, as data: what must be allowed, and how bad it is where. */
export interface RiskSpec {
  /** Every group must be allowed in the same scope; within a group, any probe. */
  readonly requires: readonly (readonly Probe[])[];
  /** What the permission lets its holder do, as a verb phrase ("read Secrets"). */
  readonly what: string;
  readonly severity: {
    readonly cluster: Severity;
    /**
     * In one ordinary namespace; 'escalation' = reported only in privileged namespaces
     * (elsewhere rbac/escalation-path reports it when the namespace holds a stronger SA).
     */
    readonly namespace: Severity | 'escalation';
  };
  /** The resource is cluster-scoped: RoleBinding grants do not reach it. */
  readonly clusterScoped?: boolean;
  /** Only these namespaces matter (kube-system ConfigMaps). */
  readonly onlyNamespaces?: readonly string[];
  /**
   * Leave hits that come from a `*` rule to the wildcard rules (default true), so one
   * wildcard rule does not produce a dozen findings.
   */
  readonly subsumedByWildcard?: boolean;
  /**
   * Grants left out of the evaluation because another rule reports them (e.g. the bindings a
   * modelled gitlab-agent chart renders, which the gitlab rules report at the values line).
   */
  readonly excludeGrant?: (g: Grant) => boolean;
}

export interface RiskHit {
  readonly subject: BoundSubject;
  /** '' = cluster-wide. */
  readonly scope: string;
  /** One hit per requirement group, in order. */
  readonly hits: readonly ProbeHit[];
  readonly severity: Severity;
  /** Why the severity was raised above the base (privileged namespace, broad group, GitLab). */
  readonly raisedBy: readonly string[];
}

/** The first rule of a role allowing any probe of a group (role order, then probe order). */
function firstRuleOf(role: Role, probes: readonly Probe[]): { readonly ruleIndex: number; readonly probe: Probe } | undefined {
  for (let i = 0; i < role.rules.length; i++) {
    const rule = role.rules[i];
    if (!rule) continue;
    for (const probe of probes) if (ruleAllowsProbe(rule, probe, '')) return { ruleIndex: i, probe };
  }
  return undefined;
}

/**
 * Which requirement groups each role satisfies, resolved once per role for this risk: the
 * same roles (admin, edit, …) are bound to many subjects in many namespaces.
 */
class RoleHits {
  private readonly cache = new Map<Role, readonly ({ readonly ruleIndex: number; readonly probe: Probe } | undefined)[]>();

  constructor(private readonly spec: RiskSpec) {}

  of(role: Role): readonly ({ readonly ruleIndex: number; readonly probe: Probe } | undefined)[] {
    let hits = this.cache.get(role);
    if (!hits) {
      hits = this.spec.requires.map((group) => firstRuleOf(role, group));
      this.cache.set(role, hits);
    }
    return hits;
  }

  /**
   * Whether every requirement group is met by some grant of the list, in any scope: when not,
   * no scope of this subject can satisfy the risk (most subjects, for most risks).
   */
  mayBeSatisfied(grants: readonly Grant[]): boolean {
    for (let gi = 0; gi < this.spec.requires.length; gi++) {
      if (!grants.some((g) => this.of(g.role)[gi] !== undefined)) return false;
    }
    return true;
  }

  /** The first hit of each requirement group among these grants (undefined where none). */
  firstHits(grants: readonly Grant[]): (ProbeHit | undefined)[] {
    if (grants.length === 0) return [];
    return this.spec.requires.map((_, gi) => {
      for (const grant of grants) {
        const h = this.of(grant.role)[gi];
        const rule = h ? grant.role.rules[h.ruleIndex] : undefined;
        if (h && rule) return { grant, ruleIndex: h.ruleIndex, rule, probe: h.probe };
      }
      return undefined;
    });
  }

  /**
   * One hit per requirement group from a scope's grants — the subject's cluster-wide grants
   * (their first hits, found once per subject) before the namespace's own — or undefined.
   */
  satisfy(clusterHits: readonly (ProbeHit | undefined)[], local: readonly Grant[] = []): ProbeHit[] | undefined {
    const localHits = local.length > 0 && this.spec.requires.some((_, gi) => clusterHits[gi] === undefined) ? this.firstHits(local) : [];
    const out: ProbeHit[] = [];
    for (let gi = 0; gi < this.spec.requires.length; gi++) {
      const found = clusterHits[gi] ?? localHits[gi];
      if (!found) return undefined;
      out.push(found);
    }
    return out;
  }
}

interface GrantsByScope {
  readonly clusterGrants: readonly Grant[];
  readonly byNamespace: ReadonlyMap<string, readonly Grant[]>;
}

/** A subject's grants split by scope; cached on the list, which every risk without exclusions shares. */
const byScopeCache = new WeakMap<readonly Grant[], GrantsByScope>();

function byScope(subjectGrants: readonly Grant[]): GrantsByScope {
  const known = byScopeCache.get(subjectGrants);
  if (known) return known;
  const clusterGrants: Grant[] = [];
  const byNamespace = new Map<string, Grant[]>();
  for (const g of subjectGrants) {
    if (g.scope === '') clusterGrants.push(g);
    else {
      const list = byNamespace.get(g.scope);
      if (list) list.push(g);
      else byNamespace.set(g.scope, [g]);
    }
  }
  const split = { clusterGrants, byNamespace };
  byScopeCache.set(subjectGrants, split);
  return split;
}

/**
 * Evaluate a risk for every subject of the given grants: cluster-wide first, then in each
 * namespace where the subject has RoleBindings (a cluster-wide hit covers them all).
 */
export function evaluateRisk(grants: readonly Grant[], spec: RiskSpec, reach: GitlabReach): RiskHit[] {
  const out: RiskHit[] = [];
  const exclude = spec.excludeGrant;
  const roles = new RoleHits(spec);
  // Grouped once for all risks (cached on the grants list); the exclusion is per risk.
  for (const allOfSubject of grantsBySubject(grants).values()) {
    const subjectGrants = exclude ? allOfSubject.filter((g) => !exclude(g)) : allOfSubject;
    const subject = subjectGrants[0]?.subject;
    if (!subject || !roles.mayBeSatisfied(subjectGrants)) continue;
    const { clusterGrants, byNamespace } = byScope(subjectGrants);
    const grade = (base: Severity, privilegedNs: string | undefined): { severity: Severity; raisedBy: string[] } => {
      const raisedBy: string[] = [];
      if (privilegedNs) raisedBy.push(`in privileged namespace ${privilegedNs}`);
      const audience = broadAudience(subject);
      if (audience) raisedBy.push(`held by ${audience}`);
      const gitlab = reach.reason(subject);
      if (gitlab) raisedBy.push(`reachable from GitLab: ${gitlab}`);
      return { severity: raise(base, raisedBy.length), raisedBy };
    };
    const keep = (hits: ProbeHit[]): boolean => spec.subsumedByWildcard === false || !hits.every((h) => isWildcardGrant(h.rule));

    const clusterHits = roles.firstHits(clusterGrants);
    if (!spec.onlyNamespaces) {
      const hits = roles.satisfy(clusterHits);
      if (hits) {
        if (keep(hits)) out.push({ subject, scope: '', hits, ...grade(spec.severity.cluster, undefined) });
        continue;
      }
    }
    if (spec.clusterScoped) continue;
    const namespaces = [...byNamespace.keys()];
    if (spec.onlyNamespaces) {
      for (const ns of spec.onlyNamespaces) if (clusterGrants.length > 0 && !byNamespace.has(ns)) namespaces.push(ns);
    }
    for (const ns of namespaces.sort()) {
      if (spec.onlyNamespaces && !spec.onlyNamespaces.includes(ns)) continue;
      const hits = roles.satisfy(clusterHits, byNamespace.get(ns));
      if (!hits || !keep(hits)) continue;
      const privileged = PRIVILEGED_NAMESPACES.has(ns);
      if (spec.severity.namespace === 'escalation') {
        // Pod creation and the like in kube-system: its ServiceAccounts run the cluster.
        if (privileged) out.push({ subject, scope: ns, hits, ...grade(spec.severity.cluster, undefined) });
        continue;
      }
      out.push({ subject, scope: ns, hits, ...grade(spec.severity.namespace, privileged ? ns : undefined) });
    }
  }
  return out;
}
