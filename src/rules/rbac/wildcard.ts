import { describeBoundSubject, grantsBySubject } from '../../access/grants.js';
import { broadAudience } from '../../access/reach.js';
import { raise } from '../../access/severity.js';
import type { Severity } from '../../model/finding.js';
import type { PolicyRule, Role } from '../../rbac/types.js';
import { defineRule, type RuleDefinition, type RuleMeta } from '../types.js';
import { bindingText, grantLocation, grantRelated, roleText, scopeText } from './risk-rule.js';

const WRITE_VERBS = ['*', 'create', 'update', 'patch', 'delete', 'deletecollection'];

/** Which wildcard a policy rule has, most specific first; cluster-admin-style rules are left to rbac/cluster-admin. */
export type WildcardKind = 'resources' | 'verbs' | 'apiGroups';

export function wildcardOf(rule: PolicyRule): WildcardKind | undefined {
  const all = (xs: readonly string[]) => xs.includes('*');
  // Non-resource rules (URLs) have their own rule.
  if (rule.resources.length === 0) return undefined;
  if (all(rule.verbs) && all(rule.resources) && all(rule.apiGroups)) return undefined;
  if (all(rule.resources)) return 'resources';
  if (all(rule.verbs)) return 'verbs';
  if (all(rule.apiGroups)) return 'apiGroups';
  return undefined;
}

/**
 * Per role: whether it holds a full wildcard rule (reported once, by rbac/cluster-admin) and
 * each rule's wildcard kind. Worked out once per role, not once per subject bound to it.
 */
const wildcardsByRole = new WeakMap<Role, { readonly fullWildcard: boolean; readonly kinds: readonly (WildcardKind | undefined)[] }>();

function wildcardsOf(role: Role): { readonly fullWildcard: boolean; readonly kinds: readonly (WildcardKind | undefined)[] } {
  let known = wildcardsByRole.get(role);
  if (known === undefined) {
    known = {
      fullWildcard: role.rules.some((r) => r.resources.length > 0 && wildcardOf(r) === undefined && r.resources.includes('*') && r.verbs.includes('*') && r.apiGroups.includes('*')),
      kinds: role.rules.map(wildcardOf),
    };
    wildcardsByRole.set(role, known);
  }
  return known;
}

function writes(rule: PolicyRule): boolean {
  return rule.verbs.some((v) => WRITE_VERBS.includes(v));
}

/**
 * One rule per kind of wildcard. Each bound policy rule is reported once, by its most
 * specific wildcard, at the rule, with the subject, scope and binding in the message.
 */
export function wildcardRule(meta: RuleMeta, kind: WildcardKind, base: (rule: PolicyRule) => { cluster: Severity; namespace: Severity }, what: string): RuleDefinition {
  return defineRule({
    meta,
    check(ctx) {
      const index = ctx.analysis.rbac();
      const reach = ctx.analysis.gitlabReach();
      for (const grants of grantsBySubject(ctx.analysis.ownGrants().grants).values()) {
        for (const grant of grants) {
          // A role with a full wildcard rule is reported once, by rbac/cluster-admin.
          const wildcards = wildcardsOf(grant.role);
          if (wildcards.fullWildcard || !wildcards.kinds.includes(kind)) continue;
          grant.role.rules.forEach((rule, ruleIndex) => {
            if (wildcards.kinds[ruleIndex] !== kind) return;
            const loc = grantLocation(index, grant, ruleIndex);
            if (!loc) return;
            const raisedBy: string[] = [];
            const audience = broadAudience(grant.subject);
            if (audience) raisedBy.push(`held by ${audience}`);
            const gitlab = reach.reason(grant.subject);
            if (gitlab) raisedBy.push(`reachable from GitLab: ${gitlab}`);
            const sev = base(rule);
            const severity = raise(grant.scope === '' ? sev.cluster : sev.namespace, raisedBy.length);
            ctx.report({
              at: loc.at,
              target: loc.target,
              message: `${describeBoundSubject(grant.subject)} gets ${what} (verbs ${rule.verbs.join(', ')}) ${scopeText(grant.scope)} through ${bindingText(grant.binding)} → ${roleText(grant.role)}${raisedBy.length ? `; ${raisedBy.join('; ')}` : ''}`,
              key: `${grant.subject.kind}:${grant.subject.name}@${grant.scope}#${grant.binding.name}`,
              severity,
              object: { kind: grant.binding.kind, name: grant.binding.name, ...(grant.binding.namespace ? { namespace: grant.binding.namespace } : {}) },
              related: grantRelated(index, grant, ruleIndex),
            });
          });
        }
      }
    },
  });
}

export const wildcardSeverity = {
  resources: (rule: PolicyRule) => (writes(rule) ? { cluster: 'critical' as const, namespace: 'warning' as const } : { cluster: 'error' as const, namespace: 'info' as const }),
  verbs: () => ({ cluster: 'error' as const, namespace: 'warning' as const }),
  apiGroups: (rule: PolicyRule) => (writes(rule) ? { cluster: 'warning' as const, namespace: 'info' as const } : { cluster: 'info' as const, namespace: 'info' as const }),
};
