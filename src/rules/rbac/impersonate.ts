import type { Grant } from '../../access/grants.js';
import type { RiskSpec } from '../../access/risk.js';
import { defineRule } from '../types.js';
import { probes } from './probe-sets.js';
import { evaluateTiers, reportTiers } from './risk-tiers.js';

const AUTHN_API = 'authentication.k8s.io';

/**
 * Legacy impersonation checks verb impersonate on users, groups (cluster-wide) and
 * serviceaccounts (in the account's namespace) of the core group. Impersonate-Uid and
 * Impersonate-Extra-* (uids, userextras/<key> in authentication.k8s.io) only decorate an
 * impersonated user and RBAC ignores them, so they are not reported on their own; note
 * that `userextras/*` is not a wildcard, it names the extra key "*".
 *
 * Constrained impersonation (KEP-5284) checks impersonate:user-info on users, groups, uids
 * and userextras, impersonate:serviceaccount on serviceaccounts, impersonate:arbitrary-node
 * and impersonate:associated-node on nodes, all in authentication.k8s.io, and then
 * impersonate-on:<mode>:<verb> for the action: its reach is bounded by those grants.
 */
function specs(names: readonly string[]): RiskSpec[] {
  const legacyIdentities = (name?: string) => probes(['impersonate'], '', ['users', 'groups'], name);
  return [
    {
      requires: [legacyIdentities()],
      what: 'impersonate users or groups without a name limit (a group grant reaches system:masters)',
      severity: { cluster: 'critical', namespace: 'critical' },
      clusterScoped: true,
    },
    {
      requires: [probes(['impersonate'], '', ['groups'], 'system:masters')],
      what: 'impersonate group system:masters, which bypasses authorization',
      severity: { cluster: 'critical', namespace: 'critical' },
      clusterScoped: true,
    },
    {
      requires: [probes(['impersonate'], '', ['serviceaccounts'])],
      what: 'impersonate any ServiceAccount',
      severity: { cluster: 'critical', namespace: 'escalation' },
    },
    {
      // Limited by resourceNames: still an identity switch, as strong as the named identities.
      requires: [names.flatMap((n) => legacyIdentities(n))],
      what: 'impersonate the users or groups named in its resourceNames (check what they hold)',
      severity: { cluster: 'error', namespace: 'error' },
      clusterScoped: true,
    },
    {
      requires: [names.flatMap((n) => probes(['impersonate'], '', ['serviceaccounts'], n))],
      what: 'impersonate the ServiceAccounts named in its resourceNames (check what they hold)',
      severity: { cluster: 'error', namespace: 'escalation' },
    },
    {
      requires: [[
        ...probes(['impersonate:user-info'], AUTHN_API, ['users', 'groups']),
        ...probes(['impersonate:arbitrary-node'], AUTHN_API, ['nodes']),
      ]],
      what: 'impersonate any user, group or node through constrained impersonation (bounded by its impersonate-on:<mode>:<verb> grants)',
      severity: { cluster: 'error', namespace: 'error' },
      clusterScoped: true,
    },
    {
      requires: [probes(['impersonate:serviceaccount'], AUTHN_API, ['serviceaccounts'])],
      what: 'impersonate any ServiceAccount through constrained impersonation (bounded by its impersonate-on:serviceaccount:<verb> grants)',
      severity: { cluster: 'error', namespace: 'escalation' },
    },
    {
      requires: [probes(['impersonate:associated-node'], AUTHN_API, ['nodes'])],
      what: 'impersonate the node its Pod runs on (bounded by its impersonate-on:associated-node:<verb> grants)',
      severity: { cluster: 'warning', namespace: 'warning' },
      clusterScoped: true,
    },
  ];
}

/** Every name some granted rule is limited to: the candidates for a named impersonation. */
function limitedNames(grants: readonly Grant[]): string[] {
  const names = new Set<string>();
  for (const g of grants) for (const rule of g.role.rules) for (const n of rule.resourceNames) names.add(n);
  return [...names].sort();
}

export default defineRule({
  meta: {
    id: 'rbac/impersonate',
    category: 'rbac',
    description: 'A subject can impersonate users, groups or ServiceAccounts, and so act with their permissions (system:masters included).',
    defaultSeverity: 'critical',
    recommended: true,
    remediation: 'Remove impersonate; where a proxy must act for others, limit it with resourceNames to named identities, or use constrained impersonation (impersonate:<mode> plus impersonate-on:<mode>:<verb>).',
    since: '0.1.0',
    sources: [
      { tool: 'trivy', id: 'KSV043' },
      { tool: 'checkov', id: 'CKV2_K8S_3' },
      { tool: 'kubescape', id: 'C-0065' },
      { tool: 'rbac-police', id: 'impersonate' },
    ],
  },
  check(ctx) {
    const grants = ctx.analysis.ownGrants().grants;
    reportTiers(ctx, evaluateTiers(grants, specs(limitedNames(grants)), ctx.analysis.gitlabReach()));
  },
});
