import { isCollection, isPair, parseAllDocuments, type Document } from 'yaml';
import { documentMap, type DocumentMap } from './doc-map.js';
import type { SourceFile } from './source-file.js';

/** A YAML problem found while parsing, located by character offsets. */
export interface YamlProblem {
  /** yaml@2 error code (e.g. DUPLICATE_KEY, BAD_INDENT) or our own (ALIAS_LIMIT). */
  readonly code: string;
  readonly message: string;
  readonly startOffset: number;
  readonly endOffset: number;
  readonly warning: boolean;
}

export interface ParsedDocument {
  readonly index: number;
  /** Where each key and value is in the file (the syntax tree itself is not kept). */
  readonly map: DocumentMap;
  /** Plain data as Kubernetes would read it; undefined when conversion failed. */
  readonly data: unknown;
  readonly problems: readonly YamlProblem[];
  /** Offsets of the document inside the file. */
  readonly startOffset: number;
  readonly endOffset: number;
}

/** Upper bound on alias expansions per document: stops "billion laughs" input. */
export const MAX_ALIAS_COUNT = 1000;

// Kubernetes and KAS read YAML with Go libraries that follow YAML 1.1 (yes/no/on/off are
// booleans, 0755 is octal), so the data we analyse is read the same way. Merge keys (<<)
// are supported there too.
const PARSE_OPTIONS = {
  version: '1.1',
  merge: true,
  uniqueKeys: true,
  prettyErrors: false,
  logLevel: 'silent',
  strict: true,
} as const;

export function parseYamlDocuments(file: SourceFile): ParsedDocument[] {
  // Each YAML error is an Error object; a damaged line can raise one per character, and
  // capturing a stack trace for each (never shown) was most of the cost of such a file.
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  let docs: Document.Parsed[];
  try {
    docs = parseAllDocuments(file.text, PARSE_OPTIONS) as Document.Parsed[];
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
  const out: ParsedDocument[] = [];
  docs.forEach((node, index) => {
    const problems: YamlProblem[] = [];
    // Running out of stack is reported where the stack ran out, which depends on the
    // machine; the document's own start is the same everywhere.
    if (node.errors.some((e) => e.code === 'RESOURCE_EXHAUSTION' && /call stack/i.test(e.message))) {
      problems.push(tooDeep(node.range[0]));
      out.push({ index, map: documentMap(node), data: undefined, problems, startOffset: node.range[0], endOffset: node.range[2] });
      return;
    }
    for (const e of node.errors) problems.push(toProblem(e.code, e.message, e.pos, false));
    for (const w of node.warnings) problems.push(toProblem(w.code, w.message, w.pos, true));
    const collectionKey = firstCollectionKey(node);
    if (collectionKey !== undefined) {
      problems.push({
        code: 'COLLECTION_KEY',
        message: 'a list or mapping is used as a mapping key; Kubernetes and GitLab only read string keys, so the document cannot be read',
        startOffset: collectionKey[0],
        endOffset: Math.max(collectionKey[1], collectionKey[0] + 1),
        warning: false,
      });
      out.push({ index, map: documentMap(node), data: undefined, problems, startOffset: node.range[0], endOffset: node.range[2] });
      return;
    }
    let data: unknown;
    try {
      data = node.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (err) {
      const range = node.contents?.range ?? node.range;
      if (err instanceof RangeError) problems.push(tooDeep(node.range[0]));
      else problems.push({
        code: 'ALIAS_LIMIT',
        message: `aliases expand to more than ${MAX_ALIAS_COUNT} nodes (possible alias bomb); document not analysed`,
        startOffset: range[0],
        endOffset: range[1],
        warning: false,
      });
      void err;
      data = undefined;
    }
    out.push({ index, map: documentMap(node), data, problems, startOffset: node.range[0], endOffset: node.range[2] });
  });
  return out;
}

/**
 * The range of the first list or mapping used as a mapping key, if any. Converting such a
 * document to data would stringify the key, which costs time quadratic in its nesting depth
 * (a fuzzed 2,400-level key took over a minute); JSON, and so Kubernetes, has no such keys.
 * Iterative, so depth cannot overflow the stack.
 */
function firstCollectionKey(doc: Document.Parsed): readonly [number, number] | undefined {
  const stack: unknown[] = [doc.contents];
  while (stack.length > 0) {
    const node = stack.pop();
    if (!isCollection(node)) continue;
    for (const item of node.items) {
      if (isPair(item)) {
        if (isCollection(item.key)) return item.key.range ? [item.key.range[0], item.key.range[1]] : [doc.range[0], doc.range[0] + 1];
        stack.push(item.key, item.value);
      } else {
        stack.push(item);
      }
    }
  }
  return undefined;
}

function tooDeep(offset: number): YamlProblem {
  return {
    code: 'TOO_DEEP',
    message: 'the document nests too deeply to be read (collections inside collections thousands of levels down); document not analysed',
    startOffset: offset,
    endOffset: offset + 1,
    warning: false,
  };
}

function toProblem(code: string, message: string, pos: [number, number], warning: boolean): YamlProblem {
  // yaml's messages end with a source excerpt after a newline when prettyErrors is on;
  // with it off they are one line, but keep only the first line to be safe.
  const first = message.split('\n')[0] ?? message;
  return { code, message: first, startOffset: pos[0], endOffset: Math.max(pos[1], pos[0] + 1), warning };
}
