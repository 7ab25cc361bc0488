// Go's fmt verbs that upstream messages use, so our strings match theirs byte for byte
// (for valid Unicode input; Go's printability tables may differ by a Unicode version).

const PLAIN_ASCII = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;
const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

const SHORT_ESCAPES: ReadonlyMap<number, string> = new Map([
  [0x07, '\\a'],
  [0x08, '\\b'],
  [0x0c, '\\f'],
  [0x0a, '\\n'],
  [0x0d, '\\r'],
  [0x09, '\\t'],
  [0x0b, '\\v'],
]);

/** fmt %q of a string (strconv.Quote). */
export function goQuote(s: string): string {
  if (PLAIN_ASCII.test(s)) return `"${s}"`; // the common case: nothing to escape
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp === 0x22) out += '\\"';
    else if (cp === 0x5c) out += '\\\\';
    else if (cp >= 0xd800 && cp <= 0xdfff) out += '\ufffd'; // lone surrogate: Go would have U+FFFD here
    else if (PRINTABLE.test(ch)) out += ch;
    else out += escapeNonPrintable(cp);
  }
  return out + '"';
}

function escapeNonPrintable(cp: number): string {
  const short = SHORT_ESCAPES.get(cp);
  if (short !== undefined) return short;
  if (cp < 0x80) return `\\x${hex(cp, 2)}`;
  if (cp < 0x10000) return `\\u${hex(cp, 4)}`;
  return `\\U${hex(cp, 8)}`;
}

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0');
}

/** fmt %v of a []string: `[a b c]`. */
export function goList(items: readonly string[]): string {
  return `[${items.join(' ')}]`;
}

/** fmt %q of a []string: `["a" "b"]`. */
export function goQuotedList(items: readonly string[]): string {
  return `[${items.map(goQuote).join(' ')}]`;
}

/**
 * Go string ordering (byte order of UTF-8, i.e. code point order). Plain JS comparison
 * orders UTF-16 code units, which differs only between surrogates and U+E000..U+FFFF.
 */
export function compareGoStrings(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointRank(x) - codePointRank(y);
  }
  return a.length - b.length;
}

function codePointRank(unit: number): number {
  if (unit >= 0xd800 && unit <= 0xdfff) return unit + 0x2000; // astral planes sort last
  if (unit >= 0xe000) return unit - 0x800;
  return unit;
}
