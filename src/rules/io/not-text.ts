import { defineRule } from '../types.js';

export default defineRule({
  meta: {
    id: 'io/not-text',
    category: 'io',
    description: 'A file is binary or not valid UTF-8, so it cannot be YAML or JSON.',
    defaultSeverity: 'error',
    recommended: true,
    remediation: 'Save the file as UTF-8 text, or exclude it with --ignore if it is not a manifest.',
    since: '0.1.0',
  },
  check(ctx) {
    for (const p of ctx.workspace.problems) {
      if (p.kind === 'binary' || p.kind === 'invalid-utf8') ctx.report({ at: { file: p.path, docIndex: 0, path: [] }, message: p.message });
    }
  },
});
