import type { RuleDefinition } from './types.js';
import ioUnreadableFile from './io/unreadable-file.js';
import ioFileTooLarge from './io/file-too-large.js';
import ioNotText from './io/not-text.js';
import yamlSyntax from './yaml/syntax.js';
import yamlDuplicateKey from './yaml/duplicate-key.js';
import yamlMergeConflict from './yaml/merge-conflict.js';
import yamlAliasLimit from './yaml/alias-limit.js';
import helmTemplateNotAnalysed from './helm/template-not-analysed.js';

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
].sort((a, b) => (a.meta.id < b.meta.id ? -1 : a.meta.id > b.meta.id ? 1 : 0));

export function ruleById(id: string): RuleDefinition | undefined {
  return RULES.find((r) => r.meta.id === id);
}
