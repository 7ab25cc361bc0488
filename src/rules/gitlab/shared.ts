// Shared plumbing of the gitlab rules: values locations, who reaches an agent's
// ServiceAccount from GitLab, and how much that ServiceAccount can do (asked through the
// RBAC engine, never by role names).

import { effectiveEntries, agentServiceAccountUser, type CiAccessEntry } from '../../agent/index.js';
import { authorize } from '../../rbac/authorize.js';
import type { Analysis, ModelledChart } from '../../engine/analysis.js';
import type { Grant } from '../../access/grants.js';
import type { K8sObject } from '../../model/k8s.js';
import { originFor, type ModelledObject } from '../../helm/types.js';
import { gitlabAgentChartTemplate } from './chart-bindings.js';
import type { AgentView } from '../../engine/agents.js';
import type { Severity } from '../../model/finding.js';
import { isRecord } from '../../model/k8s.js';
import type { JsonPath, SourceRef } from '../../model/path.js';
import type { ValuesInput } from '../../model/workspace.js';
import type { ReportInput } from '../types.js';
import { sourceRef } from '../rbac/escalation-path.js';
import { bindingText, roleText } from '../rbac/risk-rule.js';
import type { RuleSource } from '../../rbac/types.js';

export type Related = NonNullable<ReportInput['related']>[number];

/** A location inside a chart's values (the values may start below the document root). */
export function valuesRef(values: ValuesInput, path: JsonPath): SourceRef {
  return { file: values.file.source.path, docIndex: values.docIndex, path: [...values.basePath, ...path] };
}

/** What the user's values hold at `path` (own properties only; null counts as set). */
export function valueAt(data: unknown, path: JsonPath): { readonly present: boolean; readonly value: unknown } {
  let cur: unknown = data;
  for (const seg of path) {
    if (typeof seg === 'number') {
      if (!Array.isArray(cur) || seg >= cur.length) return { present: false, value: undefined };
      cur = cur[seg];
    } else {
      if (!isRecord(cur) || !Object.prototype.hasOwnProperty.call(cur, seg)) return { present: false, value: undefined };
      cur = cur[seg];
    }
  }
  return { present: true, value: cur };
}

/** `"a", "b" and "c"`. */
export function listText(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1] ?? ''}`;
}

function via(source: RuleSource | undefined): string {
  return source ? ` (${bindingText(source.binding)} → ${roleText(source.role)})` : '';
}

// ---- chart objects -------------------------------------------------------------------------

export interface ChartBinding {
  readonly chart: ModelledChart;
  readonly model: ModelledObject;
  readonly object: K8sObject;
  /** Undefined when the binding's role does not exist (rbac/dangling-role-ref reports it). */
  readonly grant?: Grant;
}

/** The binding a gitlab-agent chart renders from `template`, with the grant it makes. */
export function chartBinding(analysis: Analysis, chart: ModelledChart, template: string): ChartBinding | undefined {
  if (chart.values.chart !== 'gitlab-agent') return undefined;
  const model = chart.model.objects.find((o) => o.template === template);
  const object = chart.objects.find((o) => gitlabAgentChartTemplate(o) === template);
  if (!model || !object) return undefined;
  const grant = analysis.ownGrants().grants.find((g) => g.binding.origin === object);
  return { chart, model, object, ...(grant ? { grant } : {}) };
}

/**
 * The values entry that made the chart render a field of `obj`, trying the paths in order
 * (the first with a values origin wins), else where the chart's values start.
 */
export function causeRef(chart: ModelledChart, obj: ModelledObject, paths: readonly JsonPath[]): { readonly at: SourceRef; readonly fromValues: boolean } {
  for (const p of paths) {
    const o = originFor(obj, p);
    if (o.kind === 'values') return { at: valuesRef(chart.values, o.path), fromValues: true };
  }
  return { at: valuesRef(chart.values, []), fromValues: false };
}

// ---- who reaches an agent's ServiceAccount -------------------------------------------------

/** Agent configs of the repository whose agentk runs as this ServiceAccount. */
export function agentsRunningAs(analysis: Analysis, namespace: string, name: string): AgentView[] {
  return analysis.agents().filter((a) => a.serviceAccount?.namespace === namespace && a.serviceAccount.name === name);
}

function usesAgentIdentity(e: CiAccessEntry): boolean {
  return e.accessAs.mode === 'agent' || e.accessAs.mode === 'unset';
}

function restrictions(e: CiAccessEntry): string {
  const parts: string[] = [];
  const envs = e.environments?.patterns.map((p) => p.value) ?? [];
  if (envs.length > 0) parts.push(`environments ${envs.join(', ')}`);
  if (e.protectedBranchesOnly) parts.push('protected branches and tags only');
  return parts.length > 0 ? ` (${parts.join('; ')})` : '';
}

/**
 * Who acts as the agent's own ServiceAccount through `agent`: CI jobs of the projects and
 * groups authorised with access_as agent (or no access_as), the config project's own jobs
 * (implicit authorization), and users of user_access with access_as agent.
 */
export function agentIdentityReach(agent: AgentView): string[] {
  const out: string[] = [];
  const ci = agent.model.ciAccess;
  const projects = [...effectiveEntries(ci?.projects).values()];
  const groups = [...effectiveEntries(ci?.groups).values()];
  const p = projects.filter(usesAgentIdentity);
  if (p.length > 0) out.push(`CI jobs of ${listText(p.map((e) => `${e.id ?? '?'}${restrictions(e)}`))}`);
  const g = groups.filter(usesAgentIdentity);
  if (g.length > 0) out.push(`CI jobs of every project in group${g.length > 1 ? 's' : ''} ${listText(g.map((e) => `${e.id ?? '?'}${restrictions(e)}`))}`);
  if (ci?.instance && usesAgentIdentity(ci.instance)) out.push('CI jobs of every project of the instance (ci_access.instance)');
  const config = agent.configProjectPath;
  const configListed = config !== undefined && projects.some((e) => e.key === config.toLowerCase());
  if (!configListed) out.push(`CI jobs of the config project${config ? ` ${config}` : ''} (implicit authorization)`);
  const ua = agent.model.userAccess;
  if (ua && (ua.accessAs.mode === 'agent' || ua.accessAs.mode === 'unset')) {
    const listed = userAccessAudience(agent);
    if (listed.length > 0) out.push(`Developer+ members of ${listText(listed)} and administrators (user_access)`);
  }
  return out.map((s) => `agent "${agent.name}": ${s}`);
}

/** The projects and groups user_access lists, as text (`project a/b`, `group c`). */
export function userAccessAudience(agent: AgentView): string[] {
  const ua = agent.model.userAccess;
  if (!ua) return [];
  const out = [
    ...[...effectiveEntries(ua.projects).values()].map((e) => `project ${e.id ?? '?'}`),
    ...[...effectiveEntries(ua.groups).values()].map((e) => `group ${e.id ?? '?'} (and its subgroups)`),
  ];
  if (ua.instancePath) out.push('the instance (user_access.instance)');
  return out;
}

// ---- how powerful a ServiceAccount is -------------------------------------------------------

/** Cluster-wide requests that make an identity risky without making it cluster-admin. */
const RISKY_CLUSTER_WIDE: readonly { readonly action: string; readonly verb: string; readonly group: string; readonly resource: string; readonly subresource?: string }[] = [
  { action: 'read every Secret', verb: 'get', group: '', resource: 'secrets' },
  { action: 'list every Secret', verb: 'list', group: '', resource: 'secrets' },
  { action: 'watch every Secret', verb: 'watch', group: '', resource: 'secrets' },
  { action: 'create pods in every namespace', verb: 'create', group: '', resource: 'pods' },
  { action: 'create Deployments in every namespace', verb: 'create', group: 'apps', resource: 'deployments' },
  { action: 'create DaemonSets in every namespace', verb: 'create', group: 'apps', resource: 'daemonsets' },
  { action: 'create StatefulSets in every namespace', verb: 'create', group: 'apps', resource: 'statefulsets' },
  { action: 'create Jobs in every namespace', verb: 'create', group: 'batch', resource: 'jobs' },
  { action: 'create CronJobs in every namespace', verb: 'create', group: 'batch', resource: 'cronjobs' },
  { action: 'exec into every pod', verb: 'create', group: '', resource: 'pods', subresource: 'exec' },
  { action: 'mint tokens for every ServiceAccount', verb: 'create', group: '', resource: 'serviceaccounts', subresource: 'token' },
  { action: 'impersonate users', verb: 'impersonate', group: '', resource: 'users' },
  { action: 'impersonate groups', verb: 'impersonate', group: '', resource: 'groups' },
  { action: 'impersonate ServiceAccounts', verb: 'impersonate', group: '', resource: 'serviceaccounts' },
  { action: 'create RoleBindings in every namespace', verb: 'create', group: 'rbac.authorization.k8s.io', resource: 'rolebindings' },
  { action: 'create ClusterRoleBindings', verb: 'create', group: 'rbac.authorization.k8s.io', resource: 'clusterrolebindings' },
  { action: 'bind ClusterRoles', verb: 'bind', group: 'rbac.authorization.k8s.io', resource: 'clusterroles' },
  { action: 'escalate ClusterRoles', verb: 'escalate', group: 'rbac.authorization.k8s.io', resource: 'clusterroles' },
  { action: 'proxy to kubelets (nodes/proxy)', verb: 'get', group: '', resource: 'nodes', subresource: 'proxy' },
  { action: 'change admission webhooks', verb: 'create', group: 'admissionregistration.k8s.io', resource: 'mutatingwebhookconfigurations' },
  { action: 'delete namespaces', verb: 'delete', group: '', resource: 'namespaces' },
];

export interface PowerGrade {
  /** critical: cluster-admin-equivalent; error: other risky cluster-wide power; warning: the rest or unknown. */
  readonly severity: Severity;
  /** Sentence part after the identity: "is cluster-admin-equivalent: it can …". */
  readonly text: string;
  readonly related: readonly Related[];
}

/**
 * How powerful an agent's ServiceAccount is in the analysed RBAC (repository, charts and the
 * default policy): cluster-admin-equivalent (critical), risky cluster-wide power (error), or
 * less (warning). Unknown ServiceAccount: warning, saying so.
 */
export function gradeAgentServiceAccount(analysis: Analysis, agent: Pick<AgentView, 'name' | 'serviceAccount'>): PowerGrade {
  const sa = agent.serviceAccount;
  if (!sa) {
    return {
      severity: 'warning',
      text: `runs as a ServiceAccount kaslint does not know, so its power cannot be graded (map the agent's chart values: --values gitlab-agent=PATH, or values[].agent in .kaslint.yaml)`,
      related: [],
    };
  }
  const user = agentServiceAccountUser(sa.namespace, sa.name);
  const finder = analysis.escalation();
  const terminal = finder.terminalOf(user);
  if (terminal) {
    const at = sourceRef(terminal.source);
    return {
      severity: 'critical',
      text: `is cluster-admin-equivalent: it can ${terminal.action}${via(terminal.source)}`,
      related: [{ message: `the agent's ServiceAccount can ${terminal.action}${via(terminal.source)}`, ...(at ? { at } : {}) }],
    };
  }
  const index = analysis.rbac();
  for (const p of RISKY_CLUSTER_WIDE) {
    const d = authorize(index, { user, verb: p.verb, group: p.group, resource: p.resource, subresource: p.subresource ?? '', name: '', namespace: '' });
    if (!d.allowed) continue;
    const at = sourceRef(d.source);
    return {
      severity: 'error',
      text: `can ${p.action}${via(d.source)}`,
      related: [{ message: `the agent's ServiceAccount can ${p.action}${via(d.source)}`, ...(at ? { at } : {}) }],
    };
  }
  const namespaces = [
    ...new Set(
      analysis
        .ownGrants()
        .grants.filter((g) => g.subject.kind === 'ServiceAccount' && g.subject.namespace === sa.namespace && g.subject.name === sa.name)
        .map((g) => (g.scope === '' ? 'cluster-wide (read or narrow)' : `namespace ${g.scope}`)),
    ),
  ].sort();
  const related: Related[] = [];
  let text = namespaces.length > 0 ? `has no cluster-wide Secrets, workload, impersonation or RBAC power in the analysed RBAC (its grants: ${namespaces.join(', ')})` : 'holds no grants in the analysed RBAC';
  const path = finder.pathFrom(user, `${sa.namespace}/${sa.name}`);
  const first = path?.steps[0];
  if (path && first) {
    const chain = path.steps.map((s) => `${s.action} → ${s.becomes}`).join(' → ');
    const at = sourceRef(first.source);
    text += `; but it can become cluster-admin-equivalent through other ServiceAccounts (${chain}, which can ${path.terminal.action}; see rbac/escalation-path)`;
    related.push({ message: `escalation path: ${chain}, which can ${path.terminal.action}`, ...(at ? { at } : {}) });
  }
  return { severity: 'warning', text, related };
}

/** `ServiceAccount "ns/name" of agent "x" (from …)`. */
export function serviceAccountText(agent: Pick<AgentView, 'name' | 'serviceAccount'>): string {
  const sa = agent.serviceAccount;
  return sa ? `the agent's ServiceAccount "${sa.namespace}/${sa.name}"` : `the agent's ServiceAccount`;
}
