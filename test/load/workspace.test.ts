import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadWorkspace } from '../../src/cli/workspace-options.js';
import { memoryIo } from '../support/memory-io.js';
import { removeTree, writeTree } from '../support/lint-files.js';

const SA = 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: sa\n  namespace: ns\n';
let dirs: string[] = [];
afterEach(() => {
  dirs.forEach(removeTree);
  dirs = [];
});
function tree(files: Record<string, string>): string {
  const d = writeTree(files);
  dirs.push(d);
  return d;
}

describe('file discovery and classification', () => {
  it('walks yaml/yml/json, skips node_modules and .git, sorts by path', async () => {
    const dir = tree({
      'b.yaml': SA,
      'a/c.yml': SA,
      'a/d.json': JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'x' } }),
      'notes.txt': 'not read',
      'node_modules/pkg/x.yaml': SA,
      '.git/config.yaml': SA,
    });
    const { workspace } = await loadWorkspace(memoryIo(dir), [], {});
    expect(workspace.files.map((f) => f.source.path)).toEqual(['a/c.yml', 'a/d.json', 'b.yaml']);
    expect(workspace.objects.map((o) => `${o.kind}/${o.name}`)).toEqual(['ServiceAccount/sa', 'Namespace/x', 'ServiceAccount/sa']);
  });

  it('honours --ignore globs and reads explicitly named files of any extension', async () => {
    const dir = tree({ 'keep.yaml': SA, 'skip/x.yaml': SA, 'gen.yaml': SA, 'rbac.txt': SA });
    const { workspace } = await loadWorkspace(memoryIo(dir), ['.', 'rbac.txt'], { ignore: ['skip/**', 'gen.yaml'] });
    expect(workspace.files.map((f) => f.source.path)).toEqual(['keep.yaml', 'rbac.txt']);
  });

  it('survives symlink loops and reports dangling links', async () => {
    const dir = tree({ 'a/sa.yaml': SA });
    symlinkSync(path.join(dir, 'a'), path.join(dir, 'a', 'loop'));
    symlinkSync(path.join(dir, 'nowhere.yaml'), path.join(dir, 'dangling.yaml'));
    const { workspace } = await loadWorkspace(memoryIo(dir), [], {});
    expect(workspace.files.map((f) => f.source.path)).toEqual(['a/sa.yaml']);
    expect(workspace.problems).toEqual([{ path: 'dangling.yaml', kind: 'unreadable', message: 'cannot read: broken symbolic link (no such file or directory)' }]);
  });

  it('flattens List kinds with item paths', async () => {
    const dir = tree({ 'list.yaml': `apiVersion: v1\nkind: List\nitems:\n- ${SA.replace(/\n(?=.)/g, '\n  ')}` });
    const { workspace } = await loadWorkspace(memoryIo(dir), [], {});
    const [obj] = workspace.objects;
    expect(obj?.kind).toBe('ServiceAccount');
    expect(obj?.origin).toMatchObject({ kind: 'document', basePath: ['items', 0] });
  });

  it('classifies agent configs, CI files, templates and chart values', async () => {
    const dir = tree({
      '.gitlab/agents/prod/config.yaml': 'ci_access:\n  projects:\n    - id: g/app\n',
      '.gitlab-ci.yml': 'deploy:\n  script: [kubectl get pods]\n',
      'chart/Chart.yaml': 'apiVersion: v2\nname: gitlab-agent\nversion: 2.6.2\n',
      'chart/values.yaml': 'rbac:\n  create: false\n',
      'chart/templates/sa.yaml': 'kind: ServiceAccount\n',
      'umbrella/Chart.yaml': 'apiVersion: v2\nname: infra\ndependencies:\n  - name: gitlab-runner\n    alias: runner\n',
      'umbrella/values-prod.yaml': 'runner:\n  rbac:\n    create: true\n',
      'loose-values.yaml': 'config:\n  kasAddress: wss://kas.gitlab.com\n',
      'tpl.yaml': 'name: {{ .Values.x }}\n',
      'commented.yaml': '# uses {{ braces }} only in a comment\n' + SA,
    });
    const { workspace } = await loadWorkspace(memoryIo(dir), [], {});
    const roles = Object.fromEntries(workspace.files.map((f) => [f.source.path, f.role]));
    expect(roles).toEqual({
      '.gitlab-ci.yml': 'gitlab-ci',
      '.gitlab/agents/prod/config.yaml': 'agent-config',
      'chart/Chart.yaml': 'chart-metadata',
      'chart/templates/sa.yaml': 'helm-template',
      'chart/values.yaml': 'helm-values',
      'commented.yaml': 'manifest',
      'loose-values.yaml': 'manifest',
      'tpl.yaml': 'helm-template',
      'umbrella/Chart.yaml': 'chart-metadata',
      'umbrella/values-prod.yaml': 'helm-values',
    });
    expect(workspace.agentConfigs.map((a) => a.agentName)).toEqual(['prod']);
    expect(workspace.values.map((v) => [v.file.source.path, v.chart, v.basePath, v.recognisedBy, v.release.name, v.release.namespace])).toEqual([
      ['chart/values.yaml', 'gitlab-agent', [], 'chart-yaml', 'prod', 'gitlab-agent-prod'],
      ['loose-values.yaml', 'gitlab-agent', [], 'key-shape', 'prod', 'gitlab-agent-prod'],
      ['umbrella/values-prod.yaml', 'gitlab-runner', ['runner'], 'chart-yaml', 'gitlab-runner', 'gitlab-runner'],
    ]);
  });

  it('maps values files from --values with --release/--release-namespace', async () => {
    const dir = tree({ 'deploy/agent.yaml': 'rbac:\n  create: false\n' });
    const { workspace } = await loadWorkspace(memoryIo(dir), [], { values: ['gitlab-agent=deploy/agent.yaml'], release: 'test', releaseNamespace: 'gitlab-agent' });
    expect(workspace.values.map((v) => [v.chart, v.recognisedBy, v.release])).toEqual([['gitlab-agent', 'cli', { name: 'test', namespace: 'gitlab-agent', from: 'cli' }]]);
  });

  it('reads .kaslint.yaml values mappings and reports a bad config as a one-line error', async () => {
    const dir = tree({
      '.kaslint.yaml': 'values:\n  - path: "helm/*.yaml"\n    chart: gitlab-runner\n    release: runner\n    namespace: ci\n',
      'helm/runner.yaml': 'rbac:\n  create: true\n',
    });
    const { workspace } = await loadWorkspace(memoryIo(dir), [], {});
    expect(workspace.values.map((v) => [v.file.source.path, v.release.from])).toEqual([['helm/runner.yaml', 'project-config']]);
    writeFileSync(path.join(dir, '.kaslint.yaml'), 'rules: 3\nbogus: 1\n');
    await expect(loadWorkspace(memoryIo(dir), [], {})).rejects.toThrow(/unknown key "bogus"/);
  });

  it('reads stdin as <stdin> alongside files', async () => {
    const dir = tree({ 'a.yaml': SA });
    mkdirSync(path.join(dir, 'empty'));
    const { workspace } = await loadWorkspace(memoryIo(dir, { stdin: SA.replace('name: sa', 'name: piped') }), ['a.yaml', '-'], {});
    expect(workspace.objects.map((o) => `${o.origin.kind === 'document' ? o.origin.file : ''}:${o.name}`)).toEqual(['a.yaml:sa', '<stdin>:piped']);
  });
});

describe('rule settings', () => {
  it('"on" enables a rule that is not recommended with its graded severities; a severity replaces them', async () => {
    const { run } = await import('../../src/cli/main.js');
    const role = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: cleaner}
rules:
  - apiGroups: [""]
    resources: ["events"]
    verbs: ["delete"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: cleaner}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cleaner}
subjects: [{kind: User, name: janitor}]
`;
    const dir = tree({ 'rbac.yaml': role });
    const severities = async (...args: string[]) => {
      const io = memoryIo(dir);
      await run(['check', '-o', 'json', ...args], io);
      return (JSON.parse(io.out()) as { findings: { ruleId: string; severity: string }[] }).findings.filter((f) => f.ruleId === 'rbac/events-delete').map((f) => f.severity);
    };
    expect(await severities()).toEqual([]);
    expect(await severities('--rule', 'rbac/events-delete=on')).toEqual(['warning']);
    expect(await severities('--rule', 'rbac/events-delete')).toEqual(['warning']);
    expect(await severities('--rule', 'rbac/events-delete=critical')).toEqual(['critical']);
    writeFileSync(path.join(dir, '.kaslint.yaml'), 'rules:\n  rbac/events-delete: on\n');
    expect(await severities()).toEqual(['warning']);
  });
});
