import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main.js';
import { loadDefaultPolicy } from '../../src/kube/default-policy.js';
import { breakdownRule } from '../../src/rbac/covers.js';
import { compactString } from '../../src/rbac/describe.js';
import { memoryIo } from '../support/memory-io.js';

const example = path.resolve(__dirname, '../../fixtures/example-repo');
let repo = '';

function git(...args: string[]): void {
  execFileSync('git', ['-c', 'user.email=test@example.com', '-c', 'user.name=test', ...args], { cwd: repo, stdio: 'pipe' });
}

async function diffJson(...args: string[]) {
  const io = memoryIo(repo);
  const code = await run(['diff', ...args, '-o', 'json'], io);
  expect(io.err()).toBe('');
  return { code, delta: JSON.parse(io.out()) as { identities: { identity: string; base: string | null; head: string | null; gained: { scope: string; permission: string; position: string | null }[]; lost: { scope: string; permission: string }[] }[] } };
}

const EDIT_BINDING = `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: agent-edit
  namespace: web-shop
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: edit
subjects:
  - kind: ServiceAccount
    name: gitlab-runner
    namespace: gitlab-agent
`;

describe('kaslint diff between two git revisions', () => {
  beforeAll(() => {
    repo = mkdtempSync(path.join(tmpdir(), 'kaslint-diff-'));
    cpSync(example, repo, { recursive: true });
    git('init', '-q');
    git('add', '-A');
    git('commit', '-qm', 'base');
    writeFileSync(path.join(repo, 'k8s/edit.yaml'), EDIT_BINDING);
    git('add', '-A');
    git('commit', '-qm', 'bind edit');
    renameSync(path.join(repo, 'k8s/runner-rbac.yaml'), path.join(repo, 'k8s/moved-runner-rbac.yaml'));
    git('add', '-A');
    git('commit', '-qm', 'rename');
    const config = path.join(repo, '.gitlab/agents/kube-agent/config.yaml');
    writeFileSync(config, readFileSync(config, 'utf8').replace('      default_namespace: web-shop\n', '      default_namespace: web-shop\n      access_as:\n        ci_job: {}\n'));
    git('add', '-A');
    git('commit', '-qm', 'ci_job');
  });
  afterAll(() => rmSync(repo, { recursive: true, force: true }));

  it('adding a RoleBinding to edit reports exactly what edit adds in that namespace', async () => {
    const { delta } = await diffJson('HEAD~3', 'HEAD~2');
    const sa = delta.identities.find((i) => i.identity === 'ServiceAccount:gitlab-agent/gitlab-runner');
    expect(sa?.lost).toEqual([]);
    // Expected: every atomic permission of the built-in edit role (aggregated), none left
    // out and none added, all in namespace web-shop, minus what the runner's Role already had
    // there (nothing: that Role is in gitlab-agent).
    // edit aggregates every ClusterRole labelled aggregate-to-edit; one of them is view,
    // which itself aggregates the roles labelled aggregate-to-view.
    const roles = loadDefaultPolicy('1.37').clusterRoles;
    const labelled = (l: string) => roles.filter((r) => r.labels[`rbac.authorization.k8s.io/${l}`] === 'true');
    const viewRules = labelled('aggregate-to-view').flatMap((r) => r.rules);
    const editRules = labelled('aggregate-to-edit').flatMap((r) => (r.name === 'view' ? viewRules : r.rules));
    const expected = new Set(editRules.flatMap(breakdownRule).map((a) => compactString(a)));
    const got = new Set((sa?.gained ?? []).flatMap((g) => {
      expect(g.scope).toBe('web-shop');
      expect(g.position).toMatch(/^k8s\/edit\.yaml:\d+:\d+$/);
      // Split merged verbs back into atoms.
      const m = /^\{APIGroups:\[(.*?)\], Resources:\[(.*?)\], Verbs:\[(.*)\]\}$/.exec(g.permission);
      if (!m) throw new Error(g.permission);
      return (m[3] ?? '').split(' ').map((v) => `{APIGroups:[${m[1]}], Resources:[${m[2]}], Verbs:[${v}]}`);
    }));
    expect([...got].sort()).toEqual([...expected].sort());
  });

  it('renaming a file changes nothing', async () => {
    const { delta, code } = await diffJson('HEAD~2', 'HEAD~1');
    expect(delta.identities).toEqual([]);
    expect(code).toBe(0);
    const io = memoryIo(repo);
    await run(['diff', 'HEAD~2', 'HEAD~1'], io);
    expect(io.out()).toBe('Permission changes from HEAD~2 to HEAD~1\n  no identity gains or loses any permission\n');
  });

  it('changing ci_access from agent to ci_job reports the CI job losing the agent\'s permissions', async () => {
    const { delta } = await diffJson('HEAD~1', 'HEAD');
    const ci = delta.identities.find((i) => i.identity === 'ci:kube-agent:platform/apps/web-shop');
    expect(ci?.base).toBe('system:serviceaccount:gitlab-agent:gitlab-runner');
    expect(ci?.head).toBe('gitlab:ci_job:<job-id>');
    expect(ci?.gained).toEqual([]);
    const lostInAgentNs = (ci?.lost ?? []).filter((l) => l.scope === 'gitlab-agent').map((l) => l.permission);
    expect(lostInAgentNs).toContain('{APIGroups:[""], Resources:["secrets"], Verbs:["get" "create" "delete"]}');
    expect((ci?.lost ?? []).some((l) => l.scope === 'web-shop')).toBe(true);
    // The agent's own ServiceAccount keeps its permissions: only the route changed.
    expect(delta.identities.find((i) => i.identity === 'ServiceAccount:gitlab-agent/gitlab-runner')).toBeUndefined();
  });

  it('a directory works as a side, and check --base adds the delta to a normal run', async () => {
    const io = memoryIo(repo);
    const code = await run(['check', '--base', 'HEAD~3', '-o', 'json'], io);
    expect([0, 1]).toContain(code);
    const report = JSON.parse(io.out()) as { permissionDelta?: { identities: unknown[]; riskyGains: { ruleId: string }[] } };
    expect(report.permissionDelta?.identities.length).toBeGreaterThan(0);
    expect(report.permissionDelta?.riskyGains.map((r) => r.ruleId)).toContain('rbac/secrets-read');
    const same = await diffJson(example, example);
    expect(same.delta.identities).toEqual([]);
  });

  it('rejects a side that is neither a directory nor a revision', async () => {
    const io = memoryIo(repo);
    expect(await run(['diff', 'no-such-rev'], io)).toBe(2);
    expect(io.err()).toBe('error: "no-such-rev" is neither a directory nor a git revision of this repository\n');
  });
});
