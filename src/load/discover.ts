import { lstat, readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { Minimatch } from 'minimatch';

/** Directories never entered: dependencies and VCS metadata. */
const SKIPPED_DIRS = new Set(['node_modules', '.git']);
/** Extensions read when walking a directory (explicitly named files are always read). */
const WALKED_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);

export interface DiscoveredFile {
  /** Absolute path on disk. */
  readonly absPath: string;
  /** Display path: relative to cwd, POSIX separators. */
  readonly path: string;
  readonly size: number;
  /** Named on the command line (read whatever its extension). */
  readonly explicit: boolean;
}

export interface DiscoveryProblem {
  readonly path: string;
  readonly message: string;
}

export interface DiscoverOptions {
  readonly cwd: string;
  readonly ignore?: readonly string[];
}

export interface DiscoveryResult {
  readonly files: DiscoveredFile[];
  readonly problems: DiscoveryProblem[];
}

export function displayPath(cwd: string, absPath: string): string {
  const rel = path.relative(cwd, absPath);
  const shown = rel === '' ? path.basename(absPath) : rel;
  return shown.split(path.sep).join('/');
}

/**
 * Expand the given paths into the files to read, sorted by display path. Symlinks are
 * followed once (a visited set of real paths stops loops); unreadable entries become
 * problems instead of aborting the run.
 */
export async function discoverFiles(inputs: readonly string[], options: DiscoverOptions): Promise<DiscoveryResult> {
  const matchers = (options.ignore ?? []).map((g) => new Minimatch(g, { dot: true, matchBase: !g.includes('/') }));
  const isIgnored = (rel: string): boolean => matchers.some((m) => m.match(rel) || m.match(rel + '/'));
  const files = new Map<string, DiscoveredFile>();
  const problems: DiscoveryProblem[] = [];
  const visitedDirs = new Set<string>();

  const addFile = (absPath: string, size: number, explicit: boolean): void => {
    const shown = displayPath(options.cwd, absPath);
    if (!files.has(absPath)) files.set(absPath, { absPath, path: shown, size, explicit });
  };

  const walk = async (dir: string): Promise<void> => {
    let real: string;
    try {
      real = await realpath(dir);
    } catch (err) {
      problems.push({ path: displayPath(options.cwd, dir), message: describeFsError(err) });
      return;
    }
    if (visitedDirs.has(real)) return;
    visitedDirs.add(real);
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (err) {
      problems.push({ path: displayPath(options.cwd, dir), message: describeFsError(err) });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const abs = path.join(dir, entry.name);
      const rel = displayPath(options.cwd, abs);
      if (isIgnored(rel)) continue;
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name)) await walk(abs);
        continue;
      }
      if (entry.isSymbolicLink()) {
        let target;
        try {
          target = await stat(abs);
        } catch (err) {
          problems.push({ path: rel, message: `broken symbolic link (${describeFsError(err)})` });
          continue;
        }
        if (target.isDirectory()) {
          if (!SKIPPED_DIRS.has(entry.name)) await walk(abs);
        } else if (target.isFile() && WALKED_EXTENSIONS.has(path.extname(entry.name).toLowerCase())) {
          addFile(abs, target.size, false);
        }
        continue;
      }
      if (entry.isFile() && WALKED_EXTENSIONS.has(path.extname(entry.name).toLowerCase())) {
        let size = 0;
        try {
          size = (await lstat(abs)).size;
        } catch (err) {
          problems.push({ path: rel, message: describeFsError(err) });
          continue;
        }
        addFile(abs, size, false);
      }
    }
  };

  for (const input of inputs) {
    const abs = path.resolve(options.cwd, input);
    let info;
    try {
      info = await stat(abs);
    } catch (err) {
      problems.push({ path: displayPath(options.cwd, abs), message: describeFsError(err) });
      continue;
    }
    if (info.isDirectory()) await walk(abs);
    else if (info.isFile()) addFile(abs, info.size, true);
    else problems.push({ path: displayPath(options.cwd, abs), message: 'not a regular file or directory' });
  }

  const sorted = [...files.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  problems.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files: sorted, problems };
}

export function describeFsError(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ELOOP':
      return 'too many levels of symbolic links';
    case 'EISDIR':
      return 'is a directory';
    case 'ENOTDIR':
      return 'not a directory';
    default:
      return typeof code === 'string' ? code : 'cannot be read';
  }
}
