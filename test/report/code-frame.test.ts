import { describe, expect, it } from 'vitest';
import type { Range } from '../../src/model/range.js';
import { codeFrame as frameOfLines, sourceLines } from '../../src/report/code-frame.js';

// codeFrame reads lines and columns only; the offsets are not used.
const at = (line: number, column: number, endLine: number, endColumn: number): Range => ({
  start: { line, column },
  end: { line: endLine, column: endColumn },
  startOffset: 0,
  endOffset: 0,
});

const codeFrame = (text: string, range: Range, color: boolean): string[] => frameOfLines(sourceLines(text), range, color);

describe('codeFrame', () => {
  it('shows two lines of context and carets under the range', () => {
    const text = 'a: 1\nb: 2\nc: [x\nd: 4\n';
    expect(codeFrame(text, at(3, 4, 3, 6), false)).toEqual(['  |', '1 | a: 1', '2 | b: 2', '3 | c: [x', '  |    ^^']);
  });

  it('expands tabs so the carets stay under the marked characters', () => {
    expect(codeFrame('\tkey: v\n', at(1, 2, 1, 5), false)).toEqual(['  |', '1 |     key: v', '  |     ^^^']);
  });

  it('cuts a long line to a window around the marked column, with an ellipsis on each cut side', () => {
    const line = `${'a'.repeat(5000)}XY${'b'.repeat(5000)}`;
    const frame = codeFrame(line, at(1, 5001, 1, 5003), false);
    expect(frame).toHaveLength(3);
    const shown = frame[1]!.slice('1 | '.length);
    expect(shown.startsWith('…')).toBe(true);
    expect(shown.endsWith('…')).toBe(true);
    expect(shown.length).toBe(122);
    const caret = frame[2]!.slice('  | '.length);
    // The carets sit under X and Y in the shown window.
    expect(shown.slice(caret.indexOf('^'), caret.lastIndexOf('^') + 1)).toBe('XY');
  });

  it('keeps the start of a long line when the mark is near it', () => {
    const frame = codeFrame(`k: ${'v'.repeat(1000)}`, at(1, 1, 1, 2), false);
    expect(frame[1]).toBe(`1 | k: ${'v'.repeat(117)}…`);
    expect(frame[2]).toBe('  | ^');
  });

  it('shows the end of a long line when the mark is at its end', () => {
    const frame = codeFrame(`${'v'.repeat(1000)}!`, at(1, 1001, 1, 1002), false);
    expect(frame[1]!.endsWith('v!')).toBe(true);
    expect(frame[1]!.slice('1 | '.length).length).toBe(121);
    expect(frame[2]!.indexOf('^')).toBe(frame[1]!.indexOf('!'));
  });
});
