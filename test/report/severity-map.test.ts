import { describe, expect, it } from 'vitest';
import { SEVERITIES, type Severity } from '../../src/model/finding.js';
import { codeQualitySeverity, failsAt, sarifLevel, SEVERITY_MAP } from '../../src/report/severity-map.js';

describe('severity map', () => {
  it('is the documented table, one row per kaslint severity', () => {
    expect(Object.keys(SEVERITY_MAP)).toEqual([...SEVERITIES]);
    expect(SEVERITIES.map((s) => [s, sarifLevel(s), codeQualitySeverity(s)])).toEqual([
      ['info', 'note', 'info'],
      ['warning', 'warning', 'minor'],
      ['error', 'error', 'major'],
      ['critical', 'error', 'critical'],
    ]);
  });

  it('never emits Code Quality "blocker" (reserved)', () => {
    expect(SEVERITIES.map(codeQualitySeverity)).not.toContain('blocker');
  });

  it('fails at or above --fail-on, like the exit code', () => {
    const table: [Severity, Severity, boolean][] = [
      ['info', 'info', true],
      ['info', 'warning', false],
      ['warning', 'error', false],
      ['error', 'error', true],
      ['critical', 'error', true],
      ['error', 'critical', false],
      ['critical', 'critical', true],
    ];
    for (const [severity, failOn, fails] of table) expect(failsAt(severity, failOn), `${severity} at --fail-on ${failOn}`).toBe(fails);
  });
});
