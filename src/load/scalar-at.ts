import { entryFor, type DocumentMap, type MapNode } from './doc-map.js';
import type { JsonPath } from '../model/path.js';

export interface ScalarSource {
  /** How the scalar was written: PLAIN, QUOTE_SINGLE, QUOTE_DOUBLE, BLOCK_LITERAL, BLOCK_FOLDED. */
  readonly style: string;
  /** The scalar exactly as written. */
  readonly source: string;
}

/** How the value at a path was written in the file, when it is a scalar. */
export function scalarAt(doc: DocumentMap, path: JsonPath): ScalarSource | undefined {
  let node: MapNode | undefined = doc.root;
  for (const seg of path) {
    if (node?.kind === 'mapping') {
      const entry = entryFor(node, seg);
      if (!entry) return undefined;
      node = entry.value;
    } else if (node?.kind === 'sequence' && typeof seg === 'number') {
      node = node.items[seg]?.value;
    } else return undefined;
  }
  return node?.kind === 'scalar' ? { style: node.style, source: node.source } : undefined;
}

const YAML11_BOOLEANS = /^(y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/;
const YAML11_NUMBERS = /^([-+]?0[0-7_]+|[-+]?0x[0-9a-fA-F_]+|[-+]?0b[01_]+|[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?|[-+]?[0-9][0-9_]*_[0-9_]*)$/;

/**
 * A plain scalar that YAML 1.1 (Kubernetes, KAS) reads as a boolean or a number while a
 * YAML 1.2 reader (and most people) would read it as text: `no`, `on`, `y`, `0755`, `1_000`.
 */
export function isYaml11Ambiguous(s: ScalarSource | undefined): boolean {
  // Ambiguous YAML 1.1 scalars are short; a length cap also keeps the patterns below linear
  // on hostile input.
  if (!s || s.style !== 'PLAIN' || s.source.length > 64) return false;
  if (YAML11_BOOLEANS.test(s.source)) return !/^(true|True|TRUE|false|False|FALSE)$/.test(s.source);
  return YAML11_NUMBERS.test(s.source);
}
