import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { removeTree, writeTree } from '../support/lint-files.js';

const BIN = fileURLToPath(new URL('../../bin/kaslint.js', import.meta.url));

let dir = '';
afterAll(() => {
  if (dir) removeTree(dir);
});

describe('a reader that closes the pipe early', () => {
  it('ends the run quietly: no stack trace, an ordinary exit code', async () => {
    // Far more output than a pipe buffers, so writes are still pending when the reader leaves.
    const files: Record<string, string> = {};
    for (let i = 0; i < 400; i++) files[`f${String(i).padStart(3, '0')}.yaml`] = 'a: 1\na: 2\nb: [\n';
    dir = writeTree(files);
    const child = spawn(process.execPath, [BIN, 'check', '-o', 'sarif', '.'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    // Like `| head -c 1`: take the first chunk, then go away.
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    expect(stderr).not.toMatch(/EPIPE|\n\s+at /);
    expect([0, 1, 2]).toContain(code);
  });
});
