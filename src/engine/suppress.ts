import { IGNORE_ANNOTATION, parseIgnoreAnnotation, scanDirectives, type DirectiveKind } from '../load/directives.js';
import type { Finding, Suppression } from '../model/finding.js';
import { refAt } from '../model/k8s.js';
import type { SourceRef } from '../model/path.js';
import type { Workspace } from '../model/workspace.js';
import type { BaselineEntry } from './baseline.js';
import { locateRef } from './locate-ref.js';
import type { OffsetRef } from '../rules/types.js';

interface Candidate {
  readonly kind: DirectiveKind | 'annotation';
  readonly rules: readonly string[];
  readonly reason: string;
  readonly file: string;
  /** Where the suppression itself is written (for its own findings). */
  readonly at: SourceRef | OffsetRef;
  readonly matches: (f: Finding) => boolean;
  used: boolean;
}

/** A problem with a suppression, reported by the kaslint/* rules. */
export interface SuppressionProblem {
  readonly ruleId: 'kaslint/suppression-without-reason' | 'kaslint/unused-suppression';
  readonly at: SourceRef | OffsetRef;
  readonly message: string;
}

export interface SuppressionResult {
  readonly findings: Finding[];
  readonly problems: SuppressionProblem[];
}

function candidates(ws: Workspace): Candidate[] {
  const out: Candidate[] = [];
  for (const file of ws.files) {
    for (const d of scanDirectives(file.source)) {
      const path = file.source.path;
      const targetLine = d.kind === 'disable-next-line' ? d.line + 1 : d.line;
      out.push({
        kind: d.kind,
        rules: d.rules,
        reason: d.reason,
        file: path,
        at: { file: path, startOffset: d.startOffset, endOffset: d.endOffset },
        matches: (f) => f.location.file === path && (d.kind === 'disable' || f.location.range.start.line === targetLine),
        used: false,
      });
    }
  }
  for (const obj of ws.objects) {
    const value = obj.annotations[IGNORE_ANNOTATION];
    if (value === undefined || obj.origin.kind !== 'document') continue;
    const { rules, reason } = parseIgnoreAnnotation(value);
    const self = refAt(obj, []);
    const where = refAt(obj, ['metadata', 'annotations', IGNORE_ANNOTATION]);
    if (!self || !where) continue;
    // The object's own text, and findings about it reported elsewhere (e.g. a binding's
    // risk reported at its role's rule).
    const span = locateRef(ws, self, 'value').range;
    out.push({
      kind: 'annotation',
      rules,
      reason,
      file: self.file,
      at: where,
      matches: (f) =>
        (f.location.file === self.file && f.location.range.startOffset >= span.startOffset && f.location.range.startOffset < span.endOffset) ||
        (f.object !== undefined && f.object.kind === obj.kind && f.object.name === obj.name && (f.object.namespace ?? '') === (obj.namespace ?? '')),
      used: false,
    });
  }
  return out;
}

const KIND_LABEL: Readonly<Record<Candidate['kind'], Suppression['kind']>> = {
  'disable-next-line': 'inline',
  'disable-line': 'inline',
  disable: 'file',
  annotation: 'annotation',
};

/**
 * Mark suppressed findings (they stay in the result, flagged, for JSON and SARIF) and
 * report suppressions that give no reason or suppress nothing.
 */
export function applySuppressions(ws: Workspace, findings: readonly Finding[], baseline: readonly BaselineEntry[], knownRules: ReadonlySet<string>): SuppressionResult {
  const list = candidates(ws);
  const baselined = new Set(baseline.map((b) => b.fingerprint));
  const out = findings.map((f) => {
    const sup: Suppression[] = [];
    for (const c of list) {
      if (!c.rules.includes(f.ruleId) || !c.matches(f)) continue;
      c.used = true;
      sup.push({ kind: KIND_LABEL[c.kind], justification: c.reason });
    }
    if (baselined.has(f.fingerprint)) sup.push({ kind: 'baseline', justification: 'accepted in the baseline file' });
    return sup.length > 0 ? { ...f, suppressions: sup } : f;
  });
  const problems: SuppressionProblem[] = [];
  for (const c of list) {
    const what = c.kind === 'annotation' ? `annotation ${IGNORE_ANNOTATION}` : `kaslint-${c.kind} comment`;
    if (c.rules.length === 0) {
      problems.push({ ruleId: 'kaslint/unused-suppression', at: c.at, message: `${what} names no rule; name the rule ids it is meant to suppress` });
      continue;
    }
    if (c.reason === '') problems.push({ ruleId: 'kaslint/suppression-without-reason', at: c.at, message: `${what} for ${c.rules.join(', ')} gives no reason (add " -- why it is acceptable")` });
    const unknown = c.rules.filter((r) => !knownRules.has(r));
    if (unknown.length > 0) problems.push({ ruleId: 'kaslint/unused-suppression', at: c.at, message: `${what} names unknown rule${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}` });
    else if (!c.used) problems.push({ ruleId: 'kaslint/unused-suppression', at: c.at, message: `${what} for ${c.rules.join(', ')} suppresses nothing; remove it` });
  }
  return { findings: out, problems };
}
