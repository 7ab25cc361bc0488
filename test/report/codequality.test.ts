import { describe, expect, it } from 'vitest';
import { SEVERITIES, type Finding } from '../../src/model/finding.js';
import { codeQualityReporter } from '../../src/report/codequality.js';
import type { ReportInputData } from '../../src/report/types.js';
import { CONTEXT, DATA, FINDINGS } from './findings-fixture.js';

/**
 * The fields GitLab documents for a Code Quality report entry ("Code Quality report format"):
 * each must be present and of this shape. GitLab ignores any other field, so none is emitted.
 */
const DOCUMENTED_FIELDS: readonly { readonly path: readonly string[]; readonly check: (v: unknown) => boolean; readonly what: string }[] = [
  { path: ['description'], check: (v) => typeof v === 'string' && v !== '', what: 'non-empty string' },
  { path: ['check_name'], check: (v) => typeof v === 'string' && v !== '', what: 'non-empty string' },
  { path: ['fingerprint'], check: (v) => typeof v === 'string' && v !== '', what: 'non-empty string' },
  { path: ['severity'], check: (v) => typeof v === 'string' && ['info', 'minor', 'major', 'critical', 'blocker'].includes(v), what: 'one of info, minor, major, critical, blocker' },
  { path: ['location', 'path'], check: (v) => typeof v === 'string' && v !== '' && !v.startsWith('/') && !v.startsWith('./') && !v.includes('\\'), what: 'relative POSIX path' },
  { path: ['location', 'lines', 'begin'], check: (v) => Number.isInteger(v) && (v as number) >= 1, what: 'integer ≥ 1' },
];
const ALLOWED_KEYS: Readonly<Record<string, readonly string[]>> = {
  '': ['description', 'check_name', 'fingerprint', 'severity', 'location'],
  location: ['path', 'lines'],
  'location.lines': ['begin'],
};

function get(obj: unknown, path: readonly string[]): unknown {
  let cur = obj;
  for (const k of path) cur = cur !== null && typeof cur === 'object' ? (cur as Record<string, unknown>)[k] : undefined;
  return cur;
}

function render(data: ReportInputData = DATA): Record<string, unknown>[] {
  const out: unknown = JSON.parse(codeQualityReporter(data, CONTEXT));
  expect(Array.isArray(out)).toBe(true);
  return out as Record<string, unknown>[];
}

function finding(over: Partial<Finding>): Finding {
  const base = FINDINGS[0];
  if (!base) throw new Error('empty fixture');
  return { ...base, ...over };
}

describe('GitLab Code Quality', () => {
  it('every entry has every documented field, well-formed, and nothing else', () => {
    const issues = render();
    expect(issues.length).toBeGreaterThan(0);
    for (const issue of issues) {
      for (const field of DOCUMENTED_FIELDS) {
        expect(field.check(get(issue, field.path)), `${field.path.join('.')} must be ${field.what} in ${JSON.stringify(issue)}`).toBe(true);
      }
      for (const [where, keys] of Object.entries(ALLOWED_KEYS)) {
        expect(Object.keys(get(issue, where === '' ? [] : where.split('.')) as object).sort()).toEqual([...keys].sort());
      }
    }
  });

  it('off by one: a finding on line 1, column 1 begins at line 1 (not 0)', () => {
    const onFirst = finding({ location: { ...finding({}).location, range: { start: { line: 1, column: 1 }, end: { line: 1, column: 2 }, startOffset: 0, endOffset: 1 } } });
    expect(render({ findings: [onFirst], internalErrors: [] })[0]).toMatchObject({ location: { lines: { begin: 1 } } });
  });

  it('lines.begin is the start line of each finding, multi-line ranges included', () => {
    const unsuppressed = FINDINGS.filter((f) => f.suppressions.length === 0);
    expect(render().map((i) => get(i, ['location', 'lines', 'begin']))).toEqual(unsuppressed.map((f) => f.location.range.start.line));
    expect(render().map((i) => get(i, ['location', 'lines', 'begin']))).toContain(5); // the 5:3–8:14 range
  });

  it('maps severities info/warning/error/critical to info/minor/major/critical and never emits blocker', () => {
    const findings = SEVERITIES.map((severity, i) => finding({ severity, fingerprint: `s${i}` }));
    expect(render({ findings, internalErrors: [] }).map((i) => i['severity'])).toEqual(['info', 'minor', 'major', 'critical']);
  });

  it('leaves suppressed findings out (the format has no suppression field)', () => {
    const fingerprints = render().map((i) => i['fingerprint']);
    expect(fingerprints).not.toContain('11111111111111111111111111111111'); // inline
    expect(fingerprints).not.toContain('66666666666666666666666666666666'); // baseline
    expect(fingerprints).toHaveLength(FINDINGS.length - 2);
  });

  it('uses the fingerprint as is (stable across line moves) and the rule id as check_name', () => {
    const moved = FINDINGS.map((f) => ({ ...f, location: { ...f.location, range: { ...f.location.range, start: { ...f.location.range.start, line: f.location.range.start.line + 10 } } } }));
    const before = render().map((i) => [i['fingerprint'], i['check_name']]);
    expect(render({ findings: moved, internalErrors: [] }).map((i) => [i['fingerprint'], i['check_name']])).toEqual(before);
  });

  it('an empty or crash-only run is an empty array', () => {
    expect(render({ findings: [], internalErrors: [{ ruleId: 'x/y', message: 'boom' }] })).toEqual([]);
  });
});
