import type { Finding, FindingLocation, ObjectIdentity, Severity, Suppression } from '../model/finding.js';
import { deltaJson } from './delta.js';
import type { JsonPath } from '../model/path.js';
import type { Position } from '../model/range.js';
import { formatPath } from '../model/path.js';
import { summaryCounts } from './summary.js';
import type { Reporter } from './types.js';

/**
 * Version of the JSON report shape. Adding a field is compatible; removing, renaming or changing
 * the meaning of one bumps it.
 */
export const JSON_REPORT_VERSION = 1;

/** A place in a file. Lines and columns are 1-based; columns count UTF-16 code units. */
export interface JsonLocationV1 {
  /** Relative to the directory kaslint ran in, `/`-separated; `<stdin>` for standard input. */
  readonly file: string;
  /** `end` is exclusive: the position just after the last character. */
  readonly range: { readonly start: Position; readonly end: Position };
  /** Path into the document's data: map keys and sequence indexes. */
  readonly path: JsonPath;
  /** The same path for display, e.g. `$.rules[0].verbs`. */
  readonly jsonPath: string;
  /** False when `path` does not exist and the range shows its nearest existing parent. */
  readonly exact: boolean;
}

export interface JsonFindingV1 extends JsonLocationV1 {
  readonly ruleId: string;
  readonly severity: Severity;
  readonly message: string;
  /** The Kubernetes (or agent) object the finding is about, when there is one. */
  readonly object?: ObjectIdentity;
  /** Why: e.g. the binding that grants the role. A related entry may have no location. */
  readonly related: readonly { readonly message: string; readonly location?: JsonLocationV1 }[];
  /** What to do about it. */
  readonly help: string;
  /** Stable across edits (no line numbers): rule, file, object, path and message key. */
  readonly fingerprint: string;
  /** `suppressions.length > 0`, spelled out. */
  readonly suppressed: boolean;
  /** Inline comment, file-level comment, object annotation or baseline entry, with its reason. */
  readonly suppressions: readonly Suppression[];
}

/** The whole report (`kaslint check -o json`). */
export interface JsonReportV1 {
  readonly version: 1;
  readonly tool: { readonly name: 'kaslint'; readonly version: string };
  /** Unsuppressed findings per severity, suppressed findings, and files analysed. */
  readonly summary: { readonly files: number; readonly suppressed: number } & Readonly<Record<Severity, number>>;
  /** Sorted by file, line, column, rule id, severity (worst first), message, fingerprint. */
  readonly findings: readonly JsonFindingV1[];
  /** Rules that crashed (a kaslint bug); the run exits 2. */
  readonly internalErrors: readonly { readonly ruleId: string; readonly message: string }[];
  /**
   * With check --base: {base, head, identities: [{identity, label, base, head, gained, lost}],
   * riskyGains: [{ruleId, severity, message, file, line, fingerprint}]}.
   */
  readonly permissionDelta?: Record<string, unknown>;
}

function location(l: FindingLocation): JsonLocationV1 {
  return {
    file: l.file,
    range: { start: l.range.start, end: l.range.end },
    path: l.path,
    jsonPath: formatPath(l.path),
    exact: l.exact,
  };
}

export function findingToJson(f: Finding): JsonFindingV1 {
  return {
    ruleId: f.ruleId,
    severity: f.severity,
    message: f.message,
    ...location(f.location),
    ...(f.object ? { object: f.object } : {}),
    related: f.related.map((r) => ({ message: r.message, ...(r.location ? { location: location(r.location) } : {}) })),
    help: f.help,
    fingerprint: f.fingerprint,
    suppressed: f.suppressions.length > 0,
    suppressions: f.suppressions,
  };
}

export function buildJsonReport(data: Parameters<Reporter>[0], ctx: Parameters<Reporter>[1]): JsonReportV1 {
  return {
    version: JSON_REPORT_VERSION,
    tool: { name: 'kaslint', version: ctx.toolVersion },
    summary: { files: ctx.files.length, ...summaryCounts(data.findings) },
    findings: data.findings.map(findingToJson),
    internalErrors: data.internalErrors,
    ...(data.delta ? { permissionDelta: deltaJson(data.delta) } : {}),
  };
}

/**
 * Machine output: the versioned shape `JsonReportV1` above, documented field by field.
 * Suppressed findings are included and marked.
 */
export const jsonReporter: Reporter = (data, ctx) => JSON.stringify(buildJsonReport(data, ctx), null, 2) + '\n';
