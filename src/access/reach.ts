import type { BoundSubject } from './grants.js';

/** Namespaces whose ServiceAccounts and objects run the cluster itself. */
export const PRIVILEGED_NAMESPACES: ReadonlySet<string> = new Set(['kube-system', 'kube-public', 'kube-node-lease']);

/** Groups every user, every unauthenticated client, or every ServiceAccount belongs to. */
const BROAD_GROUPS: Readonly<Record<string, string>> = {
  'system:unauthenticated': 'every unauthenticated client',
  'system:authenticated': 'every authenticated user',
  'system:serviceaccounts': 'every ServiceAccount of the cluster',
};

/** Who the subject stands for, when that is more than one identity. */
export function broadAudience(s: BoundSubject): string | undefined {
  if (s.kind === 'User' && s.name === 'system:anonymous') return 'anonymous requests';
  if (s.kind !== 'Group') return undefined;
  const broad = BROAD_GROUPS[s.name];
  if (broad) return broad;
  if (s.name.startsWith('system:serviceaccounts:')) return `every ServiceAccount of namespace ${s.name.slice('system:serviceaccounts:'.length)}`;
  return undefined;
}

/** What reaches the cluster as a subject from GitLab (agent SA, CI job or user identities). */
export interface GitlabReach {
  /** Why the subject is reachable from GitLab, or undefined. */
  reason(subject: BoundSubject): string | undefined;
}

export const NO_GITLAB_REACH: GitlabReach = { reason: () => undefined };

/** Subjects named after GitLab's impersonation identities are reachable by definition. */
export function gitlabIdentityReason(s: BoundSubject): string | undefined {
  if (s.kind === 'User' && s.name.startsWith('gitlab:ci_job:')) return 'a GitLab CI job identity (ci_access with access_as ci_job)';
  if (s.kind === 'User' && s.name.startsWith('gitlab:user:')) return 'a GitLab user identity (user_access with access_as user)';
  if (s.kind === 'Group' && s.name.startsWith('gitlab:')) return `GitLab identity group "${s.name}" (CI jobs or users through the agent)`;
  return undefined;
}
