import { describe, expect, it } from 'vitest';
import type { Finding, Severity } from '../../src/model/finding.js';
import { junitReporter, xmlAttr, xmlText } from '../../src/report/junit.js';
import type { ReportContext, ReportInputData } from '../../src/report/types.js';
import { CONTEXT, DATA, FILES, FINDINGS } from './findings-fixture.js';
import { childrenNamed, parseXml, type XmlElement } from './xml-check.js';

function render(data: ReportInputData = DATA, ctx: ReportContext = CONTEXT): XmlElement {
  return parseXml(junitReporter(data, ctx));
}

interface SuiteCounts {
  readonly name: string;
  readonly tests: number;
  readonly failures: number;
  readonly errors: number;
}

/** What the attributes claim, checked against the elements actually there. */
function suites(root: XmlElement): SuiteCounts[] {
  return childrenNamed(root, 'testsuite').map((s) => {
    const cases = childrenNamed(s, 'testcase');
    const counted = {
      name: s.attrs['name'] ?? '',
      tests: cases.length,
      failures: cases.filter((c) => childrenNamed(c, 'failure').length > 0).length,
      errors: cases.filter((c) => childrenNamed(c, 'error').length > 0).length,
    };
    expect({ name: s.attrs['name'], tests: Number(s.attrs['tests']), failures: Number(s.attrs['failures']), errors: Number(s.attrs['errors']) }).toEqual(counted);
    return counted;
  });
}

function finding(over: Partial<Finding>): Finding {
  const base = FINDINGS[0];
  if (!base) throw new Error('empty fixture');
  return { ...base, ...over };
}

describe('JUnit XML', () => {
  it('is well-formed XML with one suite per analysed file and correct counts', () => {
    const root = render();
    expect(root.name).toBe('testsuites');
    expect(suites(root)).toEqual([
      { name: '.gitlab/agents/prod/config.yaml', tests: 2, failures: 1, errors: 0 },
      { name: '<stdin>', tests: 1, failures: 1, errors: 0 },
      { name: 'deploy/clean.yaml', tests: 1, failures: 0, errors: 0 },
      { name: 'deploy/rbac.yaml', tests: 2, failures: 1, errors: 0 },
      { name: 'values.yaml', tests: 2, failures: 0, errors: 0 },
    ]);
    expect(childrenNamed(root, 'testsuite').map((s) => s.attrs['name'])).toEqual([...FILES]);
    expect(root.attrs).toEqual({ name: 'kaslint', tests: '8', failures: '3', errors: '0' });
  });

  it('groups findings per rule and object into one testcase, named "<rule> <object or file>"', () => {
    const rbac = childrenNamed(render(), 'testsuite').find((s) => s.attrs['name'] === 'deploy/rbac.yaml');
    expect(rbac && childrenNamed(rbac, 'testcase').map((c) => [c.attrs['classname'], c.attrs['name']])).toEqual([
      ['deploy/rbac.yaml', 'rbac/wildcard-verb Role apps/deployer'],
      ['deploy/rbac.yaml', 'rbac/cluster-admin-binding ClusterRoleBinding ci-admin'],
    ]);
  });

  it('fails exactly the testcases with an unsuppressed finding at or above --fail-on', () => {
    const failures = (failOn: Severity): string[] =>
      childrenNamed(render(DATA, { ...CONTEXT, failOn }), 'testsuite').flatMap((s) =>
        childrenNamed(s, 'testcase')
          .filter((c) => childrenNamed(c, 'failure').length > 0)
          .map((c) => c.attrs['name'] ?? ''),
      );
    expect(failures('critical')).toEqual(['rbac/cluster-admin-binding ClusterRoleBinding ci-admin']);
    expect(failures('error')).toEqual(['agent/unknown-key .gitlab/agents/prod/config.yaml', 'yaml/duplicate-key <stdin>', 'rbac/cluster-admin-binding ClusterRoleBinding ci-admin']);
    expect(failures('warning')).toHaveLength(4);
    // info: every unsuppressed group fails; the two suppressed-only groups never do.
    expect(failures('info')).toEqual([
      'agent/unknown-key .gitlab/agents/prod/config.yaml',
      'yaml/duplicate-key <stdin>',
      'rbac/wildcard-verb Role apps/deployer',
      'rbac/cluster-admin-binding ClusterRoleBinding ci-admin',
      'yaml/yaml11-scalar values.yaml',
    ]);
  });

  it('a failure carries the message and the worst severity; several failing findings are counted in the message', () => {
    const root = render(DATA, { ...CONTEXT, failOn: 'warning' });
    const rbac = childrenNamed(root, 'testsuite').find((s) => s.attrs['name'] === 'deploy/rbac.yaml');
    const wildcard = rbac && childrenNamed(rbac, 'testcase')[0];
    const failure = wildcard && childrenNamed(wildcard, 'failure')[0];
    expect(failure?.attrs).toEqual({ message: `${FINDINGS[3]?.message ?? ''} (+1 more)`, type: 'warning' });
    expect(failure?.text).toContain('at deploy/rbac.yaml:5:3');
    expect(failure?.text).toContain('at deploy/rbac.yaml:14:12');
  });

  it('suppressed findings pass and show their kind and justification in system-out', () => {
    const values = childrenNamed(render(), 'testsuite').find((s) => s.attrs['name'] === 'values.yaml');
    const suppressed = values && childrenNamed(values, 'testcase')[0];
    expect(suppressed && childrenNamed(suppressed, 'failure')).toEqual([]);
    expect(suppressed && childrenNamed(suppressed, 'skipped')).toEqual([]);
    expect(suppressed && childrenNamed(suppressed, 'system-out')[0]?.text).toContain('suppressed (baseline): accepted in .kaslint-baseline.json');
  });

  it('round-trips special characters: the parsed message equals the finding message', () => {
    const message = 'a | b < c > d & e "f" \'g\'\nline\ttwo\r\nthree ]]> end';
    const root = render({ findings: [finding({ message })], internalErrors: [] }, { ...CONTEXT, files: [] });
    const failure = childrenNamed(childrenNamed(childrenNamed(root, 'testsuite')[0] ?? root, 'testcase')[0] ?? root, 'failure')[0];
    expect(failure?.attrs['message']).toBe(message);
    expect(failure?.text.startsWith(`error: ${message}\n`)).toBe(true);
  });

  it('replaces characters XML 1.0 cannot carry, in text and attributes', () => {
    const message = 'nul\u0000 bell\u0007 esc\u001b vt\u000b lone\uD800 fffe\uFFFE ok\u{1F600}';
    const xml = junitReporter({ findings: [finding({ message, location: { ...finding({}).location, file: 'we\u0001ird.yaml' } })], internalErrors: [] }, { ...CONTEXT, files: [] });
    const root = parseXml(xml); // throws on any forbidden character
    const failure = childrenNamed(childrenNamed(childrenNamed(root, 'testsuite')[0] ?? root, 'testcase')[0] ?? root, 'failure')[0];
    expect(failure?.attrs['message']).toBe('nul\uFFFD bell\uFFFD esc\uFFFD vt\uFFFD lone\uFFFD fffe\uFFFD ok\u{1F600}');
    expect(childrenNamed(root, 'testsuite')[0]?.attrs['name']).toBe('we\uFFFDird.yaml');
  });

  it('escape helpers', () => {
    expect(xmlText('<a & b>')).toBe('&lt;a &amp; b&gt;');
    expect(xmlText('x\r\ny')).toBe('x&#13;\ny');
    expect(xmlAttr('say "hi"\n\tnow')).toBe('say &quot;hi&quot;&#10;&#9;now');
  });

  it('reports a file that only a finding names, and rule crashes as errors in a kaslint suite', () => {
    const root = render(
      { findings: [finding({ location: { ...finding({}).location, file: 'extra.yaml' } })], internalErrors: [{ ruleId: 'rbac/wildcard-verb', message: 'boom <1>' }, { ruleId: 'rbac/wildcard-verb', message: 'again' }] },
      { ...CONTEXT, files: ['a.yaml'] },
    );
    expect(suites(root)).toEqual([
      { name: 'a.yaml', tests: 1, failures: 0, errors: 0 },
      { name: 'extra.yaml', tests: 1, failures: 1, errors: 0 },
      { name: 'kaslint', tests: 1, failures: 0, errors: 1 },
    ]);
    const error = childrenNamed(childrenNamed(childrenNamed(root, 'testsuite')[2] ?? root, 'testcase')[0] ?? root, 'error')[0];
    expect(error?.attrs).toEqual({ message: 'rule rbac/wildcard-verb failed: boom <1>', type: 'internal' });
    expect(error?.text).toBe('rule rbac/wildcard-verb failed: boom <1>\nrule rbac/wildcard-verb failed: again');
    expect(root.attrs).toEqual({ name: 'kaslint', tests: '3', failures: '1', errors: '1' });
  });

  it('the checker itself rejects malformed XML', () => {
    const head = '<?xml version="1.0" encoding="UTF-8"?>\n';
    expect(() => parseXml(`${head}<a><b></a></b>`)).toThrow();
    expect(() => parseXml(`${head}<a x="1 & 2"/>`)).toThrow();
    expect(() => parseXml(`${head}<a>1 < 2</a>`)).toThrow();
    expect(() => parseXml(`${head}<a>&nbsp;</a>`)).toThrow();
    expect(() => parseXml(`${head}<a/><b/>`)).toThrow();
    expect(() => parseXml(`${head}<a>\u0001</a>`)).toThrow();
    expect(() => parseXml(`${head}<a>`)).toThrow();
    expect(parseXml(`${head}<a x="&lt;&#10;"><b/>t&amp;</a>`)).toEqual({ name: 'a', attrs: { x: '<\n' }, children: [{ name: 'b', attrs: {}, children: [], text: '' }], text: 't&' });
  });
});
