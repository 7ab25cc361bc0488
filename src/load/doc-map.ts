import { isAlias, isCollection, isMap, isPair, isScalar, isSeq, Scalar, type Document } from 'yaml';

// What finding locations need from a parsed document, kept instead of yaml's syntax tree:
// for every collection its entries with key and value offsets, for every scalar how it was
// written. A few times smaller than the tree (which every document would otherwise keep
// alive until the report is written) and plain data, so it can cross a thread boundary.
// Aliases point at the node of their anchor, exactly as resolving the alias in the tree.

/** Offsets [start, valueEnd) of a node as written (valueEnd excludes trailing comments). */
export type Span = readonly [number, number];

export type MapNode = ScalarNode | MappingNode | SequenceNode | OtherNode;

export interface ScalarNode {
  readonly kind: 'scalar';
  /** How the scalar was written: PLAIN, QUOTE_SINGLE, QUOTE_DOUBLE, BLOCK_LITERAL, BLOCK_FOLDED. */
  readonly style: string;
  /** The scalar exactly as written. */
  readonly source: string;
}

export interface MappingEntry {
  /** The key as text when it is a scalar (String of its value); undefined for other keys. */
  readonly key: string | undefined;
  readonly keySpan: Span | undefined;
  /** Span of the value as written (an alias's own span); undefined when there is no value node. */
  readonly valueSpan: Span | undefined;
  /** The value, aliases resolved. */
  readonly value: MapNode | undefined;
}

export interface MappingNode {
  readonly kind: 'mapping';
  readonly entries: MappingEntry[];
}

export interface SequenceItem {
  readonly span: Span | undefined;
  readonly value: MapNode | undefined;
}

export interface SequenceNode {
  readonly kind: 'sequence';
  readonly items: (SequenceItem | undefined)[];
}

/** A node that paths cannot go through (a pair inside a sequence, an unresolvable alias). */
export interface OtherNode {
  readonly kind: 'other';
}

export interface DocumentMap {
  /** The document's contents (or, when empty, the document itself). */
  readonly span: Span;
  readonly root: MapNode | undefined;
  /** Deepest nesting of collections (0: a scalar or nothing). */
  readonly depth: number;
  /** Span of the first list or mapping used as a mapping key, if any. */
  readonly collectionKey?: Span;
}

const OTHER: OtherNode = { kind: 'other' };

function spanOf(node: unknown): Span | undefined {
  if (node && typeof node === 'object' && 'range' in node) {
    const r = (node as { range?: readonly number[] | null }).range;
    if (r && r.length >= 2) return [r[0] as number, r[1] as number];
  }
  return undefined;
}

/**
 * Build the map of a parsed document. Iterative (a deeply nested document cannot overflow
 * the stack here); each tree node is mapped once, so aliases share their anchor's node.
 */
export function documentMap(doc: Document.Parsed): DocumentMap {
  const docRange = doc.contents?.range ?? doc.range;
  const mapped = new Map<unknown, MapNode>();
  const pending: [unknown, MappingNode | SequenceNode, number][] = [];
  let depth = 0;
  let collectionKey: Span | undefined;

  // The map node of a tree node, created empty for collections and filled from `pending`.
  const nodeFor = (raw: unknown, level: number): MapNode | undefined => {
    let target = raw;
    const seen = new Set<unknown>();
    while (isAlias(target) && !seen.has(target)) {
      seen.add(target);
      target = target.resolve(doc);
    }
    if (target === null || target === undefined) return undefined;
    const known = mapped.get(target);
    if (known) return known;
    let node: MapNode;
    if (isMap(target)) {
      node = { kind: 'mapping', entries: [] };
      pending.push([target, node, level]);
    } else if (isSeq(target)) {
      node = { kind: 'sequence', items: [] };
      pending.push([target, node, level]);
    } else if (isScalar(target)) {
      const s = target as Scalar & { source?: unknown };
      node = { kind: 'scalar', style: String(target.type ?? Scalar.PLAIN), source: typeof s.source === 'string' ? s.source : String(target.value) };
    } else {
      node = OTHER;
    }
    mapped.set(target, node);
    return node;
  };

  const root = nodeFor(doc.contents, 1);
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [raw, node, level] = next;
    depth = Math.max(depth, level);
    if (node.kind === 'mapping' && isMap(raw)) {
      for (const pair of raw.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
        if (key === undefined && collectionKey === undefined && isCollection(pair.key)) collectionKey = spanOf(pair.key) ?? [docRange[0], docRange[0] + 1];
        node.entries.push({ key, keySpan: spanOf(pair.key), valueSpan: spanOf(pair.value), value: nodeFor(pair.value, level + 1) });
      }
    } else if (node.kind === 'sequence' && isSeq(raw)) {
      for (const item of raw.items) {
        if (item === null || item === undefined) node.items.push(undefined);
        else if (isPair(item)) {
          // A pair directly in a sequence: no path goes through it, but its key is still a key.
          if (collectionKey === undefined && isCollection(item.key)) collectionKey = spanOf(item.key) ?? [docRange[0], docRange[0] + 1];
          node.items.push({ span: spanOf(item), value: OTHER });
        } else node.items.push({ span: spanOf(item), value: nodeFor(item, level + 1) });
      }
    }
  }
  return { span: [docRange[0], docRange[1]], root, depth, ...(collectionKey ? { collectionKey } : {}) };
}

/** The first entry of a mapping whose key reads as `seg` (later duplicates are not reached). */
export function entryFor(node: MappingNode, seg: string | number): MappingEntry | undefined {
  const key = String(seg);
  return node.entries.find((e) => e.key === key);
}
