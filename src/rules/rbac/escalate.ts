import type { RiskSpec } from '../../access/risk.js';
import { probes, RBAC_API, WRITE } from './probe-sets.js';
import { tieredRiskRule } from './risk-tiers.js';

/**
 * `escalate` lifts the guard that a role may only hold permissions its writer has; it
 * takes a write verb on the same kind to use it. ClusterRoles are cluster-scoped, so a
 * RoleBinding gives nothing on them; Roles are written in the binding's namespace.
 */
export const ESCALATE_SPECS: readonly RiskSpec[] = [
  {
    requires: [probes(['escalate'], RBAC_API, ['clusterroles']), probes(WRITE, RBAC_API, ['clusterroles'])],
    what: 'write ClusterRoles holding any permission (escalate)',
    severity: { cluster: 'critical', namespace: 'critical' },
    clusterScoped: true,
  },
  {
    requires: [probes(['escalate'], RBAC_API, ['roles']), probes(WRITE, RBAC_API, ['roles'])],
    what: 'write Roles holding any permission (escalate)',
    severity: { cluster: 'critical', namespace: 'error' },
  },
];

/** `escalate` without a write verb on the kind: harmless until a write verb is added. */
const DORMANT_SPECS: readonly RiskSpec[] = [
  {
    requires: [probes(['escalate'], RBAC_API, ['clusterroles'])],
    what: 'escalate ClusterRoles (no create, update or patch on them yet)',
    severity: { cluster: 'warning', namespace: 'warning' },
    clusterScoped: true,
  },
  {
    requires: [probes(['escalate'], RBAC_API, ['roles'])],
    what: 'escalate Roles (no create, update or patch on them yet)',
    severity: { cluster: 'warning', namespace: 'info' },
  },
];

export default tieredRiskRule(
  {
    id: 'rbac/escalate',
    category: 'rbac',
    description: 'A subject holds the escalate verb on Roles or ClusterRoles, so it can write roles with permissions it does not have.',
    defaultSeverity: 'critical',
    recommended: true,
    remediation: 'Remove the escalate verb; whoever writes roles should hold the permissions they grant (the API checks that without escalate).',
    since: '0.1.0',
    sources: [
      { tool: 'checkov', id: 'CKV_K8S_158' },
      { tool: 'kubescape', id: 'C-0191' },
      { tool: 'rbac-police', id: 'escalate_roles' },
    ],
  },
  [...ESCALATE_SPECS, ...DORMANT_SPECS],
);
