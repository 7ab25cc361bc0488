import type { Range } from '../model/range.js';
import { paint } from './style.js';

const CONTEXT_LINES = 2;
const MAX_RANGE_LINES = 5;
/** Longer lines are shown as a window around the marked column (minified JSON, long strings). */
const MAX_SHOWN_WIDTH = 120;
const WINDOW_LEAD = 40;
const ELLIPSIS = '…';

/** A file's lines without their line endings; split once per file, not once per finding. */
export function sourceLines(text: string): string[] {
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

/** Width of the line-number gutter of a range's frame. */
export function frameWidth(range: Range): number {
  return String(Math.min(Math.max(range.start.line, range.end.line), range.start.line + MAX_RANGE_LINES - 1)).length;
}

/**
 * A rustc-style frame over a file's lines (sourceLines): two lines of context, the range's
 * lines with carets under the columns it covers. Positions are 1-based, as everywhere in kaslint.
 */
export function codeFrame(lines: readonly string[], range: Range, color: boolean): string[] {
  const first = range.start.line;
  let last = Math.max(first, range.end.line);
  // A range ending at column 1 of the next line covers nothing there.
  if (last > first && range.end.column === 1) last -= 1;
  const shownLast = Math.min(last, first + MAX_RANGE_LINES - 1);
  const from = Math.max(1, first - CONTEXT_LINES);
  const width = frameWidth(range);
  const gutter = (n?: number): string => paint(color, `${n === undefined ? ''.padStart(width) : String(n).padStart(width)} |`, 'blue', 'bold');
  const out: string[] = [gutter()];
  const firstLine = lines[first - 1] ?? '';
  const windowStart = Math.max(0, displayColumns(firstLine).col(range.start.column - 1) - WINDOW_LEAD);
  for (let n = from; n <= shownLast; n++) {
    const raw = lines[n - 1];
    if (raw === undefined) break;
    const { shown, col } = displayColumns(raw);
    const view = clip(shown, windowStart);
    out.push(`${gutter(n)}${view.text === '' ? '' : ' ' + view.text}`);
    if (n < first) continue;
    const startChar = n === first ? range.start.column - 1 : leadingSpace(raw);
    const endChar = n === last ? range.end.column - 1 : [...raw].length;
    const a = view.at(col(startChar));
    const b = Math.max(a + 1, view.at(col(Math.max(endChar, startChar))));
    out.push(`${gutter()} ${' '.repeat(a)}${paint(color, '^'.repeat(b - a), 'red', 'bold')}`);
  }
  if (shownLast < last) out.push(`${gutter()} ${paint(color, `… ${last - shownLast} more line(s)`, 'dim')}`);
  return out;
}

/**
 * The part of a display line that fits MAX_SHOWN_WIDTH, from windowStart when the line is too
 * long, with an ellipsis on each cut side; `at` maps a display column into the clipped text.
 */
function clip(shown: string, windowStart: number): { text: string; at: (displayCol: number) => number } {
  if (shown.length <= MAX_SHOWN_WIDTH) return { text: shown, at: (c) => c };
  const start = Math.min(windowStart, Math.max(0, shown.length - MAX_SHOWN_WIDTH));
  const end = Math.min(shown.length, start + MAX_SHOWN_WIDTH);
  const lead = start > 0 ? ELLIPSIS : '';
  const text = `${lead}${shown.slice(start, end)}${end < shown.length ? ELLIPSIS : ''}`;
  return { text, at: (c) => Math.min(Math.max(c, start), end) - start + lead.length };
}

function leadingSpace(line: string): number {
  return line.length - line.trimStart().length;
}
