import { defineRule } from '../types.js';

export default defineRule({
  meta: {
    id: 'io/file-too-large',
    category: 'io',
    description: 'A file is larger than the per-file size limit and was not analysed.',
    defaultSeverity: 'error',
    recommended: true,
    remediation: 'Split the file, exclude it with --ignore, or raise the limit with --max-file-size.',
    since: '0.1.0',
  },
  check(ctx) {
    for (const p of ctx.workspace.problems) {
      if (p.kind === 'too-large') ctx.report({ at: { file: p.path, docIndex: 0, path: [] }, message: p.message });
    }
  },
});
