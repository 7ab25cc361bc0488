// A small Ruby (Onigmo) regular-expression matcher for GitLab environment patterns.
//
// Why not JS RegExp: GitLab compiles `pattern.gsub('*', '.*')` as an UNANCHORED Ruby regex,
// and an ordinary backtracking engine on such patterns is super-linear: measured with V8,
// `.*a.*a.*b` against 255 'a's (GitLab's maximum environment-name length) takes over a
// second, one more `.*a` a minute. A linter must not hang on a config file, so patterns are
// parsed here and run as a Thompson NFA (Pike VM without captures): time is
// O(input × program) whatever the pattern. We only need "does it match anywhere", so greedy
// vs lazy and capture groups do not matter.
//
// Ruby semantics kept: `^`/`$` are LINE anchors, `\A`, `\z`, `\Z`, `.` does not match "\n"
// (unless (?m)), `\d \w \s \h` are ASCII, `{,n}`, `(?'name')`, `(?i:…)`, `(?i)` / `(?m)`
// (which take the rest of the group, later alternatives included), POSIX brackets, `]`
// first in a class is literal, `{n}?` is an optional exact repeat, a quantifier after an
// interval is a nested repeat. Constructs that need backtracking or that we do not emulate
// (back-references, atomic groups, possessive quantifiers, subexpression calls, absence
// operator, conditionals, nested/intersected classes, (?x)) are reported as 'unsupported',
// never guessed. Lookarounds are supported (sub-NFA per position, memoised).

import { Fail, NL, isAsciiWord, parseRubyRegex, type AssertKind, type Node, type Pred, type RegexStatus } from './ruby-regex-parser.js';

export type { RegexStatus } from './ruby-regex-parser.js';

export interface RubyRegex {
  readonly status: 'ok';
  test(input: string): boolean;
}
export interface RegexFailure {
  readonly status: Exclude<RegexStatus, 'ok'>;
  readonly detail: string;
}

/** Upper bound on NFA size (bounded repeats are expanded). */
const MAX_PROGRAM = 20_000;

// ---- NFA -------------------------------------------------------------------------------

type Inst =
  | { readonly op: 'char'; readonly pred: Pred }
  | { readonly op: 'split'; a: number; b: number }
  | { readonly op: 'jmp'; to: number }
  | { readonly op: 'assert'; readonly kind: AssertKind }
  | { readonly op: 'look'; readonly prog: Program; readonly behind: boolean; readonly negate: boolean }
  | { readonly op: 'match' };
type Program = Inst[];

function compile(node: Node): Program {
  const prog: Program = [];
  const emit = (inst: Inst): number => {
    if (prog.length >= MAX_PROGRAM) throw new Fail('too-complex', 'pattern expands to too large an automaton');
    prog.push(inst);
    return prog.length - 1;
  };
  const gen = (n: Node): void => {
    switch (n.t) {
      case 'char':
        emit({ op: 'char', pred: n.pred });
        return;
      case 'assert':
        emit({ op: 'assert', kind: n.kind });
        return;
      case 'look':
        emit({ op: 'look', prog: compile(n.node), behind: n.behind, negate: n.negate });
        return;
      case 'seq':
        n.items.forEach(gen);
        return;
      case 'alt': {
        const jumps: { op: 'jmp'; to: number }[] = [];
        n.alts.forEach((alt, i) => {
          if (i < n.alts.length - 1) {
            const split: { op: 'split'; a: number; b: number } = { op: 'split', a: 0, b: 0 };
            emit(split);
            split.a = prog.length;
            gen(alt);
            const j: { op: 'jmp'; to: number } = { op: 'jmp', to: 0 };
            emit(j);
            jumps.push(j);
            split.b = prog.length;
          } else gen(alt);
        });
        for (const j of jumps) j.to = prog.length;
        return;
      }
      case 'rep': {
        for (let k = 0; k < n.min; k++) gen(n.node);
        if (n.max === Infinity) {
          const split: { op: 'split'; a: number; b: number } = { op: 'split', a: 0, b: 0 };
          const at = emit(split);
          split.a = prog.length;
          gen(n.node);
          emit({ op: 'jmp', to: at });
          split.b = prog.length;
          return;
        }
        const splits: { op: 'split'; a: number; b: number }[] = [];
        for (let k = n.min; k < n.max; k++) {
          const split: { op: 'split'; a: number; b: number } = { op: 'split', a: 0, b: 0 };
          emit(split);
          split.a = prog.length;
          splits.push(split);
          gen(n.node);
        }
        for (const s of splits) s.b = prog.length;
        return;
      }
    }
  };
  gen(node);
  emit({ op: 'match' });
  return prog;
}

class Runner {
  private readonly lookMemo = new Map<Program, Map<number, boolean>>();

  constructor(private readonly input: readonly number[]) {}

  private holds(kind: AssertKind, pos: number): boolean {
    const s = this.input;
    const len = s.length;
    switch (kind) {
      case 'bol':
        return pos === 0 || s[pos - 1] === NL;
      case 'eol':
        return pos === len || s[pos] === NL;
      case 'bos':
        return pos === 0;
      case 'eos':
        return pos === len;
      case 'eos-nl':
        return pos === len || (pos === len - 1 && s[pos] === NL);
      case 'word':
      case 'nonword': {
        const before = pos > 0 && isAsciiWord(s[pos - 1] as number);
        const after = pos < len && isAsciiWord(s[pos] as number);
        return (before !== after) === (kind === 'word');
      }
    }
  }

  private look(inst: Extract<Inst, { op: 'look' }>, pos: number): boolean {
    let memo = this.lookMemo.get(inst.prog);
    if (!memo) this.lookMemo.set(inst.prog, (memo = new Map()));
    let r = memo.get(pos);
    if (r === undefined) {
      r = inst.behind
        ? this.run(inst.prog, 0, pos, true, pos) // some start s <= pos matching exactly up to pos
        : this.run(inst.prog, pos, this.input.length, false, 'any');
      memo.set(pos, r);
    }
    return r !== inst.negate;
  }

  /**
   * Simulate `prog` over input[from..to]. `everywhere`: start a thread at every position
   * (unanchored search). `accept`: succeed on any match, or only on one ending at that index.
   */
  run(prog: Program, from: number, to: number, everywhere: boolean, accept: 'any' | number): boolean {
    let list: number[] = [];
    const add = (into: number[], pc: number, pos: number, marks: Set<number>): void => {
      const stack = [pc];
      while (stack.length > 0) {
        const p = stack.pop() as number;
        if (marks.has(p)) continue;
        marks.add(p);
        const inst = prog[p] as Inst;
        switch (inst.op) {
          case 'jmp':
            stack.push(inst.to);
            break;
          case 'split':
            stack.push(inst.b, inst.a);
            break;
          case 'assert':
            if (this.holds(inst.kind, pos)) stack.push(p + 1);
            break;
          case 'look':
            if (this.look(inst, pos)) stack.push(p + 1);
            break;
          default:
            into.push(p);
        }
      }
    };
    add(list, 0, from, new Set<number>());
    for (let pos = from; ; pos++) {
      const matched = list.some((p) => (prog[p] as Inst).op === 'match');
      if (matched && (accept === 'any' || accept === pos)) return true;
      if (pos >= to) return false;
      const cp = this.input[pos] as number;
      const next: number[] = [];
      const marks = new Set<number>();
      for (const p of list) {
        const inst = prog[p] as Inst;
        if (inst.op === 'char' && inst.pred(cp)) add(next, p + 1, pos + 1, marks);
      }
      if (everywhere) add(next, 0, pos + 1, marks);
      list = next;
      if (list.length === 0 && !everywhere) return false;
    }
  }
}

/** Compile a Ruby regex source. Never throws. */
export function compileRubyRegex(source: string): RubyRegex | RegexFailure {
  try {
    const prog = compile(parseRubyRegex(source));
    return {
      status: 'ok',
      test(input: string): boolean {
        const cps = Array.from(input, (ch) => ch.codePointAt(0) as number);
        return new Runner(cps).run(prog, 0, cps.length, true, 'any');
      },
    };
  } catch (e) {
    if (e instanceof Fail) return { status: e.status, detail: e.detail };
    // A bug in the emulator must not crash the linter: report it as unsupported.
    return { status: 'unsupported', detail: e instanceof Error ? e.message : String(e) };
  }
}
