// Filesystem hazards: a sparse file claiming gigabytes, symlink loops, unreadable files,
// directories named like files, FIFOs, device links and very many files. Each becomes a
// finding or a one-line problem; the other files are still reported.
import { spawnSync } from 'node:child_process';
import { chmodSync, closeSync, mkdirSync, openSync, readFileSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { removeTree, writeTree } from '../support/lint-files.js';
import { brief, CANARY_FILES, CANARY_FINDING, cli, invariantViolations, parseReport } from './helpers.js';

let dirs: string[] = [];
afterEach(() => {
  for (const d of dirs) {
    try {
      chmodSync(path.join(d, 'locked.yaml'), 0o644);
    } catch {
      // not every tree has it
    }
    removeTree(d);
  }
  dirs = [];
});
function tree(files: Record<string, string | Buffer> = {}): string {
  const d = writeTree({ ...CANARY_FILES, ...files });
  dirs.push(d);
  return d;
}

async function checkJson(dir: string, argv: readonly string[] = []): Promise<{ code: number; findings: string[]; messages: Map<string, string> }> {
  const r = await cli(dir, ['check', '-o', 'json', ...argv]);
  expect(invariantViolations(r)).toEqual([]);
  const report = parseReport(r);
  const findings = brief(report);
  expect(findings).toContain(CANARY_FINDING);
  return { code: r.code, findings, messages: new Map(report.findings.map((f) => [`${f.ruleId} ${f.file}`, f.message])) };
}

describe('filesystem hazards', () => {
  it('reports a sparse file that claims 5 GiB by its size, without reading it', async () => {
    const d = tree();
    const huge = path.join(d, 'huge.yaml');
    closeSync(openSync(huge, 'w'));
    truncateSync(huge, 5 * 1024 ** 3);
    const { findings, messages } = await checkJson(d);
    expect(findings).toContain('io/file-too-large huge.yaml:1:1');
    expect(messages.get('io/file-too-large huge.yaml')).toContain('5.0 GiB');
  });

  it('still applies the limit to a sparse file named explicitly and to a raised --max-file-size', async () => {
    const d = tree();
    const huge = path.join(d, 'huge.yaml');
    closeSync(openSync(huge, 'w'));
    truncateSync(huge, 4 * 1024 ** 3 + 1);
    const { messages } = await checkJson(d, ['.', 'huge.yaml', '--max-file-size', '64MiB']);
    expect(messages.get('io/file-too-large huge.yaml')).toMatch(/4\.0 GiB, over the 64\.0 MiB limit/);
  });

  it('stops at symlink loops (directory and file loops, self links, broken links)', async () => {
    const d = tree();
    mkdirSync(path.join(d, 'loop'));
    symlinkSync('..', path.join(d, 'loop', 'up'));
    symlinkSync(d, path.join(d, 'loop', 'abs-up'));
    symlinkSync('b.yaml', path.join(d, 'a.yaml'));
    symlinkSync('a.yaml', path.join(d, 'b.yaml'));
    symlinkSync('self.yaml', path.join(d, 'self.yaml'));
    symlinkSync('missing.yaml', path.join(d, 'broken.yaml'));
    const { findings } = await checkJson(d);
    // The canary is read once, not once per path that reaches it through the loop.
    expect(findings.filter((f) => f === CANARY_FINDING)).toHaveLength(1);
    expect(findings.some((f) => f.includes('broken.yaml'))).toBe(true);
  });

  it('reports an unreadable file and keeps the others (skipped when running as root)', async (ctx) => {
    const d = tree({ 'locked.yaml': 'a: 1\n' });
    const locked = path.join(d, 'locked.yaml');
    chmodSync(locked, 0o000);
    let readable = false;
    try {
      readFileSync(locked);
      readable = true;
    } catch {
      readable = false;
    }
    if (readable) {
      ctx.skip('chmod 000 does not stop this user from reading (root or CAP_DAC_OVERRIDE): cannot make an unreadable file');
      return;
    }
    const { code, findings } = await checkJson(d);
    expect(code).toBe(2);
    expect(findings).toContain('io/unreadable-file locked.yaml:1:1');
  });

  it('skips a directory named x.yaml when walking and reports it when named explicitly', async () => {
    const d = tree();
    mkdirSync(path.join(d, 'x.yaml', 'y.yml'), { recursive: true });
    writeFileSync(path.join(d, 'x.yaml', 'y.yml', 'z.yaml'), 'a: 1\na: 2\n');
    const walked = await checkJson(d);
    expect(walked.findings).toContain('yaml/duplicate-key x.yaml/y.yml/z.yaml:2:1');
    const named = await cli(d, ['check', '-o', 'json', 'x.yaml', 'zz-canary']);
    expect(invariantViolations(named)).toEqual([]);
    expect(brief(parseReport(named))).toContain(CANARY_FINDING);
  });

  it('does not block on a FIFO or read a device through a symlink', async (ctx) => {
    const d = tree();
    const made = spawnSync('mkfifo', [path.join(d, 'pipe.yaml')], { timeout: 5000 });
    if (made.status !== 0) {
      ctx.skip('mkfifo is not available');
      return;
    }
    symlinkSync('/dev/zero', path.join(d, 'zero.yaml'));
    await checkJson(d);
    // Named explicitly: a one-line problem, not a hang.
    const r = await cli(d, ['check', '-o', 'json', '.', 'pipe.yaml', 'zero.yaml']);
    expect(invariantViolations(r)).toEqual([]);
    expect(brief(parseReport(r))).toContain(CANARY_FINDING);
  });

  it('reads 2,000 tiny files and counts every one', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 2000; i++) files[`many/d${String(i % 20).padStart(2, '0')}/f${String(i).padStart(4, '0')}.yaml`] = `k${i}: v\n`;
    const d = tree(files);
    const r = await cli(d, ['check', '-o', 'json']);
    expect(invariantViolations(r)).toEqual([]);
    const report = parseReport(r);
    expect(report.summary.files).toBe(2000 + Object.keys(CANARY_FILES).length);
    expect(brief(report)).toContain(CANARY_FINDING);
  });

  it('reports a missing path named on the command line with exit 2 and keeps the rest', async () => {
    const d = tree();
    const r = await cli(d, ['check', '-o', 'json', '.', 'no/such/dir', 'no-such-file.yaml']);
    expect(r.code).toBe(2);
    expect(invariantViolations(r)).toEqual([]);
    expect(brief(parseReport(r))).toContain(CANARY_FINDING);
  });
});
