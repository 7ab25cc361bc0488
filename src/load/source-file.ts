import { LineCounter } from 'yaml';

/** One input file as text, with what the loader noticed about its encoding. */
export interface SourceFile {
  /** Path relative to the working directory, POSIX separators; '-' for stdin. */
  readonly path: string;
  /** Text without a leading BOM. */
  readonly text: string;
  readonly lineCounter: LineCounter;
  readonly hadBom: boolean;
  readonly crlf: boolean;
}

export function makeSourceFile(path: string, rawText: string): SourceFile {
  const hadBom = rawText.charCodeAt(0) === 0xfeff;
  const text = hadBom ? rawText.slice(1) : rawText;
  const lineCounter = new LineCounter();
  // The parser fills the counter as it goes; files that are never parsed (templates,
  // binary) still need positions, so fill it here once and hand it to the parser unused.
  lineCounter.addNewLine(0);
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lineCounter.addNewLine(i + 1);
  return { path, text, lineCounter, hadBom, crlf: text.includes('\r\n') };
}

/** 1-based line/column of a character offset. */
export function positionAt(file: SourceFile, offset: number): { line: number; column: number } {
  const clamped = Math.max(0, Math.min(offset, file.text.length));
  const { line, col } = file.lineCounter.linePos(clamped);
  return { line, column: col };
}

/** Text of a 1-based line without its line terminator. */
export function lineText(file: SourceFile, line: number): string {
  const starts = file.lineCounter.lineStarts;
  const start = starts[line - 1];
  if (start === undefined) return '';
  const next = starts[line];
  let end = next === undefined ? file.text.length : next - 1;
  if (end > start && file.text.charCodeAt(end - 1) === 13) end -= 1;
  return file.text.slice(start, Math.max(start, end));
}
