import { SEVERITIES, severityRank, type Finding } from '../model/finding.js';
import { isSuppressed } from './labels.js';
import { failsAt } from './severity-map.js';
import { summaryCounts } from './summary.js';
import { deltaMarkdown } from './delta.js';
import type { Reporter } from './types.js';

/** Rows in the findings table before it is cut short with "…and N more". */
export const MARKDOWN_MAX_ROWS = 50;

const CONTROL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

/**
 * Text for a GitLab-flavoured Markdown table cell, shown literally: line breaks become spaces
 * (a cell is one line), other control characters are dropped, and every character Markdown or
 * inline HTML could act on is backslash-escaped (CommonMark allows escaping any ASCII
 * punctuation), `|` included so it cannot split the cell.
 */
export function markdownCell(s: string): string {
  return s
    .replace(/\r\n|\r|\n/g, ' ')
    .replace(/\t/g, ' ')
    .replace(CONTROL_CHARS, '')
    .replace(/[\\`*_[\]<>|~&]/g, (c) => `\\${c}`);
}

/**
 * Inline code for a table cell: a backtick fence longer than any backtick run inside, and `|`
 * escaped — GitLab, like GFM, splits table cells on `|` even inside code spans.
 */
export function markdownCode(s: string): string {
  const text = s.replace(/\r\n|\r|\n|\t/g, ' ').replace(CONTROL_CHARS, '');
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = longest > 0 || text.startsWith(' ') || text.endsWith(' ') ? ' ' : '';
  return `${fence}${pad}${text.replace(/\|/g, '\\|')}${pad}${fence}`;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * A compact merge-request summary: verdict, counts per severity, and the unsuppressed findings
 * worst first (capped at MARKDOWN_MAX_ROWS). Suppressed findings are only counted. No HTML, so
 * it renders the same in a comment, a job log artifact or a wiki page.
 */
export const markdownReporter: Reporter = (data, ctx) => {
  const counts = summaryCounts(data.findings);
  const shown = data.findings.filter((f) => !isSuppressed(f));
  const failing = shown.filter((f) => failsAt(f.severity, ctx.failOn)).length;
  const files = plural(ctx.files.length, 'file');
  const out: string[] = ['## kaslint', ''];

  if (failing > 0) out.push(`**Failed:** ${plural(failing, 'finding')} at or above \`${ctx.failOn}\` in ${files}.`);
  else if (shown.length > 0) out.push(`**Passed:** nothing at or above \`${ctx.failOn}\` in ${files}.`);
  else out.push(`**Passed:** no findings in ${files}.`);

  if (data.findings.length > 0) {
    const order = [...SEVERITIES].reverse();
    out.push('', `| ${order.join(' | ')} | suppressed |`, `| ${order.map(() => '---:').join(' | ')} | ---: |`);
    out.push(`| ${order.map((s) => String(counts[s])).join(' | ')} | ${counts.suppressed} |`);
  }

  if (shown.length > 0) {
    // Worst first; within a severity, the report's own order (file, line, column, rule).
    const rows = shown.map((f, i) => ({ f, i })).sort((a, b) => severityRank(b.f.severity) - severityRank(a.f.severity) || a.i - b.i);
    out.push('', '| Severity | Rule | Location | Message |', '| --- | --- | --- | --- |');
    for (const { f } of rows.slice(0, MARKDOWN_MAX_ROWS)) out.push(row(f));
    if (rows.length > MARKDOWN_MAX_ROWS) out.push('', `…and ${rows.length - MARKDOWN_MAX_ROWS} more.`);
  }

  if (counts.suppressed > 0) {
    out.push('', `${plural(counts.suppressed, 'suppressed finding is', 'suppressed findings are')} not listed; the JSON and SARIF reports include them.`);
  }
  if (data.internalErrors.length > 0) {
    out.push('', `**${plural(data.internalErrors.length, 'rule', 'rules')} crashed** (a kaslint bug; the results above may be incomplete):`, '');
    for (const e of data.internalErrors) out.push(`- ${markdownCode(e.ruleId)}: ${markdownCell(e.message)}`);
  }
  if (data.delta) out.push('', deltaMarkdown(data.delta).trimEnd());
  return out.join('\n') + '\n';
};

function row(f: Finding): string {
  const loc = `${f.location.file}:${f.location.range.start.line}`;
  return `| ${f.severity} | ${markdownCode(f.ruleId)} | ${markdownCode(loc)} | ${markdownCell(f.message)} |`;
}
