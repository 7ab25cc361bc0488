// pods/exec, pods/attach and pods/portforward: the same check on three subresources.
// Since Kubernetes 1.35 (feature gate AuthorizePodWebsocketUpgradeCreatePermission, beta and
// on by default) the websocket upgrade needs `create` like the SPDY POST always did; before
// 1.35 a `get` was enough to open the stream over websockets.

import type { RiskSpec } from '../../access/risk.js';
import type { RuleDefinition, RuleMeta } from '../types.js';
import { probes } from './probe-sets.js';
import { tieredRiskRule, versionAtLeast } from './risk-tiers.js';

export const WEBSOCKET_CREATE_VERSION = '1.35';

/** The verbs that open a stream on a pod subresource in the given Kubernetes version. */
export function streamVerbs(kubernetesVersion: string): readonly string[] {
  return versionAtLeast(kubernetesVersion, WEBSOCKET_CREATE_VERSION) ? ['create'] : ['create', 'get'];
}

export function podStreamSpec(subresource: string, what: string, kubernetesVersion: string): RiskSpec {
  return {
    requires: [probes(streamVerbs(kubernetesVersion), '', [`pods/${subresource}`])],
    what,
    severity: { cluster: 'error', namespace: 'escalation' },
  };
}

export function podStreamRule(meta: RuleMeta, subresource: string, what: string): RuleDefinition {
  return tieredRiskRule(meta, (ctx) => [podStreamSpec(subresource, what, ctx.workspace.kubernetesVersion)]);
}
