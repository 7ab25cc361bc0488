import type { Finding, FindingLocation } from '../model/finding.js';
import { formatPath } from '../model/path.js';
import { summaryCounts } from './summary.js';
import type { Reporter } from './types.js';

/** Version of the JSON report shape; bumped on any incompatible change. */
export const JSON_REPORT_VERSION = 1;

function location(l: FindingLocation): Record<string, unknown> {
  return {
    file: l.file,
    range: { start: l.range.start, end: l.range.end },
    path: l.path,
    jsonPath: formatPath(l.path),
    exact: l.exact,
  };
}

export function findingToJson(f: Finding): Record<string, unknown> {
  return {
    ruleId: f.ruleId,
    severity: f.severity,
    message: f.message,
    ...location(f.location),
    ...(f.object ? { object: f.object } : {}),
    related: f.related.map((r) => ({ message: r.message, ...(r.location ? { location: location(r.location) } : {}) })),
    help: f.help,
    fingerprint: f.fingerprint,
    suppressed: f.suppressions.length > 0,
    suppressions: f.suppressions,
  };
}

/** Machine output; the shape is documented in docs/json-report.md. */
export const jsonReporter: Reporter = (data, ctx) =>
  JSON.stringify(
    {
      version: JSON_REPORT_VERSION,
      tool: { name: 'kaslint', version: ctx.toolVersion },
      summary: { files: ctx.files.length, ...summaryCounts(data.findings) },
      findings: data.findings.map(findingToJson),
      internalErrors: data.internalErrors,
    },
    null,
    2,
  ) + '\n';
