import { defineRule } from '../types.js';

export default defineRule({
  meta: {
    id: 'yaml/duplicate-key',
    category: 'yaml',
    description: 'A mapping repeats a key; the later value silently replaces the earlier one (or the API rejects the object).',
    defaultSeverity: 'error',
    recommended: true,
    remediation: 'Remove or merge the repeated key so that each key appears once in its mapping.',
    since: '0.1.0',
  },
  check(ctx) {
    for (const file of ctx.workspace.files) {
      for (const doc of file.docs) {
        for (const p of doc.problems) {
          if (p.code !== 'DUPLICATE_KEY') continue;
          const end = keyEnd(file.source.text, p.startOffset);
          const key = file.source.text.slice(p.startOffset, end);
          ctx.report({
            at: { file: file.source.path, startOffset: p.startOffset, endOffset: end },
            message: `duplicate key ${JSON.stringify(key)}: only the last value is kept`,
            key,
          });
        }
      }
    }
  },
});

/** The parser marks only the key's first character; extend to the whole plain or quoted key. */
function keyEnd(text: string, start: number): number {
  const quote = text[start];
  if (quote === '"' || quote === "'") {
    const close = text.indexOf(quote, start + 1);
    return close === -1 ? start + 1 : close + 1;
  }
  let i = start;
  while (i < text.length && text[i] !== '\n' && text[i] !== '\r' && !(text[i] === ':' && /[\s]/.test(text[i + 1] ?? ' '))) i++;
  return Math.max(start + 1, i);
}
