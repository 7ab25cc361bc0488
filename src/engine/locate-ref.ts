import { locateInDocument } from '../load/locate.js';
import { positionAt } from '../load/source-file.js';
import type { FindingLocation } from '../model/finding.js';
import type { SourceRef } from '../model/path.js';
import type { Workspace } from '../model/workspace.js';

/** The one place that turns document paths into lines and columns. */
export function locateRef(ws: Workspace, ref: SourceRef, target: 'key' | 'value' = 'key'): FindingLocation {
  const file = ws.file(ref.file);
  const doc = file?.docs[ref.docIndex];
  if (!file || !doc) {
    // Files that were never parsed (unreadable, templates): point at the top.
    const origin = { line: 1, column: 1 };
    return { file: ref.file, path: ref.path, exact: ref.path.length === 0, range: { start: origin, end: origin, startOffset: 0, endOffset: 0 } };
  }
  const located = locateInDocument(doc.map, ref.path, target);
  let endOffset = located.endOffset;
  // A sequence item has no key of its own: as a "key" it stands for its first line.
  if (target === 'key' && located.exact && typeof ref.path[ref.path.length - 1] === 'number') {
    const nl = file.source.text.indexOf('\n', located.startOffset);
    if (nl !== -1 && nl < endOffset) endOffset = file.source.text[nl - 1] === '\r' ? nl - 1 : nl;
  }
  return {
    file: ref.file,
    path: ref.path,
    exact: located.exact,
    range: {
      start: positionAt(file.source, located.startOffset),
      end: positionAt(file.source, endOffset),
      startOffset: located.startOffset,
      endOffset,
    },
  };
}

/** A location from raw offsets (parser errors). */
export function locateOffsets(ws: Workspace, fileName: string, startOffset: number, endOffset: number): FindingLocation {
  const file = ws.file(fileName);
  if (!file) return locateRef(ws, { file: fileName, docIndex: 0, path: [] });
  const end = Math.min(Math.max(endOffset, startOffset), file.source.text.length);
  return {
    file: fileName,
    path: [],
    exact: true,
    range: {
      start: positionAt(file.source, startOffset),
      end: positionAt(file.source, end),
      startOffset,
      endOffset: end,
    },
  };
}
