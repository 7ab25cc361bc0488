import type { Finding } from '../model/finding.js';

/** Text of the analysed files, for code frames (path → text). */
export type SourceTexts = (path: string) => string | undefined;

export interface ReportContext {
  readonly color: boolean;
  readonly sources: SourceTexts;
  /** Files analysed (for summaries and per-file formats). */
  readonly files: readonly string[];
  readonly failOn: Finding['severity'];
  readonly toolVersion: string;
}

export interface ReportInputData {
  readonly findings: readonly Finding[];
  readonly internalErrors: readonly { readonly ruleId: string; readonly message: string }[];
}

export type Reporter = (data: ReportInputData, ctx: ReportContext) => string;
