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
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** kubectl's exit code for "no" and for its own errors. */
const KUBECTL_FAILURE = 1;

/** The identity to evaluate: offline there is no kubeconfig user, so --as is required. */
function identityFrom(opts: CanIOptions): UserInfo {
  const groups = opts.asGroup ?? [];
  if (!opts.as) {
    if (groups.length > 0) throw new CliError('requesting groups or user-extra for  without impersonating a user', KUBECTL_FAILURE);
    throw new CliError('no identity to check offline: pass --as USER (with --as-group), or --as system:serviceaccount:NS:NAME');
  }
  return completeImpersonatedUser(opts.as, groups, opts.asUid ? { uid: opts.asUid } : {});
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
  const user = identityFrom(opts);
  const { workspace, includeDefaultPolicy } = await loadWorkspace(io, [], opts);
  const analysis = new Analysis(workspace, { includeDefaultPolicy });

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
    io.writeOut(explainDecision(workspace, decision, miss, workspace.kubernetesVersion).join('\n') + '\n');
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
