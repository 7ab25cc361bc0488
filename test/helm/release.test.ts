import { describe, expect, it } from 'vitest';
import {
  agentFullname,
  chartFullname,
  defaultRelease,
  describeRelease,
  releaseNameProblems,
  resolveRelease,
  runnerFullname,
  truncName,
} from '../../src/helm/release.js';
import { modelChart } from '../../src/helm/index.js';

describe('truncName (trunc 63 | trimSuffix "-")', () => {
  it('keeps short names, cuts long ones, trims a single trailing dash', () => {
    expect(truncName('abc')).toBe('abc');
    expect(truncName('abc-')).toBe('abc');
    expect(truncName('abc--')).toBe('abc-');
    expect(truncName('x'.repeat(70))).toBe('x'.repeat(63));
    expect(truncName(`${'x'.repeat(62)}-y`)).toBe('x'.repeat(62));
  });
});

describe('chart fullname helpers', () => {
  it('gitlab-agent: contains', () => {
    expect(agentFullname('test')).toBe('test-gitlab-agent');
    expect(agentFullname('gitlab-agent')).toBe('gitlab-agent');
    expect(agentFullname('my-gitlab-agent-1')).toBe('my-gitlab-agent-1');
    expect(agentFullname('test', { fullnameOverride: 'x' })).toBe('x');
    expect(chartFullname('gitlab-agent', 'test')).toEqual({ fullname: 'test-gitlab-agent', rule: 'release-name', name: 'gitlab-agent' });
    expect(chartFullname('gitlab-agent', 'a-gitlab-agent')).toMatchObject({ rule: 'release' });
  });

  it('gitlab-runner: hasPrefix', () => {
    expect(runnerFullname('gitlab-runner')).toBe('gitlab-runner');
    expect(runnerFullname('gitlab-runner-ci')).toBe('gitlab-runner-ci');
    expect(runnerFullname('ci-gitlab-runner')).toBe('ci-gitlab-runner-gitlab-runner');
    expect(runnerFullname('ci', { fullnameOverride: `${'f'.repeat(63)}-` })).toBe('f'.repeat(63));
  });
});

describe('default release', () => {
  it("gitlab-agent with an agent name: GitLab's generated command", () => {
    const r = defaultRelease('gitlab-agent', 'prod');
    expect([r.name, r.namespace]).toEqual(['prod', 'gitlab-agent-prod']);
    expect(r.nameOrigin.source).toBe('default');
    expect(r.nameOrigin.description).toContain('gitlab-agent-<agent>');
  });

  it('gitlab-agent without an agent name, and gitlab-runner', () => {
    const a = defaultRelease('gitlab-agent');
    expect([a.name, a.namespace]).toEqual(['gitlab-agent', 'gitlab-agent']);
    const r = defaultRelease('gitlab-runner', 'ignored');
    expect([r.name, r.namespace]).toEqual(['gitlab-runner', 'gitlab-runner']);
  });

  it('the command line beats .kaslint.yaml beats the default, per field', () => {
    const r = resolveRelease({
      chart: 'gitlab-agent',
      agentName: 'prod',
      cli: { name: 'cli-name' },
      config: { name: 'cfg-name', namespace: 'cfg-ns', ref: { file: '.kaslint.yaml', docIndex: 0, path: ['values', 0] } },
    });
    expect(r.name).toBe('cli-name');
    expect(r.nameOrigin).toEqual({ source: 'cli', description: 'command line --release' });
    expect(r.namespace).toBe('cfg-ns');
    expect(r.namespaceOrigin).toEqual({
      source: 'project-config',
      description: '.kaslint.yaml values[].namespace',
      ref: { file: '.kaslint.yaml', docIndex: 0, path: ['values', 0] },
    });
    const d = resolveRelease({ chart: 'gitlab-agent', agentName: 'prod' });
    expect([d.name, d.namespace, d.nameOrigin.source]).toEqual(['prod', 'gitlab-agent-prod', 'default']);
  });

  it('describes the release for findings', () => {
    expect(describeRelease({ name: 'test', namespace: 'gitlab-agent' })).toBe('Helm release "test" in namespace "gitlab-agent"');
    expect(describeRelease(resolveRelease({ chart: 'gitlab-agent', cli: { namespace: 'x' } }))).toBe(
      'Helm release "gitlab-agent" in namespace "x" (name from default: release and namespace gitlab-agent (no agent name known); namespace from command line --release-namespace)',
    );
    expect(describeRelease({ name: 'a', namespace: 'b', from: 'project-config' })).toBe(
      'Helm release "a" in namespace "b" (.kaslint.yaml values mapping)',
    );
  });

  it('release origins flow into the model', () => {
    const release = resolveRelease({ chart: 'gitlab-agent', agentName: 'prod' });
    const m = modelChart('gitlab-agent', {}, release);
    expect(m.release).toEqual(release);
    expect(m.identities[0]?.username).toBe('system:serviceaccount:gitlab-agent-prod:prod-gitlab-agent');
  });
});

describe('release name checks', () => {
  it('flags what Helm 3 rejects', () => {
    expect(releaseNameProblems('test')).toEqual([]);
    expect(releaseNameProblems('Test_1')).toEqual(['the release name "Test_1" is not a lowercase DNS-1123 name']);
    expect(releaseNameProblems('x'.repeat(54))).toHaveLength(1);
    expect(releaseNameProblems('')).toEqual(['the release name is empty']);
  });
});

describe('chart models as workspace objects', () => {
  it('resolve field locations to values paths (under the base path) with release-aware notes', async () => {
    const { chartModelObjects } = await import('../../src/helm/to-objects.js');
    const { refAt } = await import('../../src/model/k8s.js');
    const m = modelChart('gitlab-agent', { rbac: { useExistingRole: 'view' } }, { name: 'test', namespace: 'gitlab-agent', from: 'cli' });
    const objects = chartModelObjects(m, { file: 'values.yaml', docIndex: 0, basePath: ['agent'] });
    expect(objects).toHaveLength(m.objects.length);
    const crb = objects.find((o) => o.kind === 'ClusterRoleBinding' && o.name === 'gitlab-agent:test-gitlab-agent-view');
    if (!crb) throw new Error('missing CRB');
    expect(refAt(crb, ['roleRef', 'name'])).toEqual({
      file: 'values.yaml',
      docIndex: 0,
      path: ['agent', 'rbac', 'useExistingRole'],
      note: 'set by rbac.useExistingRole',
    });
    // No values line decides it: the location is where the chart's values start.
    expect(refAt(crb, ['subjects', 0, 'namespace'])).toEqual({
      file: 'values.yaml',
      docIndex: 0,
      path: ['agent'],
      note: 'Helm release namespace "gitlab-agent"; depends on the Helm release "test" in namespace "gitlab-agent" (command line --release / --release-namespace)',
    });
  });
});
