import { defineRule } from '../types.js';

export default defineRule({
  meta: {
    id: 'yaml/alias-limit',
    category: 'yaml',
    description: 'A document expands YAML aliases beyond a safe limit (an "alias bomb") and was not analysed.',
    defaultSeverity: 'error',
    recommended: true,
    remediation: 'Replace nested aliases with plain content; anchors that expand exponentially are rejected by Kubernetes too.',
    since: '0.1.0',
  },
  check(ctx) {
    for (const file of ctx.workspace.files) {
      for (const doc of file.docs) {
        for (const p of doc.problems) {
          if (p.code !== 'ALIAS_LIMIT') continue;
          ctx.report({ at: { file: file.source.path, startOffset: p.startOffset, endOffset: p.startOffset + 1 }, message: p.message });
        }
      }
    }
  },
});
