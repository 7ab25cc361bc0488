import type { RuleDefinition } from './types.js';
import ioUnreadableFile from './io/unreadable-file.js';
import ioFileTooLarge from './io/file-too-large.js';
import ioNotText from './io/not-text.js';
import yamlSyntax from './yaml/syntax.js';
import yamlDuplicateKey from './yaml/duplicate-key.js';
import yamlMergeConflict from './yaml/merge-conflict.js';
import yamlAliasLimit from './yaml/alias-limit.js';
import helmTemplateNotAnalysed from './helm/template-not-analysed.js';
import schemaAgentConfig from './schema/agent-config.js';
import schemaChartValues from './schema/chart-values.js';
import schemaKubernetes from './schema/kubernetes.js';
import yamlYaml11Scalar from './yaml/yaml11-scalar.js';
import rbacClusterAdmin from './rbac/cluster-admin.js';
import rbacPodCreate from './rbac/pod-create.js';
import rbacSecretsRead from './rbac/secrets-read.js';
import rbacWildcardApiGroups from './rbac/wildcard-api-groups.js';
import rbacWildcardResources from './rbac/wildcard-resources.js';
import rbacWildcardVerbs from './rbac/wildcard-verbs.js';

/** Every rule, in one explicit list sorted by id (no side-effect registration). */
export const RULES: readonly RuleDefinition[] = [
  helmTemplateNotAnalysed,
  ioFileTooLarge,
  ioNotText,
  ioUnreadableFile,
  yamlAliasLimit,
  yamlDuplicateKey,
  yamlMergeConflict,
  yamlSyntax,
  schemaAgentConfig,
  schemaChartValues,
  schemaKubernetes,
  yamlYaml11Scalar,
  rbacClusterAdmin,
  rbacPodCreate,
  rbacSecretsRead,
  rbacWildcardApiGroups,
  rbacWildcardResources,
  rbacWildcardVerbs,
].sort((a, b) => (a.meta.id < b.meta.id ? -1 : a.meta.id > b.meta.id ? 1 : 0));

export function ruleById(id: string): RuleDefinition | undefined {
  return RULES.find((r) => r.meta.id === id);
}
