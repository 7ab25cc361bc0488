import { describe, expect, it } from 'vitest';
import { loadWorkspace } from '../../src/cli/workspace-options.js';
import { Analysis } from '../../src/engine/analysis.js';
import { lint } from '../../src/engine/lint.js';
import { RULES } from '../../src/rules/registry.js';
import { lintFiles, removeTree, writeTree } from '../support/lint-files.js';
import { memoryIo } from '../support/memory-io.js';

const ADMIN_SA = `apiVersion: v1
kind: ServiceAccount
metadata:
  name: admin
  namespace: ops
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: ops-admin
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: cluster-admin
subjects:
  - kind: ServiceAccount
    name: admin
    namespace: ops
`;

function roleFor(ns: string, rules: string, subject: string): string {
  return `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: r
  namespace: ${ns}
rules:
${rules}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: rb
  namespace: ${ns}
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: r
subjects:
${subject}
`;
}

const CI_JOB = '  - kind: Group\n    name: gitlab:ci_job\n';

describe('rbac/escalation-path', () => {
  it('a CI job that can create pods next to a cluster-admin SA is cluster-admin-equivalent, with each step located', async () => {
    const r = await lintFiles({
      'admin.yaml': ADMIN_SA,
      'ci.yaml': roleFor('ops', '  - apiGroups: [""]\n    resources: ["pods"]\n    verbs: ["create"]', CI_JOB),
    });
    const f = r.findings.filter((x) => x.ruleId === 'rbac/escalation-path');
    expect(f).toHaveLength(1);
    const finding = f[0];
    if (!finding) throw new Error('no finding');
    expect(finding.severity).toBe('critical');
    expect(finding.message).toContain('Group "gitlab:ci_job" is cluster-admin-equivalent: create pods in namespace "ops" → ServiceAccount "ops/admin"');
    expect(`${finding.location.file}:${finding.location.range.start.line}`).toBe('ci.yaml:7');
    // Step 1 at the Role's rule; the terminal at the cluster-admin binding.
    expect(finding.related.map((x) => (x.location ? `${x.location.file}:${x.location.range.start.line}` : '-'))).toEqual(['ci.yaml:7', 'admin.yaml:14']);
  });

  it.each([
    ['exec into pods', '  - apiGroups: [""]\n    resources: ["pods/exec"]\n    verbs: ["create"]', 'exec into pods in namespace "ops"'],
    ['mint tokens', '  - apiGroups: [""]\n    resources: ["serviceaccounts/token"]\n    verbs: ["create"]', 'mint ServiceAccount tokens in namespace "ops"'],
    ['deployments', '  - apiGroups: ["apps"]\n    resources: ["deployments"]\n    verbs: ["create"]', 'create deployments in namespace "ops"'],
    ['impersonate the SA by name', '  - apiGroups: [""]\n    resources: ["serviceaccounts"]\n    resourceNames: ["admin"]\n    verbs: ["impersonate"]', 'impersonate ServiceAccount "ops/admin"'],
  ])('%s is a first step', async (_name, rules, action) => {
    const r = await lintFiles({ 'admin.yaml': ADMIN_SA, 'ci.yaml': roleFor('ops', rules, '  - kind: User\n    name: dev\n') });
    const f = r.findings.filter((x) => x.ruleId === 'rbac/escalation-path');
    expect(f.map((x) => x.message.split(' → ')[0])).toEqual([`User "dev" is cluster-admin-equivalent: ${action}`]);
    expect(f[0]?.severity).toBe('error');
  });

  it.each([
    ['pods in another namespace', roleFor('shop', '  - apiGroups: [""]\n    resources: ["pods"]\n    verbs: ["create"]', CI_JOB)],
    ['only reading pods', roleFor('ops', '  - apiGroups: [""]\n    resources: ["pods", "pods/log"]\n    verbs: ["get", "list"]', CI_JOB)],
    ['impersonating another SA name', roleFor('ops', '  - apiGroups: [""]\n    resources: ["serviceaccounts"]\n    resourceNames: ["reader"]\n    verbs: ["impersonate"]', CI_JOB)],
    ['pods/* is not pods/exec', roleFor('ops', '  - apiGroups: [""]\n    resources: ["pods/*"]\n    verbs: ["create"]', CI_JOB)],
  ])('no path: %s', async (_name, ci) => {
    const r = await lintFiles({ 'admin.yaml': ADMIN_SA, 'ci.yaml': ci });
    expect(r.findings.filter((x) => x.ruleId === 'rbac/escalation-path')).toEqual([]);
  });

  it('follows two hops: pods in dev → SA dev/builder, which can create pods in ops → ops/admin', async () => {
    const builder = `apiVersion: v1
kind: ServiceAccount
metadata:
  name: builder
  namespace: dev
---
${roleFor('ops', '  - apiGroups: [""]\n    resources: ["pods"]\n    verbs: ["create"]', '  - kind: ServiceAccount\n    name: builder\n    namespace: dev\n')}`;
    const ci = roleFor('dev', '  - apiGroups: [""]\n    resources: ["pods"]\n    verbs: ["create"]', CI_JOB);
    const r = await lintFiles({ 'admin.yaml': ADMIN_SA, 'builder.yaml': builder, 'ci.yaml': ci });
    const msgs = r.findings.filter((x) => x.ruleId === 'rbac/escalation-path').map((x) => x.message);
    expect(msgs).toContain(
      'Group "gitlab:ci_job" is cluster-admin-equivalent: create pods in namespace "dev" → ServiceAccount "dev/builder" → create pods in namespace "ops" → ServiceAccount "ops/admin", which can do anything cluster-wide (* on *); reachable from GitLab: GitLab identity group "gitlab:ci_job" (CI jobs or users through the agent)',
    );
  });

  it('pod creation in kube-system reaches the controllers of the default policy', async () => {
    const r = await lintFiles({ 'ci.yaml': roleFor('kube-system', '  - apiGroups: [""]\n    resources: ["pods"]\n    verbs: ["create"]', '  - kind: User\n    name: dev\n') });
    const f = r.findings.filter((x) => x.ruleId === 'rbac/escalation-path');
    expect(f).toHaveLength(1);
    expect(f[0]?.message).toMatch(/^User "dev" is cluster-admin-equivalent: create pods in namespace "kube-system" → ServiceAccount "kube-system\//);
  });
});

describe('check --paths', () => {
  it('reports one path per powerful ServiceAccount the subject can take over, shortest only by default', async () => {
    const second = ADMIN_SA.replace(/name: admin/g, 'name: admin2').replace('name: ops-admin', 'name: ops-admin2');
    const files = {
      'admin.yaml': ADMIN_SA,
      'admin2.yaml': second,
      'ci.yaml': roleFor('ops', '  - apiGroups: [""]\n    resources: ["pods"]\n    verbs: ["create"]', CI_JOB),
    };
    const short = await lintFiles(files);
    expect(short.findings.filter((f) => f.ruleId === 'rbac/escalation-path')).toHaveLength(1);
    const dir = writeTree(files);
    try {
      const { workspace } = await loadWorkspace(memoryIo(dir), [], {});
      const all = lint(workspace, { rules: RULES, analysis: new Analysis(workspace, { allPaths: true }) });
      const msgs = all.findings.filter((f) => f.ruleId === 'rbac/escalation-path').map((f) => f.message.split(', which')[0]);
      expect(msgs).toEqual([
        'Group "gitlab:ci_job" is cluster-admin-equivalent: create pods in namespace "ops" → ServiceAccount "ops/admin"',
        'Group "gitlab:ci_job" is cluster-admin-equivalent: create pods in namespace "ops" → ServiceAccount "ops/admin2"',
      ]);
    } finally {
      removeTree(dir);
    }
  });
});
