// Parsing is most of the time of a large run, and each file parses on its own: with more
// than one core, worker threads parse the files while the main thread receives the results.
// Which thread parsed a file changes nothing in the result; small inputs (a pre-commit run)
// are parsed in place, since starting a worker costs more than it saves.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { parseYamlDocuments, type ParsedDocument } from './parse-yaml.js';
import type { SourceFile } from './source-file.js';

/** Below this much text, parse in place. */
export const PARALLEL_PARSE_MIN_BYTES = 2 * 1024 * 1024;

export interface ParseOptions {
  /** Threads to parse with, this one included; 0 or 1 parses in place. Default: one per core, at most 4. */
  readonly threads?: number;
  /** Parse in place below this much text (default PARALLEL_PARSE_MIN_BYTES). */
  readonly minBytes?: number;
}

export function defaultParseThreads(): number {
  return Math.min(4, availableParallelism());
}

/**
 * Parse every source, sharing the work between this thread and worker threads when there is
 * enough text and more than one thread. Resolves to the documents of each file, by path. A
 * worker that fails leaves its files to be parsed here.
 */
export async function parseSources(sources: readonly SourceFile[], options: ParseOptions = {}): Promise<Map<string, ParsedDocument[]>> {
  const out = new Map<string, ParsedDocument[]>();
  const threads = options.threads ?? defaultParseThreads();
  const bytes = sources.reduce((n, s) => n + s.text.length, 0);
  // Running from TypeScript sources (tests) there is no compiled worker to start.
  if (threads < 2 || sources.length < 2 || bytes < (options.minBytes ?? PARALLEL_PARSE_MIN_BYTES) || import.meta.url.endsWith('.ts')) {
    for (const s of sources) out.set(s.path, parseYamlDocuments(s));
    return out;
  }
  // Largest files first, each to the least loaded share; share 0 is this thread's. Shares are
  // fixed up front: this thread parses its own while the workers parse theirs.
  const shares: SourceFile[][] = Array.from({ length: threads }, () => []);
  const load = new Array<number>(threads).fill(0);
  for (const s of [...sources].sort((a, b) => b.text.length - a.text.length)) {
    const i = load.indexOf(Math.min(...load));
    shares[i]?.push(s);
    load[i] = (load[i] ?? 0) + s.text.length;
  }
  const workerUrl = new URL('./parse-worker.js', import.meta.url);
  const finished = shares.slice(1).map((share) => parseInWorker(workerUrl, share, out));
  for (const s of shares[0] ?? []) out.set(s.path, parseYamlDocuments(s));
  await Promise.all(finished);
  // Whatever a failed worker left undone.
  for (const s of sources) if (!out.has(s.path)) out.set(s.path, parseYamlDocuments(s));
  return out;
}

function parseInWorker(url: URL, share: readonly SourceFile[], out: Map<string, ParsedDocument[]>): Promise<void> {
  return new Promise<void>((resolve) => {
    if (share.length === 0) {
      resolve();
      return;
    }
    let pending = share.length;
    const worker = new Worker(url);
    worker.on('message', (m: { id: number; docs: ParsedDocument[] }) => {
      const s = share[m.id];
      if (s !== undefined) out.set(s.path, m.docs);
      if (--pending === 0) void worker.terminate().then(() => resolve());
    });
    worker.on('error', () => resolve());
    share.forEach((s, id) => worker.postMessage({ id, text: s.text }));
  });
}
