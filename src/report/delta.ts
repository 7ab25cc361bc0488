import type { Comparison } from '../engine/compare.js';
import { severityRank, type Severity } from '../model/finding.js';
import type { PermissionChange } from '../engine/permission-delta.js';

function scopeText(scope: string): string {
  return scope === '' ? 'cluster-wide' : `in namespace "${scope}"`;
}

function where(c: PermissionChange): string {
  return c.position ? ` (${c.position})` : c.location ? ` (${c.location.file})` : '';
}

/** Plain-text permission delta, appended to text reports and printed by `kaslint diff`. */
export function deltaText(c: Comparison): string {
  const out: string[] = [`Permission changes from ${c.base} to ${c.head}`];
  if (c.identities.length === 0) out.push('  no identity gains or loses any permission');
  for (const id of c.identities) {
    const was = id.base !== id.head ? ` (${id.base ?? 'no access'} → ${id.head ?? 'no access'})` : '';
    out.push('', `${id.label}${was}`);
    for (const g of id.gained) out.push(`  + ${scopeText(g.scope)}: ${g.permission} via ${g.via}${where(g)}`);
    for (const l of id.lost) out.push(`  - ${scopeText(l.scope)}: ${l.permission} via ${l.via}${where(l)}`);
  }
  if (c.newRiskFindings.length > 0) {
    out.push('', `Risky permissions gained (${c.newRiskFindings.length}):`);
    for (const f of c.newRiskFindings) out.push(`  ${f.severity}[${f.ruleId}] ${f.message} (${f.location.file}:${f.location.range.start.line})`);
  }
  return out.join('\n') + '\n';
}

function cell(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** Markdown for the MR summary: one table of gains and losses per identity. */
export function deltaMarkdown(c: Comparison): string {
  const out: string[] = [`### Permission changes (${cell(c.base)} → ${cell(c.head)})`, ''];
  if (c.identities.length === 0) out.push('No identity gains or loses any permission.');
  for (const id of c.identities) {
    const was = id.base !== id.head ? ` (\`${cell(id.base ?? 'no access')}\` → \`${cell(id.head ?? 'no access')}\`)` : '';
    out.push(`**${cell(id.label)}**${was}`, '', '| | scope | permission | via |', '| --- | --- | --- | --- |');
    for (const g of id.gained) out.push(`| ➕ | ${cell(scopeText(g.scope))} | \`${cell(g.permission)}\` | ${cell(g.via)}${cell(where(g))} |`);
    for (const l of id.lost) out.push(`| ➖ | ${cell(scopeText(l.scope))} | \`${cell(l.permission)}\` | ${cell(l.via)}${cell(where(l))} |`);
    out.push('');
  }
  if (c.newRiskFindings.length > 0) {
    out.push(`**Risky permissions gained:** ${c.newRiskFindings.length}`, '');
    for (const f of c.newRiskFindings) out.push(`- \`${f.ruleId}\` (${f.severity}): ${cell(f.message)} — \`${cell(f.location.file)}:${f.location.range.start.line}\``);
  }
  return out.join('\n') + '\n';
}

export function deltaJson(c: Comparison): Record<string, unknown> {
  return {
    base: c.base,
    head: c.head,
    identities: c.identities.map((id) => ({
      identity: id.identity,
      label: id.label,
      base: id.base ?? null,
      head: id.head ?? null,
      gained: id.gained.map(({ scope, permission, via, position }) => ({ scope, permission, via, position: position ?? null })),
      lost: id.lost.map(({ scope, permission, via, position }) => ({ scope, permission, via, position: position ?? null })),
    })),
    riskyGains: c.newRiskFindings.map((f) => ({ ruleId: f.ruleId, severity: f.severity, message: f.message, file: f.location.file, line: f.location.range.start.line, fingerprint: f.fingerprint })),
  };
}

export function riskyGainsAtOrAbove(c: Comparison, threshold: Severity): number {
  return c.newRiskFindings.filter((f) => severityRank(f.severity) >= severityRank(threshold)).length;
}
