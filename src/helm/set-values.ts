// `helm --set` arguments as values data (the subset of Helm's strvals syntax that install
// commands use): `a.b=c`, several assignments separated by ',', list indexes `a[0]=x`,
// list values `a={x,y}`, and '\' to escape ',', '.', '=', '[', '{' and '\'.
// Value types follow `--set`: true/false/null (any case) become booleans/null, "0" and
// integers without a leading zero become numbers, everything else stays a string
// (`--set-string` keeps everything a string: pass { strings: true }).

export interface SetOptions {
  /** `--set-string`: never convert values. */
  readonly strings?: boolean;
}

const MAX_INDEX = 65536;

function typedValue(raw: string, strings: boolean): unknown {
  if (strings) return raw;
  const lower = raw.toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  if (lower === 'null') return null;
  if (raw === '0') return 0;
  if (raw.length > 0 && raw[0] !== '0' && /^[-+]?\d+$/.test(raw)) {
    const n = Number(raw);
    if (Number.isSafeInteger(n)) return n;
  }
  return raw;
}

/** Splits at unescaped `sep` outside `{…}`; keeps escapes for the next stage. */
function splitTop(s: string, sep: string): string[] {
  const out: string[] = [];
  let cur = '';
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i] ?? '';
    if (c === '\\' && i + 1 < s.length) {
      cur += c + (s[i + 1] ?? '');
      i++;
      continue;
    }
    if (c === '{') depth++;
    else if (c === '}' && depth > 0) depth--;
    if (c === sep && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

function unescape(s: string): string {
  return s.replace(/\\(.)/g, '$1');
}

type Segment = string | number;

function parseKey(key: string, whole: string): Segment[] {
  const segs: Segment[] = [];
  let cur = '';
  let pendingName = false;
  for (let i = 0; i < key.length; i++) {
    const c = key[i] ?? '';
    if (c === '\\' && i + 1 < key.length) {
      cur += key[i + 1] ?? '';
      pendingName = true;
      i++;
    } else if (c === '.') {
      if (pendingName || cur !== '') segs.push(cur);
      else if (segs.length === 0 || typeof segs[segs.length - 1] !== 'number') throw new Error(`--set ${whole}: empty key segment`);
      cur = '';
      pendingName = false;
    } else if (c === '[') {
      if (pendingName || cur !== '') segs.push(cur);
      cur = '';
      pendingName = false;
      const end = key.indexOf(']', i);
      if (end === -1) throw new Error(`--set ${whole}: missing ']'`);
      const idx = key.slice(i + 1, end);
      if (!/^\d+$/.test(idx)) throw new Error(`--set ${whole}: list index "${idx}" is not a number`);
      const n = Number(idx);
      if (n > MAX_INDEX) throw new Error(`--set ${whole}: list index ${n} is too large`);
      segs.push(n);
      i = end;
    } else {
      cur += c;
      pendingName = true;
    }
  }
  if (pendingName || cur !== '') segs.push(cur);
  if (segs.length === 0) throw new Error(`--set ${whole}: empty key`);
  return segs;
}

function assign(root: Record<string, unknown>, segs: readonly Segment[], value: unknown): void {
  let container: Record<string, unknown> | unknown[] = root;
  for (let i = 0; i < segs.length; i++) {
    const seg = segs[i];
    if (seg === undefined) return;
    const last = i === segs.length - 1;
    const next = segs[i + 1];
    const fresh = (): Record<string, unknown> | unknown[] => (typeof next === 'number' ? [] : {});
    if (typeof seg === 'number') {
      if (!Array.isArray(container)) throw new Error('--set: list index on a map');
      while (container.length <= seg) container.push(null);
      if (last) {
        container[seg] = value;
        return;
      }
      let child: unknown = container[seg];
      if (typeof next === 'number' ? !Array.isArray(child) : typeof child !== 'object' || child === null || Array.isArray(child)) {
        child = fresh();
        container[seg] = child;
      }
      container = child as Record<string, unknown> | unknown[];
    } else {
      if (Array.isArray(container)) throw new Error('--set: map key on a list');
      if (last) {
        container[seg] = value;
        return;
      }
      let child: unknown = container[seg];
      if (typeof next === 'number' ? !Array.isArray(child) : typeof child !== 'object' || child === null || Array.isArray(child)) {
        child = fresh();
        container[seg] = child;
      }
      container = child as Record<string, unknown> | unknown[];
    }
  }
}

/** Applies one `--set` argument (possibly several comma-separated assignments) to `into`. */
export function applySetArgument(arg: string, into: Record<string, unknown>, options: SetOptions = {}): Record<string, unknown> {
  const strings = options.strings === true;
  for (const part of splitTop(arg, ',')) {
    if (part === '') continue;
    const eq = splitTop(part, '=');
    if (eq.length < 2) throw new Error(`--set ${arg}: key "${unescape(part)}" has no value`);
    const key = eq[0] ?? '';
    const rawValue = eq.slice(1).join('=');
    const segs = parseKey(key, arg);
    let value: unknown;
    if (rawValue.startsWith('{') && rawValue.endsWith('}')) {
      const inner = rawValue.slice(1, -1);
      value = inner === '' ? [] : splitTop(inner, ',').map((x) => typedValue(unescape(x), strings));
    } else value = typedValue(unescape(rawValue), strings);
    assign(into, segs, value);
  }
  return into;
}

/** Values data from a sequence of `--set` arguments, applied in order. */
export function valuesFromSetArguments(args: readonly string[], options: SetOptions = {}): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const a of args) applySetArgument(a, out, options);
  return out;
}
