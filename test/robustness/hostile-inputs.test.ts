// Every hazard of the list, read together in one repository beside "canary" files
// whose findings are known: nothing crashes, nothing prints a stack trace, and no other
// file's result is lost. Category expectations are then read off the same report.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPORTERS } from '../../src/report/formats.js';
import { hostileFiles, snapshotPrototypes } from '../../scripts/lib/hostile.mjs';
import { removeTree, writeTree } from '../support/lint-files.js';
import { brief, CANARY_FILES, CANARY_FINDING, cli, invariantViolations, parseReport, type CliRun, type JsonReport } from './helpers.js';

// Extra canaries spread through the sort order, so a failure part-way through loses one.
const EARLY = 'a-canary.yaml';
const MIDDLE = 'm-canary.yaml';
const CANARY_TEXT = 'kind: ConfigMap\napiVersion: v1\nmetadata:\n  name: c\n  name: c2\n';
const CANARIES = [CANARY_FINDING, `yaml/duplicate-key ${EARLY}:5:3`, `yaml/duplicate-key ${MIDDLE}:5:3`];

const FORMATS = Object.keys(REPORTERS).sort();
const JSON_FORMATS = new Set(['json', 'sarif', 'codequality']);

let dir = '';
let checkRun: CliRun;
let report: JsonReport;
let findings: string[] = [];
let pollution: string[] = [];

function findingsOf(file: string): string[] {
  return findings.filter((f) => f.split(' ')[1]?.startsWith(`${file}:`));
}

beforeAll(async () => {
  dir = writeTree({ ...hostileFiles(), ...CANARY_FILES, [EARLY]: CANARY_TEXT, [MIDDLE]: CANARY_TEXT });
  const changed = snapshotPrototypes();
  const others = FORMATS.filter((f) => f !== 'json').flatMap((f) => ['-o', `${f}=out/report.${f}`]);
  checkRun = await cli(dir, ['check', '-o', 'json', ...others]);
  report = parseReport(checkRun);
  findings = brief(report);
  pollution = changed();
}, 180_000);
afterAll(() => {
  if (dir) removeTree(dir);
});

describe('all hostile files in one repository', () => {
  it('check exits 0, 1 or 2 with no stack trace and at most one error line', () => {
    expect(invariantViolations(checkRun)).toEqual([]);
    expect(checkRun.err).toBe('');
  });

  it('keeps the findings of the good files', () => {
    for (const c of CANARIES) expect(findings).toContain(c);
  });

  it('writes every output format, and the JSON ones parse', () => {
    expect([...checkRun.written.keys()].map((k) => k.slice(dir.length + 1)).sort()).toEqual(FORMATS.filter((f) => f !== 'json').map((f) => `out/report.${f}`).sort());
    for (const [p, text] of checkRun.written) {
      const fmt = p.slice(p.lastIndexOf('.') + 1);
      if (JSON_FORMATS.has(fmt)) expect(() => JSON.parse(text) as unknown, fmt).not.toThrow();
      if (fmt === 'text') expect(text).toContain(`${'zz-canary/dup.yaml'}:8:3`);
    }
  });

  it('leaves Object.prototype and the other built-in prototypes untouched', () => {
    expect(pollution).toEqual([]);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('reports alias bombs instead of expanding them', () => {
    expect(findingsOf('alias-bomb.yaml').some((f) => f.startsWith('yaml/alias-limit'))).toBe(true);
    // A huge anchor referenced many times is shared, not copied: it may be analysed as is.
    expect(findingsOf('huge-anchor.yaml').filter((f) => f.startsWith('yaml/syntax'))).toEqual([]);
  });

  it('parses deep nesting or reports it as a YAML finding (how deep depends on the stack size)', () => {
    for (const f of ['deep-flow.yaml', 'deep-flow-map.yaml', 'deep-block.yaml', 'deep-seq.yaml', 'json-deep.json']) {
      expect(findingsOf(f).filter((x) => !x.startsWith('yaml/')), f).toEqual([]);
    }
  });

  it('reports nesting deeper than the stack at the document start, whatever the stack size', () => {
    const deep = report.findings.filter((f) => f.file === 'deep-flow.yaml');
    expect(deep.map((f) => [f.ruleId, f.range.start.line, f.range.start.column])).toEqual([['yaml/syntax', 1, 1]]);
    expect(deep[0]?.message).toContain('levels deep');
  });

  it('reports binary and non-UTF-8 files as not text, wherever the NUL byte is', () => {
    for (const f of ['nul.yaml', 'nul-late.yaml', 'invalid-utf8.yaml', 'latin1.yaml', 'random-bytes.yaml']) {
      expect(findingsOf(f).map((x) => x.split(' ')[0]), f).toContain('io/not-text');
    }
  });

  it('reads BOM and CRLF files like plain ones', () => {
    for (const f of ['bom.yaml', 'crlf.yaml', 'bom-crlf.yaml']) expect(findingsOf(f).filter((x) => x.startsWith('yaml/')), f).toEqual([]);
  });

  it('reports each duplicate key once where it is', () => {
    expect(findingsOf('duplicate-keys.yaml').filter((f) => f.startsWith('yaml/duplicate-key'))).toEqual([
      'yaml/duplicate-key duplicate-keys.yaml:2:1',
      'yaml/duplicate-key duplicate-keys.yaml:4:1',
      'yaml/duplicate-key duplicate-keys.yaml:7:3',
    ]);
  });

  it('reports syntax errors of truncated, unterminated and tab-indented files as findings', () => {
    for (const f of ['unterminated.yaml', 'tabs.yaml', 'truncated.yaml']) {
      expect(findingsOf(f).some((x) => x.startsWith('yaml/syntax')), f).toBe(true);
    }
  });

  it('reports templates and conflict markers once, without parsing them', () => {
    expect(findingsOf('template.yaml').map((f) => f.split(' ')[0])).toEqual(['helm/template-not-analysed']);
    expect(findingsOf('conflict.yaml').map((f) => f.split(' ')[0])).toEqual(['yaml/merge-conflict']);
  });

  it('reports random text as a finding (syntax, or a template when it happens to hold "{{")', () => {
    expect(findingsOf('random-text.yaml').length).toBeGreaterThan(0);
  });

  it('counts every readable file', () => {
    expect(report.summary.files).toBeGreaterThanOrEqual(Object.keys(hostileFiles()).length);
  });
});

describe('other commands on the same hostile repository', () => {
  it.each([
    ['who-can', ['who-can', 'get', 'secrets', '-A', '-o', 'json']],
    ['can-i with prototype names', ['can-i', 'get', 'constructor', '-n', '__proto__', '--as', '__proto__', '--as-group', 'constructor']],
    ['can-i --list', ['can-i', '--list', '-n', 'ns', '--as', 'system:serviceaccount:ns:sa']],
  ])('%s keeps the invariants', async (_name, argv) => {
    const changed = snapshotPrototypes();
    const r = await cli(dir, argv);
    expect(invariantViolations(r)).toEqual([]);
    if (argv.includes('json') && r.code === 0) expect(() => JSON.parse(r.out) as unknown).not.toThrow();
    expect(changed()).toEqual([]);
  });
});

describe('many errors on one long line', () => {
  it('lists 20 per file then one summary, shows a window of the line, and keeps the good files', async () => {
    const d = writeTree({ ...CANARY_FILES, 'quotes.yaml': `config: "abc${'"'.repeat(32000)}x"\n` });
    try {
      const r = await cli(d, ['check', '-o', 'json', ...FORMATS.filter((f) => f !== 'json').flatMap((f) => ['-o', `${f}=out/report.${f}`])]);
      expect(invariantViolations(r)).toEqual([]);
      const rep = parseReport(r);
      expect(brief(rep)).toContain(CANARY_FINDING);
      const quotes = rep.findings.filter((f) => f.file === 'quotes.yaml');
      expect(quotes).toHaveLength(21);
      expect(quotes[20]?.message).toMatch(/^\d+ more YAML syntax error\(s\) in this file/);
      // Each format stays proportional to the findings, not to findings × line length.
      for (const [p, text] of r.written) expect(text.length, p).toBeLessThan(200_000);
      const textReport = [...r.written].find(([p]) => p.endsWith('.text'))?.[1] ?? '';
      expect(textReport).toContain('zz-canary/dup.yaml:8:3');
      expect(Math.max(...textReport.split('\n').map((l) => l.length))).toBeLessThan(200);
    } finally {
      removeTree(d);
    }
  });
});

describe('per-file size limit', () => {
  it('reports a file over --max-file-size by its size and still reads the others', async () => {
    const d = writeTree({ ...CANARY_FILES, 'big.yaml': `data: ${'x'.repeat(3000)}\n` });
    try {
      const r = await cli(d, ['check', '-o', 'json', '--max-file-size', '2KiB']);
      expect(invariantViolations(r)).toEqual([]);
      const rep = parseReport(r);
      const big = rep.findings.find((f) => f.file === 'big.yaml');
      expect(big?.ruleId).toBe('io/file-too-large');
      expect(big?.message).toContain('2.9 KiB');
      expect(brief(rep)).toContain(CANARY_FINDING);
    } finally {
      removeTree(d);
    }
  });

  it('rejects a malformed --max-file-size with one error line', async () => {
    const d = writeTree(CANARY_FILES);
    try {
      const r = await cli(d, ['check', '--max-file-size', '1e999 parsecs']);
      expect(r.code).toBe(2);
      expect(invariantViolations(r)).toEqual([]);
      expect(r.err.split('\n').filter(Boolean)).toHaveLength(1);
    } finally {
      removeTree(d);
    }
  });
});
