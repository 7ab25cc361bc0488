// Go text/tabwriter as kubectl configures it for tables (cli-runtime GetNewTabWriter:
// minwidth 6, tabwidth 4, padding 3, pad char ' ', no alignment flags). Cells end with '\t';
// the text after a line's last tab is not part of a column and is never padded. A column's
// width is computed per block of consecutive lines that have that column. Not emulated: the
// early flush after a line without tabs combined with the RememberWidths flag of kubectl's
// fork (can-i tables never contain such lines).
import { runeCount } from './go-text.js';

export interface TabwriterOptions {
  readonly minWidth: number;
  readonly padding: number;
}

export const KUBECTL_TABWRITER: TabwriterOptions = { minWidth: 6, padding: 3 };

/** Formats complete text (as if written, then flushed) the way tabwriter would. */
export function formatTabbed(text: string, options: TabwriterOptions = KUBECTL_TABWRITER): string {
  const lines = text.split('\n').map((l) => l.split('\t'));
  const widths: number[] = [];
  const out: string[] = [];
  formatBlock(lines, 0, lines.length, widths, out, options);
  return out.join('');
}

function formatBlock(lines: string[][], line0: number, line1: number, widths: number[], out: string[], options: TabwriterOptions): void {
  const column = widths.length;
  let start = line0;
  for (let i = line0; i < line1; i++) {
    if (column >= cellsIn(lines, i) - 1) continue;
    // A block of lines that all have a terminated cell in this column starts here.
    writeLines(lines, start, i, widths, out);
    let width = options.minWidth;
    let end = i;
    for (; end < line1 && column < cellsIn(lines, end) - 1; end++) {
      width = Math.max(width, runeCount(lines[end]?.[column] ?? '') + options.padding);
    }
    widths.push(width);
    formatBlock(lines, i, end, widths, out, options);
    widths.pop();
    start = end;
    i = end - 1;
  }
  writeLines(lines, start, line1, widths, out);
}

function cellsIn(lines: string[][], i: number): number {
  return lines[i]?.length ?? 0;
}

function writeLines(lines: string[][], line0: number, line1: number, widths: readonly number[], out: string[]): void {
  for (let i = line0; i < line1; i++) {
    const cells = lines[i] ?? [];
    cells.forEach((cell, j) => {
      out.push(cell);
      const w = widths[j];
      // Only cells inside the current column blocks are padded; a line's last cell never is.
      if (w !== undefined) out.push(' '.repeat(Math.max(0, w - runeCount(cell))));
    });
    if (i < lines.length - 1) out.push('\n');
  }
}
