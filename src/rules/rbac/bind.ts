import type { Probe } from '../../access/probes.js';
import type { RiskSpec } from '../../access/risk.js';
import { probes, probesNamed, RBAC_API, WRITE } from './probe-sets.js';
import { tieredRiskRule } from './risk-tiers.js';

/**
 * The binding guard authorises verb bind on the referenced role *by name*, so `bind`
 * limited to cluster-admin or admin is as bad as unlimited: those names are probed too.
 */
const BIND: readonly Probe[] = [
  ...probesNamed(['bind'], RBAC_API, ['clusterroles'], ['cluster-admin', 'admin']),
  ...probes(['bind'], RBAC_API, ['roles']),
];

/** Writing bindings; update and patch add subjects to an existing binding (roleRef is immutable). */
export const BIND_SPECS: readonly RiskSpec[] = [
  {
    requires: [BIND, probes(WRITE, RBAC_API, ['clusterrolebindings', 'rolebindings'])],
    what: 'grant itself or anyone roles it does not hold (bind plus writing bindings)',
    severity: { cluster: 'critical', namespace: 'critical' },
    clusterScoped: true,
  },
  {
    // In a namespace only RoleBindings can be written: a RoleBinding grants nothing on
    // clusterrolebindings.
    requires: [BIND, probes(WRITE, RBAC_API, ['rolebindings'])],
    what: 'grant itself or anyone roles it does not hold (bind plus writing RoleBindings)',
    severity: { cluster: 'critical', namespace: 'error' },
  },
];

const DORMANT_SPECS: readonly RiskSpec[] = [
  {
    requires: [BIND],
    what: 'bind roles it does not hold (no create, update or patch on bindings yet)',
    severity: { cluster: 'warning', namespace: 'info' },
  },
];

export default tieredRiskRule(
  {
    id: 'rbac/bind',
    category: 'rbac',
    description: 'A subject holds the bind verb on roles and can write bindings, so it can grant itself any role, cluster-admin included.',
    defaultSeverity: 'critical',
    recommended: true,
    remediation: 'Remove the bind verb, or limit it with resourceNames to the harmless roles the subject hands out.',
    since: '0.1.0',
    sources: [
      { tool: 'trivy', id: 'KSV051' },
      { tool: 'checkov', id: 'CKV2_K8S_1' },
      { tool: 'kubescape', id: 'C-0191' },
      { tool: 'rbac-police', id: 'bind_roles' },
    ],
  },
  [...BIND_SPECS, ...DORMANT_SPECS],
);
