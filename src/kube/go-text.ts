// Small Go formatting and ordering helpers, for byte-exact kubectl output.

/** Go's fmt "%v" of a []string: "[a b c]", "[]" when empty. */
export function goStringSlice(values: readonly string[]): string {
  return `[${values.join(' ')}]`;
}

/**
 * Go's strings.Compare: UTF-8 byte order, which is code point order. JS `<` compares UTF-16
 * code units, which differs only for astral characters against U+E000..U+FFFF; remap fixes it.
 */
export function compareGoStrings(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointRank(x) - codePointRank(y);
  }
  return a.length - b.length;
}

function codePointRank(unit: number): number {
  if (unit < 0xd800) return unit;
  if (unit < 0xe000) return unit + 0x2000; // surrogates (astral) sort after the BMP
  return unit - 0x800;
}

/** Number of runes, as Go's utf8.RuneCountInString (tabwriter cell width). */
export function runeCount(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}
