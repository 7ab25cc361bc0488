import { describe, expect, it } from 'vitest';
import {
  accessRequestFor,
  formatCliError,
  formatDecision,
  formatWarning,
  isCanIArgsError,
  parseCanIArgs,
  resolveCanIRequest,
  type CanIQuery,
  type ResolvedCanIRequest,
} from '../../src/kube/can-i.js';
import { Discovery } from '../../src/kube/discovery.js';

const discovery = Discovery.builtin();

function query(positional: string[], flags: Parameters<typeof parseCanIArgs>[1] = {}): CanIQuery {
  const r = parseCanIArgs(positional, flags);
  if (isCanIArgsError(r)) throw new Error(`unexpected error: ${r.error}`);
  return r;
}

function resolve(positional: string[], opts: { namespace?: string; allNamespaces?: boolean; subresource?: string } = {}): ResolvedCanIRequest {
  const flags = { allNamespaces: opts.allNamespaces, subresource: opts.subresource };
  return resolveCanIRequest(query(positional, flags), discovery, opts.namespace, opts.allNamespaces ?? false);
}

/** What kubectl writes to stderr for the warnings of a request (no colour). */
function stderrOf(r: ResolvedCanIRequest): string {
  return r.warnings.map((w) => formatWarning(w, false)).join('');
}

describe('parseCanIArgs', () => {
  it('parses VERB TYPE, VERB TYPE/NAME and VERB /URL', () => {
    expect(query(['get', 'pods'])).toEqual({ kind: 'resource', verb: 'get', typeArg: 'pods', name: '', subresource: '' });
    expect(query(['get', 'jobs.batch/bar'])).toEqual({ kind: 'resource', verb: 'get', typeArg: 'jobs.batch', name: 'bar', subresource: '' });
    // The part after "/" is a name, never a subresource; split once.
    expect(query(['get', 'pods/log'])).toMatchObject({ typeArg: 'pods', name: 'log' });
    expect(query(['get', 'pods/a/b'])).toMatchObject({ typeArg: 'pods', name: 'a/b' });
    expect(query(['get', 'pods'], { subresource: 'log' })).toMatchObject({ typeArg: 'pods', subresource: 'log' });
    expect(query(['get', '/logs/'])).toEqual({ kind: 'nonResource', verb: 'get', path: '/logs/' });
    expect(query([], { list: true })).toEqual({ kind: 'list', noHeaders: false });
    expect(query([], { list: true, noHeaders: true, namespace: 'foo' })).toEqual({ kind: 'list', noHeaders: true });
  });

  const twoArgs = "you must specify two arguments: verb resource or verb resource/resourceName.\nSee 'kubectl auth can-i -h' for help and examples.";

  it.each([
    [[], {}, twoArgs],
    [['get'], {}, twoArgs],
    [['get', 'pods', 'foo'], {}, twoArgs],
    [['get', 'pods'], { list: true }, 'list option must be specified with no arguments'],
    [[], { list: true, quiet: true }, "list option can't be specified with neither quiet, all-namespaces nor subresource options"],
    [[], { list: true, allNamespaces: true }, "list option can't be specified with neither quiet, all-namespaces nor subresource options"],
    [[], { list: true, subresource: 'log' }, "list option can't be specified with neither quiet, all-namespaces nor subresource options"],
    [['get', '/logs'], { subresource: 'log' }, '--subresource can not be used with NonResourceURL'],
    [['get', '/logs'], { subresource: 'log', noHeaders: true }, '--subresource can not be used with NonResourceURL'],
    [['get'], { noHeaders: true }, twoArgs],
  ] as const)('%j %j -> error', (positional, flags, message) => {
    expect(parseCanIArgs([...positional], flags)).toEqual({ error: message });
  });

  it('fails --no-headers without --list only after resolving (kubectl prints warnings first)', () => {
    const r = parseCanIArgs(['exec', 'nodes'], { noHeaders: true });
    expect(r).toEqual({
      error: '--no-headers cannot be set without --list specified',
      resolveFirst: { kind: 'resource', verb: 'exec', typeArg: 'nodes', name: '', subresource: '' },
    });
    if (!isCanIArgsError(r) || !r.resolveFirst) throw new Error('expected an error with resolveFirst');
    const resolved = resolveCanIRequest(r.resolveFirst, discovery, undefined, false);
    const stderr = stderrOf(resolved) + formatCliError(r.error);
    expect(stderr).toBe(
      "Warning: resource 'nodes' is not namespace scoped\n\n" +
        "Warning: verb 'exec' is not a known verb\n\n" +
        'error: --no-headers cannot be set without --list specified\n',
    );
    expect(parseCanIArgs(['get', '/healthz'], { noHeaders: true })).toMatchObject({ resolveFirst: { kind: 'nonResource' } });
  });

  it('formats errors like kubectl CheckErr', () => {
    expect(formatCliError(twoArgs)).toBe(
      "error: you must specify two arguments: verb resource or verb resource/resourceName.\nSee 'kubectl auth can-i -h' for help and examples.\n",
    );
    expect(formatCliError('error: already prefixed\n')).toBe('error: already prefixed\n');
  });
});

describe('resolveCanIRequest', () => {
  it('resolves the type and sends the namespace, "default" when none', () => {
    expect(resolve(['list', 'deploy'])).toEqual({
      kind: 'resource',
      verb: 'list',
      group: 'apps',
      resource: 'deployments',
      subresource: '',
      name: '',
      namespace: 'default',
      warnings: [],
    });
    expect(resolve(['get', 'po/web'], { namespace: 'prod', subresource: 'log' })).toMatchObject({
      group: '',
      resource: 'pods',
      name: 'web',
      subresource: 'log',
      namespace: 'prod',
    });
    expect(resolve(['get', 'pods'], { namespace: '' })).toMatchObject({ namespace: 'default' });
  });

  it('sends the namespace even for cluster-scoped kinds, and "" with -A', () => {
    expect(resolve(['get', 'nodes'], { namespace: 'dev' })).toMatchObject({ resource: 'nodes', namespace: 'dev' });
    expect(resolve(['get', 'nodes'], { namespace: 'dev', allNamespaces: true })).toMatchObject({ resource: 'nodes', namespace: '', warnings: [] });
    expect(resolve(['create', 'pods'], { allNamespaces: true })).toMatchObject({ namespace: '' });
  });

  it("asks about the core group only for '*' '*'", () => {
    expect(resolve(['*', '*'])).toMatchObject({ verb: '*', group: '', resource: '*', namespace: 'default', warnings: [] });
  });

  it('prints the unknown-type warning with its blank line and sends the type as typed', () => {
    const r = resolve(['get', 'widgets.example.com']);
    expect(r).toMatchObject({ group: '', resource: 'widgets.example.com' });
    expect(stderrOf(r)).toBe("Warning: the server doesn't have a resource type 'widgets' in group 'example.com'\n\n");
    expect(stderrOf(resolve(['get', 'invalid']))).toBe("Warning: the server doesn't have a resource type 'invalid'\n\n");
  });

  it('is silent for users and groups (impersonation pseudo-resources)', () => {
    expect(resolve(['impersonate', 'users/jane'])).toMatchObject({ group: '', resource: 'users', name: 'jane', warnings: [] });
    expect(resolve(['impersonate', 'groups'])).toMatchObject({ resource: 'groups', warnings: [] });
    expect(stderrOf(resolve(['impersonate', 'uids']))).toBe("Warning: the server doesn't have a resource type 'uids'\n\n");
  });

  it('warns about cluster-scoped types unless -A', () => {
    expect(stderrOf(resolve(['get', 'nodes']))).toBe("Warning: resource 'nodes' is not namespace scoped\n\n");
    expect(stderrOf(resolve(['get', 'ns']))).toBe("Warning: resource 'namespaces' is not namespace scoped\n\n");
    expect(stderrOf(resolve(['list', 'clusterroles']))).toBe(
      "Warning: resource 'clusterroles' is not namespace scoped in group 'rbac.authorization.k8s.io'\n\n",
    );
    expect(resolve(['get', 'nodes'], { allNamespaces: true }).warnings).toEqual([]);
    expect(resolve(['get', 'pods']).warnings).toEqual([]);
  });

  it('warns about unknown resource verbs only without -A (exec is unknown)', () => {
    expect(stderrOf(resolve(['exec', 'pods']))).toBe("Warning: verb 'exec' is not a known verb\n\n");
    expect(resolve(['exec', 'pods'], { allNamespaces: true }).warnings).toEqual([]);
    for (const verb of ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection', 'use', 'bind', 'impersonate', '*', 'approve', 'sign', 'escalate', 'attest']) {
      expect(resolve([verb, 'pods']).warnings, verb).toEqual([]);
    }
    // Scope first, then verb; both end with "\n", so each leaves a blank line.
    expect(stderrOf(resolve(['frobnicate', 'nodes']))).toBe(
      "Warning: resource 'nodes' is not namespace scoped\n\nWarning: verb 'frobnicate' is not a known verb\n\n",
    );
    expect(stderrOf(resolve(['frobnicate', '*']))).toBe("Warning: verb 'frobnicate' is not a known verb\n\n");
  });

  it('runs the verb check for unresolved types too (kubectl tests the typed resource, not resolution)', () => {
    expect(stderrOf(resolve(['exec', 'widgets']))).toBe(
      "Warning: the server doesn't have a resource type 'widgets'\n\nWarning: verb 'exec' is not a known verb\n\n",
    );
    expect(stderrOf(resolve(['exec', 'users']))).toBe("Warning: verb 'exec' is not a known verb\n\n");
    // Nothing typed: kubectl's request is empty and both checks are skipped.
    expect(stderrOf(resolve(['exec', '']))).toBe("Warning: the server doesn't have a resource type ''\n\n");
  });

  it('always checks non-resource verbs, even with -A', () => {
    expect(resolve(['get', '/healthz'])).toEqual({ kind: 'nonResource', verb: 'get', path: '/healthz', warnings: [] });
    expect(stderrOf(resolve(['list', '/healthz'], { allNamespaces: true }))).toBe("Warning: verb 'list' is not a known verb\n\n");
    for (const verb of ['get', 'put', 'post', 'head', 'options', 'delete', 'patch', '*']) {
      expect(resolve([verb, '/x']).warnings, verb).toEqual([]);
    }
  });

  it('passes short-name clash warnings through, before the other warnings', () => {
    expect(stderrOf(resolve(['frob', 'ev']))).toBe(
      'Warning: short name "ev" could also match lower priority resource events.events.k8s.io\n' +
        "Warning: verb 'frob' is not a known verb\n\n",
    );
  });

  it('uses the context namespace for --list', () => {
    expect(resolveCanIRequest({ kind: 'list', noHeaders: true }, discovery, 'foo', false)).toEqual({ kind: 'list', namespace: 'foo', noHeaders: true, warnings: [] });
    expect(resolveCanIRequest({ kind: 'list', noHeaders: false }, discovery, undefined, false)).toMatchObject({ namespace: 'default' });
  });

  it('builds the authorizer request', () => {
    const user = { name: 'jane', groups: ['system:authenticated'] };
    const r = resolve(['get', 'deployments.apps/web'], { namespace: 'prod' });
    if (r.kind !== 'resource') throw new Error('expected a resource request');
    expect(accessRequestFor(r, user)).toEqual({ user, verb: 'get', namespace: 'prod', group: 'apps', resource: 'deployments', subresource: '', name: 'web' });
    const n = resolve(['get', '/healthz']);
    if (n.kind !== 'nonResource') throw new Error('expected a non-resource request');
    expect(accessRequestFor(n, user)).toEqual({ user, verb: 'get', path: '/healthz' });
  });
});

describe('formatWarning / formatDecision', () => {
  it('formats warnings like cli-runtime WarningPrinter', () => {
    expect(formatWarning("the server doesn't have a resource type 'invalid'\n", false)).toBe(
      "Warning: the server doesn't have a resource type 'invalid'\n\n",
    );
    expect(formatWarning('the list may be incomplete: boom', false)).toBe('Warning: the list may be incomplete: boom\n');
    expect(formatWarning("verb 'exec' is not a known verb\n", true)).toBe("\u001b[33;1mWarning:\u001b[0m verb 'exec' is not a known verb\n\n");
  });

  it('prints yes / no with optional reason and evaluation error', () => {
    expect(formatDecision(true)).toBe('yes\n');
    expect(formatDecision(true, 'RBAC: allowed by ...')).toBe('yes\n');
    expect(formatDecision(false)).toBe('no\n');
    expect(formatDecision(false, '', '')).toBe('no\n');
    expect(formatDecision(false, 'RBAC: clusterrole.rbac.authorization.k8s.io "foo" not found')).toBe(
      'no - RBAC: clusterrole.rbac.authorization.k8s.io "foo" not found\n',
    );
    expect(formatDecision(false, '', 'webhook failed')).toBe('no - webhook failed\n');
    expect(formatDecision(false, 'r', 'e')).toBe('no - r - e\n');
  });
});
