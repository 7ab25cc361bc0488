// The built parse pool (dist/, where the worker script exists) must give exactly what parsing
// in place gives, whatever thread parsed a file: YAML 1.1 values (dates, binary), problems,
// document maps, and prototype keys kept as own data.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { hostileFiles, snapshotPrototypes } from '../../scripts/lib/hostile.mjs';
import { decodeText } from '../../src/load/read-file.js';
import type { SourceFile } from '../../src/load/source-file.js';
import type * as PoolModule from '../../src/load/parse-pool.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const pool = (await import(pathToFileURL(path.join(ROOT, 'dist', 'load', 'parse-pool.js')).href)) as typeof PoolModule;

function fixtureSources(): SourceFile[] {
  const out: SourceFile[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir).sort()) {
      const p = path.join(dir, entry);
      const st = statSync(p, { throwIfNoEntry: false });
      if (st?.isDirectory()) walk(p);
      else if (st?.isFile() && /\.ya?ml$/.test(entry)) {
        const r = decodeText(path.relative(ROOT, p), readFileSync(p));
        if (r.ok) out.push(r.file);
      }
    }
  };
  walk(path.join(ROOT, 'fixtures'));
  for (const [name, content] of Object.entries(hostileFiles())) {
    const r = decodeText(`hostile/${name}`, typeof content === 'string' ? Buffer.from(content) : content);
    if (r.ok) out.push(r.file);
  }
  out.push(...extraSources());
  return out;
}

function extraSources(): SourceFile[] {
  const text = 'when: 2001-12-14t21:59:43.10-05:00\nbin: !!binary aGVsbG8=\n__proto__: {polluted: yes}\nconstructor: {prototype: {x: 1}}\n';
  const r = decodeText('extra/values.yaml', Buffer.from(text));
  return r.ok ? [r.file] : [];
}

/**
 * A text form of a value that keeps sharing: an object met again is written as a reference
 * to its first appearance. Aliases make documents and maps DAGs (an alias bomb is a DAG with
 * exponentially many paths), which a plain deep-equal walks path by path.
 */
function canonical(value: unknown): string {
  const ids = new Map<object, number>();
  const out: string[] = [];
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v === 'string' && v.startsWith('\u0000')) {
      out.push(v.slice(1));
      continue;
    }
    if (v === null || typeof v !== 'object') {
      out.push(typeof v === 'undefined' ? 'u' : `${typeof v}:${JSON.stringify(v)}`);
      continue;
    }
    const seen = ids.get(v);
    if (seen !== undefined) {
      out.push(`#${seen}`);
      continue;
    }
    ids.set(v, ids.size);
    if (v instanceof Date) {
      out.push(`D${v.getTime()}`);
      continue;
    }
    if (v instanceof Uint8Array) {
      out.push(`B${Buffer.from(v).toString('base64')}`);
      continue;
    }
    const entries: [string, unknown][] = v instanceof Map || v instanceof Set ? [...v.entries()].map(([k, x]) => [String(k), x]) : Object.entries(v);
    out.push(`${Object.getPrototypeOf(v) === Array.prototype ? '[' : '{'}${entries.length}`);
    // Pushed in reverse so they are written in order; keys as marker strings.
    for (let i = entries.length - 1; i >= 0; i--) {
      const [k, x] = entries[i] as [string, unknown];
      stack.push(x, `\u0000k:${JSON.stringify(k)}`);
    }
  }
  return out.join(' ');
}

describe('parse pool', () => {
  it('gives in worker threads exactly what parsing in place gives', async () => {
    const sources = fixtureSources();
    expect(sources.length).toBeGreaterThan(30);
    const changed = snapshotPrototypes();
    const inPlace = await pool.parseSources(sources, { threads: 1 });
    const threaded = await pool.parseSources(sources, { threads: 3, minBytes: 0 });
    expect(changed()).toEqual([]);
    expect([...threaded.keys()].sort()).toEqual([...inPlace.keys()].sort());
    for (const s of sources) expect(canonical(threaded.get(s.path)), s.path).toBe(canonical(inPlace.get(s.path)));
    const extra = threaded.get('extra/values.yaml')?.[0]?.data as Record<string, unknown>;
    expect(extra['when']).toBeInstanceOf(Date);
    expect(Object.getPrototypeOf(extra)).toBe(Object.prototype);
    expect(Object.hasOwn(extra, '__proto__')).toBe(true);
  });

  it('parses in place below the size threshold or with one thread', async () => {
    const sources = extraSources();
    const r = await pool.parseSources(sources, { threads: 4 });
    expect(r.get('extra/values.yaml')?.[0]?.problems).toEqual([]);
  });
});
