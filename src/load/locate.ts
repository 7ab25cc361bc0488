import { entryFor, type DocumentMap, type MapNode, type Span } from './doc-map.js';
import type { JsonPath } from '../model/path.js';

export interface LocatedOffsets {
  readonly startOffset: number;
  readonly endOffset: number;
  /** False when the path does not exist and the nearest existing ancestor was used. */
  readonly exact: boolean;
}

/**
 * Map a JSON path to offsets in a parsed document: the key of the last segment
 * (target 'key') or its value (target 'value'). A missing path falls back to the
 * deepest existing ancestor's key, so every finding still points somewhere real.
 */
export function locateInDocument(doc: DocumentMap, path: JsonPath, target: 'key' | 'value'): LocatedOffsets {
  let node: MapNode | undefined = doc.root;
  let best: { range: Span | undefined; keyRange: Span | undefined } = { range: doc.span, keyRange: undefined };
  let exact = true;

  for (const seg of path) {
    if (node?.kind === 'mapping') {
      const entry = entryFor(node, seg);
      if (!entry) {
        exact = false;
        break;
      }
      node = entry.value;
      best = { range: entry.valueSpan ?? entry.keySpan, keyRange: entry.keySpan };
    } else if (node?.kind === 'sequence' && typeof seg === 'number') {
      const item = node.items[seg];
      if (item === undefined) {
        exact = false;
        break;
      }
      node = item.value;
      best = { range: item.span, keyRange: item.span };
    } else {
      exact = false;
      break;
    }
  }

  const preferKey = target === 'key' || !exact;
  const chosen = (preferKey ? best.keyRange : best.range) ?? best.range ?? best.keyRange ?? doc.span;
  const start = chosen[0];
  // For values, stop at valueEnd (chosen[1]) so trailing comments are not underlined.
  const end = Math.max(chosen[1], start + 1);
  return { startOffset: start, endOffset: end, exact };
}
