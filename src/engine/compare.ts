import type { Finding } from '../model/finding.js';
import type { Workspace } from '../model/workspace.js';
import { RULES } from '../rules/registry.js';
import { Analysis } from './analysis.js';
import { lint } from './lint.js';
import { permissionDelta, type IdentityDelta, type PermissionChange } from './permission-delta.js';
import { locateRef } from './locate-ref.js';

export interface Comparison {
  readonly base: string;
  readonly head: string;
  readonly identities: readonly IdentityDelta[];
  /** Findings of permission rules present on HEAD and not on BASE: the risky gains. */
  readonly newRiskFindings: readonly Finding[];
}

/** A finding's identity across both sides: no file or line, so renames and moves match. */
function sideKey(f: Finding): string {
  return f.matchKey ?? f.fingerprint;
}

function locate(ws: Workspace, c: PermissionChange): PermissionChange {
  if (!c.location) return c;
  const l = locateRef(ws, c.location);
  return { ...c, position: `${l.file}:${l.range.start.line}:${l.range.start.column}` };
}

const PERMISSION_CATEGORIES = ['rbac/', 'gitlab/'];

function riskFindings(findings: readonly Finding[]): Finding[] {
  return findings.filter((f) => PERMISSION_CATEGORIES.some((c) => f.ruleId.startsWith(c)) && f.suppressions.length === 0);
}

/** Compare two states: every identity's gained/lost permissions, and risky findings new on HEAD. */
export function compareWorkspaces(
  base: { readonly label: string; readonly workspace: Workspace },
  head: { readonly label: string; readonly workspace: Workspace; readonly findings?: readonly Finding[] },
  options: { readonly includeDefaultPolicy: boolean },
): Comparison {
  const baseAnalysis = new Analysis(base.workspace, { includeDefaultPolicy: options.includeDefaultPolicy });
  const headAnalysis = new Analysis(head.workspace, { includeDefaultPolicy: options.includeDefaultPolicy });
  // Changes are located on the side that has them: gains on HEAD, losses on BASE.
  const identities = permissionDelta(baseAnalysis, headAnalysis).map((id) => ({
    ...id,
    gained: id.gained.map((c) => locate(head.workspace, c)),
    lost: id.lost.map((c) => locate(base.workspace, c)),
  }));
  // Only the permission rules matter on BASE: their findings tell which gains are new.
  const permissionRules = RULES.filter((r) => PERMISSION_CATEGORIES.some((c) => r.meta.id.startsWith(c)));
  const baseKeys = new Set(riskFindings(lint(base.workspace, { rules: permissionRules, analysis: baseAnalysis }).findings).map(sideKey));
  const headFindings = head.findings ?? lint(head.workspace, { rules: permissionRules, analysis: headAnalysis }).findings;
  const newRiskFindings = riskFindings(headFindings).filter((f) => !baseKeys.has(sideKey(f)));
  return { base: base.label, head: head.label, identities, newRiskFindings };
}
