import type { CliIo } from '../../src/cli/io.js';

export interface MemoryIo extends CliIo {
  readonly out: () => string;
  readonly err: () => string;
  readonly written: Map<string, string>;
}

/** A CliIo that records output instead of touching the terminal. */
export function memoryIo(cwd: string, options: { stdin?: string; env?: Record<string, string>; tty?: boolean } = {}): MemoryIo {
  let out = '';
  let err = '';
  const written = new Map<string, string>();
  return {
    cwd,
    env: options.env ?? {},
    stdoutIsTTY: options.tty ?? false,
    stderrIsTTY: options.tty ?? false,
    writeOut: (t) => {
      out += t;
    },
    writeErr: (t) => {
      err += t;
    },
    readStdin: async () => options.stdin ?? '',
    writeFile: async (p, content) => {
      written.set(p, content);
    },
    out: () => out,
    err: () => err,
    written,
  };
}
