// An upper bound on how deeply a YAML text nests collections, read from the characters
// alone. The parser recurses per level in places; a text that could nest past the limit is
// not given to it, so where the limit falls never depends on a thread's stack size.

/**
 * Upper bound on the collection nesting of `text`: per line, the indentation (each block
 * level indents further) plus the compact indicators that open it (`- `, `? `, `: `), plus
 * the flow brackets open at each point. Quoted scalars and comments are skipped.
 */
export function nestingBound(text: string): number {
  let max = 0;
  let flow = 0;
  let quote: '"' | "'" | undefined;
  let lineStart = true;
  let block = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (quote !== undefined) {
      if (quote === '"' && c === 92 /* \\ */) i++;
      else if (c === quote.charCodeAt(0)) {
        if (quote === "'" && text.charCodeAt(i + 1) === 39) i++;
        else quote = undefined;
      } else if (c === 10) lineStart = true;
      continue;
    }
    if (lineStart) {
      lineStart = false;
      let j = i;
      while (j < n && (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 9)) j++;
      block = j - i + 1;
      // Compact indicators: `- - x`, `? a`, `- a: b`.
      while (j + 1 < n && (text[j] === '-' || text[j] === '?' || text[j] === ':') && (text.charCodeAt(j + 1) === 32 || text.charCodeAt(j + 1) === 9)) {
        block++;
        j += 2;
        while (j < n && text.charCodeAt(j) === 32) j++;
      }
      if (block + flow > max) max = block + flow;
      i = j - 1;
      continue;
    }
    switch (c) {
      case 10: // \n
        lineStart = true;
        break;
      case 91: // [
      case 123: // {
        flow++;
        if (block + flow > max) max = block + flow;
        break;
      case 93: // ]
      case 125: // }
        if (flow > 0) flow--;
        break;
      case 35: // # starts a comment after a space or at the start
        if (i === 0 || text.charCodeAt(i - 1) === 32 || text.charCodeAt(i - 1) === 9) {
          const nl = text.indexOf('\n', i);
          i = nl === -1 ? n : nl - 1;
        }
        break;
      case 34: // "
      case 39: { // '
        // A quote opens a quoted scalar only where a scalar starts.
        const prev = i === 0 ? 32 : text.charCodeAt(i - 1);
        if (prev === 32 || prev === 9 || prev === 10 || prev === 91 || prev === 123 || prev === 44 || prev === 58) quote = c === 34 ? '"' : "'";
        break;
      }
      default:
        break;
    }
  }
  return max;
}

/**
 * `text` with every document whose nesting bound exceeds `limit` emptied: its characters
 * become spaces (line breaks and its `---` line kept, and a `~` so that a document remains),
 * so offsets elsewhere do not move. Returns the emptied [start, end) ranges.
 */
export function emptyDeepDocuments(text: string, limit: number): { readonly text: string; readonly emptied: readonly (readonly [number, number])[] } {
  if (nestingBound(text) <= limit) return { text, emptied: [] };
  const markers = [0];
  const re = /^(?:---|\.\.\.)(?=[ \t\r\n]|$)/gm;
  for (let m = re.exec(text); m; m = re.exec(text)) if (m.index > 0) markers.push(m.index);
  markers.push(text.length);
  const emptied: [number, number][] = [];
  let out = '';
  for (let k = 0; k + 1 < markers.length; k++) {
    const start = markers[k] as number;
    const end = markers[k + 1] as number;
    const segment = text.slice(start, end);
    if (nestingBound(segment) <= limit) {
      out += segment;
      continue;
    }
    // Keep the marker line, blank the rest, and leave `~` where the content starts.
    const keep = /^(?:---|\.\.\.)[^\n]*/.exec(segment)?.[0].length ?? 0;
    let blank = segment.slice(keep).replace(/[^\n]/g, ' ');
    const first = blank.search(/ /);
    if (first !== -1) blank = `${blank.slice(0, first)}~${blank.slice(first + 1)}`;
    out += segment.slice(0, keep) + blank;
    emptied.push([start, end]);
  }
  return { text: out, emptied };
}
