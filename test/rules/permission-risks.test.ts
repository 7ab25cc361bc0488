// The semantics the permission-side rules must get right, as one table. Each row is a small
// repository (YAML inline), the rules it is checked against, and every finding those rules
// must produce ("rule severity", sorted) — an empty list means "none of them may fire".
// The comment of each row says why that is the right answer.
import { describe, expect, it } from 'vitest';
import { PERMISSION_RULES } from '../../src/rules/rbac/permission-rules.js';
import { streamVerbs } from '../../src/rules/rbac/pod-stream.js';
import type { RuleDefinition } from '../../src/rules/types.js';
import { lintFiles } from '../support/lint-files.js';

type Kind = 'ClusterRoleBinding' | 'RoleBinding';

/** A ClusterRole named `name` with the given rules (YAML list items, two-space indented). */
function clusterRole(name: string, rules: string, labels = ''): string {
  return `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: ${name}
${labels ? `  labels:\n${labels}\n` : ''}rules:
${rules}
`;
}

function role(name: string, ns: string, rules: string): string {
  return `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: ${name}
  namespace: ${ns}
rules:
${rules}
`;
}

/** A binding of `roleName` to one subject (`User:alice`, `Group:devs`, `ServiceAccount:ns/name`). */
function binding(kind: Kind, roleName: string, subject: string, ns = '', roleKind: 'ClusterRole' | 'Role' = 'ClusterRole'): string {
  const [subjectKind, rest = ''] = subject.split(':', 2) as [string, string?];
  const subjectYaml =
    subjectKind === 'ServiceAccount'
      ? `  - kind: ServiceAccount\n    name: ${rest.split('/')[1]}\n    namespace: ${rest.split('/')[0]}`
      : `  - kind: ${subjectKind}\n    name: ${subject.slice(subjectKind.length + 1)}`;
  return `apiVersion: rbac.authorization.k8s.io/v1
kind: ${kind}
metadata:
  name: ${roleName}-${kind === 'RoleBinding' ? 'rb' : 'crb'}
${kind === 'RoleBinding' ? `  namespace: ${ns}\n` : ''}roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ${roleKind}
  name: ${roleName}
subjects:
${subjectYaml}
`;
}

const docs = (...parts: string[]): string => parts.join('---\n');

const rule = (groups: string, resources: string, verbs: string, names = ''): string =>
  `  - apiGroups: [${groups}]\n    resources: [${resources}]\n${names ? `    resourceNames: [${names}]\n` : ''}    verbs: [${verbs}]`;

interface Row {
  readonly name: string;
  readonly yaml: string;
  /** Rule ids this row is checked against (every finding of them must be listed). */
  readonly rules: readonly string[];
  /** "rule severity" per finding, or "rule severity @line:col" where the position matters. */
  readonly expect: readonly string[];
  readonly k8sVersion?: string;
}

const CLUSTER_SCOPED = [
  'rbac/node-proxy',
  'rbac/node-write',
  'rbac/persistent-volume-create',
  'rbac/crd-write',
  'rbac/admission-webhooks',
  'rbac/admission-policies',
  'rbac/apiservice-write',
  'rbac/csr-approve',
];

/** One ClusterRole granting something on every cluster-scoped kind the rules look at. */
const CLUSTER_KINDS_ROLE = clusterRole(
  'cluster-kinds',
  [
    rule('""', '"nodes/proxy"', '"get"'),
    rule('""', '"nodes", "nodes/status"', '"patch"'),
    rule('""', '"persistentvolumes"', '"create"'),
    rule('"apiextensions.k8s.io"', '"customresourcedefinitions"', '"create", "update"'),
    rule('"admissionregistration.k8s.io"', '"mutatingwebhookconfigurations", "validatingadmissionpolicies"', '"create", "delete"'),
    rule('"apiregistration.k8s.io"', '"apiservices"', '"create"'),
    rule('"certificates.k8s.io"', '"certificatesigningrequests/approval"', '"update"'),
    rule('"certificates.k8s.io"', '"signers"', '"approve"'),
  ].join('\n'),
);

const POD_STREAMS = ['rbac/pod-exec', 'rbac/pod-attach', 'rbac/pod-port-forward', 'rbac/ephemeral-containers'];

const ROWS: readonly Row[] = [
  // checkov#7616 / CKV_K8S_49 style misses: a risk in the SECOND rule must be found, and the
  // finding must point at that rule (line 9 is its "- apiGroups" item).
  {
    name: 'secrets read in the second rule of a role',
    yaml: docs(clusterRole('reader', [rule('""', '"configmaps"', '"get"'), rule('""', '"secrets"', '"list"')].join('\n')), binding('ClusterRoleBinding', 'reader', 'User:auditor')),
    rules: ['rbac/secrets-read'],
    expect: ['rbac/secrets-read error @9:5'],
  },
  // trivy KSV043 only matches apiGroups "*": the core group written as [""] is the usual form
  // and must match. A group grant reaches system:masters, so this is critical.
  {
    name: 'impersonate groups with apiGroups [""]',
    yaml: docs(clusterRole('group-switcher', rule('""', '"groups"', '"impersonate"')), binding('ClusterRoleBinding', 'group-switcher', 'ServiceAccount:ci/runner')),
    rules: ['rbac/impersonate'],
    expect: ['rbac/impersonate critical'],
  },
  // "pods/*" names a subresource called "*"; only "*" and "*/exec" are wildcards
  // (k8s#78936). None of the pod stream rules may fire.
  {
    name: 'pods/* is not pods/exec',
    yaml: docs(clusterRole('pods-star', rule('""', '"pods/*"', '"create", "get", "update", "patch"')), binding('ClusterRoleBinding', 'pods-star', 'Group:oncall')),
    rules: POD_STREAMS,
    expect: [],
  },
  // "*/exec" IS a wildcard for the exec subresource of every resource.
  {
    name: '*/exec grants pods/exec',
    yaml: docs(clusterRole('any-exec', rule('""', '"*/exec"', '"create"')), binding('ClusterRoleBinding', 'any-exec', 'Group:oncall')),
    rules: ['rbac/pod-exec'],
    expect: ['rbac/pod-exec error'],
  },
  // resourceNames limits a rule to requests naming those objects; an unrestricted grant is a
  // nameless probe, so named rules are not unrestricted grants (checkov#7110).
  {
    name: 'rules limited by resourceNames are not unrestricted grants',
    yaml: docs(
      clusterRole(
        'named-only',
        [
          rule('""', '"secrets"', '"get", "update", "patch"', '"db-credentials"'),
          rule('""', '"pods/exec"', '"create"', '"toolbox-0"'),
          rule('""', '"serviceaccounts/token"', '"create"', '"uploader"'),
          rule('"admissionregistration.k8s.io"', '"validatingwebhookconfigurations"', '"patch"', '"my-webhook"'),
          rule('""', '"nodes/proxy"', '"get"', '"node-1"'),
        ].join('\n'),
      ),
      binding('ClusterRoleBinding', 'named-only', 'ServiceAccount:tools/bot'),
    ),
    rules: ['rbac/secrets-read', 'rbac/secrets-write', 'rbac/pod-exec', 'rbac/serviceaccount-token', 'rbac/admission-webhooks', 'rbac/node-proxy'],
    expect: [],
  },
  // A RoleBinding is evaluated in its namespace; requests for cluster-scoped kinds carry no
  // namespace, so a RoleBinding to this ClusterRole grants none of it (trivy reads roles in
  // isolation and reports these; devantler-tech/platform#3235).
  {
    name: 'RoleBinding to a ClusterRole with cluster-scoped kinds grants nothing there',
    yaml: docs(CLUSTER_KINDS_ROLE, binding('RoleBinding', 'cluster-kinds', 'User:nina', 'shop')),
    rules: CLUSTER_SCOPED,
    expect: [],
  },
  // The same ClusterRole through a ClusterRoleBinding: every cluster-scoped risk is real.
  {
    name: 'ClusterRoleBinding to the same ClusterRole',
    yaml: docs(CLUSTER_KINDS_ROLE, binding('ClusterRoleBinding', 'cluster-kinds', 'User:olga')),
    rules: CLUSTER_SCOPED,
    expect: [
      'rbac/admission-policies error',
      'rbac/admission-webhooks critical',
      'rbac/apiservice-write critical',
      'rbac/crd-write error',
      'rbac/csr-approve critical',
      'rbac/node-proxy critical',
      'rbac/node-write error',
      'rbac/persistent-volume-create error',
    ],
  },
  // The one exception: the Namespace object X is requested "in" namespace X, so a
  // RoleBinding in X does grant patching X itself (its Pod Security labels). Warning in an
  // ordinary namespace; raised to error in kube-system.
  {
    name: 'RoleBinding granting patch namespaces reaches its own Namespace',
    yaml: docs(
      clusterRole('ns-labeller', rule('""', '"namespaces"', '"patch"')),
      binding('RoleBinding', 'ns-labeller', 'User:nina', 'sandbox'),
      binding('RoleBinding', 'ns-labeller', 'User:ksys', 'kube-system'),
    ),
    rules: ['rbac/namespace-write'],
    expect: ['rbac/namespace-write error', 'rbac/namespace-write warning'],
  },
  // Grants through a "*" rule are left to the wildcard rules, so one wildcard does not
  // produce a finding per risk.
  {
    name: '"*" resources are reported by the wildcard rule only',
    yaml: docs(clusterRole('core-star', rule('""', '"*"', '"create", "get"')), binding('ClusterRoleBinding', 'core-star', 'Group:ops')),
    rules: ['rbac/wildcard-resources', 'rbac/pod-create', 'rbac/pod-exec', 'rbac/secrets-read', 'rbac/secrets-write', 'rbac/serviceaccount-token', 'rbac/node-proxy'],
    // "*" resources with a write verb, cluster-wide: critical (graded by wildcard.ts).
    expect: ['rbac/wildcard-resources critical'],
  },
  // From Kubernetes 1.35 the websocket upgrade of pods/exec is authorised as create; get
  // alone no longer opens a shell, in either supported version.
  {
    name: 'get pods/exec alone (1.37)',
    yaml: docs(clusterRole('exec-get', rule('""', '"pods/exec", "pods/attach", "pods/portforward"', '"get"')), binding('ClusterRoleBinding', 'exec-get', 'Group:oncall')),
    rules: POD_STREAMS,
    expect: [],
  },
  {
    name: 'get pods/exec alone (1.35)',
    k8sVersion: '1.35',
    yaml: docs(clusterRole('exec-get', rule('""', '"pods/exec"', '"get"')), binding('ClusterRoleBinding', 'exec-get', 'Group:oncall')),
    rules: ['rbac/pod-exec'],
    expect: [],
  },
  // Pod streams are "escalation" risks: in an ordinary namespace they are left to
  // rbac/escalation-path, in kube-system they are reported at the cluster severity.
  {
    name: 'create pods/exec in an ordinary namespace and in kube-system',
    yaml: docs(
      clusterRole('exec', rule('""', '"pods/exec"', '"create"')),
      binding('RoleBinding', 'exec', 'User:dev', 'shop'),
      binding('RoleBinding', 'exec', 'User:ops', 'kube-system'),
    ),
    rules: ['rbac/pod-exec'],
    expect: ['rbac/pod-exec error'],
  },
  // Held by every authenticated user: raised one step.
  {
    name: 'exec for system:authenticated is raised',
    yaml: docs(clusterRole('exec', rule('""', '"pods/exec"', '"create"')), binding('ClusterRoleBinding', 'exec', 'Group:system:authenticated')),
    rules: ['rbac/pod-exec'],
    expect: ['rbac/pod-exec critical'],
  },
  // Workload controllers run Pods from their template: CronJobs count (kube-linter misses them).
  {
    name: 'patch cronjobs cluster-wide',
    yaml: docs(clusterRole('cron', [rule('""', '"configmaps"', '"get"'), rule('"batch"', '"cronjobs"', '"patch"')].join('\n')), binding('ClusterRoleBinding', 'cron', 'ServiceAccount:ci/deployer')),
    rules: ['rbac/workload-create', 'rbac/pod-create'],
    expect: ['rbac/workload-create error @9:5'],
  },
  // bind is checked by role name: limited to cluster-admin it is as bad as unlimited;
  // limited to view it is harmless.
  {
    name: 'bind limited to cluster-admin, with ClusterRoleBinding writes',
    yaml: docs(
      clusterRole('binder', [rule('"rbac.authorization.k8s.io"', '"clusterroles"', '"bind"', '"cluster-admin"'), rule('"rbac.authorization.k8s.io"', '"clusterrolebindings"', '"create"')].join('\n')),
      binding('ClusterRoleBinding', 'binder', 'ServiceAccount:platform/broker'),
    ),
    rules: ['rbac/bind', 'rbac/rbac-write'],
    expect: ['rbac/bind critical'],
  },
  {
    name: 'bind limited to view, with RoleBinding writes',
    yaml: docs(
      clusterRole('view-binder', [rule('"rbac.authorization.k8s.io"', '"clusterroles"', '"bind"', '"view"'), rule('"rbac.authorization.k8s.io"', '"rolebindings"', '"create"')].join('\n')),
      binding('RoleBinding', 'view-binder', 'Group:leads', 'shop'),
    ),
    rules: ['rbac/bind', 'rbac/rbac-write'],
    // The RoleBinding writes remain, bounded by the guards: rbac-write, info in one namespace.
    expect: ['rbac/rbac-write info'],
  },
  // bind without any write verb on bindings is dormant: warning, not critical.
  {
    name: 'bind alone',
    yaml: docs(clusterRole('bind-only', rule('"rbac.authorization.k8s.io"', '"clusterroles"', '"bind"')), binding('ClusterRoleBinding', 'bind-only', 'User:alice')),
    rules: ['rbac/bind'],
    expect: ['rbac/bind warning'],
  },
  // ClusterRoles are cluster-scoped: escalate + update on them through a RoleBinding grants
  // nothing. On Roles in the namespace it is an error.
  {
    name: 'escalate through RoleBindings',
    yaml: docs(
      clusterRole('cr-escalator', rule('"rbac.authorization.k8s.io"', '"clusterroles"', '"update", "escalate"')),
      binding('RoleBinding', 'cr-escalator', 'User:nina', 'shop'),
      role('role-escalator', 'shop', rule('"rbac.authorization.k8s.io"', '"roles"', '"update", "escalate"')),
      binding('RoleBinding', 'role-escalator', 'User:sam', 'shop', 'Role'),
    ),
    rules: ['rbac/escalate', 'rbac/rbac-write'],
    // sam: escalate reports it and rbac-write steps aside; nina: nothing at all.
    expect: ['rbac/escalate error'],
  },
  // Impersonation checks for users and groups carry no namespace: a RoleBinding grants none.
  {
    name: 'impersonate users and groups through a RoleBinding',
    yaml: docs(clusterRole('switcher', rule('""', '"users", "groups"', '"impersonate"')), binding('RoleBinding', 'switcher', 'User:nina', 'shop')),
    rules: ['rbac/impersonate'],
    expect: [],
  },
  // Limited by resourceNames: still reported (error), the name is quoted; the group
  // system:masters by name stays critical.
  {
    name: 'impersonate limited by resourceNames',
    yaml: docs(
      clusterRole('named-user', rule('""', '"users"', '"impersonate"', '"deploy-bot"')),
      binding('ClusterRoleBinding', 'named-user', 'User:proxy'),
      clusterRole('masters', rule('""', '"groups"', '"impersonate"', '"system:masters"')),
      binding('ClusterRoleBinding', 'masters', 'User:breakglass'),
    ),
    rules: ['rbac/impersonate'],
    expect: ['rbac/impersonate critical', 'rbac/impersonate error'],
  },
  // Constrained impersonation (KEP-5284) is bounded by impersonate-on grants: error for any
  // user, warning for the caller's own node. userextras/* is not a wildcard, and extras or
  // uids alone do not switch identity: nothing.
  {
    name: 'constrained impersonation and extras',
    yaml: docs(
      clusterRole('deputy', rule('"authentication.k8s.io"', '"users"', '"impersonate:user-info"')),
      binding('ClusterRoleBinding', 'deputy', 'ServiceAccount:vm/deputy'),
      clusterRole('node-agent', rule('"authentication.k8s.io"', '"nodes"', '"impersonate:associated-node"')),
      binding('ClusterRoleBinding', 'node-agent', 'ServiceAccount:cni/agent'),
      clusterRole('extras', rule('"authentication.k8s.io"', '"userextras/*", "uids"', '"impersonate"')),
      binding('ClusterRoleBinding', 'extras', 'ServiceAccount:cni/tagger'),
    ),
    rules: ['rbac/impersonate'],
    expect: ['rbac/impersonate error', 'rbac/impersonate warning'],
  },
  // Impersonating ServiceAccounts of one ordinary namespace is what the built-in edit role
  // grants: left to rbac/escalation-path; in kube-system it is critical.
  {
    name: 'impersonate serviceaccounts per namespace',
    yaml: docs(
      clusterRole('sa-switch', rule('""', '"serviceaccounts"', '"impersonate"')),
      binding('RoleBinding', 'sa-switch', 'User:dev', 'shop'),
      binding('RoleBinding', 'sa-switch', 'User:ops', 'kube-system'),
    ),
    rules: ['rbac/impersonate'],
    expect: ['rbac/impersonate critical'],
  },
  // The approve check names the signer: limited to the API client signer it is critical;
  // limited to kubelet-serving it cannot mint client certificates.
  {
    name: 'CSR approval by signer name',
    yaml: docs(
      clusterRole(
        'client-approver',
        [rule('"certificates.k8s.io"', '"certificatesigningrequests/approval"', '"update"'), rule('"certificates.k8s.io"', '"signers"', '"approve"', '"kubernetes.io/kube-apiserver-client"')].join('\n'),
      ),
      binding('ClusterRoleBinding', 'client-approver', 'ServiceAccount:certs/approver'),
      clusterRole(
        'serving-approver',
        [rule('"certificates.k8s.io"', '"certificatesigningrequests/approval"', '"update"'), rule('"certificates.k8s.io"', '"signers"', '"approve"', '"kubernetes.io/kubelet-serving"')].join('\n'),
      ),
      binding('ClusterRoleBinding', 'serving-approver', 'ServiceAccount:certs/serving'),
    ),
    rules: ['rbac/csr-approve'],
    expect: ['rbac/csr-approve critical'],
  },
  // Only kube-system ConfigMaps matter; a name limit to aws-auth names the dangerous object.
  {
    name: 'ConfigMaps: aws-auth by name, other names, other namespaces',
    yaml: docs(
      role('aws-auth', 'kube-system', rule('""', '"configmaps"', '"patch"', '"aws-auth"')),
      binding('RoleBinding', 'aws-auth', 'User:iam', 'kube-system', 'Role'),
      role('status', 'kube-system', rule('""', '"configmaps"', '"update"', '"cluster-autoscaler-status"')),
      binding('RoleBinding', 'status', 'User:autoscaler', 'kube-system', 'Role'),
      role('app-config', 'shop', rule('""', '"configmaps"', '"create", "update"')),
      binding('RoleBinding', 'app-config', 'User:dev', 'shop', 'Role'),
    ),
    rules: ['rbac/kube-system-configmaps'],
    expect: ['rbac/kube-system-configmaps error'],
  },
  // Non-resource rules work only through ClusterRoleBindings; "/*" is as wide as "*";
  // "/healthz/*" is a prefix, not everything.
  {
    name: 'nonResourceURLs wildcards',
    yaml: docs(
      clusterRole('all-urls', '  - nonResourceURLs: ["/*"]\n    verbs: ["get"]'),
      binding('ClusterRoleBinding', 'all-urls', 'User:scraper'),
      binding('RoleBinding', 'all-urls', 'User:ns-scraper', 'monitoring'),
      clusterRole('health', '  - nonResourceURLs: ["/healthz/*"]\n    verbs: ["get"]'),
      binding('ClusterRoleBinding', 'health', 'User:prober'),
    ),
    rules: ['rbac/nonresource-wildcard'],
    expect: ['rbac/nonresource-wildcard warning'],
  },
  // Aggregation: what the target role already grants is no news (edit reads Secrets), but
  // the same rule aggregated into view is; a label value other than "true" selects nothing.
  {
    name: 'aggregation labels',
    yaml: docs(
      clusterRole('to-view', rule('""', '"secrets"', '"list"'), '    rbac.authorization.k8s.io/aggregate-to-view: "true"'),
      clusterRole('to-edit', rule('""', '"secrets"', '"list"'), '    rbac.authorization.k8s.io/aggregate-to-edit: "true"'),
      clusterRole('not-aggregated', rule('"rbac.authorization.k8s.io"', '"roles"', '"escalate"'), '    rbac.authorization.k8s.io/aggregate-to-admin: "false"'),
    ),
    rules: ['rbac/aggregation-label'],
    expect: ['rbac/aggregation-label error @6:5'],
  },
  // The built-in edit role in an ordinary namespace: its escalation-grade powers (pods,
  // exec, Secrets, tokens, ServiceAccount impersonation) are left to rbac/escalation-path;
  // only the low-grade ones show, at info.
  {
    name: 'RoleBinding to the built-in edit role',
    yaml: binding('RoleBinding', 'edit', 'Group:shop-devs', 'shop'),
    rules: PERMISSION_RULES.map((r) => r.meta.id),
    expect: ['rbac/events-delete info', 'rbac/networkpolicy-write info', 'rbac/secrets-read info'],
  },
  // ...and the same role through a ClusterRoleBinding reaches every ServiceAccount.
  {
    name: 'ClusterRoleBinding to the built-in edit role',
    yaml: binding('ClusterRoleBinding', 'edit', 'Group:devs'),
    rules: ['rbac/impersonate', 'rbac/pod-exec', 'rbac/serviceaccount-token', 'rbac/secrets-write', 'rbac/workload-create', 'rbac/kube-system-configmaps'],
    expect: [
      'rbac/impersonate critical',
      'rbac/kube-system-configmaps error',
      'rbac/pod-exec error',
      'rbac/secrets-write error',
      'rbac/serviceaccount-token error',
      'rbac/workload-create error',
    ],
  },
  // PodSecurityPolicy is gone since 1.25: named use rules are dead configuration, bound or not.
  {
    name: 'PodSecurityPolicy use',
    yaml: clusterRole('psp', rule('"policy"', '"podsecuritypolicies"', '"use"', '"restricted"')),
    rules: ['rbac/deprecated-psp'],
    expect: ['rbac/deprecated-psp info'],
  },
];

const byId = new Map<string, RuleDefinition>(PERMISSION_RULES.map((r) => [r.meta.id, r]));

describe('permission-side risk semantics', () => {
  for (const row of ROWS) {
    it(row.name, async () => {
      // Rules outside the recommended set run only with a configured severity, which would
      // pin every finding to it; the grading (cluster, namespace, raised) is part of what is
      // checked here, so each rule runs as if recommended, with no severity configured.
      const rules = row.rules.map((id): RuleDefinition => {
        const r = byId.get(id);
        if (!r) throw new Error(`unknown rule ${id}`);
        return { ...r, meta: { ...r.meta, recommended: true } };
      });
      const result = await lintFiles({ 'rbac.yaml': row.yaml }, { rules, ...(row.k8sVersion ? { k8sVersion: row.k8sVersion } : {}) });
      expect(result.internalErrors).toEqual([]);
      const withPosition = new Set(row.expect.filter((e) => e.includes('@')).map((e) => e.split(' ')[0]));
      const got = result.findings
        .filter((f) => row.rules.includes(f.ruleId))
        .map((f) => `${f.ruleId} ${f.severity}${withPosition.has(f.ruleId) ? ` @${f.location.range.start.line}:${f.location.range.start.column}` : ''}`)
        .sort();
      expect(got, result.findings.map((f) => f.message).join('\n')).toEqual([...row.expect].sort());
    });
  }

  // Both supported bundles are 1.35 or later; the pre-1.35 behaviour (get opens the stream
  // over websockets) is kept for versions that may be added later.
  it('chooses the pod stream verbs by Kubernetes version', () => {
    expect(streamVerbs('1.34')).toEqual(['create', 'get']);
    expect(streamVerbs('1.35')).toEqual(['create']);
    expect(streamVerbs('1.37')).toEqual(['create']);
  });
});
