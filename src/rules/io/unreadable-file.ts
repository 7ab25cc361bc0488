import { defineRule } from '../types.js';

export default defineRule({
  meta: {
    id: 'io/unreadable-file',
    category: 'io',
    description: 'A file or directory given to kaslint could not be read.',
    defaultSeverity: 'error',
    recommended: true,
    remediation: 'Check that the path exists and is readable, or exclude it with --ignore.',
    since: '0.1.0',
  },
  check(ctx) {
    for (const p of ctx.workspace.problems) {
      if (p.kind !== 'unreadable' && p.kind !== 'missing') continue;
      ctx.report({ at: { file: p.path, docIndex: 0, path: [] }, message: p.message });
    }
  },
});
