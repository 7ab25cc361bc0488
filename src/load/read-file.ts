import { open } from 'node:fs/promises';
import { describeFsError, type DiscoveredFile } from './discover.js';
import { makeSourceFile, type SourceFile } from './source-file.js';

/**
 * Default per-file size limit; larger files are reported, not read. Manifests, agent
 * configs (KAS refuses more than 128 KiB) and values files are far smaller; a large
 * cluster dump can be read with --max-file-size.
 */
export const DEFAULT_MAX_FILE_BYTES = 4 * 1024 * 1024;

export type ReadProblemKind = 'unreadable' | 'too-large' | 'binary' | 'invalid-utf8';

export type ReadResult =
  | { readonly ok: true; readonly file: SourceFile }
  | { readonly ok: false; readonly kind: ReadProblemKind; readonly path: string; readonly message: string };

/**
 * Read one file as UTF-8 text. The size is checked before reading (a sparse file can
 * claim gigabytes), and at most maxBytes+1 bytes are ever read, whatever it claims.
 */
export async function readInputFile(found: DiscoveredFile, maxBytes: number): Promise<ReadResult> {
  if (found.size > maxBytes) return tooLarge(found.path, found.size, maxBytes);
  let bytes: Buffer;
  try {
    const handle = await open(found.absPath, 'r');
    try {
      const buf = Buffer.alloc(Math.min(found.size, maxBytes) + 1);
      let total = 0;
      for (;;) {
        const { bytesRead } = await handle.read(buf, total, buf.length - total, total);
        if (bytesRead === 0) break;
        total += bytesRead;
        if (total >= buf.length) break;
      }
      if (total > maxBytes) return tooLarge(found.path, total, maxBytes);
      bytes = buf.subarray(0, total);
    } finally {
      await handle.close();
    }
  } catch (err) {
    return { ok: false, kind: 'unreadable', path: found.path, message: `cannot read file: ${describeFsError(err)}` };
  }
  return decodeText(found.path, bytes);
}

export function decodeText(path: string, bytes: Uint8Array): ReadResult {
  if (bytes.includes(0)) {
    return { ok: false, kind: 'binary', path, message: 'binary file (contains NUL bytes); not analysed' };
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return { ok: false, kind: 'invalid-utf8', path, message: 'file is not valid UTF-8; not analysed' };
  }
  return { ok: true, file: makeSourceFile(path, text) };
}

function tooLarge(path: string, size: number, maxBytes: number): ReadResult {
  return {
    ok: false,
    kind: 'too-large',
    path,
    message: `file is ${formatBytes(size)}, over the ${formatBytes(maxBytes)} limit (--max-file-size); not analysed`,
  };
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024 * 1024) return `${(n / (1024 * 1024 * 1024)).toFixed(1)} GiB`;
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${n} B`;
}
