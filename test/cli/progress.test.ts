import { describe, expect, it } from 'vitest';
import { Progress, progressWanted } from '../../src/cli/progress.js';
import { memoryIo } from '../support/memory-io.js';

describe('progress on stderr', () => {
  it.each([
    [{ tty: true }, false, true],
    [{ tty: true, env: { CI: 'true' } }, false, false],
    [{ tty: false }, false, false],
    [{ tty: true }, true, false],
  ] as const)('%j quiet=%s → shown: %s', (opts, quiet, shown) => {
    expect(progressWanted(memoryIo('/', { ...opts, env: { ...('env' in opts ? opts.env : {}) } }), quiet)).toBe(shown);
  });

  it('stays silent during the first second, then shows a phase and erases it', () => {
    const io = memoryIo('/', { tty: true });
    const quick = new Progress(io, true, 1000);
    quick.phase('reading files');
    quick.done();
    expect(io.err()).toBe('');
    const slow = new Progress(io, true, 0);
    slow.phase('analysing 3 files');
    slow.done();
    expect(io.err()).toBe('\r\x1b[2Kanalysing 3 files…\r\x1b[2K');
  });
});
