import { defineRule } from '../types.js';
import { assess, grantOpening, reportAtSubject } from './subject-rule.js';

const NODES_GROUP = 'system:nodes';

export default defineRule({
  meta: {
    id: 'rbac/system-nodes-group',
    category: 'rbac',
    description: 'A binding grants Group "system:nodes" a role: every kubelet gets it, beyond what the Node authorizer allows.',
    defaultSeverity: 'error',
    recommended: true,
    remediation: 'Remove the system:nodes subject; kubelets are authorised by the Node authorizer and NodeRestriction. Run whatever needed the permission as a ServiceAccount of its own.',
    since: '0.1.0',
  },
  check(ctx) {
    for (const grant of ctx.analysis.ownGrants().grants) {
      if (grant.subject.kind !== 'Group' || grant.subject.name !== NODES_GROUP) continue;
      const { power, summary } = assess(grant);
      // Nodes are authenticated identities: discovery is theirs anyway.
      if (!power.beyondDiscovery) continue;
      reportAtSubject(ctx, grant, {
        message:
          `${grantOpening(grant)}, that is to every kubelet: the Node authorizer limits a node to its own pods, Secrets and volumes, ` +
          `but this grant is not limited, so root on any one node (a container escape) yields it; ${summary.text}`,
        severity: 'error',
        summary,
      });
    }
  },
});
