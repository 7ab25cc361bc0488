import type { SourceFile } from './source-file.js';

const MARKER_RE = /^(<{7}|={7}|>{7})(?: |$)/;

/** Offsets of merge-conflict marker lines (`<<<<<<<`, `=======`, `>>>>>>>`). */
export function conflictMarkers(file: SourceFile): { startOffset: number; endOffset: number; marker: string }[] {
  const out: { startOffset: number; endOffset: number; marker: string }[] = [];
  const text = file.text;
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    const line = text.slice(start, end).replace(/\r$/, '');
    const m = MARKER_RE.exec(line);
    if (m?.[1]) out.push({ startOffset: start, endOffset: start + line.length, marker: m[1] });
    start = end + 1;
  }
  return out;
}
