import { discoverFiles, type DiscoverOptions } from './discover.js';
import { readInputFile, type ReadProblemKind } from './read-file.js';
import type { SourceFile } from './source-file.js';

export interface LoadProblem {
  readonly path: string;
  readonly kind: ReadProblemKind | 'missing';
  readonly message: string;
}

export interface LoadedSources {
  readonly sources: SourceFile[];
  readonly problems: LoadProblem[];
}

const READ_CONCURRENCY = 32;

/** Discover and read every input file; problems are collected, never thrown. */
export async function loadSources(inputs: readonly string[], options: DiscoverOptions & { maxFileBytes: number }): Promise<LoadedSources> {
  const found = await discoverFiles(inputs, options);
  const problems: LoadProblem[] = found.problems.map((p) => ({
    path: p.path,
    kind: p.message === 'no such file or directory' ? 'missing' : 'unreadable',
    message: p.message === 'no such file or directory' ? 'no such file or directory' : `cannot read: ${p.message}`,
  }));
  const results = new Array<Awaited<ReturnType<typeof readInputFile>>>(found.files.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < found.files.length) {
      const i = next++;
      const f = found.files[i];
      if (f) results[i] = await readInputFile(f, options.maxFileBytes);
    }
  };
  await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, found.files.length) }, worker));
  const sources: SourceFile[] = [];
  for (const r of results) {
    if (!r) continue;
    if (r.ok) sources.push(r.file);
    else problems.push({ path: r.path, kind: r.kind, message: r.message });
  }
  problems.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { sources, problems };
}
