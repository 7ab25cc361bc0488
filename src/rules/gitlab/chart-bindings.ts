// Which RBAC bindings the gitlab-agent chart model rendered, told from the binding's origin
// alone (a K8sObject modelled from chart values; see src/helm/to-objects.ts). The generic
// rbac rules use these predicates to leave the chart's bindings to the gitlab rules, which
// report them at the values line that caused them.

import type { Grant } from '../../access/grants.js';

/** Template of the agent's ClusterRoleBinding (cluster-admin by default). */
export const AGENT_CRB_TEMPLATE = 'templates/clusterrolebinding.yaml';
/** Template of the operational container scanning ClusterRoleBinding (reads every Secret). */
export const OCS_CRB_TEMPLATE = 'templates/ocs/clusterrolebinding.yaml';

const DESCRIPTION_RE = /^gitlab-agent chart \S+ (templates\/\S+?),/;

/**
 * The chart template an object was modelled from, when it is a gitlab-agent chart object:
 * the origin description reads `gitlab-agent chart <version> <template>, <release>`.
 */
export function gitlabAgentChartTemplate(origin: unknown): string | undefined {
  if (typeof origin !== 'object' || origin === null || !('origin' in origin)) return undefined;
  const o = (origin as { origin: unknown }).origin;
  if (typeof o !== 'object' || o === null) return undefined;
  const { kind, description } = o as { kind?: unknown; description?: unknown };
  if (kind !== 'modelled' || typeof description !== 'string') return undefined;
  return DESCRIPTION_RE.exec(description)?.[1];
}

/** The agent ClusterRoleBinding of a modelled gitlab-agent chart (gitlab/agent-cluster-admin reports it). */
export function isAgentChartClusterRoleBinding(g: Grant): boolean {
  return gitlabAgentChartTemplate(g.binding.origin) === AGENT_CRB_TEMPLATE;
}

/** The OCS ClusterRoleBinding of a modelled gitlab-agent chart (gitlab/ocs-secrets-read reports it). */
export function isOcsChartClusterRoleBinding(g: Grant): boolean {
  return gitlabAgentChartTemplate(g.binding.origin) === OCS_CRB_TEMPLATE;
}
