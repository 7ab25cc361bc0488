// Helpers of regex-audit.test.ts: find every regular expression of src/ (literals, `new
// RegExp` with literal arguments, RegExp values a module exports), judge each one
// statically for catastrophic backtracking, and attack it with adversarial strings under a
// time guard (vm timeouts interrupt a running regex).
import vm from 'node:vm';

export interface FoundRegex {
  readonly file: string;
  readonly line: number;
  readonly source: string;
  readonly flags: string;
  readonly origin: 'literal' | 'constructor' | 'export';
}

export interface Extraction {
  readonly regexes: FoundRegex[];
  /** `new RegExp(...)` whose arguments are not literals: `file:line: args`. */
  readonly dynamic: string[];
  /** Things that looked like regexes but did not compile (scanner mistakes): `file:line`. */
  readonly skipped: string[];
}

const KEYWORDS_BEFORE_REGEX = new Set(['return', 'typeof', 'instanceof', 'in', 'of', 'new', 'delete', 'void', 'throw', 'case', 'do', 'else', 'yield', 'await']);
const PUNCT_BEFORE_REGEX = new Set(['', '(', ',', '=', ':', '[', '!', '&', '|', '?', '{', '}', ';', '+', '-', '*', '%', '<', '>', '~', '^']);

function isWordChar(c: string): boolean {
  return /[\w$]/.test(c);
}

/**
 * A small TypeScript scanner: skips comments, strings and template literals (with nested
 * `${}`), decides regex-or-division from the previous significant token, and collects regex
 * literals and `RegExp(` calls.
 */
export function extractRegexes(file: string, text: string): Extraction {
  const regexes: FoundRegex[] = [];
  const dynamic: string[] = [];
  const skipped: string[] = [];
  const n = text.length;
  const lineAt = (pos: number): number => {
    let l = 1;
    for (let k = 0; k < pos && k < n; k++) if (text.charCodeAt(k) === 10) l++;
    return l;
  };
  const stack: ('code' | 'template')[] = [];
  let prev = '';
  let i = 0;

  const skipString = (start: number): number => {
    const q = text[start];
    let j = start + 1;
    while (j < n && text[j] !== q) {
      if (text[j] === '\\') j++;
      else if (text[j] === '\n') break;
      j++;
    }
    return j + 1;
  };
  // Read template text from `start` (just after ` or after the } closing a ${}); returns
  // [next index, ended-with-${].
  const readTemplate = (start: number): [number, boolean] => {
    let j = start;
    while (j < n) {
      const c = text[j];
      if (c === '\\') j += 2;
      else if (c === '`') return [j + 1, false];
      else if (c === '$' && text[j + 1] === '{') return [j + 2, true];
      else j++;
    }
    return [n, false];
  };
  const parenArgs = (open: number): string | undefined => {
    let depth = 0;
    let j = open;
    while (j < n) {
      const c = text[j];
      if (c === '"' || c === "'") {
        j = skipString(j);
        continue;
      }
      if (c === '`') {
        let [k, nested] = readTemplate(j + 1);
        // Templates inside RegExp args: treat as dynamic; skip to their end roughly.
        let guard = 0;
        while (nested && guard++ < 1000) {
          const close = text.indexOf('}', k);
          if (close === -1) return undefined;
          [k, nested] = readTemplate(close + 1);
        }
        j = k;
        continue;
      }
      if (c === '(') depth++;
      else if (c === ')') {
        depth--;
        if (depth === 0) return text.slice(open + 1, j);
      }
      j++;
    }
    return undefined;
  };

  let steps = 0;
  while (i < n && steps++ < 10_000_000) {
    const c = text[i] ?? '';
    const d = text[i + 1] ?? '';
    if (c === '/' && d === '/') {
      const e = text.indexOf('\n', i);
      i = e === -1 ? n : e;
      continue;
    }
    if (c === '/' && d === '*') {
      const e = text.indexOf('*/', i + 2);
      i = e === -1 ? n : e + 2;
      continue;
    }
    if (c === '"' || c === "'") {
      i = skipString(i);
      prev = 'str';
      continue;
    }
    if (c === '`') {
      const [j, nested] = readTemplate(i + 1);
      i = j;
      if (nested) stack.push('template');
      else prev = 'str';
      continue;
    }
    if (c === '{') {
      stack.push('code');
      prev = '{';
      i++;
      continue;
    }
    if (c === '}') {
      const top = stack.pop();
      if (top === 'template') {
        const [j, nested] = readTemplate(i + 1);
        i = j;
        if (nested) stack.push('template');
        else prev = 'str';
        continue;
      }
      prev = '}';
      i++;
      continue;
    }
    if (c === '/') {
      const regexAllowed = prev.startsWith('word:') ? KEYWORDS_BEFORE_REGEX.has(prev.slice(5)) : PUNCT_BEFORE_REGEX.has(prev);
      if (!regexAllowed) {
        prev = '/';
        i++;
        continue;
      }
      let j = i + 1;
      let inClass = false;
      let ok = false;
      while (j < n) {
        const ch = text[j];
        if (ch === '\n') break;
        if (ch === '\\') {
          j += 2;
          continue;
        }
        if (ch === '[') inClass = true;
        else if (ch === ']') inClass = false;
        else if (ch === '/' && !inClass) {
          ok = true;
          break;
        }
        j++;
      }
      if (!ok) {
        skipped.push(`${file}:${lineAt(i)}`);
        prev = '/';
        i++;
        continue;
      }
      const source = text.slice(i + 1, j);
      let k = j + 1;
      while (k < n && /[a-z]/.test(text[k] ?? '')) k++;
      const flags = text.slice(j + 1, k);
      try {
        new RegExp(source, flags);
        regexes.push({ file, line: lineAt(i), source, flags, origin: 'literal' });
      } catch {
        skipped.push(`${file}:${lineAt(i)}`);
      }
      prev = 'regex';
      i = k;
      continue;
    }
    if (isWordChar(c)) {
      let j = i;
      while (j < n && isWordChar(text[j] ?? '')) j++;
      const word = text.slice(i, j);
      prev = `word:${word}`;
      if (word === 'RegExp') {
        let k = j;
        while (k < n && /\s/.test(text[k] ?? '')) k++;
        if (text[k] === '(') {
          const args = parenArgs(k);
          const lit = args === undefined ? null : /^\s*(['"])((?:\\.|(?!\1)[^\\])*)\1\s*(?:,\s*(['"])([a-z]*)\3\s*)?,?\s*$/.exec(args);
          if (lit) {
            try {
              // The argument is one string literal (matched above): evaluate just that literal.
              const source = vm.runInNewContext(`${lit[1] ?? '"'}${lit[2] ?? ''}${lit[1] ?? '"'}`, {}, { timeout: 100 }) as string;
              new RegExp(source, lit[4] ?? '');
              regexes.push({ file, line: lineAt(i), source, flags: lit[4] ?? '', origin: 'constructor' });
            } catch {
              skipped.push(`${file}:${lineAt(i)}`);
            }
          } else {
            dynamic.push(`${file}:${lineAt(i)}: RegExp(${(args ?? '?').replace(/\s+/g, ' ').slice(0, 80)})`);
          }
        }
      }
      i = j;
      continue;
    }
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    prev = c;
    i++;
  }
  return { regexes, dynamic, skipped };
}

// ---------------------------------------------------------------------------------------------
// Static judgement: a tiny regex parser, enough to find nested unbounded quantifiers and
// overlapping alternatives under a star.

interface Quant {
  readonly min: number;
  readonly max: number;
}
type Atom =
  | { readonly kind: 'char' | 'class' | 'escape' | 'dot'; readonly src: string }
  | { readonly kind: 'anchor'; readonly src: string }
  | { readonly kind: 'group'; readonly alts: Item[][]; readonly lookaround: boolean; readonly src: string };
interface Item {
  readonly atom: Atom;
  readonly quant: Quant | undefined;
}

class Parser {
  i = 0;
  constructor(readonly s: string) {}
  parse(): Item[][] {
    const alts = this.alternation();
    if (this.i < this.s.length) throw new Error('trailing');
    return alts;
  }
  alternation(): Item[][] {
    const alts: Item[][] = [this.sequence()];
    while (this.s[this.i] === '|') {
      this.i++;
      alts.push(this.sequence());
    }
    return alts;
  }
  sequence(): Item[] {
    const items: Item[] = [];
    let guard = 0;
    while (this.i < this.s.length && this.s[this.i] !== '|' && this.s[this.i] !== ')' && guard++ < 100_000) {
      const start = this.i;
      const atom = this.atom();
      const quant = this.quantifier();
      void start;
      items.push({ atom, quant });
    }
    return items;
  }
  atom(): Atom {
    const s = this.s;
    const start = this.i;
    const c = s[this.i];
    if (c === '(') {
      this.i++;
      let lookaround = false;
      if (s[this.i] === '?') {
        const rest = s.slice(this.i, this.i + 4);
        if (rest.startsWith('?:')) this.i += 2;
        else if (rest.startsWith('?=') || rest.startsWith('?!')) {
          this.i += 2;
          lookaround = true;
        } else if (rest.startsWith('?<=') || rest.startsWith('?<!')) {
          this.i += 3;
          lookaround = true;
        } else if (rest.startsWith('?<')) {
          const close = s.indexOf('>', this.i);
          if (close === -1) throw new Error('group name');
          this.i = close + 1;
        } else throw new Error('group kind');
      }
      const alts = this.alternation();
      if (s[this.i] !== ')') throw new Error('unclosed group');
      this.i++;
      return { kind: 'group', alts, lookaround, src: s.slice(start, this.i) };
    }
    if (c === '[') {
      let j = this.i + 1;
      if (s[j] === '^') j++;
      while (j < s.length && s[j] !== ']') j += s[j] === '\\' ? 2 : 1;
      if (j >= s.length) throw new Error('unclosed class');
      this.i = j + 1;
      return { kind: 'class', src: s.slice(start, this.i) };
    }
    if (c === '\\') {
      const e = s[this.i + 1] ?? '';
      let end = this.i + 2;
      if ((e === 'p' || e === 'P' || e === 'u' || e === 'k') && (s[end] === '{' || s[end] === '<')) {
        const close = s.indexOf(s[end] === '{' ? '}' : '>', end);
        end = close === -1 ? s.length : close + 1;
      } else if (e === 'u') end += 4;
      else if (e === 'x') end += 2;
      else if (e === 'c') end += 1;
      this.i = end;
      const src = s.slice(start, end);
      return /^\\[bB]$/.test(src) ? { kind: 'anchor', src } : { kind: 'escape', src };
    }
    this.i++;
    if (c === '^' || c === '$') return { kind: 'anchor', src: c };
    if (c === '.') return { kind: 'dot', src: c };
    return { kind: 'char', src: c ?? '' };
  }
  quantifier(): Quant | undefined {
    const s = this.s;
    const c = s[this.i];
    let q: Quant | undefined;
    if (c === '*') q = { min: 0, max: Infinity };
    else if (c === '+') q = { min: 1, max: Infinity };
    else if (c === '?') q = { min: 0, max: 1 };
    else if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(s.slice(this.i));
      if (!m) return undefined;
      this.i += m[0].length;
      const min = Number(m[1]);
      const max = m[2] === undefined ? min : m[3] === '' || m[3] === undefined ? Infinity : Number(m[3]);
      if (s[this.i] === '?') this.i++;
      return { min, max };
    } else return undefined;
    this.i++;
    if (s[this.i] === '?') this.i++;
    return q;
  }
}

const SAMPLE_CHARS = Array.from({ length: 128 }, (_, k) => String.fromCharCode(k)).concat(['é', 'ß', '名', '\u00a0', '\u2028', '🙂']);

function charsOf(atom: Atom, flags: string): Set<string> | undefined {
  if (atom.kind === 'group' || atom.kind === 'anchor') return undefined;
  let re: RegExp;
  try {
    re = new RegExp(`^(?:${atom.src})$`, flags.replace(/[gy]/g, ''));
  } catch {
    return undefined;
  }
  return new Set(SAMPLE_CHARS.filter((ch) => re.test(ch)));
}

export interface StaticVerdict {
  /** Definitely exponential: (a+)+, (a*)*, (a|a)*, (\w|\d)+. */
  readonly definite: string[];
  /** Nested unbounded quantifiers that may or may not backtrack badly (attacked harder). */
  readonly suspicious: string[];
  readonly parsed: boolean;
}

function hasUnbounded(items: readonly Item[]): boolean {
  for (const it of items) {
    if (it.quant && it.quant.max === Infinity) return true;
    if (it.atom.kind === 'group' && !it.atom.lookaround && it.atom.alts.some(hasUnbounded)) return true;
  }
  return false;
}

export function judgeStatically(source: string, flags: string): StaticVerdict {
  let tree: Item[][];
  try {
    tree = new Parser(source).parse();
  } catch {
    return { definite: [], suspicious: [], parsed: false };
  }
  const definite: string[] = [];
  const suspicious: string[] = [];
  const visit = (items: readonly Item[]): void => {
    for (const it of items) {
      if (it.atom.kind !== 'group') continue;
      const g = it.atom;
      if (it.quant && it.quant.max === Infinity && !g.lookaround) {
        // (X+)+ / (X*)* : a single unbounded-quantified atom repeated again.
        const only = g.alts.length === 1 && g.alts[0]?.length === 1 ? g.alts[0][0] : undefined;
        if (only?.quant && only.quant.max === Infinity) definite.push(`nested quantifier ${g.src}${quantText(it.quant)}`);
        else if (g.alts.some(hasUnbounded)) suspicious.push(`nested quantifier ${g.src}${quantText(it.quant)}`);
        // (a|a)* / (\w|\d)+ : single-character alternatives that overlap.
        if (g.alts.length > 1 && g.alts.every((a) => a.length === 1)) {
          const sets = g.alts.map((a) => (a[0] ? charsOf(a[0].atom, flags) : undefined));
          outer: for (let x = 0; x < sets.length; x++) {
            for (let y = x + 1; y < sets.length; y++) {
              const sx = sets[x];
              const sy = sets[y];
              if (!sx || !sy) continue;
              for (const ch of sx) {
                if (sy.has(ch)) {
                  definite.push(`overlapping alternatives ${g.src}${quantText(it.quant)} (both match ${JSON.stringify(ch)})`);
                  break outer;
                }
              }
            }
          }
        }
      }
      for (const alt of g.alts) visit(alt);
    }
  };
  for (const alt of tree) visit(alt);
  return { definite, suspicious, parsed: true };
}

function quantText(q: Quant): string {
  return q.min === 0 && q.max === Infinity ? '*' : q.min === 1 && q.max === Infinity ? '+' : `{${q.min},}`;
}

// ---------------------------------------------------------------------------------------------
// Dynamic attack

const BASE_CHARS = ['a', 'A', 'z', '1', '0', ' ', '\t', '-', '_', '.', '/', ':', '@', '=', '"', "'", '\\', ',', '#', '*', '{', '[', 'é', '\n', '\r'];

/** Adversarial inputs for one regex: long runs of the characters it mentions and pairs of them, with a failing tail. */
export function attackStrings(source: string, length = 50_000): string[] {
  const chars = new Set(BASE_CHARS);
  for (const ch of source.replace(/\\[dDwWsSbBnrtfv]/g, '')) if (!'()[]{}|?*+^$\\'.includes(ch)) chars.add(ch);
  const list = [...chars];
  const out = new Set<string>();
  const prefix = /^\^?((?:[A-Za-z0-9 _:/=-]|\\[./-])*)/.exec(source)?.[1]?.replace(/\\(.)/g, '$1') ?? '';
  for (const c of list) {
    const run = c.repeat(length);
    out.add(`${run}!`);
    if (prefix) out.add(`${prefix}${run}!`);
  }
  const head = list.slice(0, 9);
  for (let x = 0; x < head.length; x++) {
    for (let y = x + 1; y < head.length; y++) out.add(`${((head[x] ?? '') + (head[y] ?? '')).repeat(length / 2)}!`);
  }
  return [...out];
}

export interface AttackResult {
  readonly tried: number;
  /** The first input that ran past the time guard, described. */
  readonly offender?: string;
}

const context = vm.createContext({ re: /x/, s: '' });

/**
 * Run the regex against each input; an input the regex cannot finish within guardMs (on a
 * 50,000-character input, where a linear regex needs well under a millisecond) is the offender.
 */
export function attack(source: string, flags: string, inputs: readonly string[], guardMs = 1000): AttackResult {
  const re = new RegExp(source, flags.replace(/[gy]/g, ''));
  let tried = 0;
  for (const s of inputs) {
    tried++;
    context['re'] = re;
    context['s'] = s;
    try {
      vm.runInContext('re.exec(s); undefined', context, { timeout: guardMs });
    } catch (e) {
      const code = (e as { code?: unknown }).code;
      if (code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') {
        const c = s[0] ?? '';
        return { tried, offender: `${JSON.stringify(s.slice(0, 12))}… (${s.length} chars, run of ${JSON.stringify(c)}) took > ${guardMs} ms` };
      }
      throw e;
    }
  }
  return { tried };
}
