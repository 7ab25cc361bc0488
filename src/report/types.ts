import type { Finding } from '../model/finding.js';
import type { RuleMeta } from '../rules/types.js';
import type { Comparison } from '../engine/compare.js';

/** Text of the analysed files, for code frames (path → text). */
export type SourceTexts = (path: string) => string | undefined;

export interface ReportContext {
  readonly color: boolean;
  readonly sources: SourceTexts;
  /** Files analysed (for summaries and per-file formats). */
  readonly files: readonly string[];
  readonly failOn: Finding['severity'];
  readonly toolVersion: string;
  /**
   * Every rule the run knew about, for formats that describe rules as well as results (the SARIF
   * driver lists them all). Optional: a reporter without it describes only the rules it saw.
   */
  readonly rules?: readonly RuleMeta[];
}

export interface ReportInputData {
  readonly findings: readonly Finding[];
  readonly internalErrors: readonly { readonly ruleId: string; readonly message: string }[];
  /** The permission change against a base (check --base); rendered by text, json and markdown. */
  readonly delta?: Comparison;
}

export type Reporter = (data: ReportInputData, ctx: ReportContext) => string;
