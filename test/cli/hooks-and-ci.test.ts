import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { writeTree } from '../support/lint-files.js';

const root = path.resolve(__dirname, '../..');
let shimDir = '';

/** A directory with `kaslint` on it, as npm would install the bin. */
beforeAll(() => {
  shimDir = mkdtempSync(path.join(tmpdir(), 'kaslint-bin-'));
  symlinkSync(path.join(root, 'bin', 'kaslint.js'), path.join(shimDir, 'kaslint'));
  chmodSync(path.join(root, 'bin', 'kaslint.js'), 0o755);
});
afterAll(() => rmSync(shimDir, { recursive: true, force: true }));

function sh(script: string, cwd: string, env: Record<string, string> = {}) {
  return spawnSync('sh', ['-c', script], { cwd, encoding: 'utf8', env: { ...process.env, PATH: `${shimDir}:${process.env['PATH'] ?? ''}`, NO_COLOR: '1', ...env } });
}

const CLUSTER_ADMIN = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: ci-admin
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: cluster-admin
subjects:
  - kind: ServiceAccount
    name: deployer
    namespace: ci
`;

describe('pre-commit hook', () => {
  const hooks = parse(readFileSync(path.join(root, '.pre-commit-hooks.yaml'), 'utf8')) as { id: string; entry: string; language: string; files: string; pass_filenames: boolean }[];
  const hook = hooks.find((h) => h.id === 'kaslint');

  it('is a node hook that passes file names', () => {
    expect(hook).toMatchObject({ language: 'node', pass_filenames: true });
    const files = new RegExp(hook?.files ?? '$^');
    expect(['a.yaml', 'b.yml', 'c.json'].every((f) => files.test(f))).toBe(true);
    expect(files.test('README.md')).toBe(false);
  });

  it('runs its entry exactly as written: whole repository analysed, only the given files reported', () => {
    const repo = writeTree({ 'admin.yaml': CLUSTER_ADMIN, 'dup.yaml': 'kind: X\nmetadata:\n  name: a\n  name: b\n', 'clean.yaml': 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: deployer\n  namespace: ci\n' });
    try {
      const onDup = sh(`${hook?.entry ?? ''} dup.yaml`, repo);
      expect(onDup.status).toBe(1);
      expect(onDup.stdout).toContain('error[yaml/duplicate-key]');
      expect(onDup.stdout).not.toContain('rbac/cluster-admin');
      // clean.yaml defines the ServiceAccount that admin.yaml makes cluster-admin: its own
      // findings are none, although the repository has a critical one elsewhere.
      const onClean = sh(`${hook?.entry ?? ''} clean.yaml`, repo);
      expect(onClean.stdout).toBe('no problems in 3 files checked\n');
      expect(onClean.status).toBe(0);
      const onAdmin = sh(`${hook?.entry ?? ''} admin.yaml`, repo);
      expect(onAdmin.status).toBe(1);
      expect(onAdmin.stdout).toContain('critical[rbac/cluster-admin]');
      expect(onAdmin.stderr).toBe('');
    } finally {
      rmSync(repo, { recursive: true, force: true });
    }
  });
});

describe('GitLab CI template', () => {
  const text = readFileSync(path.join(root, 'templates', 'kaslint.gitlab-ci.yml'), 'utf8');
  const docs = parseAllDocuments(text);
  const spec = docs[0]?.toJS() as { spec: { inputs: Record<string, { default?: string }> } };
  const jobs = docs[1]?.toJS() as Record<string, { script: string[]; artifacts: { paths: string[]; reports: Record<string, string> }; rules: { if: string }[] }>;
  const job = jobs['kaslint'];

  it('is valid YAML: a spec with inputs, then the job', () => {
    expect(docs.every((d) => d.errors.length === 0)).toBe(true);
    expect(Object.keys(spec.spec.inputs).sort()).toEqual(['fail-on', 'formats', 'image', 'package', 'paths', 'stage']);
    expect(job?.rules.map((r) => r.if)).toContain('$CI_PIPELINE_SOURCE == "merge_request_event"');
  });

  it('publishes the report files its command writes', () => {
    const script = job?.script.join('\n') ?? '';
    expect(script).toContain('--base "$CI_MERGE_REQUEST_DIFF_BASE_SHA"');
    expect(job?.artifacts.reports['codequality']).toBe('gl-code-quality-report.json');
    expect(job?.artifacts.reports['junit']).toBe('kaslint-junit.xml');
    expect(script).toContain(`-o codequality=${job?.artifacts.reports['codequality'] ?? ''}`);
    expect(script).toContain(`-o junit=${job?.artifacts.reports['junit'] ?? ''}`);
    expect(job?.artifacts.paths).toEqual(['kaslint-summary.md']);
    expect(script).toContain('-o markdown=kaslint-summary.md');
  });

  it('its script, with the default inputs, runs the documented command in a merge request pipeline', () => {
    const repo = writeTree({ 'sa.yaml': 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: deployer\n  namespace: ci\n' });
    try {
      const git = (...a: string[]) => execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...a], { cwd: repo, stdio: 'pipe' });
      git('init', '-q');
      git('add', '-A');
      git('commit', '-qm', 'base');
      const base = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: repo, encoding: 'utf8' }).trim();
      writeFileSync(path.join(repo, 'admin.yaml'), CLUSTER_ADMIN);
      // Every script line but the package install, with the inputs' defaults filled in.
      const defaults = (name: string): string => spec.spec.inputs[name]?.default ?? '';
      const script = (job?.script ?? [])
        .filter((l) => !l.startsWith('npm install'))
        .join('\n')
        .replace(/\$\[\[ inputs\.([a-z-]+) \]\]/g, (_m, name: string) => defaults(name));
      const r = sh(script, repo, { CI_MERGE_REQUEST_DIFF_BASE_SHA: base, CI: 'true' });
      expect(r.status).toBe(1);
      expect(r.stdout).toContain('critical[rbac/cluster-admin]');
      for (const f of ['gl-code-quality-report.json', 'kaslint-junit.xml', 'kaslint-summary.md']) expect(existsSync(path.join(repo, f)), f).toBe(true);
      const cq = JSON.parse(readFileSync(path.join(repo, 'gl-code-quality-report.json'), 'utf8')) as { check_name: string }[];
      expect(cq.map((c) => c.check_name)).toContain('rbac/cluster-admin');
      expect(readFileSync(path.join(repo, 'kaslint-summary.md'), 'utf8')).toContain('ServiceAccount \\"ci/deployer\\"'.replace(/\\"/g, '"'));
    } finally {
      rmSync(repo, { recursive: true, force: true });
    }
  });
});
