// `kubectl auth can-i` emulation: argument parsing, request resolution with kubectl's exact
// warnings, and output formatting. Pure functions; the CLI does the I/O, in this order:
//   1. parseCanIArgs -> on {error}: if `resolveFirst` is set, resolve it and print its
//      warnings first (kubectl prints them before this error); then formatCliError, exit 1.
//   2. resolveCanIRequest -> print each warning with formatWarning (stderr).
//   3. evaluate; print formatDecision (stdout, unless -q), exit 0 if allowed else 1;
//      for --list: rulesReviewWarnings + formatRulesTable, exit 0.
import type { AccessRequest, UserInfo } from '../rbac/types.js';
import type { Discovery } from './discovery.js';

export { formatRulesTable, rulesTableRows, breakdownRule, compactRules, ruleString, sortRules, combineResourceGroup, convertToPolicyRules, RULES_TABLE_HEADER } from './rules-table.js';
export {
  rulesReviewFromPolicyRules,
  rulesReviewWarnings,
  listIncompleteWarning,
  privilegedGroupReviewRules,
  isPrivilegedUser,
  isNodeIdentity,
  aggregateErrorMessage,
  SYSTEM_PRIVILEGED_GROUP,
  NODE_AUTHORIZER_RULES_ERROR,
  type ResourceRule,
  type NonResourceRule,
  type RulesReviewStatus,
} from './rules-review.js';

/** Verbs kubectl knows for resource requests; others get a warning. */
export const KNOWN_RESOURCE_VERBS: ReadonlySet<string> = new Set([
  'get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection',
  'use', 'bind', 'impersonate', '*', 'approve', 'sign', 'escalate', 'attest',
]);

/** Verbs kubectl knows for non-resource URLs. */
export const KNOWN_NON_RESOURCE_VERBS: ReadonlySet<string> = new Set(['get', 'put', 'post', 'head', 'options', 'delete', 'patch', '*']);

export interface CanIFlags {
  readonly namespace?: string;
  readonly allNamespaces?: boolean;
  readonly subresource?: string;
  readonly list?: boolean;
  readonly noHeaders?: boolean;
  readonly quiet?: boolean;
}

export interface ResourceQuery {
  readonly kind: 'resource';
  readonly verb: string;
  /** TYPE as typed, before resolution. */
  readonly typeArg: string;
  /** The part after the first '/', '' if none. Never a subresource. */
  readonly name: string;
  /** From --subresource, '' if none. */
  readonly subresource: string;
}

export interface NonResourceQuery {
  readonly kind: 'nonResource';
  readonly verb: string;
  readonly path: string;
}

export interface ListQuery {
  readonly kind: 'list';
  readonly noHeaders: boolean;
}

export type CanIQuery = ResourceQuery | NonResourceQuery | ListQuery;

export interface CanIArgsError {
  /** kubectl's message, without the "error: " prefix (see formatCliError). */
  readonly error: string;
  /**
   * Set when kubectl resolves the arguments (printing their warnings) before failing with
   * this error: `--no-headers` without `--list`.
   */
  readonly resolveFirst?: ResourceQuery | NonResourceQuery;
}

const TWO_ARGS_ERROR =
  "you must specify two arguments: verb resource or verb resource/resourceName.\nSee 'kubectl auth can-i -h' for help and examples.";

/** Positional arguments and flags -> query, or kubectl's validation error (in kubectl's order). */
export function parseCanIArgs(positional: readonly string[], flags: CanIFlags): CanIQuery | CanIArgsError {
  if (flags.list) {
    if (positional.length !== 0) return { error: 'list option must be specified with no arguments' };
    if (flags.quiet || flags.allNamespaces || (flags.subresource ?? '') !== '') {
      return { error: "list option can't be specified with neither quiet, all-namespaces nor subresource options" };
    }
    return { kind: 'list', noHeaders: flags.noHeaders === true };
  }
  const [verb, target] = positional;
  if (positional.length !== 2 || verb === undefined || target === undefined) return { error: TWO_ARGS_ERROR };

  let query: ResourceQuery | NonResourceQuery;
  if (target.startsWith('/')) {
    if ((flags.subresource ?? '') !== '') return { error: '--subresource can not be used with NonResourceURL' };
    query = { kind: 'nonResource', verb, path: target };
  } else {
    const slash = target.indexOf('/');
    query = {
      kind: 'resource',
      verb,
      typeArg: slash < 0 ? target : target.slice(0, slash),
      name: slash < 0 ? '' : target.slice(slash + 1),
      subresource: flags.subresource ?? '',
    };
  }
  if (flags.noHeaders) return { error: '--no-headers cannot be set without --list specified', resolveFirst: query };
  return query;
}

export function isCanIArgsError(r: CanIQuery | CanIArgsError): r is CanIArgsError {
  return 'error' in r;
}

export interface ResolvedResourceRequest {
  readonly kind: 'resource';
  readonly verb: string;
  readonly group: string;
  readonly resource: string;
  readonly subresource: string;
  readonly name: string;
  /** '' with -A (cluster-wide: only ClusterRoleBindings count). */
  readonly namespace: string;
  /** Messages for formatWarning, in kubectl's order. */
  readonly warnings: readonly string[];
}

export interface ResolvedNonResourceRequest {
  readonly kind: 'nonResource';
  readonly verb: string;
  readonly path: string;
  readonly warnings: readonly string[];
}

export interface ResolvedListRequest {
  readonly kind: 'list';
  /** Never '' (-A is refused with --list). */
  readonly namespace: string;
  readonly noHeaders: boolean;
  readonly warnings: readonly string[];
}

export type ResolvedCanIRequest = ResolvedResourceRequest | ResolvedNonResourceRequest | ResolvedListRequest;

/**
 * What kubectl sends for a query, and the warnings it prints on the way.
 * `namespaceFlag`: -n, else the kubeconfig context's namespace; empty means "default".
 */
export function resolveCanIRequest(
  query: CanIQuery,
  discovery: Discovery,
  namespaceFlag: string | undefined,
  allNamespaces: boolean,
): ResolvedCanIRequest {
  const contextNamespace = namespaceFlag !== undefined && namespaceFlag !== '' ? namespaceFlag : 'default';
  switch (query.kind) {
    case 'list':
      return { kind: 'list', namespace: contextNamespace, noHeaders: query.noHeaders, warnings: [] };
    case 'nonResource':
      return {
        kind: 'nonResource',
        verb: query.verb,
        path: query.path,
        warnings: KNOWN_NON_RESOURCE_VERBS.has(query.verb) ? [] : [unknownVerbWarning(query.verb)],
      };
    case 'resource': {
      const resolved = discovery.resolveType(query.typeArg);
      const warnings = [...resolved.warnings];
      // kubectl's scope and verb checks share one branch: skipped with -A, and when nothing
      // was typed (empty resource). The scope warning needs the resource in discovery.
      if (!allNamespaces && resolved.resource !== '') {
        if (resolved.known && resolved.namespaced === false) {
          warnings.push(
            resolved.group === ''
              ? `resource '${resolved.resource}' is not namespace scoped\n`
              : `resource '${resolved.resource}' is not namespace scoped in group '${resolved.group}'\n`,
          );
        }
        if (!KNOWN_RESOURCE_VERBS.has(query.verb)) warnings.push(unknownVerbWarning(query.verb));
      }
      return {
        kind: 'resource',
        verb: query.verb,
        group: resolved.group,
        resource: resolved.resource,
        subresource: query.subresource,
        name: query.name,
        // Sent even for cluster-scoped kinds; -A sends none.
        namespace: allNamespaces ? '' : contextNamespace,
        warnings,
      };
    }
  }
}

function unknownVerbWarning(verb: string): string {
  return `verb '${verb}' is not a known verb\n`;
}

/** The authorizer request for a resolved single check (not for --list). */
export function accessRequestFor(request: ResolvedResourceRequest | ResolvedNonResourceRequest, user: UserInfo): AccessRequest {
  if (request.kind === 'nonResource') return { user, verb: request.verb, path: request.path };
  const { verb, namespace, group, resource, subresource, name } = request;
  return { user, verb, namespace, group, resource, subresource, name };
}

/** cli-runtime WarningPrinter: one line per message; messages ending in '\n' leave a blank line. */
export function formatWarning(message: string, color: boolean): string {
  return color ? `\x1b[33;1mWarning:\x1b[0m ${message}\n` : `Warning: ${message}\n`;
}

/** Single-check stdout: "yes\n", or "no[ - reason][ - evaluationError]\n". */
export function formatDecision(allowed: boolean, reason = '', evaluationError = ''): string {
  if (allowed) return 'yes\n';
  let out = 'no';
  if (reason !== '') out += ` - ${reason}`;
  if (evaluationError !== '') out += ` - ${evaluationError}`;
  return `${out}\n`;
}

/** kubectl's fatal error output on stderr (exit code 1): "error: " prefix, one trailing newline. */
export function formatCliError(message: string): string {
  const msg = message.startsWith('error: ') ? message : `error: ${message}`;
  return msg.endsWith('\n') ? msg : `${msg}\n`;
}
