import type { RuleDefinition } from '../types.js';
import agentAuthorizationScope from './authorization-scope.js';
import agentCiContext from './ci-context.js';
import agentConfigPath from './config-path.js';
import agentDefaultNamespace from './default-namespace.js';
import agentDuplicateEntry from './duplicate-entry.js';
import agentEntryLimit from './entry-limit.js';
import agentEnvironmentPattern from './environment-pattern.js';
import agentGroupRestrictsConfigProject from './group-restricts-config-project.js';
import agentImpersonateExtraKey from './impersonate-extra-key.js';
import agentJobsWithoutEnvironment from './jobs-without-environment.js';
import agentNestedImpersonation from './nested-impersonation.js';
import agentPremiumAccessMode from './premium-access-mode.js';
import agentProjectReference from './project-reference.js';

/** GitLab agent semantics: config paths, ci_access/user_access references, .gitlab-ci.yml contexts. */
export const AGENT_RULES: readonly RuleDefinition[] = [
  agentAuthorizationScope,
  agentCiContext,
  agentConfigPath,
  agentDefaultNamespace,
  agentDuplicateEntry,
  agentEntryLimit,
  agentEnvironmentPattern,
  agentGroupRestrictsConfigProject,
  agentImpersonateExtraKey,
  agentJobsWithoutEnvironment,
  agentNestedImpersonation,
  agentPremiumAccessMode,
  agentProjectReference,
];
