import { SECRETS_READ } from '../../access/power.js';
import { firstHit, probeText } from '../../access/probes.js';
import { describeRelease } from '../../helm/index.js';
import { isRecord } from '../../model/k8s.js';
import { defineRule } from '../types.js';
import { bindingText, roleText } from '../rbac/risk-rule.js';
import { OCS_CRB_TEMPLATE } from './chart-bindings.js';
import { agentsRunningAs, causeRef, chartBinding, listText, type Related } from './shared.js';

export default defineRule({
  meta: {
    id: 'gitlab/ocs-secrets-read',
    category: 'gitlab',
    description:
      'The gitlab-agent Helm chart renders operational container scanning RBAC (config.operational_container_scanning.enabled, on by default): a second ServiceAccount that can read every Secret of the cluster.',
    defaultSeverity: 'error',
    recommended: true,
    remediation:
      'Set config.operational_container_scanning.enabled=false unless the agent runs operational container scanning (GitLab Ultimate, container_scanning in the agent config or a scan execution policy); when it does, keep untrusted workloads out of the agent\'s namespace, where the scanner ServiceAccount lives.',
    since: '0.1.0',
    sources: [{ tool: 'trivy', id: 'KSV041' }],
  },
  check(ctx) {
    const analysis = ctx.analysis;
    for (const chart of analysis.charts()) {
      const b = chartBinding(analysis, chart, OCS_CRB_TEMPLATE);
      if (!b?.grant) continue;
      const hit = firstHit([b.grant], SECRETS_READ, '');
      if (!hit) continue;
      const subject = b.grant.subject;
      if (subject.kind !== 'ServiceAccount') continue;
      const cause = causeRef(chart, b.model, [[]]);
      const agentSa = chart.model.identities.find((i) => i.role === 'agent');
      const agents = agentSa ? agentsRunningAs(analysis, agentSa.namespace, agentSa.serviceAccountName) : [];
      const scanning = agents.filter((a) => isRecord(a.input.data) && Object.prototype.hasOwnProperty.call(a.input.data, 'container_scanning'));
      const how = cause.fromValues ? 'config.operational_container_scanning.enabled is on' : 'operational container scanning is on by chart default';
      const use =
        scanning.length > 0
          ? `agent ${listText(scanning.map((a) => `"${a.name}"`))} configures container_scanning, so the scanner uses it`
          : agents.length > 0
            ? `agent ${listText(agents.map((a) => `"${a.name}"`))} sets no container_scanning, so unless a scan execution policy starts scans the permission is unused`
            : 'no agent config in the repository is mapped to these values, so whether scans run is unknown';
      const related: Related[] = [
        { message: `${bindingText(b.grant.binding)} → ${roleText(b.grant.role)} allows ${probeText(hit.probe)} cluster-wide (${b.model.template})` },
        ...scanning.map((a): Related => ({ message: `agent "${a.name}" configures container_scanning`, at: { file: a.input.file.source.path, docIndex: a.input.docIndex, path: ['container_scanning'] } })),
      ];
      ctx.report({
        at: cause.at,
        target: cause.fromValues ? 'value' : 'key',
        message: `${how} (${describeRelease(chart.model.release)}): the chart gives ServiceAccount "${subject.namespace}/${subject.name}" read access to every Secret of the cluster; whoever can run or exec into pods in namespace "${subject.namespace}" (the agent itself included) can use it; ${use}`,
        key: `${chart.model.release.namespace}/${chart.model.release.name}:ocs`,
        severity: scanning.length > 0 ? 'warning' : 'error',
        object: { kind: 'ClusterRoleBinding', name: b.object.name },
        related,
      });
    }
  },
});
