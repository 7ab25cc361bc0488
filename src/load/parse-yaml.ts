import { Composer, Parser, type CST, type Document } from 'yaml';
import { documentMap, type DocumentMap } from './doc-map.js';
import { emptyDeepDocuments } from './nesting-bound.js';
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

/**
 * Deepest nesting of lists and mappings read. Kubernetes objects nest a few dozen levels;
 * beyond this a document is reported, not analysed, whichever thread parsed it (a parser
 * thread's stack would otherwise decide where the limit falls).
 */
export const MAX_NESTING_DEPTH = 1000;

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

export function parseYamlDocuments(file: Pick<SourceFile, 'text'>): ParsedDocument[] {
  // Each YAML error is an Error object; a damaged line can raise one per character, and
  // capturing a stack trace for each (never shown) was most of the cost of such a file.
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  let docs: Document.Parsed[];
  const cut = new Set<number>();
  // Documents that could nest past the limit are emptied before the parser sees them.
  const guarded = emptyDeepDocuments(file.text, MAX_NESTING_DEPTH);
  try {
    docs = Array.from(new Composer(PARSE_OPTIONS).compose(withoutDeepDocuments(new Parser().parse(guarded.text), cut)));
    docs.forEach((doc, index) => {
      if (guarded.emptied.some(([start, end]) => doc.range[0] >= start && doc.range[0] < end)) cut.add(index);
    });
  } catch (err) {
    // The tokenizer recurses when it closes many compact collections at once (`- - - …`
    // thousands deep, then another document): the whole file is one finding.
    if (!(err instanceof RangeError)) throw err;
    return [{ index: 0, map: { span: [0, file.text.length], root: undefined, depth: 0 }, data: undefined, problems: [tooDeep(0)], startOffset: 0, endOffset: file.text.length }];
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
  const out: ParsedDocument[] = [];
  docs.forEach((node, index) => {
    const problems: YamlProblem[] = [];
    let map = documentMap(node);
    const done = (data: unknown): void => {
      out.push({ index, map, data, problems, startOffset: node.range[0], endOffset: node.range[2] });
    };
    // Past the limit, or where the parser ran out of stack (which depends on the thread and
    // the machine), one finding at the document's start and nothing of its partial tree:
    // the same result everywhere.
    if (cut.has(index) || map.depth > MAX_NESTING_DEPTH || node.errors.some((e) => e.code === 'RESOURCE_EXHAUSTION' && /call stack/i.test(e.message))) {
      problems.push(tooDeep(node.range[0]));
      map = { span: map.span, root: undefined, depth: 0 };
      done(undefined);
      return;
    }
    for (const e of node.errors) problems.push(toProblem(e.code, e.message, e.pos, false));
    for (const w of node.warnings) problems.push(toProblem(w.code, w.message, w.pos, true));
    // Converting a document with such a key would stringify it, in time quadratic in its
    // depth (a fuzzed 2,400-level key took over a minute); JSON, and so Kubernetes, has none.
    if (map.collectionKey !== undefined) {
      const [start, end] = map.collectionKey;
      problems.push({
        code: 'COLLECTION_KEY',
        message: 'a list or mapping is used as a mapping key; Kubernetes and GitLab only read string keys, so the document cannot be read',
        startOffset: start,
        endOffset: Math.max(end, start + 1),
        warning: false,
      });
      done(undefined);
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
      data = undefined;
    }
    done(data);
  });
  return out;
}

/**
 * The parser's token stream with the contents of too-deeply nested documents left out
 * (their indexes go to `cut`). The tokenizer keeps its own stack; composing the tree
 * recurses once per level, and running out of stack there has crashed the whole process
 * (V8 failed while compiling a regular expression at the stack's edge), so such documents
 * never reach it.
 */
function* withoutDeepDocuments(tokens: Iterable<CST.Token>, cut: Set<number>): Generator<CST.Token> {
  let index = 0;
  for (const token of tokens) {
    if (token.type === 'document') {
      if (token.value !== undefined && nestingDepth(token.value) > MAX_NESTING_DEPTH) {
        cut.add(index);
        const { value: _dropped, ...empty } = token;
        void _dropped;
        yield empty;
      } else {
        yield token;
      }
      index++;
      continue;
    }
    yield token;
  }
}

/** Nesting depth of collections in a token, walked with an explicit stack (stops past the limit). */
function nestingDepth(root: CST.Token): number {
  let max = 0;
  const stack: [CST.Token, number][] = [[root, 0]];
  for (let next = stack.pop(); next; next = stack.pop()) {
    const [token, depth] = next;
    if (token.type !== 'block-map' && token.type !== 'block-seq' && token.type !== 'flow-collection') continue;
    const level = depth + 1;
    if (level > max) max = level;
    if (max > MAX_NESTING_DEPTH) return max;
    for (const item of token.items) {
      if ('key' in item && item.key) stack.push([item.key, level]);
      if (item.value) stack.push([item.value, level]);
    }
  }
  return max;
}

function tooDeep(offset: number): YamlProblem {
  return {
    code: 'TOO_DEEP',
    message: `the document nests lists and mappings more than ${MAX_NESTING_DEPTH} levels deep; document not analysed`,
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
