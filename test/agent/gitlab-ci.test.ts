import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { AgentInRepo } from '../../src/agent/authorization.js';
import { resolveJobs } from '../../src/agent/ci-jobs.js';
import { buildAgentConfigModel } from '../../src/agent/config-model.js';
import { checkCiReferences, expandVariables, parseAgentContext, scanGitlabCi } from '../../src/agent/gitlab-ci.js';
import { findKubeInvocations, splitCommands } from '../../src/agent/shell-commands.js';

const AGENTS: AgentInRepo[] = [
  {
    name: 'prod',
    configProjectPath: 'acme/agents',
    model: buildAgentConfigModel(
      parse(`
ci_access:
  projects:
    - id: acme/app
      environments: [production]
    - id: acme/impersonated
      access_as: { ci_job: {} }
    - id: acme/protected
      protected_branches_only: true
`),
    ),
  },
  { name: 'staging', configProjectPath: 'acme/agents', model: buildAgentConfigModel(parse('ci_access: { groups: [ { id: acme } ] }')) },
];

const scan = (yaml: string, predefined?: Record<string, string>) =>
  scanGitlabCi(parse(yaml), predefined ? { predefinedVariables: predefined } : {});

describe('shell command parsing', () => {
  it('splits commands on operators, joins continuations, strips quotes and comments', () => {
    expect(splitCommands('a b && c "d e" ; f \'g h\' | i\nj \\\n  k # comment')).toEqual([
      ['a', 'b'],
      ['c', 'd e'],
      ['f', 'g h'],
      ['i'],
      ['j', 'k'],
    ]);
    expect(splitCommands('X=$(kubectl config current-context)')).toEqual([['X='], ['kubectl', 'config', 'current-context']]);
  });

  it('finds use-context, --context and impersonation flags', () => {
    expect(findKubeInvocations('kubectl config use-context "acme/agents:prod"')).toEqual([{ tool: 'kubectl', useContext: 'acme/agents:prod', impersonation: [] }]);
    expect(findKubeInvocations('/usr/local/bin/kubectl --kubeconfig k config use-context a:b')[0]?.useContext).toBe('a:b');
    expect(findKubeInvocations('kubectl -n x --context=a:b get pods --as=alice --as-group g1 --as-group=g2 --as-uid 7')).toEqual([
      {
        tool: 'kubectl',
        contextFlag: 'a:b',
        impersonation: [
          { flag: '--as', value: 'alice' },
          { flag: '--as-group', value: 'g1' },
          { flag: '--as-group', value: 'g2' },
          { flag: '--as-uid', value: '7' },
        ],
      },
    ]);
    expect(findKubeInvocations('sudo -E helm upgrade r c --kube-context a:b --kube-as-user bob')).toEqual([
      { tool: 'helm', contextFlag: 'a:b', impersonation: [{ flag: '--kube-as-user', value: 'bob' }] },
    ]);
    expect(findKubeInvocations('echo kubectl config use-context a:b')).toEqual([]);
    expect(findKubeInvocations('kubectl get pods -o yaml config use-context')[0]?.useContext).toBeUndefined();
    expect(findKubeInvocations('kubectl get secrets --all-namespaces')[0]?.impersonation).toEqual([]);
  });
});

describe('resolveJobs', () => {
  it('skips global keywords and hidden templates, follows extends, default and inherit', () => {
    const jobs = resolveJobs(
      parse(`
stages: [deploy]
variables: { KUBE_CONTEXT: acme/agents:prod, G: g }
default:
  before_script: [echo default]
.base:
  variables: { A: base }
  script: [echo base]
  environment: { name: production }
.deploy:
  extends: .base
  variables: { A: deploy, B: b }
deploy:
  extends: [.deploy]
  environment: { deployment_tier: production }
other:
  inherit: { default: false, variables: [G] }
  script: echo other
  variables: { A: { value: other, expand: false } }
`),
    );
    expect(jobs.map((j) => j.name)).toEqual(['deploy', 'other']);
    const [deploy, other] = jobs;
    expect(deploy?.lines.map((l) => [l.section, l.text, l.path])).toEqual([
      ['before_script', 'echo default', ['default', 'before_script', 0]],
      ['script', 'echo base', ['.base', 'script', 0]],
    ]);
    expect(deploy?.variables.get('A')).toMatchObject({ value: 'deploy', path: ['.deploy', 'variables', 'A'] });
    expect(deploy?.variables.get('KUBE_CONTEXT')).toMatchObject({ path: ['variables', 'KUBE_CONTEXT'] });
    expect(deploy?.environment).toMatchObject({ name: 'production', tier: 'production', path: ['.base', 'environment', 'name'], dynamic: false });
    expect(other?.lines.map((l) => l.text)).toEqual(['echo other']);
    expect([...(other?.variables.keys() ?? [])].sort()).toEqual(['A', 'G']);
    expect(other?.variables.get('A')).toMatchObject({ value: 'other', expand: false, path: ['other', 'variables', 'A', 'value'] });
  });

  it('never throws on odd shapes and survives extends cycles', () => {
    for (const d of [null, [], 'x', { a: { extends: 'a' } }, { a: { extends: ['b'], script: 1 }, b: { extends: 'a' } }, { job: { script: [[['nested']]] } }]) {
      expect(() => resolveJobs(d)).not.toThrow();
    }
    expect(resolveJobs({ job: { script: [['a', ['b']]] } })[0]?.lines.map((l) => l.path)).toEqual([
      ['job', 'script', 0, 0],
      ['job', 'script', 0, 1, 0],
    ]);
  });
});

describe('scanGitlabCi', () => {
  it('returns references with JSON paths', () => {
    const { references } = scan(`
deploy:
  environment: production
  script:
    - echo start
    - kubectl config use-context acme/agents:prod
    - kubectl apply -f k8s/ --context=acme/agents:staging
    - kubectl get pods --as=system:serviceaccount:apps:viewer
`);
    expect(references.map((r) => [r.kind, r.path, r.value])).toEqual([
      ['use-context', ['deploy', 'script', 1], 'acme/agents:prod'],
      ['context-flag', ['deploy', 'script', 2], 'acme/agents:staging'],
      ['impersonation-flag', ['deploy', 'script', 3], 'system:serviceaccount:apps:viewer'],
    ]);
    expect(references[0]).toMatchObject({ job: 'deploy', context: { configProjectPath: 'acme/agents', agentName: 'prod' }, jobEnvironment: { name: 'production', dynamic: false } });
    expect(references[2]).toMatchObject({ flag: '--as', order: 3 });
  });

  it('expands job and global variables, keeps unknown ones unresolved', () => {
    const { references } = scan(`
variables: { AGENT: prod }
deploy:
  variables: { KUBE_CONTEXT: "$CI_PROJECT_PATH:\${AGENT}" }
  script: [ 'kubectl config use-context "$KUBE_CONTEXT"', 'kubectl config use-context $MYSTERY' ]
`);
    expect(references.map((r) => [r.kind, r.value, r.unresolved])).toEqual([
      ['kube-context-variable', '$CI_PROJECT_PATH:prod', ['CI_PROJECT_PATH']],
      ['use-context', '$CI_PROJECT_PATH:prod', ['CI_PROJECT_PATH']],
      ['use-context', '$MYSTERY', ['MYSTERY']],
    ]);
    expect(references[0]?.context).toBeUndefined();
    const withPredefined = scan(
      'deploy: { script: [ "kubectl config use-context $CI_PROJECT_PATH:prod" ] }',
      { CI_PROJECT_PATH: 'acme/agents' },
    ).references[0];
    expect(withPredefined?.context).toEqual({ configProjectPath: 'acme/agents', agentName: 'prod' });
  });

  it('a template line is reported for every job using it', () => {
    const { references } = scan(`
.k8s: { before_script: [ kubectl config use-context acme/agents:prod ] }
a: { extends: .k8s, script: [ 'true' ] }
b: { extends: .k8s, script: [ 'true' ] }
`);
    expect(references.map((r) => [r.job, r.path, r.definedIn])).toEqual([
      ['a', ['.k8s', 'before_script', 0], '.k8s'],
      ['b', ['.k8s', 'before_script', 0], '.k8s'],
    ]);
  });

  it('context parsing', () => {
    expect(parseAgentContext('g/sub/p:agent')).toEqual({ configProjectPath: 'g/sub/p', agentName: 'agent' });
    expect(parseAgentContext('minikube')).toBeUndefined();
    expect(parseAgentContext('a:b:c')).toBeUndefined();
    expect(parseAgentContext(':b')).toBeUndefined();
    expect(expandVariables('${A}-$B', (n) => (n === 'A' ? { value: '$B', expand: true } : undefined))).toEqual({ value: '$B-$B', unresolved: ['B'] });
  });
});

describe('checkCiReferences: one valid and one invalid case per code', () => {
  const run = (yaml: string, jobProjectPath?: string) =>
    checkCiReferences(scan(yaml).references, { agents: AGENTS, ...(jobProjectPath ? { jobProjectPath } : {}) });

  const cases: { code: string; severity: string; invalid: string; path: (string | number)[]; valid: string; project?: string }[] = [
    {
      code: 'ci-context-unknown-agent',
      severity: 'error',
      invalid: 'deploy: { script: [ "echo", "kubectl config use-context acme/agents:production" ] }',
      path: ['deploy', 'script', 1],
      valid: 'deploy: { script: [ "echo", "kubectl config use-context acme/agents:staging" ] }',
    },
    {
      code: 'ci-context-case-mismatch',
      severity: 'warning',
      invalid: 'deploy: { script: [ "kubectl config use-context Acme/Agents:staging" ] }',
      path: ['deploy', 'script', 0],
      valid: 'deploy: { script: [ "kubectl config use-context acme/agents:staging" ] }',
    },
    {
      code: 'ci-context-not-authorized',
      severity: 'error',
      invalid: 'deploy: { script: [ "kubectl --context acme/agents:prod get pods" ] }',
      path: ['deploy', 'script', 0],
      valid: 'deploy: { environment: production, script: [ "kubectl --context acme/agents:prod get pods" ] }',
      project: 'acme/app',
    },
    {
      code: 'ci-context-protected-refs-only',
      severity: 'info',
      invalid: 'deploy: { variables: { KUBE_CONTEXT: "acme/agents:prod" }, script: [ deploy.sh ] }',
      path: ['deploy', 'variables', 'KUBE_CONTEXT'],
      valid: 'deploy: { variables: { KUBE_CONTEXT: "acme/agents:staging" }, script: [ deploy.sh ] }',
      project: 'acme/protected',
    },
    {
      code: 'ci-nested-impersonation',
      severity: 'error',
      invalid: 'deploy: { script: [ "kubectl config use-context acme/agents:prod", "kubectl get pods --as=alice" ] }',
      path: ['deploy', 'script', 1],
      valid: 'deploy: { script: [ "kubectl config use-context acme/agents:staging", "kubectl get pods --as=alice" ] }',
      project: 'acme/impersonated',
    },
  ];

  it.each(cases)('$code', ({ code, severity, invalid, path, valid, project }) => {
    const found = run(invalid, project).filter((i) => i.code === code);
    expect(found.length, JSON.stringify(run(invalid, project), null, 1)).toBe(1);
    expect(found[0]).toMatchObject({ path, severity });
    expect(run(valid, project).filter((i) => i.code === code)).toEqual([]);
  });
});

describe('checkCiReferences details', () => {
  const check = (yaml: string, jobProjectPath?: string) =>
    checkCiReferences(scan(yaml).references, { agents: AGENTS, ...(jobProjectPath ? { jobProjectPath } : {}) });

  it('not-authorized explains why', () => {
    const [i] = check('deploy: { script: [ "kubectl config use-context acme/agents:prod" ] }', 'other/app');
    expect(i?.message).toBe(
      'kubectl config use-context "acme/agents:prod" in job "deploy": this project\'s jobs get no context for agent "prod": other/app is not listed in ci_access.projects, no ci_access.groups entry covers it, and it is not the configuration project acme/agents',
    );
    const [j] = check('deploy: { environment: staging, script: [ "kubectl config use-context acme/agents:prod" ] }', 'acme/app');
    expect(j?.data).toMatchObject({ reason: 'environment-not-matched', agent: 'prod' });
  });

  it('CI_PROJECT_PATH is resolved from the job project', () => {
    const yaml = 'deploy: { script: [ "kubectl config use-context $CI_PROJECT_PATH:nope" ] }';
    expect(check(yaml)).toEqual([]);
    expect(check(yaml, 'acme/agents').map((i) => i.code)).toEqual(['ci-context-unknown-agent']);
  });

  it('contexts of other projects, dynamic contexts and dynamic environments are not judged', () => {
    expect(check('a: { script: [ "kubectl config use-context other/agents:x" ] }', 'acme/app')).toEqual([]);
    expect(check('a: { script: [ "kubectl config use-context $CTX" ] }', 'acme/app')).toEqual([]);
    expect(check('a: { environment: "review/$CI_COMMIT_REF_SLUG", script: [ "kubectl config use-context acme/agents:prod" ] }', 'acme/app')).toEqual([]);
  });

  it('a template line used by several jobs is reported once, naming all of them', () => {
    const issues = check(`
.k8s: { before_script: [ kubectl config use-context acme/agents:nope ] }
a: { extends: .k8s, script: [ 'true' ] }
b: { extends: .k8s, script: [ 'true' ] }
`);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ code: 'ci-context-unknown-agent', path: ['.k8s', 'before_script', 0], data: { jobs: 'a,b' } });
    expect(issues[0]?.message).toContain('jobs "a", "b"');
  });

  it('jobs denied for different reasons are reported separately, even on a shared line', () => {
    const issues = check(
      `
variables: { KUBE_CONTEXT: "acme/agents:prod" }
a: { environment: staging, script: [ deploy ] }
b: { environment: dev, script: [ deploy ] }
c: { environment: production, script: [ deploy ] }
`,
      'acme/app',
    );
    expect(issues.map((i) => [i.code, i.path, i.data?.jobs])).toEqual([
      ['ci-context-not-authorized', ['variables', 'KUBE_CONTEXT'], 'a'],
      ['ci-context-not-authorized', ['variables', 'KUBE_CONTEXT'], 'b'],
    ]);
  });

  it('--as with an explicit --context on the same command, and agent mode passes through', () => {
    const nested = check('j: { script: [ "kubectl --context=acme/agents:prod --as bob get pods" ] }', 'acme/impersonated');
    expect(nested.map((i) => i.code)).toEqual(['ci-nested-impersonation']);
    expect(nested[0]?.message).toContain('nested impersonation is not supported');
    expect(check('j: { script: [ "kubectl --context=acme/agents:staging --as bob get pods" ] }', 'acme/impersonated')).toEqual([]);
  });

  it('use-context persists from before_script into script', () => {
    const issues = check('j: { before_script: [ "kubectl config use-context acme/agents:prod" ], script: [ "kubectl auth can-i --list --as-group=g" ] }', 'acme/impersonated');
    expect(issues.map((i) => [i.code, i.path])).toEqual([['ci-nested-impersonation', ['j', 'script', 0]]]);
  });
});
