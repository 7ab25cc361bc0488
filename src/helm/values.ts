// Reading Helm values the way chart templates see them, without running templates.
//
// Semantics modelled (Helm 3):
// - User values are merged over the chart's defaults. A key the user omits takes the chart
//   default; a key the user sets to `null` is deleted, so the template sees nil (falsy),
//   not the default. A `null` map removes the whole default subtree.
// - `{{ if X }}` and sprig's `default`/`coalesce`/`empty` use Go template truthiness:
//   false, 0, nil, "" and empty lists/maps are false; everything else, including the
//   strings "false" and "no", is true.
// - A non-map where the template reads a sub-key makes rendering fail; the model notes it
//   and treats the sub-key as missing.

import { formatPath, type JsonPath } from '../model/path.js';
import type { ValuesOrigin } from './types.js';

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Go template truthiness (text/template `if`, sprig `empty` negated). */
export function goTruthy(v: unknown): boolean {
  if (v === undefined || v === null) return false;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  if (typeof v === 'bigint') return v !== 0n;
  if (typeof v === 'string') return v !== '';
  if (Array.isArray(v)) return v.length > 0;
  if (isRecord(v)) return Object.keys(v).length > 0;
  return true;
}

/** A values path in Helm's `--set` style, for messages: `rbac.rules[0].verbs`. */
export function valuesPathText(path: JsonPath): string {
  if (path.length === 0) return '(values root)';
  return formatPath(path).replace(/^\$\.?/, '');
}

/** Go's `%v` for a float64 (numbers read from a YAML values file are float64 in Helm). */
export function goFormatNumber(n: number): string {
  if (!Number.isFinite(n)) return Number.isNaN(n) ? 'NaN' : n > 0 ? '+Inf' : '-Inf';
  if (n === 0) return Object.is(n, -0) ? '-0' : '0';
  const [mant, e] = n.toExponential().split('e');
  const exp = Number(e);
  // strconv.FormatFloat(f, 'g', -1, 64), which fmt's %v uses: with the shortest precision
  // the exponent form is chosen when exp < -4 || exp >= 6 (Helm's "1.234567e+06" surprise).
  if (exp < -4 || exp >= 6) {
    const sign = exp < 0 ? '-' : '+';
    return `${mant ?? ''}e${sign}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  return String(n);
}

/** How a template prints a scalar (`{{ .Values.x }}`); undefined for lists and maps. */
export function goScalarText(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return goFormatNumber(v);
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return undefined;
}

function describeValue(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return `the string ${JSON.stringify(v)}`;
  if (typeof v === 'number' || typeof v === 'bigint') return `the number ${String(v)}`;
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return 'a list';
  return 'a map';
}

/** What the user's values say about one entry. */
export interface ValueAt {
  /**
   * True when the user's values decide this entry: the key is set (possibly to null), or
   * an ancestor is null (which removes the chart defaults below it).
   */
  readonly present: boolean;
  /** The user's value; undefined when null, removed or absent. */
  readonly value: unknown;
  /** The values path that decides: the entry itself, or the null ancestor. */
  readonly at: JsonPath;
}

/** An entry after merging with the chart default. */
export interface Setting {
  readonly present: boolean;
  /** Effective value the template sees. */
  readonly value: unknown;
  readonly origin: ValuesOrigin;
  readonly path: JsonPath;
}

export interface FlagSetting extends Setting {
  /** Go template truthiness of the effective value. */
  readonly on: boolean;
}

export interface TextSetting extends Setting {
  /** The text a template prints, when the effective value is a non-empty scalar. */
  readonly text: string | undefined;
}

/**
 * Reads a values document; every surprising type is recorded once in `notes`.
 * The reader never copies values into notes except short scalars of non-secret keys
 * (callers must not read token keys through `text`).
 */
export class ValuesReader {
  readonly root: Record<string, unknown>;
  private readonly noted = new Set<string>();

  constructor(
    values: unknown,
    private readonly notes: string[],
  ) {
    if (values === undefined || values === null) this.root = {};
    else if (isRecord(values)) this.root = values;
    else {
      this.root = {};
      this.note(`The values document is ${describeValue(values)}, not a map; Helm rejects it. Modelled with chart defaults only.`);
    }
  }

  note(text: string): void {
    if (this.noted.has(text)) return;
    this.noted.add(text);
    this.notes.push(text);
  }

  /** The user's entry at `path`. */
  get(path: JsonPath): ValueAt {
    let cur: unknown = this.root;
    for (let i = 0; i < path.length; i++) {
      const seg = path[i];
      if (seg === undefined) break;
      if (cur === null) return { present: true, value: undefined, at: path.slice(0, i) };
      if (typeof seg === 'number') {
        if (!Array.isArray(cur)) return this.notAContainer(path, i, cur, 'list');
        if (seg >= cur.length) return { present: false, value: undefined, at: path };
        cur = cur[seg];
        continue;
      }
      if (!isRecord(cur)) return this.notAContainer(path, i, cur, 'map');
      if (!Object.prototype.hasOwnProperty.call(cur, seg)) return { present: false, value: undefined, at: path };
      cur = cur[seg];
    }
    return { present: true, value: cur === null ? undefined : cur, at: path };
  }

  private notAContainer(path: JsonPath, i: number, cur: unknown, want: 'map' | 'list'): ValueAt {
    const parent = path.slice(0, i);
    this.note(
      `${valuesPathText(parent)} is ${describeValue(cur)}, not a ${want}: Helm fails to render templates that read ${valuesPathText(path)}. Modelled as if it were unset.`,
    );
    return { present: false, value: undefined, at: path };
  }

  /** Effective value at `path`: the user's, or `chartDefault` described by `description`. */
  setting(path: JsonPath, chartDefault: unknown, description: string): Setting {
    const u = this.get(path);
    if (u.present) return { present: true, value: u.value, origin: { kind: 'values', path: u.at }, path };
    return { present: false, value: chartDefault, origin: { kind: 'default', description }, path };
  }

  /** A value used in `{{ if … }}`; notes non-boolean values and how the template reads them. */
  flag(path: JsonPath, chartDefault: boolean | undefined, description: string): FlagSetting {
    const s = this.setting(path, chartDefault, description);
    const on = goTruthy(s.value);
    if (s.present && s.value !== undefined && typeof s.value !== 'boolean') {
      const extra =
        typeof s.value === 'string' && s.value !== ''
          ? ' (Go templates treat every non-empty string as true)'
          : '';
      this.note(
        `${valuesPathText(path)} is ${describeValue(s.value)}, not a boolean; the chart templates read it as ${on ? 'true' : 'false'}${extra}.`,
      );
    }
    return { ...s, on };
  }

  /** A value printed into a name or label; notes non-string values. */
  text(path: JsonPath, chartDefault: string | undefined, description: string): TextSetting {
    const s = this.setting(path, chartDefault, description);
    const v = s.value;
    // Every string use in these charts goes through `if` or `default`: falsy means unset.
    if (!goTruthy(v)) return { ...s, text: undefined };
    const t = goScalarText(v);
    if (t === undefined) {
      if (goTruthy(v)) {
        this.note(
          `${valuesPathText(path)} is ${describeValue(v)}, not a string; Helm would print it in Go syntax and produce an invalid name. Modelled as if it were unset.`,
        );
      }
      return { ...s, text: undefined };
    }
    if (typeof v !== 'string') {
      this.note(`${valuesPathText(path)} is ${describeValue(v)}, not a string; the chart prints it as "${t}".`);
    }
    return { ...s, text: t };
  }
}
