import { isAlias, isMap, isPair, isScalar, isSeq, type Document } from 'yaml';
import type { JsonPath } from '../model/path.js';

export interface LocatedOffsets {
  readonly startOffset: number;
  readonly endOffset: number;
  /** False when the path does not exist and the nearest existing ancestor was used. */
  readonly exact: boolean;
}

type NodeRange = readonly [number, number, number];

/**
 * Map a JSON path to offsets in a parsed document: the key of the last segment
 * (target 'key') or its value (target 'value'). A missing path falls back to the
 * deepest existing ancestor's key, so every finding still points somewhere real.
 */
export function locateInDocument(doc: Document.Parsed, path: JsonPath, target: 'key' | 'value'): LocatedOffsets {
  const docRange = doc.contents?.range ?? doc.range;
  let node: unknown = doc.contents;
  let best: { range: NodeRange | undefined; keyRange: NodeRange | undefined } = {
    range: docRange,
    keyRange: undefined,
  };
  let exact = true;
  const seen = new Set<unknown>();

  for (const seg of path) {
    node = resolveAlias(node, doc, seen);
    if (isMap(node)) {
      const pair = node.items.find((p) => keyEquals(p, seg));
      if (!pair) {
        exact = false;
        break;
      }
      node = pair.value;
      best = { range: rangeOf(pair.value) ?? rangeOf(pair.key), keyRange: rangeOf(pair.key) };
    } else if (isSeq(node) && typeof seg === 'number') {
      const item = node.items[seg];
      if (item === undefined || item === null) {
        exact = false;
        break;
      }
      node = item;
      const r = rangeOf(item);
      best = { range: r, keyRange: r };
    } else {
      exact = false;
      break;
    }
  }

  const preferKey = target === 'key' || !exact;
  const chosen = (preferKey ? best.keyRange : best.range) ?? best.range ?? best.keyRange ?? docRange;
  const start = chosen[0];
  // For values, stop at valueEnd (chosen[1]) so trailing comments are not underlined.
  const end = Math.max(chosen[1], start + 1);
  return { startOffset: start, endOffset: end, exact };
}

function keyEquals(pair: unknown, seg: string | number): boolean {
  if (!isPair(pair)) return false;
  const key = pair.key;
  if (isScalar(key)) return String(key.value) === String(seg);
  return false;
}

function rangeOf(node: unknown): NodeRange | undefined {
  if (node && typeof node === 'object' && 'range' in node) {
    const r = (node as { range?: NodeRange | null }).range;
    return r ?? undefined;
  }
  return undefined;
}

function resolveAlias(node: unknown, doc: Document.Parsed, seen: Set<unknown>): unknown {
  let cur = node;
  while (isAlias(cur) && !seen.has(cur)) {
    seen.add(cur);
    cur = cur.resolve(doc);
  }
  return cur;
}
