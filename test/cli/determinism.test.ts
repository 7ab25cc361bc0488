import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main.js';
import { memoryIo } from '../support/memory-io.js';
import { removeTree, writeTree } from '../support/lint-files.js';

/** 1,000 ordinary manifests: namespaces, ServiceAccounts, Roles, bindings, ConfigMaps. */
function manifests(): Record<string, string> {
  const files: Record<string, string> = {};
  for (let i = 0; i < 100; i++) {
    const ns = `team-${i}`;
    const docs = [
      `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${ns}\n`,
      `apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: app\n  namespace: ${ns}\n`,
      `apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: deployer\n  namespace: ${ns}\n`,
      `apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: deployer\n  namespace: ${ns}\nrules:\n  - apiGroups: ["apps"]\n    resources: ["deployments"]\n    verbs: ["get", "list", "create", "update", "patch"]\n  - apiGroups: [""]\n    resources: ["configmaps", "services"]\n    verbs: ["get", "list", "create", "update"]\n${i % 10 === 0 ? '  - apiGroups: [""]\n    resources: ["secrets"]\n    verbs: ["get"]\n' : ''}`,
      `apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  name: deployer\n  namespace: ${ns}\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: Role\n  name: deployer\nsubjects:\n  - kind: ServiceAccount\n    name: deployer\n    namespace: ${ns}\n`,
    ];
    for (let j = 0; j < 5; j++) docs.push(`apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings-${j}\n  namespace: ${ns}\ndata:\n  level: "${j}"\n`);
    files[`teams/${ns}/rbac.yaml`] = docs.slice(0, 5).join('---\n');
    files[`teams/${ns}/config.yaml`] = docs.slice(5).join('---\n');
  }
  return files;
}

describe('kaslint check on 1,000 ordinary manifests', () => {
  let dir = '';
  beforeAll(() => {
    dir = writeTree(manifests());
  });
  afterAll(() => removeTree(dir));

  it('finishes without error and prints byte-identical output twice, in every format', async () => {
    for (const format of ['text', 'json', 'sarif', 'codequality', 'junit', 'markdown']) {
      const a = memoryIo(dir);
      const b = memoryIo(dir);
      const codeA = await run(['check', '-o', format], a);
      const codeB = await run(['check', '-o', format], b);
      expect([0, 1]).toContain(codeA);
      expect(codeB).toBe(codeA);
      expect(a.err()).toBe('');
      expect(a.out()).toBe(b.out());
      expect(a.out().length).toBeGreaterThan(0);
    }
  });

  it('reports the ten namespace Secrets grants and nothing at error level', async () => {
    const io = memoryIo(dir);
    const code = await run(['check', '-o', 'json'], io);
    const report = JSON.parse(io.out()) as { summary: Record<string, number>; findings: { ruleId: string; severity: string }[] };
    expect(code).toBe(0);
    expect(report.summary['files']).toBe(200);
    expect(report.findings.filter((f) => f.ruleId === 'rbac/secrets-read').map((f) => f.severity)).toEqual(Array(10).fill('info'));
  });
});
