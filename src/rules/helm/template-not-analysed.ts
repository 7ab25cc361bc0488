import { defineRule } from '../types.js';

export default defineRule({
  meta: {
    id: 'helm/template-not-analysed',
    category: 'helm',
    description: 'A file contains Helm template syntax; kaslint does not execute templates, so its objects are not analysed.',
    defaultSeverity: 'info',
    recommended: true,
    remediation: 'Analyse the rendered output instead (helm template … | kaslint check -f -), or map the chart values with --values.',
    since: '0.1.0',
  },
  check(ctx) {
    for (const file of ctx.workspace.templates) {
      const offset = Math.max(0, file.source.text.indexOf('{{'));
      ctx.report({
        at: { file: file.source.path, startOffset: offset, endOffset: offset + 2 },
        message: 'Helm template syntax ({{ … }}): file not analysed',
        key: 'template',
      });
    }
  },
});
