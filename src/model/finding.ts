import type { JsonPath } from './path.js';
import type { Range } from './range.js';

/** Ordered from least to most severe; `--fail-on` compares against this order. */
export const SEVERITIES = ['info', 'warning', 'error', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

export function severityRank(s: Severity): number {
  return SEVERITIES.indexOf(s);
}

export function isSeverity(v: unknown): v is Severity {
  return typeof v === 'string' && (SEVERITIES as readonly string[]).includes(v);
}

export interface FindingLocation {
  readonly file: string;
  readonly range: Range;
  readonly path: JsonPath;
  /** False when the exact path was missing and the nearest ancestor is shown. */
  readonly exact: boolean;
}

export interface RelatedLocation {
  readonly message: string;
  readonly location?: FindingLocation;
}

export interface ObjectIdentity {
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
}

export interface Suppression {
  readonly kind: 'inline' | 'file' | 'annotation' | 'baseline';
  readonly justification: string;
}

export interface Finding {
  readonly ruleId: string;
  readonly severity: Severity;
  readonly message: string;
  readonly location: FindingLocation;
  readonly object?: ObjectIdentity;
  readonly related: readonly RelatedLocation[];
  /** Remediation, shown as `help:`. */
  readonly help: string;
  /** Stable across edits: hashes rule, file, object, path and message key — no line numbers. */
  readonly fingerprint: string;
  /** Like the fingerprint but without the file: matches a finding across renames and moves. */
  readonly matchKey?: string;
  readonly suppressions: readonly Suppression[];
}
