import { defineRule } from '../types.js';

/** Parser codes reported by their own rules. */
const OWN_RULES = new Set(['DUPLICATE_KEY', 'ALIAS_LIMIT']);

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
      for (const doc of file.docs) {
        for (const p of doc.problems) {
          if (p.warning || OWN_RULES.has(p.code)) continue;
          const friendly = FRIENDLY[p.code];
          ctx.report({
            at: { file: file.source.path, startOffset: p.startOffset, endOffset: p.endOffset },
            message: friendly ?? p.message,
            key: p.code,
          });
        }
      }
    }
  },
});
