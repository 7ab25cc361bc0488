import type { BoundSubject, Grant } from '../../access/grants.js';
import { covers } from '../../rbac/covers.js';
import { ALL_UNAUTHENTICATED_GROUP, ANONYMOUS_USER } from '../../rbac/identity.js';
import type { PolicyRule } from '../../rbac/types.js';
import { defineRule } from '../types.js';
import { assess, grantOpening, reportAtSubject } from './subject-rule.js';

/**
 * Bindings clusters make to anonymous requests on purpose. Each is accepted only while the
 * bound role allows no more than its upstream rules, so a role of that name rewritten to
 * allow more is still reported.
 */
const ALLOWED: readonly { readonly kind: 'Role' | 'ClusterRole'; readonly name: string; readonly namespace?: string; readonly rules: readonly PolicyRule[] }[] = [
  {
    // Kubernetes default policy: health and version for everyone.
    kind: 'ClusterRole',
    name: 'system:public-info-viewer',
    rules: [{ verbs: ['get'], apiGroups: [], resources: [], resourceNames: [], nonResourceURLs: ['/healthz', '/livez', '/readyz', '/version', '/version/'] }],
  },
  {
    // kubeadm: joining nodes read the cluster-info ConfigMap before they have credentials.
    kind: 'Role',
    name: 'kubeadm:bootstrap-signer-clusterinfo',
    namespace: 'kube-public',
    rules: [{ verbs: ['get'], apiGroups: [''], resources: ['configmaps'], resourceNames: ['cluster-info'], nonResourceURLs: [] }],
  },
];

export function isAnonymous(s: BoundSubject): boolean {
  return (s.kind === 'User' && s.name === ANONYMOUS_USER) || (s.kind === 'Group' && s.name === ALL_UNAUTHENTICATED_GROUP);
}

function allowListed(grant: Grant): boolean {
  const ref = grant.binding.roleRef;
  return ALLOWED.some(
    (a) =>
      a.kind === ref.kind &&
      a.name === ref.name &&
      (a.namespace === undefined || a.namespace === grant.binding.namespace) &&
      covers(a.rules, grant.role.rules).covered,
  );
}

export default defineRule({
  meta: {
    id: 'rbac/anonymous-access',
    category: 'rbac',
    description: 'A binding grants a role to User "system:anonymous" or Group "system:unauthenticated": to requests without any credentials.',
    defaultSeverity: 'error',
    recommended: true,
    remediation: 'Remove the anonymous subject from the binding and grant the role to the users, groups or ServiceAccounts that need it.',
    since: '0.1.0',
    sources: [
      { tool: 'trivy', id: 'KSV122' },
      { tool: 'kubescape', id: 'C-0262' },
      { tool: 'krane', id: 'unauthenticated-subject-access' },
    ],
  },
  check(ctx) {
    for (const grant of ctx.analysis.ownGrants().grants) {
      if (!isAnonymous(grant.subject) || allowListed(grant)) continue;
      const { power, summary } = assess(grant);
      const audience = grant.subject.kind === 'User' ? 'every request that carries no credentials' : 'every unauthenticated client';
      reportAtSubject(ctx, grant, {
        message: `${grantOpening(grant)}, that is to ${audience} (anyone who can reach the API server when anonymous auth is on); ${summary.text}`,
        severity: power.beyondDiscovery ? 'critical' : 'error',
        summary,
      });
    }
  },
});
