// Worker thread of scripts/fuzz.mjs: builds fuzz case N of a seed deterministically, writes
// it to disk, runs the real CLI in-process (dist/cli/main.js `run(argv, io)` with a memory
// io) and checks the invariants. The parent thread enforces the time limit (it terminates
// this worker) and the heap limit (resourceLimits).

import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, symlinkSync, truncateSync, writeFileSync, openSync, closeSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parentPort, workerData } from 'node:worker_threads';
import { createRng, corpusFiles, generateCorpus, generateQueries, writeFiles } from './lib/corpus.mjs';
import {
  CANARY_FILES,
  CANARY_FINDING,
  KNOWN_SECRET_LEAK_FORMATS,
  SECRETS,
  checkRunInvariants,
  hostileBatchLines,
  hostileFiles,
  leakedSecrets,
  mutate,
  secretFiles,
  snapshotPrototypes,
} from './lib/hostile.mjs';

const { root, seed, caseRoot } = workerData;
const { run } = await import(pathToFileURL(path.join(root, 'dist', 'cli', 'main.js')).href);
const { REPORTERS } = await import(pathToFileURL(path.join(root, 'dist', 'report', 'formats.js')).href);
const FORMATS = Object.keys(REPORTERS).sort();
const JSON_FORMATS = new Set(['json', 'sarif', 'codequality']);

// Mutation sources: a small deterministic corpus (its fixed files include the 500-project
// agent config and both charts' values) plus the hand-written hostile files.
const corpus = generateCorpus({ objects: 300, seed: `fuzz-source/${seed}` });
const SOURCE_FILES = [...corpusFiles(corpus).entries()].map(([p, t]) => [p, Buffer.from(t)]);
const HOSTILE = Object.entries(hostileFiles()).map(([p, c]) => [p, Buffer.isBuffer(c) ? c : Buffer.from(c)]);
const SECRET = Object.entries(secretFiles());
const QUERIES = generateQueries(corpus, 50, 'fuzz');

function memoryIo(cwd, stdin = '') {
  let out = '';
  let err = '';
  const written = new Map();
  return {
    cwd,
    env: {},
    stdoutIsTTY: false,
    stderrIsTTY: false,
    writeOut: (t) => {
      out += t;
    },
    writeErr: (t) => {
      err += t;
    },
    readStdin: async () => stdin,
    writeFile: async (p, content) => {
      written.set(p, content);
    },
    out: () => out,
    err: () => err,
    written,
  };
}

async function cli(argv, cwd, stdin) {
  const io = memoryIo(cwd, stdin);
  let code;
  try {
    code = await run(argv, io);
  } catch (e) {
    return { argv, code: 'threw', out: io.out(), err: `${io.err()}\nTHREW: ${e instanceof Error ? e.stack : String(e)}`, written: io.written, threw: true };
  }
  return { argv, code, out: io.out(), err: io.err(), written: io.written };
}

/** Build case `index`: a tree of files plus what to run on it. */
function buildCase(index) {
  const rng = createRng(`${seed}/case/${index}`);
  const files = new Map(Object.entries(CANARY_FILES));
  const kinds = ['mutate-corpus', 'mutate-corpus', 'mutate-hostile', 'hostile-set', 'agent-config', 'values', 'batch', 'fs-hazards', 'secrets'];
  const kind = kinds[index % kinds.length];
  const ops = [];
  const hazards = [];
  const pickSource = (list) => list[rng.int(list.length)];
  if (kind === 'mutate-corpus') {
    for (let i = 0, n = 1 + rng.int(3); i < n; i++) {
      const [p, b] = pickSource(SOURCE_FILES);
      const m = mutate(b, rng, 4);
      files.set(p, m.bytes);
      ops.push(`${p}: ${m.ops.join('+')}`);
    }
    // Keep the charts' Chart.yaml beside mutated values.
    for (const [p, b] of SOURCE_FILES) if (p.endsWith('Chart.yaml')) files.set(p, b);
  } else if (kind === 'mutate-hostile') {
    for (let i = 0, n = 1 + rng.int(3); i < n; i++) {
      const [p, b] = pickSource(HOSTILE);
      const m = mutate(b, rng, 2);
      files.set(p, m.bytes);
      ops.push(`${p}: ${m.ops.join('+')}`);
    }
  } else if (kind === 'hostile-set') {
    const n = 3 + rng.int(8);
    for (const [p, b] of rng.sample(HOSTILE, n)) files.set(p, b);
    ops.push(`hostile files: ${[...files.keys()].filter((p) => !p.startsWith('zz-canary')).join(', ')}`);
  } else if (kind === 'agent-config' || kind === 'values') {
    const want = kind === 'agent-config' ? /\.gitlab\/agents\/.*config\.yaml$/ : /values\.yaml$/;
    for (const [p, b] of SOURCE_FILES) {
      if (p.endsWith('Chart.yaml')) files.set(p, b);
      if (!want.test(p)) continue;
      const m = mutate(b, rng, 5);
      files.set(p, m.bytes);
      ops.push(`${p}: ${m.ops.join('+')}`);
    }
  } else if (kind === 'batch') {
    for (const [p, b] of SOURCE_FILES.slice(0, 8)) files.set(p, b);
    const lines = [...rng.sample(QUERIES, 5), ...hostileBatchLines(rng, 5 + rng.int(40))];
    const body = rng.chance(0.2) ? lines.join('\r\n') : lines.join('\n') + (rng.chance(0.5) ? '\n' : '');
    files.set('batch.jsonl', Buffer.from(body));
    ops.push(`batch: ${lines.length} lines`);
  } else if (kind === 'fs-hazards') {
    const [p, b] = pickSource(HOSTILE);
    files.set(p, b);
    hazards.push(...rng.sample(['symlink-loop', 'dir-named-yaml', 'sparse-huge', 'broken-link', 'many-files', 'dev-zero-link', 'fifo', 'self-link'], 2 + rng.int(3)));
    ops.push(`hazards: ${hazards.join(', ')}; ${p}`);
  } else {
    for (const [p, t] of SECRET) {
      const b = Buffer.from(t);
      files.set(p, rng.chance(0.5) ? mutate(b, rng, 2).bytes : b);
    }
    ops.push('secrets files (some mutated)');
  }
  return { index, kind, files, hazards, ops };
}

function materialise(c, dir) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFiles(dir, c.files);
  for (const h of c.hazards) {
    try {
      if (h === 'symlink-loop') {
        mkdirSync(path.join(dir, 'loop'), { recursive: true });
        symlinkSync('..', path.join(dir, 'loop', 'up'));
        symlinkSync('loop-b.yaml', path.join(dir, 'loop-a.yaml'));
        symlinkSync('loop-a.yaml', path.join(dir, 'loop-b.yaml'));
      } else if (h === 'self-link') symlinkSync('self.yaml', path.join(dir, 'self.yaml'));
      else if (h === 'dir-named-yaml') mkdirSync(path.join(dir, 'x.yaml', 'y.yml'), { recursive: true });
      else if (h === 'sparse-huge') {
        const f = path.join(dir, 'huge.yaml');
        closeSync(openSync(f, 'w'));
        truncateSync(f, 5 * 1024 ** 3);
      } else if (h === 'broken-link') symlinkSync('does-not-exist.yaml', path.join(dir, 'broken.yaml'));
      else if (h === 'many-files') {
        mkdirSync(path.join(dir, 'many'), { recursive: true });
        for (let i = 0; i < 500; i++) writeFileSync(path.join(dir, 'many', `f${String(i).padStart(4, '0')}.yaml`), `k${i}: v\n`);
      } else if (h === 'dev-zero-link') symlinkSync('/dev/zero', path.join(dir, 'zero.yaml'));
      // A FIFO: opening it for reading would block forever; it must be skipped, not read.
      else if (h === 'fifo') spawnSync('mkfifo', [path.join(dir, 'pipe.yaml')], { timeout: 5000 });
    } catch {
      // a hazard the platform cannot create is skipped
    }
  }
}

async function runCase(index) {
  const c = buildCase(index);
  const dir = path.join(caseRoot, `case-${index}`);
  materialise(c, dir);
  parentPort.postMessage({ type: 'started', index, dir, kind: c.kind, ops: c.ops });
  const violations = [];
  const notes = [];
  const prototypesChanged = snapshotPrototypes();
  // A token counts when it stands as a token: not glued to a preceding word character
  // (`xglagent-…` is not a GitLab token, and maskers rightly leave it alone).
  const inputHasSecret = (s) =>
    [...c.files.values()].some((b) => {
      const text = Buffer.from(b).toString('latin1');
      for (let at = text.indexOf(s), guard = 0; at !== -1 && guard < 10_000; at = text.indexOf(s, at + 1), guard++) {
        if (at === 0 || !/[A-Za-z0-9_]/.test(text[at - 1])) return true;
      }
      return false;
    });

  // check: every format at once, JSON on stdout, the others into (memory) files.
  const argv = ['check', '-o', 'json', ...FORMATS.filter((f) => f !== 'json').flatMap((f) => ['-o', `${f}=out/report.${f}`])];
  const r = await cli(argv, dir);
  for (const v of checkRunInvariants(r)) violations.push(`check: ${v}`);
  if (r.threw) violations.push('check: run() threw');
  let report;
  try {
    report = JSON.parse(r.out);
  } catch {
    // check writes its report even when some input could not be read (exit 2): no report = results lost.
    violations.push(`check: JSON output does not parse (exit ${r.code}, ${r.out.length} chars)`);
  }
  for (const [p, text] of r.written) {
    const fmt = path.extname(p).slice(1);
    if (JSON_FORMATS.has(fmt)) {
      try {
        JSON.parse(text);
      } catch {
        violations.push(`check: ${fmt} output does not parse as JSON`);
      }
    }
  }
  if (report) {
    const found = (report.findings ?? []).map((f) => `${f.ruleId} ${f.file}:${f.range?.start?.line}:${f.range?.start?.column}`);
    if (!found.includes(CANARY_FINDING)) violations.push(`check: canary finding lost (${CANARY_FINDING})`);
  }
  // Text output (written to a memory file in the same run) must keep the canary too.
  const text = [...r.written.entries()].find(([p]) => p.endsWith('.text'))?.[1] ?? '';
  if (FORMATS.includes('text') && !text.includes('zz-canary/dup.yaml:8:3')) violations.push('check -o text: canary finding lost');

  // Secrets: a token present whole in the input never appears whole in any output.
  const secretsIn = SECRETS.filter(inputHasSecret);
  if (secretsIn.length > 0) {
    const strictTexts = [r.out, r.err, ...[...r.written.entries()].filter(([p]) => !KNOWN_SECRET_LEAK_FORMATS.includes(path.extname(p).slice(1))).map(([, v]) => v)];
    const leaks = leakedSecrets(strictTexts, secretsIn);
    if (leaks.length > 0) violations.push(`secrets: ${leaks.join(', ')} printed whole (machine formats)`);
    const knownLeaks = leakedSecrets([...[...r.written.entries()].filter(([p]) => KNOWN_SECRET_LEAK_FORMATS.includes(path.extname(p).slice(1))).map(([, v]) => v)], secretsIn);
    if (knownLeaks.length > 0) notes.push('known-secret-leak');
  }

  // who-can and can-i on the same tree.
  const w = await cli(['who-can', 'get', 'secrets', '-A', '-o', 'json'], dir);
  for (const v of checkRunInvariants(w)) violations.push(`who-can: ${v}`);
  if (w.code === 0) {
    try {
      JSON.parse(w.out);
    } catch {
      violations.push('who-can: JSON output does not parse');
    }
  }
  const ci = await cli(['can-i', 'get', 'pods', '-n', 'ns', '--as', 'system:serviceaccount:ns:sa'], dir);
  for (const v of checkRunInvariants(ci)) violations.push(`can-i: ${v}`);
  if (c.kind === 'batch') {
    const input = Buffer.from(c.files.get('batch.jsonl')).toString('utf8');
    const lines = input.split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    const b = await cli(['can-i', '--batch', 'batch.jsonl'], dir);
    for (const v of checkRunInvariants(b)) violations.push(`can-i --batch: ${v}`);
    const outLines = b.out.split('\n');
    if (outLines[outLines.length - 1] === '') outLines.pop();
    if (b.code === 0 && outLines.length !== lines.length) violations.push(`can-i --batch: ${lines.length} lines in, ${outLines.length} answers out`);
    for (const l of outLines) {
      try {
        const a = JSON.parse(l);
        if (typeof a !== 'object' || a === null || (typeof a.allowed !== 'boolean' && typeof a.error !== 'string')) violations.push(`can-i --batch: answer without allowed/error: ${l.slice(0, 80)}`);
      } catch {
        violations.push(`can-i --batch: answer is not JSON: ${l.slice(0, 80)}`);
        break;
      }
    }
    // Same through stdin.
    const bs = await cli(['can-i', '--batch', '-'], dir, input);
    if (bs.out !== b.out) violations.push('can-i --batch: stdin and file answers differ');
  }

  for (const p of prototypesChanged()) violations.push(`prototype pollution: ${p}`);
  const mem = process.memoryUsage();
  return { index, kind: c.kind, ops: c.ops, violations, notes, heapMiB: Math.round(mem.heapUsed / 1048576), rssMiB: Math.round(mem.rss / 1048576), exitCodes: [r.code, w.code, ci.code] };
}

process.on('unhandledRejection', (e) => {
  parentPort.postMessage({ type: 'fatal', message: `unhandled rejection: ${e instanceof Error ? e.stack : String(e)}` });
});

parentPort.on('message', async (msg) => {
  if (msg.type !== 'case') return;
  try {
    const result = await runCase(msg.index);
    parentPort.postMessage({ type: 'done', ...result });
  } catch (e) {
    parentPort.postMessage({ type: 'done', index: msg.index, kind: '?', ops: [], violations: [`fuzz harness error: ${e instanceof Error ? e.stack : String(e)}`], notes: [], exitCodes: [] });
  }
});
parentPort.postMessage({ type: 'ready', formats: FORMATS });
