import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { Analysis } from '../../engine/analysis.js';
import { answerBatchLine } from '../../engine/batch.js';
import { explainDecision } from '../../engine/explain-access.js';
import {
  accessRequestFor,
  formatCliError,
  formatDecision,
  formatRulesTable,
  formatWarning,
  isCanIArgsError,
  parseCanIArgs,
  resolveCanIRequest,
} from '../../kube/can-i.js';
import { rulesReviewFromPolicyRules } from '../../kube/rules-review.js';
import { authorize } from '../../rbac/authorize.js';
import { completeImpersonatedUser } from '../../rbac/identity.js';
import { nearestMiss } from '../../rbac/nearest-miss.js';
import { rulesFor } from '../../rbac/resolve.js';
import type { UserInfo } from '../../rbac/types.js';
import { CliError } from '../errors.js';
import { ciJobAccess, userAccess, type IdentityResult } from '../../engine/agents.js';
import type { AccessLevel } from '../../agent/index.js';
import { useColor, type CliIo } from '../io.js';
import { addInputOptions, loadWorkspace, type InputOptions } from '../workspace-options.js';

interface CanIOptions extends InputOptions {
  namespace?: string;
  allNamespaces?: boolean;
  as?: string;
  asGroup?: string[];
  asUid?: string;
  subresource?: string;
  quiet?: boolean;
  list?: boolean;
  headers?: boolean;
  batch?: string;
  explain?: boolean;
  agent?: string;
  project?: string;
  environment?: string;
  tier?: string;
  protected?: boolean;
  user?: string;
  accessLevel?: string;
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** kubectl's exit code for "no" and for its own errors. */
const KUBECTL_FAILURE = 1;

/** The identity to evaluate, and how it was found (for --explain). */
interface Identity {
  readonly user: UserInfo;
  readonly how: readonly string[];
}

/**
 * Offline there is no kubeconfig user: the identity is --as, or a GitLab identity through
 * an agent (--agent with --project for a CI job, or --user for user_access).
 */
function identityFrom(opts: CanIOptions, analysis: Analysis): Identity {
  const groups = opts.asGroup ?? [];
  const asUser = (): UserInfo => completeImpersonatedUser(opts.as ?? '', groups, opts.asUid ? { uid: opts.asUid } : {});
  if (opts.agent === undefined) {
    if (opts.project !== undefined || opts.user !== undefined) throw new CliError('--project and --user need --agent NAME');
    if (!opts.as) {
      if (groups.length > 0) throw new CliError('requesting groups or user-extra for  without impersonating a user', KUBECTL_FAILURE);
      throw new CliError('no identity to check offline: pass --as USER (with --as-group), or --agent NAME with --project PATH or --user NAME');
    }
    return { user: asUser(), how: [] };
  }
  const agent = analysis.agents().find((a) => a.name === opts.agent);
  if (!agent) {
    const known = analysis.agents().map((a) => a.name);
    throw new CliError(`no agent "${opts.agent}" in the repository (.gitlab/agents/${opts.agent}/config.yaml)${known.length ? `; agents: ${known.join(', ')}` : ''}`, KUBECTL_FAILURE);
  }
  if ((opts.project === undefined) === (opts.user === undefined)) throw new CliError('--agent needs exactly one of --project PATH (a CI job) or --user NAME (user_access)');
  let how: string[];
  let resolved: IdentityResult | undefined;
  let agentMode: boolean;
  if (opts.project !== undefined) {
    const access = ciJobAccess(analysis.workspace, agent, {
      project: opts.project,
      ...(opts.environment !== undefined ? { environment: opts.environment } : {}),
      ...(opts.tier !== undefined ? { tier: opts.tier } : {}),
      ...(opts.protected !== undefined ? { protected: opts.protected } : {}),
    });
    if (!access.decision.authorized) throw new CliError(access.decision.message, KUBECTL_FAILURE);
    how = [`access: ${access.decision.message}`];
    resolved = access.identity;
    agentMode = access.decision.accessAs === 'agent';
  } else {
    const level = opts.accessLevel ?? 'developer';
    if (!isAccessLevel(level)) throw new CliError(`invalid --access-level "${level}" (guest, planner, reporter, developer, maintainer, owner)`);
    const access = userAccess(analysis.workspace, agent, opts.user ?? '', level);
    if (!access.decision.authorized) throw new CliError(`user "${opts.user ?? ''}" gets no access through agent "${agent.name}": ${access.decision.message}`, KUBECTL_FAILURE);
    how = [`access: ${access.decision.message}`];
    resolved = access.identity;
    agentMode = access.decision.accessAs === 'agent';
  }
  if (!resolved || !resolved.ok) throw new CliError(resolved?.message ?? 'no identity', KUBECTL_FAILURE);
  how.push(`identity: ${resolved.identity.description}${resolved.identity.placeholders ? ' (some GitLab ids are placeholders; set gitlab.projects/groups/agents in .kaslint.yaml)' : ''}`);
  if (!opts.as) return { user: resolved.identity.user, how };
  // Client impersonation passes through agentk only in agent mode, and then the agent's
  // own account must be allowed to impersonate.
  if (!agentMode) throw new CliError('nested impersonation is not supported: --as works through the agent only with access_as agent', KUBECTL_FAILURE);
  const target = asUser();
  const denied = impersonationDenied(analysis, resolved.identity.user, opts.as, groups);
  if (denied) throw new CliError(denied, KUBECTL_FAILURE);
  return { user: target, how: [...how, `impersonating: ${target.name} (allowed for the agent's ServiceAccount)`] };
}

/** Kubernetes' impersonation check for a user and groups; the first denial's message. */
function impersonationDenied(analysis: Analysis, impersonator: UserInfo, name: string, groups: readonly string[]): string | undefined {
  const index = analysis.rbac();
  const sa = /^system:serviceaccount:([^:]+):([^:]+)$/.exec(name);
  const checks = [
    sa ? { resource: 'serviceaccounts', name: sa[2] ?? '', namespace: sa[1] ?? '' } : { resource: 'users', name, namespace: '' },
    ...groups.map((g) => ({ resource: 'groups', name: g, namespace: '' })),
  ];
  for (const c of checks) {
    const d = authorize(index, { user: impersonator, verb: 'impersonate', group: '', resource: c.resource, subresource: '', name: c.name, namespace: c.namespace });
    if (!d.allowed) return `${c.resource} "${c.name}" is forbidden: User "${impersonator.name}" cannot impersonate resource "${c.resource}" in API group "" ${c.namespace ? `in the namespace "${c.namespace}"` : 'at the cluster scope'}`;
  }
  return undefined;
}

function isAccessLevel(v: string): v is AccessLevel & string {
  return ['guest', 'planner', 'reporter', 'developer', 'maintainer', 'owner'].includes(v);
}

export function registerCanI(program: Command, io: CliIo, setExit: (code: number) => void): void {
  const cmd = program
    .command('can-i')
    .description('kubectl auth can-i, answered offline from the repository')
    .argument('[args...]', 'VERB TYPE[.GROUP][/NAME] or VERB /URL');
  addInputOptions(cmd)
    .option('-n, --namespace <ns>', 'namespace of the request (default "default")')
    .option('-A, --all-namespaces', 'check cluster-wide (only ClusterRoleBindings count)')
    .option('--as <user>', 'user to impersonate (system:serviceaccount:NS:NAME for a ServiceAccount)')
    .option('--as-group <group>', 'group to impersonate (repeatable)', collect)
    .option('--as-uid <uid>', 'UID to impersonate')
    .option('--subresource <sub>', 'subresource, e.g. log, scale, exec')
    .option('-q, --quiet', 'print nothing; only the exit code answers')
    .option('--list', 'list every allowed action in the namespace')
    .option('--no-headers', 'with --list: omit the header row')
    .option('--batch <file>', 'answer JSON-lines queries from a file (- for stdin)')
    .option('--explain', 'also print the binding, role and rule that decided, or the nearest miss')
    .option('--agent <name>', 'answer for an identity reaching the cluster through this GitLab agent')
    .option('--project <path>', 'with --agent: a CI job of this project (full path)')
    .option('--environment <name>', 'with --project: the job\'s environment:name')
    .option('--tier <tier>', 'with --environment: its tier (default: GitLab\'s guess from the name)')
    .option('--protected', 'with --project: the pipeline runs for a protected branch or tag')
    .option('--user <name>', 'with --agent: a GitLab user through user_access')
    .option('--access-level <level>', 'with --user: the user\'s role (default developer)')
    .action(async (args: string[], opts: CanIOptions) => {
      setExit(await canI(io, args, opts));
    });
}

async function canI(io: CliIo, args: string[], opts: CanIOptions): Promise<number> {
  const color = useColor(io, io.stderrIsTTY, undefined);
  const warn = (msg: string): void => io.writeErr(formatWarning(msg, color));
  const kubectlError = (msg: string): number => {
    io.writeErr(formatCliError(msg));
    return KUBECTL_FAILURE;
  };

  if (opts.batch !== undefined) {
    if (args.length > 0 || opts.list) return kubectlError('--batch takes no arguments and cannot be combined with --list');
    const { workspace, includeDefaultPolicy } = await loadWorkspace(io, [], opts);
    const index = new Analysis(workspace, { includeDefaultPolicy }).rbac();
    const text = opts.batch === '-' ? await io.readStdin() : await readBatchFile(io, opts.batch);
    const lines = text.split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    io.writeOut(lines.map((l) => answerBatchLine(index, l.replace(/\r$/, '')) + '\n').join(''));
    return 0;
  }

  const parsed = parseCanIArgs(args, {
    ...(opts.namespace !== undefined ? { namespace: opts.namespace } : {}),
    ...(opts.allNamespaces ? { allNamespaces: true } : {}),
    ...(opts.subresource !== undefined ? { subresource: opts.subresource } : {}),
    ...(opts.list ? { list: true } : {}),
    ...(opts.headers === false ? { noHeaders: true } : {}),
    ...(opts.quiet ? { quiet: true } : {}),
  });
  const { workspace, includeDefaultPolicy } = await loadWorkspace(io, [], opts);
  const analysis = new Analysis(workspace, { includeDefaultPolicy });
  const identity = identityFrom(opts, analysis);
  const user = identity.user;

  if (isCanIArgsError(parsed)) {
    // kubectl resolves the type (printing its warnings) before some validation errors.
    if (parsed.resolveFirst) for (const w of resolveCanIRequest(parsed.resolveFirst, analysis.discovery(), opts.namespace, opts.allNamespaces === true).warnings) warn(w);
    return kubectlError(parsed.error);
  }

  const resolved = resolveCanIRequest(parsed, analysis.discovery(), opts.namespace, opts.allNamespaces === true);
  for (const w of resolved.warnings) warn(w);
  const index = analysis.rbac();

  if (resolved.kind === 'list') {
    const { rules } = rulesFor(index, user, resolved.namespace);
    const review = rulesReviewFromPolicyRules(rules.map((r) => r.rule));
    io.writeOut(formatRulesTable(review.resourceRules, review.nonResourceRules, { noHeaders: opts.headers === false }));
    return 0;
  }

  const request = accessRequestFor(resolved, user);
  const decision = authorize(index, request);
  if (!opts.quiet) io.writeOut(formatDecision(decision.allowed, decision.reason));
  if (opts.explain) {
    const namespace = 'namespace' in request ? request.namespace : '';
    const miss = decision.allowed ? undefined : nearestMiss(rulesFor(index, user, namespace).rules, request);
    io.writeOut([...identity.how, ...explainDecision(workspace, decision, miss, workspace.kubernetesVersion)].join('\n') + '\n');
  }
  return decision.allowed ? 0 : KUBECTL_FAILURE;
}

async function readBatchFile(io: CliIo, file: string): Promise<string> {
  try {
    return await readFile(path.resolve(io.cwd, file), 'utf8');
  } catch {
    throw new CliError(`cannot read batch file ${file}`);
  }
}
