import { execFile } from 'node:child_process';
import path from 'node:path';
import { Minimatch } from 'minimatch';
import { decodeText } from './read-file.js';
import type { LoadedSources, LoadProblem } from './load-sources.js';
import type { SourceFile } from './source-file.js';

const WALKED_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);
const SKIPPED_DIRS = new Set(['node_modules', '.git']);

function git(cwd: string, args: readonly string[], input?: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = execFile('git', [...args], { cwd, encoding: 'buffer', maxBuffer: 1024 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`git ${args[0] ?? ''}: ${stderr.toString('utf8').trim().split('\n')[0] || err.message}`));
      else resolve(stdout);
    });
    if (input !== undefined) child.stdin?.end(input);
  });
}

/** True when `rev` names a commit in the repository around `cwd`. */
export async function isGitRevision(cwd: string, rev: string): Promise<boolean> {
  try {
    await git(cwd, ['rev-parse', '--verify', '--quiet', `${rev}^{commit}`]);
    return true;
  } catch {
    return false;
  }
}

/**
 * The YAML/JSON files of a revision below the working directory, read straight from git
 * (no checkout), with display paths relative to the working directory as for the working
 * tree, so the same file has the same name on both sides of a diff.
 */
export async function loadSourcesAtRevision(cwd: string, rev: string, options: { ignore?: readonly string[]; maxFileBytes: number }): Promise<LoadedSources> {
  const prefix = (await git(cwd, ['rev-parse', '--show-prefix'])).toString('utf8').trim();
  const listing = await git(cwd, ['ls-tree', '-r', '-z', '--long', '--full-tree', rev, '--', ...(prefix ? [prefix] : [])]);
  const matchers = (options.ignore ?? []).map((g) => new Minimatch(g, { dot: true, matchBase: !g.includes('/') }));
  const entries: { object: string; size: number; path: string }[] = [];
  for (const record of listing.toString('utf8').split('\0')) {
    // "<mode> <type> <object> <size>\t<path>"
    const tab = record.indexOf('\t');
    if (tab === -1) continue;
    const [, type, object, size] = record.slice(0, tab).trim().split(/\s+/);
    const full = record.slice(tab + 1);
    if (type !== 'blob' || object === undefined) continue;
    const rel = prefix && full.startsWith(prefix) ? full.slice(prefix.length) : full;
    if (rel.split('/').some((seg) => SKIPPED_DIRS.has(seg))) continue;
    if (!WALKED_EXTENSIONS.has(path.extname(rel).toLowerCase())) continue;
    if (matchers.some((m) => m.match(rel))) continue;
    entries.push({ object, size: Number(size), path: rel });
  }
  entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const problems: LoadProblem[] = [];
  const wanted = entries.filter((e) => {
    if (e.size <= options.maxFileBytes) return true;
    problems.push({ path: e.path, kind: 'too-large', message: `file is ${e.size} bytes at ${rev}, over the limit (--max-file-size); not analysed` });
    return false;
  });
  const sources: SourceFile[] = [];
  if (wanted.length > 0) {
    const out = await git(cwd, ['cat-file', '--batch'], wanted.map((e) => e.object).join('\n') + '\n');
    let pos = 0;
    for (const e of wanted) {
      const nl = out.indexOf(10, pos);
      const header = out.subarray(pos, nl).toString('utf8').split(' ');
      const size = Number(header[2]);
      const bytes = out.subarray(nl + 1, nl + 1 + size);
      pos = nl + 1 + size + 1;
      const r = decodeText(e.path, bytes);
      if (r.ok) sources.push(r.file);
      else problems.push({ path: r.path, kind: r.kind, message: r.message });
    }
  }
  return { sources, problems };
}
