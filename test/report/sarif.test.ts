import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Ajv, Options, ValidateFunction } from 'ajv';
import type { FormatsPlugin } from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import type { Finding, Suppression } from '../../src/model/finding.js';
import { artifactLocation, buildSarifLog, ruleFriendlyName, sarifReporter, SARIF_FINGERPRINT_KEY } from '../../src/report/sarif.js';
import type { ReportContext, ReportInputData } from '../../src/report/types.js';
import { CONTEXT, DATA, FINDINGS, RULE_METAS } from './findings-fixture.js';

// Loaded the way src/schema/validate.ts loads them (both packages are CommonJS).
const require = createRequire(import.meta.url);
const AjvClass = (require('ajv') as { default: new (opts: Options) => Ajv }).default;
const addFormats = (require('ajv-formats') as { default: FormatsPlugin }).default;

const SCHEMA_TEXT = readFileSync(new URL('./schemas/sarif-schema-2.1.0.json', import.meta.url), 'utf8');

/**
 * The bundled schema is the official OASIS file, written in draft-04 (`id`, draft-04 `$schema`).
 * Ajv 8 has no draft-04 meta-schema, so compile an in-memory copy with `id` → `$id` and without
 * `$schema`; the schema uses no keyword whose meaning changed after draft-04 (checked below).
 */
function sarifValidator(): ValidateFunction {
  const schema = JSON.parse(SCHEMA_TEXT) as Record<string, unknown>;
  const { $schema, id, ...rest } = schema;
  expect($schema).toBe('http://json-schema.org/draft-04/schema#');
  if (typeof id !== 'string') throw new Error('the SARIF schema has no draft-04 id');
  expect(id).toBe('https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json');
  const ajv = new AjvClass({ strict: false, allErrors: true });
  addFormats(ajv);
  return ajv.compile({ $id: id, ...rest });
}

const validate = sarifValidator();

function expectValid(log: unknown): void {
  const ok = validate(log);
  expect(validate.errors ?? [], JSON.stringify(validate.errors, null, 2)).toEqual([]);
  expect(ok).toBe(true);
}

function sarif(data: ReportInputData = DATA, ctx: ReportContext = CONTEXT): Record<string, unknown> {
  return JSON.parse(sarifReporter(data, ctx)) as Record<string, unknown>;
}

function finding(over: Partial<Finding>): Finding {
  const base = FINDINGS[0];
  if (!base) throw new Error('empty fixture');
  return { ...base, ...over };
}

describe('SARIF 2.1.0', () => {
  it('the bundled schema is the unmodified OASIS file, and safe to read with a draft-07 validator', () => {
    expect(SCHEMA_TEXT.length).toBe(112768);
    expect(SCHEMA_TEXT).not.toContain('\r');
    expect(SCHEMA_TEXT).not.toMatch(/exclusiveM(in|ax)imum/);
  });

  it('the schema rejects what it should (so a pass means something)', () => {
    expect(validate({ version: '2.1.0', runs: [{ tool: { driver: {} } }] })).toBe(false);
    const relHelpUri = { version: '2.1.0', runs: [{ tool: { driver: { name: 'x', rules: [{ id: 'a', helpUri: 'rules/a.md' }] } } }] };
    expect(validate(relHelpUri)).toBe(false);
    const zeroLine = { version: '2.1.0', runs: [{ tool: { driver: { name: 'x' } }, results: [{ message: { text: 'm' }, locations: [{ physicalLocation: { artifactLocation: { uri: 'a' }, region: { startLine: 0 } } }] }] }] };
    expect(validate(zeroLine)).toBe(false);
    const badUri = { version: '2.1.0', runs: [{ tool: { driver: { name: 'x' } }, results: [{ message: { text: 'm' }, locations: [{ physicalLocation: { artifactLocation: { uri: '<stdin>' } } }] }] }] };
    expect(validate(badUri)).toBe(false);
  });

  it('the shared fixture validates against the official schema', () => {
    expectValid(sarif());
  });

  it('validates with rule crashes, unknown rules, no rule catalog and no findings', () => {
    expectValid(sarif({ findings: FINDINGS, internalErrors: [{ ruleId: 'rbac/wildcard-verb', message: 'boom' }, { ruleId: 'x/not-registered', message: 'bang' }] }));
    expectValid(sarif(DATA, { ...CONTEXT, rules: undefined }));
    expectValid(sarif({ findings: [], internalErrors: [] }, { ...CONTEXT, files: [] }));
  });

  it('lists every rule of the catalog in the driver, with id, name, descriptions, help and level, and no helpUri', () => {
    const log = buildSarifLog(DATA, CONTEXT);
    const rules = log.runs[0].tool.driver.rules;
    expect(rules.map((r) => r.id)).toEqual(RULE_METAS.map((m) => m.id));
    expect(rules.find((r) => r.id === 'io/not-text')).toBeDefined(); // no finding, still listed
    for (const [i, r] of rules.entries()) {
      const meta = RULE_METAS[i];
      expect(r.shortDescription?.text).toBe(meta?.description);
      expect(r.help?.text).toContain(`kaslint explain ${r.id}`);
      expect(r.name).toMatch(/^([A-Z][a-z0-9]+)+$/);
      expect(Object.keys(r)).not.toContain('helpUri');
    }
    expect(rules.find((r) => r.id === 'rbac/cluster-admin-binding')?.defaultConfiguration?.level).toBe('error');
    expect(rules.find((r) => r.id === 'yaml/yaml11-scalar')?.defaultConfiguration?.level).toBe('note');
  });

  it('every result points at its rule by ruleIndex, and rules seen only in results or crashes are added', () => {
    const data: ReportInputData = { findings: [...FINDINGS, finding({ ruleId: 'kaslint/unused-suppression' })], internalErrors: [{ ruleId: 'agent/unknown-key', message: 'boom' }] };
    const log = buildSarifLog(data, CONTEXT);
    const run = log.runs[0];
    for (const r of run.results) expect(run.tool.driver.rules[r.ruleIndex]?.id).toBe(r.ruleId);
    expect(run.tool.driver.rules.at(-1)).toEqual({ id: 'kaslint/unused-suppression', name: 'KaslintUnusedSuppression' });
    expect(run.invocations[0].executionSuccessful).toBe(false);
    expect(run.invocations[0].toolExecutionNotifications).toEqual([{ level: 'error', message: { text: 'rule agent/unknown-key failed: boom' }, associatedRule: { id: 'agent/unknown-key', index: 0 } }]);
    expectValid(JSON.parse(JSON.stringify(log)));
  });

  it('regions are 1-based and copied exactly, multi-line ranges included (endColumn exclusive in both)', () => {
    const log = buildSarifLog(DATA, CONTEXT);
    const regions = log.runs[0].results.map((r) => r.locations[0]?.physicalLocation?.region);
    expect(regions).toEqual(
      FINDINGS.map((f) => ({ startLine: f.location.range.start.line, startColumn: f.location.range.start.column, endLine: f.location.range.end.line, endColumn: f.location.range.end.column })),
    );
    expect(regions[0]).toEqual({ startLine: 1, startColumn: 1, endLine: 1, endColumn: 9 });
    expect(regions[3]).toEqual({ startLine: 5, startColumn: 3, endLine: 8, endColumn: 14 });
    expect(log.runs[0].columnKind).toBe('utf16CodeUnits');
  });

  it('maps every suppression kind: inline, file and annotation are inSource, baseline is external', () => {
    const kinds: Suppression['kind'][] = ['inline', 'file', 'annotation', 'baseline'];
    const findings = kinds.map((kind, i) => finding({ fingerprint: `f${i}`, suppressions: [{ kind, justification: `because ${kind}` }] }));
    const results = buildSarifLog({ findings, internalErrors: [] }, CONTEXT).runs[0].results;
    expect(results.map((r) => r.suppressions)).toEqual([
      [{ kind: 'inSource', justification: 'because inline', properties: { kind: 'inline' } }],
      [{ kind: 'inSource', justification: 'because file', properties: { kind: 'file' } }],
      [{ kind: 'inSource', justification: 'because annotation', properties: { kind: 'annotation' } }],
      [{ kind: 'external', justification: 'because baseline', properties: { kind: 'baseline' } }],
    ]);
  });

  it('keeps suppressed findings, marks unsuppressed ones with an empty list, and stays schema-valid with duplicate or empty justifications', () => {
    const results = buildSarifLog(DATA, CONTEXT).runs[0].results;
    expect(results).toHaveLength(FINDINGS.length);
    expect(results.filter((r) => r.suppressions.length > 0).map((r) => r.partialFingerprints[SARIF_FINGERPRINT_KEY])).toEqual([
      '11111111111111111111111111111111',
      '66666666666666666666666666666666',
    ]);
    const dup = finding({ suppressions: [{ kind: 'inline', justification: '' }, { kind: 'inline', justification: '' }] });
    const log = sarif({ findings: [dup], internalErrors: [] });
    expectValid(log);
    expect(buildSarifLog({ findings: [dup], internalErrors: [] }, CONTEXT).runs[0].results[0]?.suppressions).toEqual([{ kind: 'inSource', properties: { kind: 'inline' } }]);
  });

  it('partialFingerprints carries the kaslint fingerprint under a versioned key', () => {
    const results = buildSarifLog(DATA, CONTEXT).runs[0].results;
    expect(results.map((r) => r.partialFingerprints)).toEqual(FINDINGS.map((f) => ({ 'kaslint/v1': f.fingerprint })));
  });

  it('related locations get distinct ids and keep entries that have no position', () => {
    const r = buildSarifLog(DATA, CONTEXT).runs[0].results[3];
    expect(r?.relatedLocations?.map((l) => [l.id, l.message?.text, l.physicalLocation !== undefined])).toEqual([
      [1, 'bound to ServiceAccount "apps/ci" by RoleBinding "deployer"', true],
      [2, 'every CI job of group/app gets it through ci_access', false],
    ]);
  });

  it('artifact URIs are relative, percent-encoded references; stdin has none; absolute paths become file URIs', () => {
    expect(artifactLocation('deploy/rbac.yaml')).toEqual({ uri: 'deploy/rbac.yaml', uriBaseId: 'SRCROOT' });
    expect(artifactLocation('my dir/a#b%c?.yaml')).toEqual({ uri: 'my%20dir/a%23b%25c%3F.yaml', uriBaseId: 'SRCROOT' });
    expect(artifactLocation('a:b.yaml')).toEqual({ uri: 'a%3Ab.yaml', uriBaseId: 'SRCROOT' }); // not a scheme
    expect(artifactLocation('../shared/ü.yaml')).toEqual({ uri: '../shared/%C3%BC.yaml', uriBaseId: 'SRCROOT' });
    expect(artifactLocation('<stdin>')).toEqual({ description: { text: 'standard input' } });
    expect(artifactLocation('/etc/k8s/rbac.yaml')).toEqual({ uri: 'file:///etc/k8s/rbac.yaml' });
    expect(artifactLocation('C:/repo/rbac.yaml')).toEqual({ uri: 'file:///C:/repo/rbac.yaml' });
    const files = ['my dir/a#b%c?.yaml', 'a:b.yaml', '../shared/ü.yaml', '/etc/k8s/rbac.yaml', 'C:/repo/rbac.yaml', '<stdin>'];
    expectValid(sarif({ findings: files.map((file, i) => finding({ fingerprint: `u${i}`, location: { ...finding({}).location, file } })), internalErrors: [] }));
  });

  it('critical and error share level error, and the kaslint severity is kept in properties', () => {
    const results = buildSarifLog(DATA, CONTEXT).runs[0].results;
    expect(results.map((r) => [r.level, r.properties.severity])).toEqual(FINDINGS.map((f) => [{ info: 'note', warning: 'warning', error: 'error', critical: 'error' }[f.severity], f.severity]));
  });

  it('friendly names are PascalCase identifiers derived from the id', () => {
    expect(ruleFriendlyName('yaml/duplicate-key')).toBe('YamlDuplicateKey');
    expect(ruleFriendlyName('yaml/yaml11-scalar')).toBe('YamlYaml11Scalar');
    expect(ruleFriendlyName('io/not-text')).toBe('IoNotText');
  });
});
