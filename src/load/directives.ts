import type { SourceFile } from './source-file.js';

export type DirectiveKind = 'disable-next-line' | 'disable-line' | 'disable';

/** A `# kaslint-disable…` comment. */
export interface Directive {
  readonly kind: DirectiveKind;
  /** Rule ids named by the comment. */
  readonly rules: readonly string[];
  /** Text after ` -- `; '' when missing. */
  readonly reason: string;
  /** 1-based line of the comment. */
  readonly line: number;
  readonly startOffset: number;
  readonly endOffset: number;
}

const DIRECTIVE_RE = /(?:^|\s)#\s*kaslint-(disable-next-line|disable-line|disable)\b([^\n]*)$/;

/** Every kaslint directive comment of a file, in line order. */
export function scanDirectives(file: SourceFile): Directive[] {
  const out: Directive[] = [];
  const text = file.text;
  if (!text.includes('kaslint-disable')) return out;
  let start = 0;
  let line = 1;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    const lineText = text.slice(start, end).replace(/\r$/, '');
    const m = DIRECTIVE_RE.exec(lineText);
    if (m?.[1] !== undefined) {
      const body = m[2] ?? '';
      const sep = body.indexOf(' -- ');
      const rulesPart = sep === -1 ? body : body.slice(0, sep);
      const reason = sep === -1 ? '' : body.slice(sep + 4).trim();
      const hash = lineText.indexOf('#', m.index);
      out.push({
        kind: m[1] as DirectiveKind,
        rules: rulesPart.split(/[\s,]+/).filter((r) => r !== ''),
        reason,
        line,
        startOffset: start + hash,
        endOffset: start + lineText.length,
      });
    }
    start = end + 1;
    line += 1;
  }
  return out;
}

/** `kaslint.io/ignore: "RULE[,RULE] -- reason"` on an object. */
export function parseIgnoreAnnotation(value: string): { rules: string[]; reason: string } {
  const sep = value.indexOf(' -- ');
  const rulesPart = sep === -1 ? value : value.slice(0, sep);
  return { rules: rulesPart.split(/[\s,]+/).filter((r) => r !== ''), reason: sep === -1 ? '' : value.slice(sep + 4).trim() };
}

export const IGNORE_ANNOTATION = 'kaslint.io/ignore';
