import type { Finding, FindingLocation, Suppression } from '../model/finding.js';
import { formatPath } from '../model/path.js';
import type { RuleMeta } from '../rules/types.js';
import { compareStrings, isStdinPath, objectLabel } from './labels.js';
import { sarifLevel, type SarifLevel } from './severity-map.js';
import type { Reporter } from './types.js';

/**
 * SARIF 2.1.0 log, one run.
 *
 * Decisions (each follows the OASIS SARIF 2.1.0 schema bundled under test/report/schemas/):
 * - `helpUri` is omitted. The schema gives it `format: uri`, an absolute URI, and kaslint has no
 *   website; a relative `rules/<id>.md` would be invalid. The rule's remediation goes into
 *   `help.text` instead, with a pointer to `kaslint explain <id>` (the page ships in the package
 *   as `rules/<id>.md`).
 * - Columns are 1-based UTF-16 code units (`run.columnKind: "utf16CodeUnits"`, stated explicitly):
 *   kaslint's columns are JavaScript string offsets within the line plus one, after the BOM is
 *   removed, which is exactly that unit. `endColumn` is exclusive in SARIF and in kaslint's
 *   `Range.end`, so both ends copy across unchanged; lines break at `\n` (and so `\r\n`).
 * - Artifact URIs are the finding's path, relative to the directory kaslint ran in, percent-encoded
 *   per segment, with `uriBaseId: "SRCROOT"`. `run.originalUriBaseIds.SRCROOT` carries only a
 *   description, not the absolute directory, so output has no machine-specific paths. Absolute
 *   paths become `file://` URIs. Standard input has no URI: its artifactLocation has only a
 *   description.
 * - `suppressions` is present on every result: `[]` means "evaluated, not suppressed". Inline,
 *   file-level and annotation suppressions live in the analysed files (`inSource`); baseline
 *   entries live elsewhere (`external`). kaslint's own kind is kept in `properties.kind`.
 * - `partialFingerprints["kaslint/v1"]` is the finding's fingerprint (rule, file, object, path,
 *   message key — no line numbers), so it survives edits that move lines.
 * - `critical` and `error` both map to level `error` (see severity-map.ts); the kaslint severity
 *   stays in `result.properties.severity`, the JSON path in `properties.jsonPath`, the finding's
 *   own remediation in `properties.help`.
 * - The object a finding is about is a logical location of kind `resource` (a Kubernetes API
 *   resource), named `Kind namespace/name` as in every other format.
 * - Related locations keep their order and get ids 1, 2, …; one without a position keeps its
 *   message only.
 * - `invocations[0].executionSuccessful` is false when a rule crashed; each crash is a
 *   `toolExecutionNotifications` entry tied to its rule.
 */

export const SARIF_SCHEMA_URI = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
export const SARIF_FINGERPRINT_KEY = 'kaslint/v1';
export const SARIF_URI_BASE_ID = 'SRCROOT';

interface SarifMessage {
  readonly text: string;
}

interface SarifArtifactLocation {
  readonly uri?: string;
  readonly uriBaseId?: string;
  readonly description?: SarifMessage;
}

interface SarifRegion {
  readonly startLine: number;
  readonly startColumn: number;
  readonly endLine: number;
  readonly endColumn: number;
}

interface SarifPhysicalLocation {
  readonly artifactLocation: SarifArtifactLocation;
  readonly region: SarifRegion;
}

interface SarifLogicalLocation {
  readonly name: string;
  readonly fullyQualifiedName: string;
  readonly kind: string;
}

interface SarifLocation {
  readonly id?: number;
  readonly physicalLocation?: SarifPhysicalLocation;
  readonly logicalLocations?: readonly SarifLogicalLocation[];
  readonly message?: SarifMessage;
}

interface SarifSuppression {
  readonly kind: 'inSource' | 'external';
  readonly justification?: string;
  readonly properties: { readonly kind: Suppression['kind'] };
}

interface SarifResult {
  readonly ruleId: string;
  readonly ruleIndex: number;
  readonly level: SarifLevel;
  readonly message: SarifMessage;
  readonly locations: readonly SarifLocation[];
  readonly relatedLocations?: readonly SarifLocation[];
  readonly partialFingerprints: Readonly<Record<string, string>>;
  readonly suppressions: readonly SarifSuppression[];
  readonly properties: { readonly severity: Finding['severity']; readonly jsonPath?: string; readonly help: string };
}

interface SarifReportingDescriptor {
  readonly id: string;
  readonly name: string;
  readonly shortDescription?: SarifMessage;
  readonly fullDescription?: SarifMessage;
  readonly help?: SarifMessage;
  readonly defaultConfiguration?: { readonly level: SarifLevel };
  readonly properties?: {
    readonly category: string;
    readonly defaultSeverity: Finding['severity'];
    readonly recommended: boolean;
    readonly since: string;
    readonly tags: readonly string[];
  };
}

interface SarifNotification {
  readonly level: 'error';
  readonly message: SarifMessage;
  readonly associatedRule: { readonly id: string; readonly index?: number };
}

export interface SarifLog {
  readonly $schema: string;
  readonly version: '2.1.0';
  readonly runs: readonly [
    {
      readonly tool: { readonly driver: { readonly name: string; readonly version: string; readonly rules: readonly SarifReportingDescriptor[] } };
      readonly invocations: readonly [{ readonly executionSuccessful: boolean; readonly toolExecutionNotifications?: readonly SarifNotification[] }];
      readonly originalUriBaseIds: Readonly<Record<string, SarifArtifactLocation>>;
      readonly columnKind: 'utf16CodeUnits';
      readonly results: readonly SarifResult[];
    },
  ];
}

/** `yaml/duplicate-key` → `YamlDuplicateKey`: the PascalCase "friendly name" SARIF viewers show. */
export function ruleFriendlyName(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter((part) => part !== '')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1).toLowerCase())
    .join('');
}

function encodeSegments(p: string): string {
  return p.split('/').map(encodeURIComponent).join('/');
}

/** artifactLocation for a finding's file (see the decisions above). */
export function artifactLocation(file: string): SarifArtifactLocation {
  if (isStdinPath(file)) return { description: { text: 'standard input' } };
  if (file.startsWith('/')) return { uri: `file://${encodeSegments(file)}` };
  const drive = /^([A-Za-z]):\//.exec(file);
  if (drive) return { uri: `file:///${drive[1] ?? ''}:${encodeSegments(file.slice(2))}` };
  return { uri: encodeSegments(file), uriBaseId: SARIF_URI_BASE_ID };
}

function physicalLocation(loc: FindingLocation): SarifPhysicalLocation {
  const { start, end } = loc.range;
  return {
    artifactLocation: artifactLocation(loc.file),
    region: { startLine: start.line, startColumn: start.column, endLine: end.line, endColumn: end.column },
  };
}

function descriptorFor(meta: RuleMeta): SarifReportingDescriptor {
  return {
    id: meta.id,
    name: ruleFriendlyName(meta.id),
    shortDescription: { text: meta.description },
    fullDescription: { text: `${meta.description} ${meta.remediation}` },
    help: { text: `${meta.remediation}\n\nFull documentation: kaslint explain ${meta.id} (rules/${meta.id}.md in the kaslint package).` },
    defaultConfiguration: { level: sarifLevel(meta.defaultSeverity) },
    properties: {
      category: meta.category,
      defaultSeverity: meta.defaultSeverity,
      recommended: meta.recommended,
      since: meta.since,
      tags: [meta.category],
    },
  };
}

/**
 * Every known rule in the order given, then any rule id that only appears in findings or
 * internal errors (sorted), described by id and name alone so `ruleIndex` is always valid.
 */
function driverRules(known: readonly RuleMeta[], seen: readonly string[]): SarifReportingDescriptor[] {
  const out: SarifReportingDescriptor[] = [];
  const ids = new Set<string>();
  for (const meta of known) {
    if (ids.has(meta.id)) continue;
    ids.add(meta.id);
    out.push(descriptorFor(meta));
  }
  for (const id of [...new Set(seen)].sort(compareStrings)) {
    if (ids.has(id)) continue;
    ids.add(id);
    out.push({ id, name: ruleFriendlyName(id) });
  }
  return out;
}

function suppressionsOf(f: Finding): SarifSuppression[] {
  const out: SarifSuppression[] = [];
  const seen = new Set<string>();
  for (const s of f.suppressions) {
    const key = JSON.stringify([s.kind, s.justification]);
    if (seen.has(key)) continue; // the schema requires unique items
    seen.add(key);
    out.push({
      kind: s.kind === 'baseline' ? 'external' : 'inSource',
      ...(s.justification !== '' ? { justification: s.justification } : {}),
      properties: { kind: s.kind },
    });
  }
  return out;
}

function resultFor(f: Finding, ruleIndex: number): SarifResult {
  const primary: SarifLocation = {
    physicalLocation: physicalLocation(f.location),
    ...(f.object ? { logicalLocations: [{ name: f.object.name, fullyQualifiedName: objectLabel(f.object), kind: 'resource' }] } : {}),
  };
  const related = f.related.map(
    (r, i): SarifLocation => ({
      id: i + 1,
      ...(r.location ? { physicalLocation: physicalLocation(r.location) } : {}),
      message: { text: r.message },
    }),
  );
  return {
    ruleId: f.ruleId,
    ruleIndex,
    level: sarifLevel(f.severity),
    message: { text: f.message },
    locations: [primary],
    ...(related.length > 0 ? { relatedLocations: related } : {}),
    partialFingerprints: { [SARIF_FINGERPRINT_KEY]: f.fingerprint },
    suppressions: suppressionsOf(f),
    properties: {
      severity: f.severity,
      ...(f.location.path.length > 0 ? { jsonPath: formatPath(f.location.path) } : {}),
      help: f.help,
    },
  };
}

export function buildSarifLog(data: Parameters<Reporter>[0], ctx: Parameters<Reporter>[1]): SarifLog {
  const rules = driverRules(ctx.rules ?? [], [...data.findings.map((f) => f.ruleId), ...data.internalErrors.map((e) => e.ruleId)]);
  const indexOf = new Map(rules.map((r, i) => [r.id, i]));
  const notifications = data.internalErrors.map((e): SarifNotification => {
    const index = indexOf.get(e.ruleId);
    return {
      level: 'error',
      message: { text: `rule ${e.ruleId} failed: ${e.message}` },
      associatedRule: { id: e.ruleId, ...(index !== undefined ? { index } : {}) },
    };
  });
  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'kaslint', version: ctx.toolVersion, rules } },
        invocations: [{ executionSuccessful: notifications.length === 0, ...(notifications.length > 0 ? { toolExecutionNotifications: notifications } : {}) }],
        originalUriBaseIds: {
          [SARIF_URI_BASE_ID]: { description: { text: 'The directory kaslint ran in; relative artifact URIs are relative to it.' } },
        },
        columnKind: 'utf16CodeUnits',
        results: data.findings.map((f) => resultFor(f, indexOf.get(f.ruleId) ?? -1)),
      },
    ],
  };
}

/** SARIF 2.1.0, pretty-printed, suppressed findings included with their suppressions. */
export const sarifReporter: Reporter = (data, ctx) => JSON.stringify(buildSarifLog(data, ctx), null, 2) + '\n';
