/** A JSON path into a document's data: map keys and sequence indexes. */
export type JsonPath = readonly (string | number)[];

/** Where a finding or an object part comes from: a document in a file and a path inside it. */
export interface SourceRef {
  /** Path relative to the working directory, POSIX separators ('-' for stdin). */
  readonly file: string;
  /** Index of the document in the file's multi-document stream. */
  readonly docIndex: number;
  readonly path: JsonPath;
}

/** JSONPath-like display form: $.rules[0].verbs */
export function formatPath(path: JsonPath): string {
  let out = '$';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(seg)) out += `.${seg}`;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

/** Decode an RFC 6901 JSON Pointer (as ajv's instancePath) into a path. */
export function pointerToPath(pointer: string, data?: unknown): JsonPath {
  if (pointer === '') return [];
  const parts = pointer.slice(1).split('/').map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  const out: (string | number)[] = [];
  let cur: unknown = data;
  for (const p of parts) {
    if (Array.isArray(cur) && /^(0|[1-9][0-9]*)$/.test(p)) {
      out.push(Number(p));
      cur = cur[Number(p)];
    } else {
      out.push(p);
      cur = cur !== null && typeof cur === 'object' ? (cur as Record<string, unknown>)[p] : undefined;
    }
  }
  return out;
}
