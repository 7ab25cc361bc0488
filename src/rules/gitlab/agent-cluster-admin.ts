import { agentServiceAccountUser } from '../../agent/index.js';
import { firstHit } from '../../access/probes.js';
import { describeRelease, originFor } from '../../helm/index.js';
import { defineRule } from '../types.js';
import { AGENT_CRB_TEMPLATE } from './chart-bindings.js';
import { agentIdentityReach, agentsRunningAs, causeRef, chartBinding, listText, type Related } from './shared.js';

export default defineRule({
  meta: {
    id: 'gitlab/agent-cluster-admin',
    category: 'gitlab',
    description:
      'The gitlab-agent Helm chart binds the agent\'s ServiceAccount to cluster-admin (rbac.create defaults to true, rbac.useExistingRole unset), so every CI job and user that uses the agent\'s identity controls the cluster.',
    defaultSeverity: 'critical',
    recommended: true,
    remediation:
      'Install the chart with rbac.create=false and grant the agent\'s ServiceAccount namespace-scoped Roles for what its CI jobs deploy (plus Leases and Events in its own namespace), or set rbac.useExistingRole to a narrow ClusterRole; better still, authorize jobs with access_as ci_job or impersonate so the agent only needs impersonate.',
    since: '0.1.0',
    sources: [{ tool: 'kube-linter', id: 'cluster-admin-role-binding' }],
  },
  check(ctx) {
    const analysis = ctx.analysis;
    for (const chart of analysis.charts()) {
      const b = chartBinding(analysis, chart, AGENT_CRB_TEMPLATE);
      if (!b?.grant) continue;
      const subject = b.grant.subject;
      if (subject.kind !== 'ServiceAccount') continue;
      const roleName = b.grant.role.name;
      // cluster-admin itself, or whatever role useExistingRole names that amounts to it.
      const star = firstHit([b.grant], [{ verb: '*', group: '*', resource: '*' }], '');
      let power: string | undefined;
      if (star) power = `ClusterRole "${roleName}" (every verb on every resource)`;
      else {
        const t = analysis.escalation().terminalOf(agentServiceAccountUser(subject.namespace, subject.name));
        if (t?.source?.binding === b.grant.binding) power = `ClusterRole "${roleName}", which is cluster-admin-equivalent (it can ${t.action})`;
      }
      if (!power) continue;

      const cause = causeRef(chart, b.model, [['roleRef', 'name'], []]);
      // The role name comes from rbac.useExistingRole when the values set it.
      const namesRole = originFor(b.model, ['roleRef', 'name']).kind === 'values';
      const why = namesRole
        ? `rbac.useExistingRole names ClusterRole "${roleName}"`
        : cause.fromValues
          ? `rbac.create is true and rbac.useExistingRole is unset, so the chart binds cluster-admin`
          : `chart defaults: rbac.create=true and rbac.useExistingRole unset bind cluster-admin`;
      const sa = `ServiceAccount "${subject.namespace}/${subject.name}"`;
      const defaultSa = subject.name === 'default' ? ` (the namespace's "default" ServiceAccount, which every pod there without serviceAccountName also gets)` : '';
      const agents = agentsRunningAs(analysis, subject.namespace, subject.name);
      const reach = agents.flatMap(agentIdentityReach);
      const who =
        reach.length > 0
          ? `every request through the agent's identity acts as it: ${listText(reach)}`
          : 'no agent config in the repository is mapped to these values, so whoever an agent lets act as its own identity (access_as agent, and its config project\'s own CI jobs) gets this power';
      const related: Related[] = [{ message: `rendered ${b.object.kind} "${b.object.name}" (${b.model.template})` }];
      const releaseRef = chart.model.release.nameOrigin?.ref ?? chart.model.release.namespaceOrigin?.ref;
      related.push({ message: `release: ${describeRelease(chart.model.release)}`, ...(releaseRef ? { at: releaseRef } : {}) });
      for (const a of agents) related.push({ message: `agent "${a.name}" runs as this ServiceAccount`, at: { file: a.input.file.source.path, docIndex: a.input.docIndex, path: [] } });
      ctx.report({
        at: cause.at,
        target: cause.fromValues ? 'value' : 'key',
        message: `the gitlab-agent chart binds ${sa}${defaultSa} to ${power} cluster-wide (${why}; ${describeRelease(chart.model.release)}); ${who}`,
        key: `${chart.model.release.namespace}/${chart.model.release.name}:${roleName}`,
        object: { kind: 'ClusterRoleBinding', name: b.object.name },
        related,
      });
    }
  },
});
