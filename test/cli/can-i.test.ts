import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main.js';
import { loadWorkspace } from '../../src/cli/workspace-options.js';
import { Analysis } from '../../src/engine/analysis.js';
import { answerBatchLine } from '../../src/engine/batch.js';
import { authorize } from '../../src/rbac/authorize.js';
import { completeImpersonatedUser } from '../../src/rbac/identity.js';
import { memoryIo } from '../support/memory-io.js';

const fixtures = path.resolve(__dirname, '../../fixtures');
const RUNNER = 'system:serviceaccount:gitlab-agent:gitlab-runner';
const AGENTK = 'system:serviceaccount:gitlab-agent:gitlab-agent';

async function canI(fixture: string, args: string[], stdin?: string) {
  const io = memoryIo(path.join(fixtures, fixture), stdin === undefined ? {} : { stdin });
  const code = await run(['can-i', ...args], io);
  return { code, out: io.out(), err: io.err() };
}

describe('can-i on the foundation fixtures', () => {
  it.each([
    // The namespace-scoped runner SA of the config project.
    ['example-repo', ['get', 'pods', '-n', 'gitlab-agent', '--as', RUNNER], 'yes\n', 0],
    ['example-repo', ['get', 'pods', '-n', 'default', '--as', RUNNER], 'no\n', 1],
    ['example-repo', ['get', 'pods', '--subresource', 'log', '-n', 'gitlab-agent', '--as', RUNNER], 'yes\n', 0],
    ['example-repo', ['update', 'pods', '--subresource', 'log', '-n', 'gitlab-agent', '--as', RUNNER], 'no\n', 1],
    // cluster-admin through a ClusterRoleBinding.
    ['runner-cluster-admin', ['*', '*', '--as', 'system:serviceaccount:kube-system:gitlab-runner'], 'yes\n', 0],
    ['runner-cluster-admin', ['delete', 'nodes', '-A', '--as', 'system:serviceaccount:kube-system:gitlab-runner'], 'yes\n', 0],
    // The single-file agentk install: its app namespace, not the second one.
    ['agentk-single-file', ['create', 'deployments', '-n', 'shop', '--as', AGENTK], 'yes\n', 0],
    ['agentk-single-file', ['create', 'deployments.apps', '-n', 'billing', '--as', AGENTK], 'no\n', 1],
    ['agentk-single-file', ['update', 'configmaps', '-n', 'billing', '--as', AGENTK], 'yes\n', 0],
    ['agentk-single-file', ['create', 'deployments', '-A', '--as', AGENTK], 'no\n', 1],
    // The old resources.yml: write verbs on everything, cluster-wide, but no read.
    ['legacy-resources-yml', ['delete', 'secrets', '-n', 'kube-system', '--as', AGENTK], 'yes\n', 0],
    ['legacy-resources-yml', ['get', 'secrets', '-n', 'kube-system', '--as', AGENTK], 'no\n', 1],
  ])('%s: can-i %j', async (fixture, args, out, code) => {
    const r = await canI(fixture, args);
    expect(r.out).toBe(out);
    expect(r.code).toBe(code);
  });
});

describe('can-i output and errors as kubectl', () => {
  it('prints the warnings kubectl prints, on stderr', async () => {
    const nodes = await canI('example-repo', ['get', 'nodes', '--as', RUNNER]);
    expect(nodes).toEqual({ code: 1, out: 'no\n', err: "Warning: resource 'nodes' is not namespace scoped\n\n" });
    const unknown = await canI('example-repo', ['list', 'widgets.example.com', '--as', RUNNER]);
    expect(unknown.err).toBe("Warning: the server doesn't have a resource type 'widgets' in group 'example.com'\n\n");
    expect(unknown.out).toBe('no\n');
  });

  it('answers an unresolvable type as typed, with an empty group', async () => {
    // A rule naming the literal resource would match what kubectl sends.
    const r = await canI('example-repo', ['get', 'pods.example.com', '-n', 'gitlab-agent', '--as', RUNNER]);
    expect(r.out).toBe('no\n');
  });

  it('-q prints nothing but keeps the exit code', async () => {
    expect(await canI('example-repo', ['get', 'pods', '-n', 'gitlab-agent', '-q', '--as', RUNNER])).toEqual({ code: 0, out: '', err: '' });
    expect((await canI('example-repo', ['get', 'pods', '-q', '--as', RUNNER])).code).toBe(1);
  });

  it('rejects a wrong argument count with kubectl\'s message and exit 1', async () => {
    const r = await canI('example-repo', ['get', '--as', RUNNER]);
    expect(r).toEqual({
      code: 1,
      out: '',
      err: "error: you must specify two arguments: verb resource or verb resource/resourceName.\nSee 'kubectl auth can-i -h' for help and examples.\n",
    });
  });

  it('needs an identity offline', async () => {
    const r = await canI('example-repo', ['get', 'pods']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^error: no identity to check offline/);
  });

  it('prints the deny reason for a binding to a missing role', async () => {
    const io = memoryIo(path.join(fixtures, 'example-repo'), {
      stdin: 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: dangling}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: ghost}\nsubjects: [{kind: User, name: alice}]\n',
    });
    expect(await run(['can-i', 'get', 'pods', '--as', 'alice', '-f', '-'], io)).toBe(1);
    expect(io.out()).toBe('no - RBAC: clusterrole.rbac.authorization.k8s.io "ghost" not found\n');
  });

  it('--list prints kubectl\'s table for the runner SA', async () => {
    const r = await canI('example-repo', ['--list', '-n', 'gitlab-agent', '--as', RUNNER]);
    expect(r.code).toBe(0);
    const rows = r.out.split('\n');
    expect(rows[0]).toBe('Resources                                       Non-Resource URLs                      Resource Names   Verbs');
    expect(rows.slice(1, 10)).toEqual([
      'pods/attach                                     []                                     []               [create get]',
      'pods/exec                                       []                                     []               [create get]',
      'selfsubjectreviews.authentication.k8s.io        []                                     []               [create]',
      'selfsubjectaccessreviews.authorization.k8s.io   []                                     []               [create]',
      'selfsubjectrulesreviews.authorization.k8s.io    []                                     []               [create]',
      'secrets                                         []                                     []               [get create delete]',
      'pods/log                                        []                                     []               [get list watch create delete]',
      'pods                                            []                                     []               [get list watch create delete]',
      'services                                        []                                     []               [get list watch create delete]',
    ]);
    // Non-resource rows are never merged: /healthz comes from two roles.
    expect(rows.filter((l) => l.includes('[/healthz]'))).toHaveLength(2);
    expect(rows.filter((l) => l.includes('[/openid/v1/jwks]'))).toHaveLength(1);
    const noHeaders = await canI('example-repo', ['--list', '-n', 'gitlab-agent', '--no-headers', '--as', RUNNER]);
    expect(noHeaders.out.split('\n')[0]).toMatch(/^pods\/attach +\[\] +\[\] +\[create get\]$/);
  });

  it('--explain names the binding, role and rule with their locations', async () => {
    const r = await canI('example-repo', ['get', 'secrets', '-n', 'gitlab-agent', '--explain', '--as', RUNNER]);
    expect(r.out).toBe(
      [
        'yes',
        'allowed by:',
        '  binding: RoleBinding "gitlab-agent/gitlab-runner" at k8s/runner-rbac.yaml:24:1',
        '  role:    Role "gitlab-agent/gitlab-runner" at k8s/runner-rbac.yaml:8:1',
        '  rule:    {APIGroups:[""], Resources:["secrets"], Verbs:["get" "create" "delete"]} at k8s/runner-rbac.yaml:17:5',
        '',
      ].join('\n'),
    );
    const miss = await canI('example-repo', ['update', 'pods', '--subresource', 'log', '-n', 'gitlab-agent', '--explain', '--as', RUNNER]);
    expect(miss.out).toContain('nearest rule (covers another verb):');
    expect(miss.out).toContain('at k8s/runner-rbac.yaml:14:5');
  });
});

describe('the same question three ways', () => {
  const questions: { args: string[]; line: Record<string, string> }[] = [
    { args: ['get', 'pods', '-n', 'gitlab-agent'], line: { verb: 'get', resource: 'pods', namespace: 'gitlab-agent' } },
    { args: ['get', 'pods', '-n', 'default'], line: { verb: 'get', resource: 'pods', namespace: 'default' } },
    { args: ['create', 'pods', '--subresource', 'exec', '-n', 'gitlab-agent'], line: { verb: 'create', resource: 'pods', subresource: 'exec', namespace: 'gitlab-agent' } },
    { args: ['list', 'secrets', '-A'], line: { verb: 'list', resource: 'secrets' } },
    { args: ['get', '/healthz'], line: { verb: 'get', nonResourceURL: '/healthz' } },
    { args: ['post', '/healthz'], line: { verb: 'post', nonResourceURL: '/healthz' } },
    { args: ['create', 'selfsubjectaccessreviews.authorization.k8s.io', '-A'], line: { verb: 'create', group: 'authorization.k8s.io', resource: 'selfsubjectaccessreviews' } },
  ];

  it('single can-i, --batch and the library agree', async () => {
    const dir = path.join(fixtures, 'example-repo');
    const batchIn = questions.map((q) => JSON.stringify({ user: RUNNER, ...q.line })).join('\n') + '\n';
    const batch = await canI('example-repo', ['--batch', '-'], batchIn);
    expect(batch.code).toBe(0);
    const answers = batch.out.trimEnd().split('\n').map((l) => JSON.parse(l) as { allowed: boolean });
    const { workspace } = await loadWorkspace(memoryIo(dir), [], {});
    const index = new Analysis(workspace).rbac();
    const user = completeImpersonatedUser(RUNNER, []);
    for (const [i, q] of questions.entries()) {
      const single = await canI('example-repo', [...q.args, '--as', RUNNER]);
      const l = q.line;
      const lib = authorize(index, l['nonResourceURL'] ? { user, verb: l['verb'] ?? '', path: l['nonResourceURL'] } : { user, verb: l['verb'] ?? '', group: l['group'] ?? '', resource: l['resource'] ?? '', subresource: l['subresource'] ?? '', name: '', namespace: l['namespace'] ?? '' });
      expect(answers[i]?.allowed, q.args.join(' ')).toBe(single.code === 0);
      expect(lib.allowed, q.args.join(' ')).toBe(single.code === 0);
    }
    expect(answers.map((a) => a.allowed)).toEqual([true, false, true, false, true, false, true]);
  });

  it('--batch answers malformed lines with an error, line by line', async () => {
    const dir = path.join(fixtures, 'example-repo');
    const { workspace } = await loadWorkspace(memoryIo(dir), [], {});
    const index = new Analysis(workspace).rbac();
    expect(answerBatchLine(index, '{not json')).toBe('{"error":"invalid JSON"}');
    expect(answerBatchLine(index, '[1]')).toBe('{"error":"expected a JSON object"}');
    expect(answerBatchLine(index, '{"user":"a","verb":"get"}')).toBe('{"error":"\\"resource\\" or \\"nonResourceURL\\" is required"}');
    expect(answerBatchLine(index, '{"user":"a","verb":"get","resource":"pods","groups":"x"}')).toBe('{"error":"\\"groups\\" must be a list of strings"}');
    expect(answerBatchLine(index, '{"user":"a","verb":5,"resource":"pods"}')).toBe('{"error":"\\"verb\\" must be a string"}');
    const r = await canI('example-repo', ['--batch', '-'], `{"user":"${RUNNER}","verb":"get","resource":"pods","namespace":"gitlab-agent"}\nnope\n{"user":"${RUNNER}","verb":"get","resource":"pods"}\n`);
    expect(r.out).toBe('{"allowed":true,"reason":"RBAC: allowed by RoleBinding \\"gitlab-runner/gitlab-agent\\" of Role \\"gitlab-runner\\" to ServiceAccount \\"gitlab-runner/gitlab-agent\\""}\n{"error":"invalid JSON"}\n{"allowed":false,"reason":""}\n');
  });
});

describe('can-i through the GitLab agent', () => {
  it.each([
    // ci_access entry for web-shop: agent mode, so the runner SA's namespace-scoped rights.
    [['get', 'pods', '-n', 'gitlab-agent', '--agent', 'kube-agent', '--project', 'platform/apps/web-shop'], 'yes\n', 0],
    [['get', 'pods', '-n', 'web-shop', '--agent', 'kube-agent', '--project', 'platform/apps/web-shop'], 'no\n', 1],
    // The config project's implicit access: the agent identity too.
    [['get', 'secrets', '-n', 'gitlab-agent', '--agent', 'kube-agent', '--project', 'platform/cluster-management'], 'yes\n', 0],
    // user_access in agent mode: a developer acts as the agent's ServiceAccount.
    [['delete', 'pods', '-n', 'gitlab-agent', '--agent', 'kube-agent', '--user', 'alice', '--access-level', 'developer'], 'yes\n', 0],
  ])('%j', async (args, out, code) => {
    const r = await canI('example-repo', args);
    expect(r).toEqual({ code, out, err: '' });
  });

  it('a project the agent does not authorise gets a clear message and exit 1', async () => {
    const r = await canI('example-repo', ['get', 'pods', '--agent', 'kube-agent', '--project', 'other/app']);
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/^error: this project's jobs get no context for agent "kube-agent": other\/app is not listed in ci_access\.projects/);
  });

  it('--explain names the ci_access entry, the identity and the binding', async () => {
    const r = await canI('example-repo', ['get', 'secrets', '-n', 'gitlab-agent', '--agent', 'kube-agent', '--project', 'platform/apps/web-shop', '--explain']);
    expect(r.out.split('\n').slice(0, 4)).toEqual([
      'yes',
      'access: authorized for agent "kube-agent" by ci_access.projects[0] (platform/apps/web-shop) (access as agent)',
      'identity: the agent\'s ServiceAccount gitlab-agent/gitlab-runner (from gitlab-agent chart values deploy/agent-values.yaml (release "test" in namespace "gitlab-agent"))',
      'allowed by:',
    ]);
    expect(r.out).toContain('  binding: RoleBinding "gitlab-agent/gitlab-runner" at k8s/runner-rbac.yaml:24:1');
  });

  it('--as passes through only when the agent may impersonate', async () => {
    const r = await canI('example-repo', ['get', 'pods', '--agent', 'kube-agent', '--project', 'platform/apps/web-shop', '--as', 'bob']);
    expect(r.code).toBe(1);
    expect(r.err).toBe('error: users "bob" is forbidden: User "system:serviceaccount:gitlab-agent:gitlab-runner" cannot impersonate resource "users" in API group "" at the cluster scope\n');
  });
});
