import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../src/cli/main.js';
import { memoryIo } from './support/memory-io.js';

const fixtures = path.resolve(__dirname, '../fixtures');

/**
 * The scenario repositories under fixtures/ and exactly what kaslint reports for each:
 * severity, rule and position. Each list was reviewed finding by finding against the
 * scenario it models (see the comments below).
 */
const EXPECTED: Record<string, string[]> = {
  // Config project: ci_access with default_namespace and user_access in agent mode; the agent
  // runs as the namespace-scoped gitlab-runner SA (chart with rbac.create=false,
  // serviceAccount.create=false, serviceAccount.name=gitlab-runner). The chart's operational
  // container scanning stays on by default: its SA reads every Secret, and the runner, which
  // may create pods in the same namespace, can become it.
  'example-repo': [
    'info agent/default-namespace .gitlab/agents/kube-agent/config.yaml:5:7',
    'warning gitlab/user-access-agent-mode .gitlab/agents/kube-agent/config.yaml:7:3',
    'error gitlab/ocs-secrets-read deploy/agent-values.yaml:2:1',
    'error rbac/escalation-path k8s/runner-rbac.yaml:14:5',
    'warning rbac/secrets-read k8s/runner-rbac.yaml:17:5',
  ],
  // gitlab-runner in kube-system bound to cluster-admin by a ClusterRoleBinding.
  'runner-cluster-admin': ['critical rbac/cluster-admin runner-rbac.yaml:15:9'],
  // Single-file agentk install: configmap writes cluster-wide (kube-system included),
  // "*" on "*" in its own and one app namespace, and the removed gitops block.
  'agentk-single-file': [
    'error schema/agent-config .gitlab/agents/agentk/config.yaml:1:1',
    'critical rbac/kube-system-configmaps agentk.yaml:18:5',
    'critical rbac/cluster-admin agentk.yaml:63:5',
    'critical rbac/cluster-admin agentk.yaml:87:5',
  ],
  // The old documentation's resources.yml: write verbs on "*" in "*", cluster-wide.
  'legacy-resources-yml': ['critical rbac/wildcard-resources resources.yml:13:5'],
  // Flux HelmRelease of the agent chart with default RBAC: cluster-admin and OCS.
  'flux-managed': [
    'critical gitlab/agent-cluster-admin clusters/prod/gitlab-agent.yaml:25:3',
    'error gitlab/ocs-secrets-read clusters/prod/gitlab-agent.yaml:25:3',
  ],
  // Broken inputs: singular agent/ folder, uppercase agent name, config.yml, removed gitops,
  // access_as {} and with two keys, numeric id, camelCase key, merge-conflict markers.
  broken: [
    'error agent/config-path .gitlab/agent/deployer/config.yaml:1:1',
    'error agent/config-path .gitlab/agents/Staging/config.yaml:1:1',
    'error schema/agent-config .gitlab/agents/legacy/config.yaml:1:1',
    'error schema/agent-config .gitlab/agents/ops/config.yaml:4:18',
    'error schema/agent-config .gitlab/agents/ops/config.yaml:7:9',
    'error schema/agent-config .gitlab/agents/ops/config.yaml:9:11',
    'warning gitlab/ci-access-broad-agent-mode .gitlab/agents/ops/config.yaml:11:7',
    'error schema/agent-config .gitlab/agents/ops/config.yaml:12:7',
    'error agent/config-path .gitlab/agents/prod/config.yml:1:1',
    'error yaml/merge-conflict conflicted.yaml:4:1',
  ],
  // A valid setup: a namespace-scoped agent deploying to one app namespace.
  'clean-agent': [],
};

describe('foundation fixtures', () => {
  for (const [name, expected] of Object.entries(EXPECTED)) {
    it(`${name} produces exactly its findings`, async () => {
      const io = memoryIo(path.join(fixtures, name));
      const code = await run(['check', '-o', 'json'], io);
      const report = JSON.parse(io.out()) as { findings: { severity: string; ruleId: string; file: string; range: { start: { line: number; column: number } } }[] };
      expect(report.findings.map((f) => `${f.severity} ${f.ruleId} ${f.file}:${f.range.start.line}:${f.range.start.column}`)).toEqual(expected);
      expect(code).toBe(expected.some((e) => /^(error|critical) /.test(e)) ? 1 : 0);
      expect(io.err()).toBe('');
    });
  }

  it('npm start\'s example prints code frames', async () => {
    const io = memoryIo(path.join(fixtures, 'example-repo'));
    await run(['check'], io);
    expect(io.out()).toContain(' --> k8s/runner-rbac.yaml:17:5\n');
    expect(io.out()).toMatch(/\n17 \|   - apiGroups: \[""\]\n +\| +\^+\n/);
  });
});
