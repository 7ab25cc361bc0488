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
import kaslintSuppressionWithoutReason from './kaslint/suppression-without-reason.js';
import kaslintUnusedSuppression from './kaslint/unused-suppression.js';
import { PERMISSION_RULES } from './rbac/permission-rules.js';
import { SUBJECT_RULES } from './rbac/subject-rules.js';
import { AGENT_RULES } from './agent/agent-rules.js';
import { GITLAB_RULES } from './gitlab/gitlab-rules.js';

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
  kaslintSuppressionWithoutReason,
  kaslintUnusedSuppression,
  ...PERMISSION_RULES,
  ...SUBJECT_RULES,
  ...AGENT_RULES,
  ...GITLAB_RULES,
].sort((a, b) => (a.meta.id < b.meta.id ? -1 : a.meta.id > b.meta.id ? 1 : 0));

export function ruleById(id: string): RuleDefinition | undefined {
  return RULES.find((r) => r.meta.id === id);
}
