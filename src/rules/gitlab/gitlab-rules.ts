import type { RuleDefinition } from '../types.js';
import agentImpersonationPermissions from '../agent/impersonation-permissions.js';
import gitlabAgentClusterAdmin from './agent-cluster-admin.js';
import gitlabAgentVersionSkew from './agent-version-skew.js';
import gitlabCiAccessBroadAgentMode from './ci-access-broad-agent-mode.js';
import gitlabGitlabGroupGrant from './gitlab-group-grant.js';
import gitlabInsecureKasAddress from './insecure-kas-address.js';
import gitlabOcsSecretsRead from './ocs-secrets-read.js';
import gitlabPlaintextToken from './plaintext-token.js';
import gitlabUserAccessAgentMode from './user-access-agent-mode.js';

/**
 * GitLab-specific risks graded by reach: the agent chart's RBAC and secrets, the agent's
 * identity handed to CI jobs and users, GitLab identity groups, the KAS connection, and
 * the impersonate permissions the agent's ServiceAccount needs (agent/impersonation-permissions,
 * implemented in src/rules/agent/ after its id).
 */
export const GITLAB_RULES: readonly RuleDefinition[] = [
  agentImpersonationPermissions,
  gitlabAgentClusterAdmin,
  gitlabAgentVersionSkew,
  gitlabCiAccessBroadAgentMode,
  gitlabGitlabGroupGrant,
  gitlabInsecureKasAddress,
  gitlabOcsSecretsRead,
  gitlabPlaintextToken,
  gitlabUserAccessAgentMode,
];
