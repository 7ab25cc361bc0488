import { defineRule } from '../types.js';

/** Parser codes reported by their own rules. */
const OWN_RULES = new Set(['DUPLICATE_KEY', 'ALIAS_LIMIT']);

/**
 * Past this many errors in one file the rest are one finding: a damaged line (thousands of
 * stray quotes) makes the parser report every character, which helps nobody and would make
 * the reports quadratic in the line length.
 */
export const MAX_SYNTAX_ERRORS_PER_FILE = 20;

/** Clearer wording where the parser's message is terse. */
const FRIENDLY: Readonly<Record<string, string>> = {
  TAB_AS_INDENT: 'tabs are not allowed as indentation in YAML; indent with spaces',
};

export default defineRule({
  meta: {
    id: 'yaml/syntax',
    category: 'yaml',
    description: 'A document is not valid YAML; what Kubernetes or GitLab would read from it is undefined.',
    defaultSeverity: 'error',
    recommended: true,
    remediation: 'Fix the YAML syntax at the marked position (indent with spaces, close brackets and quotes).',
    since: '0.1.0',
  },
  check(ctx) {
    for (const file of ctx.workspace.files) {
      const errors = file.docs.flatMap((doc) => doc.problems.filter((p) => !p.warning && !OWN_RULES.has(p.code)));
      errors.slice(0, MAX_SYNTAX_ERRORS_PER_FILE).forEach((p) => {
        ctx.report({
          at: { file: file.source.path, startOffset: p.startOffset, endOffset: p.endOffset },
          message: FRIENDLY[p.code] ?? p.message,
          key: p.code,
        });
      });
      const rest = errors.slice(MAX_SYNTAX_ERRORS_PER_FILE);
      const next = rest[0];
      if (next === undefined) continue;
      ctx.report({
        at: { file: file.source.path, startOffset: next.startOffset, endOffset: next.endOffset },
        message: `${rest.length} more YAML syntax error(s) in this file from here on, not listed one by one; fix the ones above first`,
        key: 'MORE_ERRORS',
      });
    }
  },
});
