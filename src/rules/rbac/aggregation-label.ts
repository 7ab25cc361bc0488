import { isWildcardGrant, probeText, ruleAllowsProbe, type Probe } from '../../access/probes.js';
import type { RbacIndex } from '../../rbac/index.js';
import { labelSelectorMatches } from '../../rbac/selector.js';
import type { LabelSelector, PolicyRule, Role } from '../../rbac/types.js';
import { defineRule } from '../types.js';
import { probes, RBAC_API } from './probe-sets.js';
import { at } from './risk-rule.js';

/** The built-in aggregated roles, broadest audience first: view flows into edit, edit into admin. */
const TARGETS = [
  { name: 'view', reaches: 'view, edit and admin' },
  { name: 'edit', reaches: 'edit and admin' },
  { name: 'admin', reaches: 'admin' },
] as const;

/** What must not flow into a role that everyone in a namespace may hold. */
const RISKS: readonly { readonly what: string; readonly probes: readonly Probe[] }[] = [
  { what: 'escalate roles', probes: probes(['escalate'], RBAC_API, ['roles', 'clusterroles']) },
  { what: 'bind roles', probes: probes(['bind'], RBAC_API, ['roles', 'clusterroles']) },
  { what: 'impersonate', probes: probes(['impersonate'], '', ['users', 'groups', 'serviceaccounts']) },
  { what: 'read Secrets', probes: probes(['get', 'list', 'watch'], '', ['secrets']) },
  { what: 'create Pods', probes: probes(['create'], '', ['pods']) },
  { what: 'exec into Pods', probes: probes(['create'], '', ['pods/exec']) },
  { what: 'mint ServiceAccount tokens', probes: probes(['create'], '', ['serviceaccounts/token']) },
  { what: 'use the kubelet API (nodes/proxy)', probes: probes(['get'], '', ['nodes/proxy']) },
];

const labelKey = (target: string) => `rbac.authorization.k8s.io/aggregate-to-${target}`;

export default defineRule({
  meta: {
    id: 'rbac/aggregation-label',
    category: 'rbac',
    description: 'A ClusterRole labelled to aggregate into admin, edit or view carries risky rules (escalate, bind, impersonate, Secrets, …) that every holder of those roles then gets.',
    defaultSeverity: 'error',
    recommended: true,
    remediation: 'Remove the aggregate-to-* label, or move the risky rules into a separate ClusterRole bound only to those who need them.',
    since: '0.1.0',
  },
  check(ctx) {
    const index = ctx.analysis.rbac();
    for (const role of ctx.analysis.rbacObjects().clusterRoles) {
      if (role.builtin) continue;
      for (const target of TARGETS) {
        const aggregated = index.getClusterRole(target.name);
        // The selectors of the role as the index holds it; the upstream label when it is absent.
        const selectors: readonly LabelSelector[] = aggregated?.aggregationRule?.clusterRoleSelectors ?? [{ matchLabels: { [labelKey(target.name)]: 'true' } }];
        if (role.name === target.name || !selectors.some((s) => labelSelectorMatches(s, role.labels))) continue;
        // What the built-in role grants anyway is no news (edit already reads Secrets).
        const baseline = builtinRules(index, aggregated);
        const found: { ruleIndex: number; rule: PolicyRule; what: string[]; example: string }[] = [];
        role.rules.forEach((rule, ruleIndex) => {
          const what: string[] = [];
          let example = '';
          for (const risk of RISKS) {
            const p = risk.probes.find((pr) => ruleAllowsProbe(rule, pr, '') && !baseline.some((b) => ruleAllowsProbe(b, pr, '')));
            if (!p) continue;
            what.push(risk.what);
            example ||= probeText(p);
          }
          if (what.length > 0) found.push({ ruleIndex, rule, what, example });
        });
        if (found.length > 0) {
          const key = labelKey(target.name) in role.labels ? labelKey(target.name) : matchedKey(selectors, role.labels);
          const where = at(role.origin, key ? ['metadata', 'labels', key] : ['metadata', 'labels']) ?? at(role.origin, []);
          if (where) {
            const all = [...new Set(found.flatMap((f) => f.what))];
            ctx.report({
              at: where,
              target: 'key',
              message: `ClusterRole "${role.name}" aggregates into ClusterRole "${target.name}", so every subject bound to ${target.reaches} can also ${all.join(', ')}`,
              key: `${role.name}->${target.name}`,
              object: { kind: 'ClusterRole', name: role.name },
              related: found.map((f) => {
                const ruleAt = at(role.origin, ['rules', f.ruleIndex]);
                const via = isWildcardGrant(f.rule) ? ' through "*"' : '';
                return { message: `rule ${f.ruleIndex} grants ${f.what.join(', ')}${via} (e.g. ${f.example})`, ...(ruleAt ? { at: ruleAt } : {}) };
              }),
            });
          }
        }
        break; // reported (or cleared) at the broadest audience; narrower targets add nothing
      }
    }
  },
});

/** Effective rules of an aggregated role that come from the built-in default policy. */
function builtinRules(index: RbacIndex, role: Role | undefined): PolicyRule[] {
  if (!role) return [];
  return role.rules.filter((_, i) => index.ruleProvenance(role, i).owner.builtin === true);
}

function matchedKey(selectors: readonly LabelSelector[], labels: Readonly<Record<string, string>>): string | undefined {
  for (const s of selectors) for (const k of Object.keys(s.matchLabels ?? {})) if (k in labels) return k;
  return undefined;
}
