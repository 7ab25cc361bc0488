// Parser of Ruby (Onigmo) regular expressions into a small AST of character predicates,
// for the NFA in ruby-regex.ts. Syntax notes and what is unsupported: see that file.

export type RegexStatus = 'ok' | 'invalid' | 'unsupported' | 'too-complex';

/** Onigmo rejects repeat bounds above 100000; above this we give up instead of expanding. */
const MAX_REPEAT = 1_000;

export type Pred = (cp: number) => boolean;
export type AssertKind = 'bol' | 'eol' | 'bos' | 'eos' | 'eos-nl' | 'word' | 'nonword';
export type Node =
  | { readonly t: 'char'; readonly pred: Pred }
  | { readonly t: 'seq'; readonly items: readonly Node[] }
  | { readonly t: 'alt'; readonly alts: readonly Node[] }
  | { readonly t: 'rep'; readonly node: Node; readonly min: number; readonly max: number }
  | { readonly t: 'assert'; readonly kind: AssertKind }
  | { readonly t: 'look'; readonly behind: boolean; readonly negate: boolean; readonly node: Node };

export class Fail extends Error {
  constructor(
    readonly status: Exclude<RegexStatus, 'ok'>,
    readonly detail: string,
  ) {
    super(detail);
  }
}

interface Flags {
  readonly i: boolean;
  readonly m: boolean;
}

export const NL = 10;
export const isAsciiWord: Pred = (c) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
const isAsciiDigit: Pred = (c) => c >= 48 && c <= 57;
const isAsciiSpace: Pred = (c) => c === 32 || (c >= 9 && c <= 13);
const isHex: Pred = (c) => isAsciiDigit(c) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
const not =
  (p: Pred): Pred =>
  (c) =>
    !p(c);

function unicodePred(source: string): Pred | undefined {
  try {
    const re = new RegExp(`^${source}$`, 'u');
    return (c) => re.test(String.fromCodePoint(c));
  } catch {
    return undefined;
  }
}

// POSIX bracket classes; Onigmo makes them Unicode-aware for UTF-8 regexps.
const POSIX: Record<string, string> = {
  alpha: '\\p{Alphabetic}',
  digit: '\\p{Nd}',
  alnum: '[\\p{Alphabetic}\\p{Nd}]',
  upper: '\\p{Uppercase}',
  lower: '\\p{Lowercase}',
  space: '\\p{White_Space}',
  blank: '[\\t\\p{Zs}]',
  punct: '[\\p{P}\\p{S}]',
  cntrl: '\\p{Cc}',
  xdigit: '[0-9A-Fa-f]',
  word: '[\\p{Alphabetic}\\p{M}\\p{Nd}\\p{Pc}]',
  print: '[^\\p{C}]',
  graph: '[^\\p{C}\\p{White_Space}]',
  ascii: '[\\x00-\\x7F]',
};

function fold(c: number): string {
  return String.fromCodePoint(c).toLowerCase();
}

function caseless(p: Pred): Pred {
  return (c) => {
    if (p(c)) return true;
    const lo = String.fromCodePoint(c).toLowerCase();
    const up = String.fromCodePoint(c).toUpperCase();
    const l = lo.codePointAt(0);
    const u = up.codePointAt(0);
    return (lo.length <= 2 && l !== undefined && p(l)) || (up.length <= 2 && u !== undefined && p(u));
  };
}

function literal(c: number, flags: Flags): Pred {
  if (!flags.i) return (x) => x === c;
  const f = fold(c);
  return (x) => x === c || fold(x) === f;
}

class Parser {
  private pos = 0;
  private readonly cps: readonly number[];

  constructor(source: string) {
    this.cps = Array.from(source, (ch) => ch.codePointAt(0) as number);
  }

  parse(): Node {
    const node = this.parseAlt({ i: false, m: false });
    if (this.pos < this.cps.length) throw new Fail('invalid', 'unmatched close parenthesis');
    return node;
  }

  private peek(offset = 0): number | undefined {
    return this.cps[this.pos + offset];
  }

  private eat(ch: string): boolean {
    if (this.peek() === ch.codePointAt(0)) {
      this.pos++;
      return true;
    }
    return false;
  }

  private parseAlt(flags: Flags): Node {
    const alts: Node[] = [this.parseSeq(flags)];
    while (this.eat('|')) alts.push(this.parseSeq(flags));
    return alts.length === 1 ? (alts[0] as Node) : { t: 'alt', alts };
  }

  private parseSeq(flags: Flags): Node {
    const items: Node[] = [];
    for (;;) {
      const c = this.peek();
      if (c === undefined || c === 0x7c /* | */ || c === 0x29 /* ) */) break;
      const inline = this.tryInlineFlags(flags);
      let atom: Node | null;
      if (inline === undefined) atom = this.parseAtom(flags);
      else if (inline.scoped === undefined) {
        // Onigmo: an isolated `(?i)` takes the REST of the enclosing group, alternatives
        // included, as its body: `a(?i)b|c` is `a(?i:b|c)`.
        items.push(this.parseAlt(inline.flags));
        break;
      } else atom = inline.scoped;
      if (atom !== null) items.push(this.parseQuantifiers(atom));
    }
    return items.length === 1 ? (items[0] as Node) : { t: 'seq', items };
  }

  /** `(?imx-imx)` or `(?imx-imx:...)`. */
  private tryInlineFlags(flags: Flags): { flags: Flags; scoped?: Node } | undefined {
    if (this.peek() !== 0x28 || this.peek(1) !== 0x3f) return undefined;
    let j = this.pos + 2;
    let on = true;
    let i = flags.i;
    let m = flags.m;
    let sawFlag = false;
    for (; j < this.cps.length; j++) {
      const ch = String.fromCodePoint(this.cps[j] as number);
      if (ch === '-' && on) on = false;
      else if (ch === 'i') (i = on), (sawFlag = true);
      else if (ch === 'm') (m = on), (sawFlag = true);
      else if (ch === 'x') throw new Fail('unsupported', 'extended mode (?x) is not emulated');
      else break;
    }
    const end = this.cps[j];
    if (!sawFlag && on) return undefined;
    if (end === 0x29 /* ) */) {
      this.pos = j + 1;
      return { flags: { i, m } };
    }
    if (end === 0x3a /* : */) {
      this.pos = j + 1;
      const inner = this.parseAlt({ i, m });
      if (!this.eat(')')) throw new Fail('invalid', 'end pattern with unmatched parenthesis');
      return { flags, scoped: inner };
    }
    throw new Fail('invalid', 'undefined group option');
  }

  /**
   * Quantifiers after an atom, Ruby syntax: `*?` `+?` `??` and `{n,m}?` are lazy (irrelevant
   * here); `{n}?` is NOT lazy in Ruby but an optional exact repeat; `*+` `++` `?+` are
   * possessive (unsupported); `{n,m}+` and stacked quantifiers are nested repeats.
   */
  private parseQuantifiers(atom: Node): Node {
    let node = atom;
    let prev: 'simple' | 'range' | 'exact' | undefined;
    for (;;) {
      const c = this.peek();
      let q: { min: number; max: number; kind: 'simple' | 'range' | 'exact' } | undefined;
      if (c === 0x2a /* * */) q = { min: 0, max: Infinity, kind: 'simple' };
      else if (c === 0x2b /* + */) {
        if (prev === 'simple') throw new Fail('unsupported', 'possessive quantifier');
        q = { min: 1, max: Infinity, kind: 'simple' };
      } else if (c === 0x3f /* ? */) {
        if (prev === 'simple' || prev === 'range') {
          this.pos++;
          prev = undefined;
          continue;
        }
        q = { min: 0, max: 1, kind: 'simple' };
      } else if (c === 0x7b /* { */) {
        q = this.readInterval();
        if (!q) break; // not an interval: a literal '{', parsed as the next atom
      } else break;
      if (q.kind === 'simple') this.pos++;
      if (node.t === 'assert' || node.t === 'look') throw new Fail('invalid', 'target of repeat operator is invalid');
      if (q.min > q.max) throw new Fail('invalid', 'upper bound must be greater than lower bound');
      if (q.min > MAX_REPEAT || (q.max !== Infinity && q.max > MAX_REPEAT)) {
        throw new Fail('too-complex', 'repeat bound too large');
      }
      node = { t: 'rep', node, min: q.min, max: q.max };
      prev = q.kind;
    }
    return node;
  }

  /** Ruby intervals: {n} {n,} {,m} {n,m}; anything else is a literal '{'. Advances on success. */
  private readInterval(): { min: number; max: number; kind: 'range' | 'exact' } | undefined {
    let j = this.pos + 1;
    const digits = (): string => {
      let s = '';
      while (j < this.cps.length && isAsciiDigit(this.cps[j] as number)) s += String.fromCodePoint(this.cps[j++] as number);
      return s;
    };
    const a = digits();
    let b: string | undefined;
    if (this.cps[j] === 0x2c /* , */) {
      j++;
      b = digits();
    }
    if (this.cps[j] !== 0x7d /* } */) return undefined;
    if (a === '' && (b === undefined || b === '')) return undefined;
    this.pos = j + 1;
    const min = a === '' ? 0 : Number(a);
    if (b === undefined) return { min, max: min, kind: 'exact' };
    return { min, max: b === '' ? Infinity : Number(b), kind: 'range' };
  }

  private parseAtom(flags: Flags): Node | null {
    const c = this.peek() as number;
    const ch = String.fromCodePoint(c);
    switch (ch) {
      case '(':
        return this.parseGroup(flags);
      case '[':
        this.pos++;
        return { t: 'char', pred: this.parseClass(flags) };
      case '.':
        this.pos++;
        return { t: 'char', pred: flags.m ? () => true : (x) => x !== NL };
      case '^':
        this.pos++;
        return { t: 'assert', kind: 'bol' };
      case '$':
        this.pos++;
        return { t: 'assert', kind: 'eol' };
      case '*':
      case '+':
      case '?':
        throw new Fail('invalid', 'target of repeat operator is not specified');
      case '\\':
        this.pos++;
        return this.parseEscape(flags);
      default:
        this.pos++;
        return { t: 'char', pred: literal(c, flags) };
    }
  }

  private parseGroup(flags: Flags): Node | null {
    this.pos++; // (
    let look: { behind: boolean; negate: boolean } | undefined;
    if (this.eat('?')) {
      const c = this.peek();
      const ch = c === undefined ? '' : String.fromCodePoint(c);
      if (ch === ':') this.pos++;
      else if (ch === '=' || ch === '!') {
        this.pos++;
        look = { behind: false, negate: ch === '!' };
      } else if (ch === '<' && (this.peek(1) === 0x3d || this.peek(1) === 0x21)) {
        look = { behind: true, negate: this.peek(1) === 0x21 };
        this.pos += 2;
      } else if (ch === '<' || ch === "'") {
        const close = ch === '<' ? '>' : "'";
        this.pos++;
        const start = this.pos;
        while (this.peek() !== undefined && this.peek() !== close.codePointAt(0)) this.pos++;
        if (this.pos === start || !this.eat(close)) throw new Fail('invalid', 'invalid group name');
      } else if (ch === '#') {
        while (this.peek() !== undefined && this.peek() !== 0x29) this.pos++;
        if (!this.eat(')')) throw new Fail('invalid', 'end pattern in group');
        return null; // comment
      } else if (ch === '>') throw new Fail('unsupported', 'atomic group (?>...)');
      else if (ch === '~') throw new Fail('unsupported', 'absence operator (?~...)');
      else if (ch === '(') throw new Fail('unsupported', 'conditional group');
      else throw new Fail('invalid', 'undefined group option');
    }
    const inner = this.parseAlt(flags);
    if (!this.eat(')')) throw new Fail('invalid', 'end pattern with unmatched parenthesis');
    return look ? { t: 'look', ...look, node: inner } : inner;
  }

  private parseEscape(flags: Flags): Node {
    const c = this.peek();
    if (c === undefined) throw new Fail('invalid', 'too short escape sequence');
    const ch = String.fromCodePoint(c);
    const asserts: Record<string, AssertKind> = { A: 'bos', z: 'eos', Z: 'eos-nl', b: 'word', B: 'nonword' };
    const kind = asserts[ch];
    if (kind) {
      this.pos++;
      return { t: 'assert', kind };
    }
    if (ch === 'G' || ch === 'K' || ch === 'R' || ch === 'X' || ch === 'y' || ch === 'Y') {
      throw new Fail('unsupported', `\\${ch} is not emulated`);
    }
    if (/[1-9]/.test(ch) || ch === 'k' || ch === 'g') throw new Fail('unsupported', 'back-references and subexpression calls');
    return { t: 'char', pred: this.escape(flags, false).pred };
  }

  /**
   * An escape that stands for one character or a set (inside or outside a class). `cp` is set
   * when it denotes exactly one character, so it can be a range endpoint.
   */
  private escape(flags: Flags, inClass: boolean): { pred: Pred; cp?: number } {
    const c = this.peek() as number;
    const ch = String.fromCodePoint(c);
    this.pos++;
    const one = (cp: number): { pred: Pred; cp: number } => ({ pred: literal(cp, flags), cp });
    const sets: Record<string, Pred> = {
      d: isAsciiDigit,
      D: not(isAsciiDigit),
      w: isAsciiWord,
      W: not(isAsciiWord),
      s: isAsciiSpace,
      S: not(isAsciiSpace),
      h: isHex,
      H: not(isHex),
    };
    const set = sets[ch];
    if (set) return { pred: set };
    const controls: Record<string, number> = { n: 10, t: 9, r: 13, f: 12, v: 11, e: 27, a: 7, b: 8 };
    const control = controls[ch];
    if (control !== undefined) return one(control); // \b reaches here only inside a class: backspace
    switch (ch) {
      case '0':
        return one(this.readNumber(8, 2, 0));
      case 'x':
        return one(this.readNumber(16, 2, undefined));
      case 'u': {
        if (this.eat('{')) {
          const v = this.readNumber(16, 6, undefined);
          if (!this.eat('}') || v > 0x10ffff) throw new Fail('invalid', 'invalid Unicode escape');
          return one(v);
        }
        const start = this.pos;
        const v = this.readNumber(16, 4, undefined);
        if (this.pos - start !== 4) throw new Fail('invalid', 'invalid Unicode escape');
        return one(v);
      }
      case 'c': {
        const x = this.peek();
        if (x === undefined) throw new Fail('invalid', 'end pattern at control');
        this.pos++;
        return one(x & 0x1f);
      }
      case 'p':
      case 'P': {
        if (!this.eat('{')) throw new Fail('invalid', 'invalid character property name');
        let name = '';
        while (this.peek() !== undefined && this.peek() !== 0x7d) name += String.fromCodePoint(this.cps[this.pos++] as number);
        if (!this.eat('}')) throw new Fail('invalid', 'invalid character property name');
        let negate = ch === 'P';
        if (name.startsWith('^')) (negate = !negate), (name = name.slice(1));
        const pred = unicodePred(`\\p{${name}}`);
        if (!pred) throw new Fail('unsupported', `character property {${name}}`);
        return { pred: negate ? not(pred) : pred };
      }
      case 'C':
      case 'M':
      case 'o':
        throw new Fail('unsupported', `\\${ch} escapes are not emulated`);
      default:
        // Outside a class \1-\9 are back-references; inside one Ruby reads them as octal.
        if (/[1-9]/.test(ch)) throw new Fail('unsupported', inClass ? 'octal escapes in a class' : 'back-references');
        return one(c); // escaped punctuation, or an unknown letter escape (literal in Ruby)
    }
  }

  private readNumber(radix: number, maxDigits: number, dflt: number | undefined): number {
    let s = '';
    while (s.length < maxDigits) {
      const c = this.peek();
      if (c === undefined) break;
      const ch = String.fromCodePoint(c);
      if (Number.isNaN(parseInt(ch, radix))) break;
      s += ch;
      this.pos++;
    }
    if (s === '') {
      if (dflt === undefined) throw new Fail('invalid', 'invalid escape');
      return dflt;
    }
    return parseInt(s, radix);
  }

  private parseClass(flags: Flags): Pred {
    const preds: Pred[] = [];
    const negate = this.eat('^');
    let first = true;
    for (;;) {
      const c = this.peek();
      if (c === undefined) throw new Fail('invalid', 'premature end of char-class');
      const ch = String.fromCodePoint(c);
      if (ch === ']' && !first) {
        this.pos++;
        break;
      }
      first = false;
      if (ch === '[') {
        if (this.peek(1) === 0x3a /* : */) {
          preds.push(this.parsePosix());
          continue;
        }
        throw new Fail('unsupported', 'nested character class');
      }
      if (ch === '&' && this.peek(1) === 0x26) throw new Fail('unsupported', 'character class intersection');
      let lo: number | undefined;
      let single: Pred;
      if (ch === '\\') {
        this.pos++;
        if (this.peek() === undefined) throw new Fail('invalid', 'premature end of char-class');
        const e = this.escape({ i: false, m: flags.m }, true);
        single = e.pred;
        lo = e.cp;
      } else {
        this.pos++;
        lo = c;
        single = (x) => x === c;
      }
      if (this.peek() === 0x2d /* - */ && this.peek(1) !== 0x5d /* ] */ && this.peek(1) !== undefined) {
        this.pos++;
        const hiCp = this.peek() as number;
        let hi: number | undefined;
        if (hiCp === 0x5c) {
          this.pos++;
          if (this.peek() === undefined) throw new Fail('invalid', 'premature end of char-class');
          hi = this.escape({ i: false, m: flags.m }, true).cp;
        } else if (hiCp === 0x5b) throw new Fail('unsupported', 'nested character class');
        else {
          this.pos++;
          hi = hiCp;
        }
        if (lo === undefined || hi === undefined) throw new Fail('invalid', 'char-class value at end of range');
        if (lo > hi) throw new Fail('invalid', 'empty range in char class');
        const a = lo;
        const b = hi;
        preds.push((x) => x >= a && x <= b);
      } else preds.push(single);
    }
    let pred: Pred = (x) => preds.some((p) => p(x));
    if (flags.i) pred = caseless(pred);
    return negate ? not(pred) : pred;
  }

  private parsePosix(): Pred {
    const rest = String.fromCodePoint(...this.cps.slice(this.pos, this.pos + 12));
    const m = /^\[:(\^?)([a-z]+):\]/.exec(rest);
    if (!m) throw new Fail('unsupported', 'nested character class');
    const source = POSIX[m[2] as string];
    const pred = source ? unicodePred(source) : undefined;
    if (!pred) throw new Fail('invalid', `invalid POSIX bracket type [:${m[2]}:]`);
    this.pos += m[0].length;
    return m[1] === '^' ? not(pred) : pred;
  }
}

/** Parse a Ruby regex source; throws `Fail` with the reason. */
export function parseRubyRegex(source: string): Node {
  return new Parser(source).parse();
}
