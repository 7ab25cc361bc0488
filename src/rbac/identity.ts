// Identities as the authorizer sees them: service-account user names and groups, and the
// user the apiserver's impersonation filter builds from `--as` / `--as-group`.

import type { UserInfo } from './types.js';

export const SERVICE_ACCOUNT_USERNAME_PREFIX = 'system:serviceaccount:';
export const ALL_SERVICE_ACCOUNTS_GROUP = 'system:serviceaccounts';
export const SERVICE_ACCOUNT_GROUP_PREFIX = 'system:serviceaccounts:';
export const ALL_AUTHENTICATED_GROUP = 'system:authenticated';
export const ALL_UNAUTHENTICATED_GROUP = 'system:unauthenticated';
export const ANONYMOUS_USER = 'system:anonymous';
export const PRIVILEGED_GROUP = 'system:masters';

/** serviceaccount.MakeUsername. */
export function serviceAccountUsername(namespace: string, name: string): string {
  return `${SERVICE_ACCOUNT_USERNAME_PREFIX}${namespace}:${name}`;
}

/** serviceaccount.MakeGroupNames. */
export function serviceAccountGroups(namespace: string): string[] {
  return [ALL_SERVICE_ACCOUNTS_GROUP, `${SERVICE_ACCOUNT_GROUP_PREFIX}${namespace}`];
}

/**
 * The identity a service account's token authenticates as: its user name, its two
 * service-account groups, and system:authenticated (added by the authenticator chain).
 */
export function serviceAccountUser(namespace: string, name: string): UserInfo {
  return {
    name: serviceAccountUsername(namespace, name),
    groups: [...serviceAccountGroups(namespace), ALL_AUTHENTICATED_GROUP],
  };
}

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/**
 * serviceaccount.SplitUsername: exactly `system:serviceaccount:<ns>:<name>` with a valid
 * namespace (DNS-1123 label) and SA name (DNS-1123 subdomain); otherwise undefined and the
 * string is an ordinary user name.
 */
export function parseServiceAccountUsername(
  username: string,
): { readonly namespace: string; readonly name: string } | undefined {
  if (!username.startsWith(SERVICE_ACCOUNT_USERNAME_PREFIX)) return undefined;
  const parts = username.slice(SERVICE_ACCOUNT_USERNAME_PREFIX.length).split(':');
  if (parts.length !== 2) return undefined;
  const [namespace = '', name = ''] = parts;
  if (namespace.length > 63 || !DNS1123_LABEL.test(namespace)) return undefined;
  if (name.length > 253 || !DNS1123_SUBDOMAIN.test(name)) return undefined;
  return { namespace, name };
}

export interface ImpersonationOptions {
  readonly uid?: string;
  readonly extra?: Readonly<Record<string, readonly string[]>>;
}

/**
 * The user the impersonation filter (WithImpersonation) hands to the authorizer for
 * `--as <name>` and `--as-group <groups...>`:
 * - a valid SA user name without explicit groups gets system:serviceaccounts and
 *   system:serviceaccounts:<ns>; with explicit groups, only those;
 * - a non-anonymous user gets system:authenticated appended unless the groups already
 *   hold system:authenticated or system:unauthenticated;
 * - system:anonymous gets system:unauthenticated appended (never system:authenticated).
 * Upstream rejects groups, uid or extra without a user name; callers check that first.
 */
export function completeImpersonatedUser(
  name: string,
  groups: readonly string[],
  opts: ImpersonationOptions = {},
): UserInfo {
  const completed: string[] = [];
  const sa = parseServiceAccountUsername(name);
  if (sa !== undefined && groups.length === 0) completed.push(...serviceAccountGroups(sa.namespace));
  completed.push(...groups);

  if (name !== ANONYMOUS_USER) {
    if (!completed.includes(ALL_AUTHENTICATED_GROUP) && !completed.includes(ALL_UNAUTHENTICATED_GROUP)) {
      completed.push(ALL_AUTHENTICATED_GROUP);
    }
  } else if (!completed.includes(ALL_UNAUTHENTICATED_GROUP)) {
    completed.push(ALL_UNAUTHENTICATED_GROUP);
  }

  const user: { name: string; groups: string[]; uid?: string; extra?: Readonly<Record<string, readonly string[]>> } = {
    name,
    groups: completed,
  };
  if (opts.uid !== undefined && opts.uid !== '') user.uid = opts.uid;
  if (opts.extra !== undefined) user.extra = opts.extra;
  return user;
}
