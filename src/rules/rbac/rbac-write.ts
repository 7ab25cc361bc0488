import type { RiskSpec } from '../../access/risk.js';
import { defineRule } from '../types.js';
import { BIND_SPECS } from './bind.js';
import { ESCALATE_SPECS } from './escalate.js';
import { probes, RBAC_API, WRITE } from './probe-sets.js';
import { coveredBy, evaluateTiers, hitScopes, reportTiers } from './risk-tiers.js';

const SPECS: readonly RiskSpec[] = [
  {
    requires: [probes(WRITE, RBAC_API, ['clusterroles', 'clusterrolebindings', 'roles', 'rolebindings'])],
    what: 'write roles and bindings (handing on everything it holds)',
    severity: { cluster: 'warning', namespace: 'warning' },
    clusterScoped: true,
  },
  {
    // Namespaced kinds only: a RoleBinding grants nothing on ClusterRoles and ClusterRoleBindings.
    requires: [probes(WRITE, RBAC_API, ['roles', 'rolebindings'])],
    what: 'write Roles and RoleBindings (handing on everything it holds there)',
    severity: { cluster: 'warning', namespace: 'info' },
  },
];

export default defineRule({
  meta: {
    id: 'rbac/rbac-write',
    category: 'rbac',
    description: 'A subject can create, update or patch roles or bindings (without escalate or bind, so bounded by what it holds).',
    defaultSeverity: 'warning',
    recommended: true,
    remediation: 'Keep RBAC writes to the people and pipelines that manage access; a writer can hand everything it holds to any subject.',
    since: '0.1.0',
    sources: [
      { tool: 'trivy', id: 'KSV055' },
      { tool: 'krane', id: 'subjects-with-rbac-management' },
    ],
  },
  check(ctx) {
    const grants = ctx.analysis.ownGrants().grants;
    const reach = ctx.analysis.gitlabReach();
    // Where rbac/escalate or rbac/bind report the subject, the guards are lifted and
    // that finding says more.
    const stronger = hitScopes([...evaluateTiers(grants, ESCALATE_SPECS, reach), ...evaluateTiers(grants, BIND_SPECS, reach)]);
    reportTiers(ctx, evaluateTiers(grants, SPECS, reach).filter((t) => !coveredBy(stronger, t)));
  },
});
