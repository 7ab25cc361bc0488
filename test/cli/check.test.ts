import { afterEach, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main.js';
import { memoryIo } from '../support/memory-io.js';
import { removeTree, writeTree } from '../support/lint-files.js';

const SA = 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: sa\n  namespace: ns\n';
let dirs: string[] = [];
afterEach(() => {
  dirs.forEach(removeTree);
  dirs = [];
});
function tree(files: Record<string, string | Buffer>): string {
  const d = writeTree(files);
  dirs.push(d);
  return d;
}

describe('kaslint check', () => {
  it('exits 0 and prints a summary when there is nothing to report', async () => {
    const io = memoryIo(tree({ 'sa.yaml': SA }));
    expect(await run(['check'], io)).toBe(0);
    expect(io.out()).toBe('no problems in 1 file checked\n');
    expect(io.err()).toBe('');
  });

  it('prints a rustc-style code frame with carets under the exact range', async () => {
    const io = memoryIo(tree({ 'dup.yaml': 'kind: X\nmetadata:\n  name: a\n  name: b\n' }));
    expect(await run(['check'], io)).toBe(1);
    expect(io.out()).toBe(
      [
        'error[yaml/duplicate-key]: duplicate key "name": only the last value is kept',
        ' --> dup.yaml:4:3',
        '  |',
        '2 | metadata:',
        '3 |   name: a',
        '4 |   name: b',
        '  |   ^^^^',
        '  = help: Remove or merge the repeated key so that each key appears once in its mapping.',
        '  = docs: kaslint explain yaml/duplicate-key',
        '',
        '1 error in 1 file checked',
        '',
      ].join('\n'),
    );
  });

  it('uses colour only when asked or on a TTY without NO_COLOR', async () => {
    const files = { 'dup.yaml': 'a: 1\na: 2\n' };
    const plain = memoryIo(tree(files), { tty: true, env: { NO_COLOR: '1' } });
    await run(['check'], plain);
    expect(plain.out()).not.toContain('\x1b[');
    const tty = memoryIo(tree(files), { tty: true });
    await run(['check'], tty);
    expect(tty.out()).toContain('\x1b[');
    const piped = memoryIo(tree(files), { tty: false });
    await run(['check'], piped);
    expect(piped.out()).not.toContain('\x1b[');
    const forced = memoryIo(tree(files), { tty: false });
    await run(['check', '--color'], forced);
    expect(forced.out()).toContain('\x1b[');
  });

  it('--fail-on decides the exit code; findings below it still print', async () => {
    const files = { 'tpl.yaml': 'name: {{ .Values.x }}\n' };
    const io = memoryIo(tree(files));
    expect(await run(['check'], io)).toBe(0);
    expect(io.out()).toContain('info[helm/template-not-analysed]');
    expect(await run(['check', '--fail-on', 'info'], memoryIo(tree(files)))).toBe(1);
  });

  it('exits 2 for a path that does not exist but still reports the other files', async () => {
    const io = memoryIo(tree({ 'dup.yaml': 'a: 1\na: 2\n' }));
    expect(await run(['check', '.', 'missing.yaml'], io)).toBe(2);
    expect(io.out()).toContain('error[io/unreadable-file]: no such file or directory');
    expect(io.out()).toContain('error[yaml/duplicate-key]');
  });

  it('exits 2 with a one-line error for usage mistakes', async () => {
    const io = memoryIo(tree({ 'sa.yaml': SA }));
    expect(await run(['check', '-o', 'xml'], io)).toBe(2);
    expect(io.err()).toBe('error: unknown output format "xml" (one of: text, json, sarif, codequality, junit, markdown)\n');
    const io2 = memoryIo(tree({ 'sa.yaml': SA }));
    expect(await run(['check', '--fail-on', 'fatal'], io2)).toBe(2);
    expect(io2.err().split('\n').filter(Boolean)).toHaveLength(1);
    const io3 = memoryIo(tree({ 'sa.yaml': SA }));
    expect(await run(['check', '--bogus'], io3)).toBe(2);
    expect(io3.err()).toContain("unknown option '--bogus'");
  });

  it('writes several formats in one run and JSON is byte-identical across runs', async () => {
    const dir = tree({ 'a.yaml': 'a: 1\na: 2\n', 'b.yaml': 'x: [1\n', 'c.yaml': SA });
    const io1 = memoryIo(dir);
    await run(['check', '-o', 'json', '-o', 'text=report.txt'], io1);
    const io2 = memoryIo(dir);
    await run(['check', '-o', 'json', '-o', 'text=report.txt'], io2);
    expect(io1.out()).toBe(io2.out());
    const report = JSON.parse(io1.out()) as { version: number; findings: { ruleId: string; file: string; range: { start: { line: number } } }[]; summary: { error: number } };
    expect(report.version).toBe(1);
    expect(report.findings.map((f) => `${f.ruleId}@${f.file}:${f.range.start.line}`)).toEqual(['yaml/duplicate-key@a.yaml:2', 'yaml/syntax@b.yaml:2']);
    expect(report.summary.error).toBe(2);
    expect([...io1.written.keys()].map((k) => k.slice(dir.length + 1))).toEqual(['report.txt']);
    expect(io1.written.values().next().value).toContain('2 errors in 3 files checked');
  });

  it('reads stdin with -f -', async () => {
    const io = memoryIo(tree({}), { stdin: 'a: 1\na: 2\n' });
    expect(await run(['check', '-f', '-'], io)).toBe(1);
    expect(io.out()).toContain('--> <stdin>:2:1');
  });

  it('keeps other files\' results when files are broken in every way', async () => {
    const deep = '['.repeat(5000) + ']'.repeat(5000);
    const io = memoryIo(
      tree({
        'binary.yaml': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 1]),
        'empty.yaml': '',
        'deep.yaml': deep,
        'bomb.yaml': 'a: &a [x,x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\n',
        'z-dup.yaml': 'a: 1\na: 2\n',
      }),
    );
    const code = await run(['check'], io);
    expect([1, 2]).toContain(code);
    expect(io.err()).toBe('');
    expect(io.out()).toContain('io/not-text');
    expect(io.out()).toContain('yaml/alias-limit');
    expect(io.out()).toContain('z-dup.yaml:2:1');
  });
});
