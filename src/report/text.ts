import type { Finding, Severity } from '../model/finding.js';
import { SEVERITIES } from '../model/finding.js';
import { formatPath } from '../model/path.js';
import { codeFrame, frameWidth, sourceLines } from './code-frame.js';
import { paint, severityStyle } from './style.js';
import { summaryCounts } from './summary.js';
import { deltaText } from './delta.js';
import type { Reporter } from './types.js';

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 || word === 'info' ? '' : 's'}`;
}

export function summaryLine(findings: readonly Finding[], fileCount: number): string {
  const counts = summaryCounts(findings);
  const suppressed = counts.suppressed;
  const parts = [...SEVERITIES].reverse().filter((s: Severity) => counts[s] > 0).map((s) => plural(counts[s], s));
  const head = parts.length === 0 ? 'no problems' : parts.join(', ');
  return `${head} in ${plural(fileCount, 'file')} checked${suppressed > 0 ? `; ${suppressed} suppressed` : ''}`;
}

function renderFinding(f: Finding, ctx: Parameters<Reporter>[1], linesOf: (file: string) => readonly string[] | undefined): string[] {
  const loc = f.location;
  const out: string[] = [];
  // rustc layout: the arrow and the `=` notes are indented by the gutter's width.
  const lines = linesOf(loc.file);
  const hasFrame = lines !== undefined;
  const pad = ' '.repeat(hasFrame ? frameWidth(loc.range) : 1);
  out.push(`${paint(ctx.color, `${f.severity}[${f.ruleId}]`, severityStyle(f.severity), 'bold')}${paint(ctx.color, `: ${f.message}`, 'bold')}`);
  out.push(`${pad}${paint(ctx.color, '-->', 'blue', 'bold')} ${loc.file}:${loc.range.start.line}:${loc.range.start.column}`);
  if (hasFrame) out.push(...codeFrame(lines, loc.range, ctx.color));
  const note = (label: string, body: string, ...styles: Parameters<typeof paint>[2][]): string => `${pad} ${paint(ctx.color, `= ${label}:`, ...styles)} ${body}`;
  if (loc.path.length > 0) out.push(note('path', `${formatPath(loc.path)}${loc.exact ? '' : ' (not present; nearest parent shown)'}`, 'dim'));
  for (const r of f.related) {
    const where = r.location ? ` (${r.location.file}:${r.location.range.start.line}:${r.location.range.start.column})` : '';
    out.push(note('note', `${r.message}${where}`, 'bold'));
  }
  out.push(note('help', f.help, 'cyan', 'bold'));
  out.push(note('docs', `kaslint explain ${f.ruleId}`, 'dim'));
  return out;
}

/** Human output: one block per finding with a code frame, then a summary line. */
export const textReporter: Reporter = (data, ctx) => {
  const blocks: string[] = [];
  const cache = new Map<string, readonly string[] | undefined>();
  const linesOf = (file: string): readonly string[] | undefined => {
    if (!cache.has(file)) {
      const text = ctx.sources(file);
      cache.set(file, text === undefined || text === '' ? undefined : sourceLines(text));
    }
    return cache.get(file);
  };
  for (const f of data.findings) {
    if (f.suppressions.length > 0) continue;
    blocks.push(renderFinding(f, ctx, linesOf).join('\n'));
  }
  for (const e of data.internalErrors) {
    blocks.push(`${paint(ctx.color, 'error[kaslint/internal]', 'red', 'bold')}: rule ${e.ruleId} failed: ${e.message}`);
  }
  if (data.delta) blocks.push(deltaText(data.delta).trimEnd());
  blocks.push(summaryLine(data.findings, ctx.files.length));
  return blocks.join('\n\n') + '\n';
};
