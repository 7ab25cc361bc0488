import type { RuleDefinition } from '../types.js';
import rbacClusterAdmin from './cluster-admin.js';
import rbacPodCreate from './pod-create.js';
import rbacSecretsRead from './secrets-read.js';
import rbacWildcardApiGroups from './wildcard-api-groups.js';
import rbacWildcardResources from './wildcard-resources.js';
import rbacWildcardVerbs from './wildcard-verbs.js';

/** Permission-side risks (what a subject can do). */
export const PERMISSION_RULES: readonly RuleDefinition[] = [
  rbacClusterAdmin,
  rbacPodCreate,
  rbacSecretsRead,
  rbacWildcardApiGroups,
  rbacWildcardResources,
  rbacWildcardVerbs,
];
