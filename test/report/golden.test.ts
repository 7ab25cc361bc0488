import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compareFindings } from '../../src/engine/sort.js';
import { REPORTERS, reporterFor } from '../../src/report/formats.js';
import type { ReportContext, ReportInputData } from '../../src/report/types.js';
import { CONTEXT, DATA, FINDINGS } from './findings-fixture.js';

/** Golden files, written by hand from each format's rules, for the one shared fixture. */
const GOLDEN: Readonly<Record<string, string>> = {
  json: 'report.json',
  sarif: 'report.sarif',
  codequality: 'codequality.json',
  junit: 'junit.xml',
  markdown: 'markdown.md',
};

function golden(file: string): string {
  return readFileSync(new URL(`./golden/${file}`, import.meta.url), 'utf8');
}

function render(format: string, data: ReportInputData = DATA, ctx: ReportContext = CONTEXT): string {
  const reporter = reporterFor(format);
  if (!reporter) throw new Error(`no reporter ${format}`);
  return reporter(data, ctx);
}

describe('report formats on the shared fixture', () => {
  it('the fixture is in the engine order, as reporters receive it', () => {
    expect([...FINDINGS].sort(compareFindings)).toEqual(FINDINGS);
  });

  it('registers every format the product names', () => {
    expect(Object.keys(REPORTERS).sort()).toEqual(['codequality', 'json', 'junit', 'markdown', 'sarif', 'text']);
  });

  for (const [format, file] of Object.entries(GOLDEN)) {
    it(`${format} matches golden/${file}`, () => {
      expect(render(format)).toBe(golden(file));
    });
  }

  it('every format is deterministic: the same input gives the same bytes, also from a deep copy', () => {
    const copy = JSON.parse(JSON.stringify(DATA)) as ReportInputData;
    const ctxCopy: ReportContext = { ...CONTEXT, files: [...CONTEXT.files], rules: [...(CONTEXT.rules ?? [])] };
    for (const format of Object.keys(REPORTERS)) {
      const first = render(format);
      expect(render(format), format).toBe(first);
      expect(render(format, copy, ctxCopy), format).toBe(first);
    }
  });

  it('every format ends with exactly one newline and has no carriage returns or absolute paths', () => {
    for (const format of Object.keys(REPORTERS)) {
      const out = render(format);
      expect(out.endsWith('\n') && !out.endsWith('\n\n'), format).toBe(true);
      expect(out.includes('\r'), format).toBe(false);
      expect(out.includes('/work/') || out.includes('file://'), format).toBe(false);
    }
  });

  it('every format renders an empty run', () => {
    const empty: ReportInputData = { findings: [], internalErrors: [] };
    const ctx: ReportContext = { ...CONTEXT, files: [] };
    expect(JSON.parse(render('codequality', empty, ctx))).toEqual([]);
    expect(render('markdown', empty, ctx)).toBe('## kaslint\n\n**Passed:** no findings in 0 files.\n');
    expect(render('junit', empty, ctx)).toBe('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="kaslint" tests="0" failures="0" errors="0">\n</testsuites>\n');
    const sarif = JSON.parse(render('sarif', empty, ctx)) as { runs: { results: unknown[] }[] };
    expect(sarif.runs[0]?.results).toEqual([]);
  });
});
