import type { Range } from '../model/range.js';
import { paint } from './style.js';

const CONTEXT_LINES = 2;
const MAX_RANGE_LINES = 5;

function splitLines(text: string): string[] {
  return text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
}

/** Expand tabs for display so carets line up; returns the display column of each char. */
function displayColumns(line: string): { shown: string; col: (i: number) => number } {
  const cols: number[] = [];
  let shown = '';
  for (const ch of line) {
    cols.push(shown.length);
    shown += ch === '\t' ? '    ' : ch;
  }
  cols.push(shown.length);
  return { shown, col: (i) => cols[Math.min(i, cols.length - 1)] ?? shown.length };
}

/**
 * A rustc-style frame: two lines of context, the range's lines with carets under the
 * columns it covers. Positions are 1-based, as everywhere in kaslint.
 */
export function frameWidth(range: Range): number {
  return String(Math.min(Math.max(range.start.line, range.end.line), range.start.line + MAX_RANGE_LINES - 1)).length;
}

export function codeFrame(text: string, range: Range, color: boolean): string[] {
  const lines = splitLines(text);
  const first = range.start.line;
  let last = Math.max(first, range.end.line);
  // A range ending at column 1 of the next line covers nothing there.
  if (last > first && range.end.column === 1) last -= 1;
  const shownLast = Math.min(last, first + MAX_RANGE_LINES - 1);
  const from = Math.max(1, first - CONTEXT_LINES);
  const width = frameWidth(range);
  const gutter = (n?: number): string => paint(color, `${n === undefined ? ''.padStart(width) : String(n).padStart(width)} |`, 'blue', 'bold');
  const out: string[] = [gutter()];
  for (let n = from; n <= shownLast; n++) {
    const raw = lines[n - 1];
    if (raw === undefined) break;
    const { shown, col } = displayColumns(raw);
    out.push(`${gutter(n)}${shown === '' ? '' : ' ' + shown}`);
    if (n < first) continue;
    const startChar = n === first ? range.start.column - 1 : leadingSpace(raw);
    const endChar = n === last ? range.end.column - 1 : [...raw].length;
    const a = col(startChar);
    const b = Math.max(a + 1, col(Math.max(endChar, startChar)));
    out.push(`${gutter()} ${' '.repeat(a)}${paint(color, '^'.repeat(b - a), 'red', 'bold')}`);
  }
  if (shownLast < last) out.push(`${gutter()} ${paint(color, `… ${last - shownLast} more line(s)`, 'dim')}`);
  return out;
}

function leadingSpace(line: string): number {
  return line.length - line.trimStart().length;
}
