// Small Go formatting and ordering helpers, for byte-exact kubectl output.

/** Go's fmt "%v" of a []string: "[a b c]", "[]" when empty. */
export function goStringSlice(values: readonly string[]): string {
  return `[${values.join(' ')}]`;
}

/** Go's strings.Compare order (UTF-8 bytes): the RBAC engine's own comparison. */
export { compareGoStrings } from '../rbac/gostring.js';

/** Number of runes, as Go's utf8.RuneCountInString (tabwriter cell width). */
export function runeCount(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}
