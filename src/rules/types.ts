import type { Severity } from '../model/finding.js';
import type { JsonPath, SourceRef } from '../model/path.js';
import type { ObjectIdentity } from '../model/finding.js';
import type { Workspace } from '../model/workspace.js';
import type { Analysis } from '../engine/analysis.js';

export type RuleCategory = 'io' | 'yaml' | 'schema' | 'helm' | 'agent' | 'rbac' | 'gitlab' | 'kaslint';

export interface RuleMeta {
  /** Stable id `<category>/<kebab-name>`; never changes meaning once released. */
  readonly id: string;
  readonly category: RuleCategory;
  /** One line: what the rule reports. */
  readonly description: string;
  readonly defaultSeverity: Severity;
  /** Part of the default rule set. */
  readonly recommended: boolean;
  /** What to do about it; required, ends with a period. */
  readonly remediation: string;
  /** kaslint version that introduced the rule. */
  readonly since: string;
  /** Peer rules covering the same risk, for cross-reference. */
  readonly sources?: readonly { readonly tool: string; readonly id: string }[];
}

export interface ReportInput {
  /** Where: a document path (rules never compute lines), or raw offsets for parser errors. */
  readonly at: SourceRef | OffsetRef;
  readonly target?: 'key' | 'value';
  readonly message: string;
  /** Stable key for the fingerprint (defaults to the message). */
  readonly key?: string;
  /** Defaults to the rule's configured severity. */
  readonly severity?: Severity;
  readonly object?: ObjectIdentity;
  readonly related?: readonly { readonly message: string; readonly at?: SourceRef; readonly target?: 'key' | 'value' }[];
  /** Overrides the rule's remediation when a more specific one helps. */
  readonly help?: string;
}

export interface OffsetRef {
  readonly file: string;
  readonly startOffset: number;
  readonly endOffset: number;
}

export function isOffsetRef(at: SourceRef | OffsetRef): at is OffsetRef {
  return (at as OffsetRef).startOffset !== undefined;
}

export interface RuleContext {
  readonly workspace: Workspace;
  readonly analysis: Analysis;
  report(input: ReportInput): void;
}

export interface RuleDefinition {
  readonly meta: RuleMeta;
  check(ctx: RuleContext): void;
}

export function defineRule(rule: RuleDefinition): RuleDefinition {
  return rule;
}

export type { JsonPath };
