import { SEVERITIES, severityRank, type Finding, type Severity } from '../model/finding.js';
import { formatPath } from '../model/path.js';
import { compareStrings, isSuppressed, objectLabel } from './labels.js';
import { failsAt } from './severity-map.js';
import type { Reporter } from './types.js';

/**
 * JUnit XML for CI test-report widgets (GitLab `artifacts:reports:junit`).
 *
 * - One `<testsuite>` per file analysed (`ctx.files`, plus any file only a finding names), sorted
 *   like `check` sorts files. A file without findings gets one passing testcase, `no findings`,
 *   so every analysed file shows up.
 * - One `<testcase classname="FILE" name="RULE TARGET">` per rule and object in that file, where
 *   TARGET is the object (`Role apps/deployer`) or, for findings about no object, the file path.
 *   Several findings of one rule on one object are one testcase.
 * - A testcase fails when one of its unsuppressed findings is at or above `--fail-on` (the rule
 *   that decides the exit code): `<failure message type>` with `type` = the worst severity and a
 *   body listing those findings.
 * - Everything else in the group — findings below the threshold and suppressed findings (with
 *   their kind and justification) — goes to `<system-out>` of a testcase that passes. Suppressed
 *   findings are not `<skipped/>`: the check ran, and its result was accepted.
 * - A rule that crashed is an `<error>` in a final `kaslint` suite.
 * - No timestamps or durations, so output is deterministic. Text is escaped for XML 1.0, and
 *   characters XML 1.0 cannot carry at all (most C0 controls, lone surrogates, U+FFFE/U+FFFF) are
 *   replaced with U+FFFD.
 */

const INVALID_XML_CHARS = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Replace what XML 1.0 cannot represent (not even as a character reference) with U+FFFD. */
export function xmlSafe(s: string): string {
  return s.replace(INVALID_XML_CHARS, '\uFFFD');
}

/** Escape character data (element content). `\r` is kept as a reference so parsers keep it. */
export function xmlText(s: string): string {
  return xmlSafe(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#13;');
}

/** Escape a double-quoted attribute value; whitespace controls are references so they survive. */
export function xmlAttr(s: string): string {
  return xmlText(s).replace(/"/g, '&quot;').replace(/\n/g, '&#10;').replace(/\t/g, '&#9;');
}

function attrs(pairs: readonly (readonly [string, string | number])[]): string {
  return pairs.map(([k, v]) => ` ${k}="${xmlAttr(String(v))}"`).join('');
}

function position(file: string, line: number, column: number): string {
  return `${file}:${line}:${column}`;
}

/** A finding as plain text lines, the same facts the text report shows. */
function describe(f: Finding): string {
  const loc = f.location;
  const lines = [
    `${f.severity}: ${f.message}`,
    `  at ${position(loc.file, loc.range.start.line, loc.range.start.column)}${loc.path.length > 0 ? ` (${formatPath(loc.path)}${loc.exact ? '' : '; not present, nearest parent shown'})` : ''}`,
  ];
  for (const r of f.related) {
    const where = r.location ? ` (${position(r.location.file, r.location.range.start.line, r.location.range.start.column)})` : '';
    lines.push(`  note: ${r.message}${where}`);
  }
  for (const s of f.suppressions) lines.push(`  suppressed (${s.kind})${s.justification !== '' ? `: ${s.justification}` : ''}`);
  lines.push(`  help: ${f.help}`);
  return lines.join('\n');
}

interface Group {
  readonly name: string;
  readonly findings: Finding[];
}

function groupsOf(file: string, findings: readonly Finding[]): Group[] {
  const byKey = new Map<string, Group>();
  for (const f of findings) {
    const target = f.object ? objectLabel(f.object) : file;
    const key = JSON.stringify([f.ruleId, f.object ? [f.object.kind, f.object.namespace ?? '', f.object.name] : null]);
    let g = byKey.get(key);
    if (!g) {
      g = { name: `${f.ruleId} ${target}`, findings: [] };
      byKey.set(key, g);
    }
    g.findings.push(f);
  }
  return [...byKey.values()];
}

function worst(findings: readonly Finding[]): Severity {
  let w: Severity = SEVERITIES[0];
  for (const f of findings) if (severityRank(f.severity) > severityRank(w)) w = f.severity;
  return w;
}

interface RenderedSuite {
  readonly xml: string[];
  readonly tests: number;
  readonly failures: number;
  readonly errors: number;
}

function fileSuite(file: string, findings: readonly Finding[], failOn: Severity): RenderedSuite {
  const cases: string[] = [];
  let failures = 0;
  const groups = groupsOf(file, findings);
  for (const g of groups) {
    const failing = g.findings.filter((f) => !isSuppressed(f) && failsAt(f.severity, failOn));
    const other = g.findings.filter((f) => !failing.includes(f));
    const open = `    <testcase${attrs([['classname', file], ['name', g.name], ['file', file]])}>`;
    const body: string[] = [];
    const first = failing[0];
    if (first !== undefined) {
      failures += 1;
      const message = failing.length > 1 ? `${first.message} (+${failing.length - 1} more)` : first.message;
      body.push(`      <failure${attrs([['message', message], ['type', worst(failing)]])}>${xmlText(failing.map(describe).join('\n\n'))}</failure>`);
    }
    if (other.length > 0) body.push(`      <system-out>${xmlText(other.map(describe).join('\n\n'))}</system-out>`);
    cases.push(open, ...body, '    </testcase>');
  }
  if (groups.length === 0) cases.push(`    <testcase${attrs([['classname', file], ['name', 'no findings'], ['file', file]])}/>`);
  const tests = Math.max(groups.length, 1);
  return {
    xml: [`  <testsuite${attrs([['name', file], ['tests', tests], ['failures', failures], ['errors', 0]])}>`, ...cases, '  </testsuite>'],
    tests,
    failures,
    errors: 0,
  };
}

function internalSuite(errors: Parameters<Reporter>[0]['internalErrors']): RenderedSuite {
  const byRule = new Map<string, string[]>();
  for (const e of errors) byRule.set(e.ruleId, [...(byRule.get(e.ruleId) ?? []), e.message]);
  const cases: string[] = [];
  for (const [ruleId, messages] of byRule) {
    const text = messages.map((m) => `rule ${ruleId} failed: ${m}`);
    cases.push(
      `    <testcase${attrs([['classname', 'kaslint'], ['name', ruleId]])}>`,
      `      <error${attrs([['message', text[0] ?? ''], ['type', 'internal']])}>${xmlText(text.join('\n'))}</error>`,
      '    </testcase>',
    );
  }
  return {
    xml: [`  <testsuite${attrs([['name', 'kaslint'], ['tests', byRule.size], ['failures', 0], ['errors', byRule.size]])}>`, ...cases, '  </testsuite>'],
    tests: byRule.size,
    failures: 0,
    errors: byRule.size,
  };
}

export const junitReporter: Reporter = (data, ctx) => {
  const byFile = new Map<string, Finding[]>();
  for (const file of ctx.files) byFile.set(file, []);
  for (const f of data.findings) {
    const list = byFile.get(f.location.file);
    if (list) list.push(f);
    else byFile.set(f.location.file, [f]);
  }
  const suites = [...byFile.keys()].sort(compareStrings).map((file) => fileSuite(file, byFile.get(file) ?? [], ctx.failOn));
  if (data.internalErrors.length > 0) suites.push(internalSuite(data.internalErrors));
  const total = (k: 'tests' | 'failures' | 'errors'): number => suites.reduce((n, s) => n + s[k], 0);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${attrs([['name', 'kaslint'], ['tests', total('tests')], ['failures', total('failures')], ['errors', total('errors')]])}>`,
    ...suites.flatMap((s) => s.xml),
    '</testsuites>',
    '',
  ].join('\n');
};
