import { describe, expect, it } from 'vitest';
import type { Finding, Severity } from '../../src/model/finding.js';
import { MARKDOWN_MAX_ROWS, markdownCell, markdownCode, markdownReporter } from '../../src/report/markdown.js';
import type { ReportInputData } from '../../src/report/types.js';
import { CONTEXT, DATA, FINDINGS } from './findings-fixture.js';

function finding(over: Partial<Finding>): Finding {
  const base = FINDINGS[0];
  if (!base) throw new Error('empty fixture');
  return { ...base, ...over };
}

/** Rows of the findings table: the lines after its header and separator, up to the first non-row. */
function tableRows(md: string): string[] {
  const lines = md.split('\n');
  const header = lines.indexOf('| Severity | Rule | Location | Message |');
  if (header === -1) return [];
  const rows: string[] = [];
  for (const line of lines.slice(header + 2)) {
    if (!line.startsWith('|')) break;
    rows.push(line);
  }
  return rows;
}

/** Split a GFM table row into cells the way GitLab does: on `|` not preceded by a backslash. */
function cells(row: string): string[] {
  return row
    .slice(2, -2)
    .split(/(?<!\\)\|/)
    .map((c) => c.trim());
}

describe('Markdown MR summary', () => {
  it('escapes table cells: pipes, newlines, HTML and emphasis cannot break out', () => {
    expect(markdownCell('a|b')).toBe('a\\|b');
    expect(markdownCell('one\ntwo\r\nthree\rfour')).toBe('one two three four');
    expect(markdownCell('<script>alert(1)</script>')).toBe('\\<script\\>alert(1)\\</script\\>');
    expect(markdownCell('*x* _y_ `z` [l](u) ~~s~~ &amp; \\')).toBe('\\*x\\* \\_y\\_ \\`z\\` \\[l\\](u) \\~\\~s\\~\\~ \\&amp; \\\\');
    expect(markdownCell('bell\u0007 nul\u0000 tab\tend')).toBe('bell nul tab end');
  });

  it('code spans survive backticks and pipes', () => {
    expect(markdownCode('deploy/rbac.yaml:5')).toBe('`deploy/rbac.yaml:5`');
    expect(markdownCode('a`b')).toBe('`` a`b ``');
    expect(markdownCode('a|b')).toBe('`a\\|b`');
    expect(markdownCode('x\ny')).toBe('`x y`');
  });

  it('every table row of the fixture has exactly four cells, the hostile message included', () => {
    const rows = tableRows(markdownReporter(DATA, CONTEXT));
    expect(rows).toHaveLength(FINDINGS.filter((f) => f.suppressions.length === 0).length);
    for (const row of rows) expect(cells(row)).toHaveLength(4);
    const hostile = rows.find((r) => r.includes('pods'));
    expect(hostile).toBe('| warning | `rbac/wildcard-verb` | `deploy/rbac.yaml:5` | Role "apps/deployer" grants every verb on pods\\|pods/exec \\<all\\> \\& more second line: it\'s \'quoted\' |');
  });

  it('contains no HTML and no raw line break inside a row', () => {
    const md = markdownReporter({ findings: [finding({ message: '<b>bold</b>\n<img src=x onerror=y>' })], internalErrors: [{ ruleId: 'x/y', message: '<i>crash</i>\nmore' }] }, CONTEXT);
    expect(md).not.toMatch(/(?<!\\)<[a-z/]/i);
    for (const line of md.split('\n').filter((l) => l.startsWith('|'))) expect(line.endsWith('|')).toBe(true);
  });

  it('lists worst first and caps the table with "…and N more"', () => {
    const severities: Severity[] = ['info', 'warning', 'error', 'critical'];
    const many = Array.from({ length: MARKDOWN_MAX_ROWS + 7 }, (_, i) => finding({ severity: severities[i % 4] ?? 'info', message: `m${i}`, fingerprint: `p${i}` }));
    const md = markdownReporter({ findings: many, internalErrors: [] }, CONTEXT);
    const rows = tableRows(md);
    expect(rows).toHaveLength(MARKDOWN_MAX_ROWS);
    expect(md).toContain('\n…and 7 more.\n');
    const order = rows.map((r) => cells(r)[0]);
    expect(order).toEqual([...order].sort((a, b) => severities.indexOf(b as Severity) - severities.indexOf(a as Severity)));
    expect(order[0]).toBe('critical');
    // within a severity, the report's own order is kept
    expect(rows.filter((r) => r.startsWith('| critical')).slice(0, 2).map((r) => cells(r)[3])).toEqual(['m3', 'm7']);
  });

  it('states the verdict against --fail-on and counts suppressed findings without listing them', () => {
    expect(markdownReporter(DATA, { ...CONTEXT, failOn: 'critical' })).toContain('**Failed:** 1 finding at or above `critical` in 5 files.');
    const warningsOnly: ReportInputData = { findings: FINDINGS.filter((f) => f.severity === 'warning' || f.suppressions.length > 0), internalErrors: [] };
    const md = markdownReporter(warningsOnly, CONTEXT);
    expect(md).toContain('**Passed:** nothing at or above `error` in 5 files.');
    expect(md).toContain('2 suppressed findings are not listed; the JSON and SARIF reports include them.');
    expect(md).not.toContain('gitlab-agent chart');
    const onlySuppressed = markdownReporter({ findings: FINDINGS.filter((f) => f.suppressions.length > 0).slice(0, 1), internalErrors: [] }, CONTEXT);
    expect(onlySuppressed).toContain('**Passed:** no findings in 5 files.');
    expect(onlySuppressed).toContain('1 suppressed finding is not listed');
    expect(onlySuppressed).not.toContain('| Severity |');
  });

  it('mentions rule crashes', () => {
    const md = markdownReporter({ findings: [], internalErrors: [{ ruleId: 'rbac/wildcard-verb', message: 'boom|bang' }] }, CONTEXT);
    expect(md).toContain('**1 rule crashed** (a kaslint bug; the results above may be incomplete):\n\n- `rbac/wildcard-verb`: boom\\|bang\n');
  });
});
