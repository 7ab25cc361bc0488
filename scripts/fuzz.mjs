#!/usr/bin/env node
// kaslint fuzzer (`npm run fuzz -- --seconds 60`), bounded in time.
//
// Each case is built deterministically from (seed, case number) by scripts/fuzz-worker.mjs:
// mutated corpus files (incl. the 500-project agent config and the charts' values), mutated
// and combined hostile files (scripts/lib/hostile.mjs), hostile batch lines, filesystem
// hazards (symlink loops, a directory named x.yaml, a sparse 5 GiB file, /dev/zero, a FIFO,
// 500 files) and files holding tokens. The real CLI runs in-process in a worker thread
// (`run(argv, io)` from dist/cli/main.js) — check in every output format, who-can, can-i,
// can-i --batch — and every few cases also as a child process (bin/kaslint.js).
//
// Invariants: exit code 0, 1 or 2; no stack trace; at most one `error:` line; the canary
// file's finding is never lost; JSON output parses; batch answers one line per query; no
// token printed whole (formats in KNOWN_SECRET_LEAK_FORMATS are reported, not failed, unless
// --strict-secrets); no prototype pollution; each case within --case-timeout seconds and
// the worker's heap within --heap-mb.
//
// On a violation the case's files stay on disk with case.json (seed, case number, what was
// done) and the command to reproduce it is printed; the exit code is 1.
//
// Options: --seconds N (30)  --seed S (default: time-based, printed)  --case N (run one case)
//          --case-timeout S (60)  --heap-mb M (2048)  --process-every K (10; 0 = never)
//          --strict-secrets  --keep (keep every case directory)

import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { checkRunInvariants } from './lib/hostile.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BIN = path.join(ROOT, 'bin', 'kaslint.js');

function parseArgs(argv) {
  const o = { seconds: 30, seed: undefined, only: undefined, caseTimeout: 60, heapMb: 2048, processEvery: 10, strictSecrets: false, keep: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = () => {
      const x = argv[++i];
      if (x === undefined) throw new Error(`${a} needs a value`);
      return x;
    };
    const num = (x) => {
      const n = Number(x);
      if (!Number.isFinite(n) || n < 0) throw new Error(`${a}: expected a number, got ${x}`);
      return n;
    };
    if (a === '--seconds') o.seconds = num(v());
    else if (a === '--seed') o.seed = v();
    else if (a === '--case') o.only = Math.floor(num(v()));
    else if (a === '--case-timeout') o.caseTimeout = num(v());
    else if (a === '--heap-mb') o.heapMb = Math.floor(num(v()));
    else if (a === '--process-every') o.processEvery = Math.floor(num(v()));
    else if (a === '--strict-secrets') o.strictSecrets = true;
    else if (a === '--keep') o.keep = true;
    else if (a === '--help' || a === '-h') {
      process.stdout.write('usage: npm run fuzz -- [--seconds N] [--seed S] [--case N] [--case-timeout S] [--heap-mb M] [--process-every K] [--strict-secrets] [--keep]\n');
      process.exit(0);
    } else throw new Error(`unknown option ${a}`);
  }
  if (o.seed === undefined) o.seed = `t${Date.now().toString(36)}`;
  return o;
}

const opts = parseArgs(process.argv.slice(2));
const started = Date.now();
const workRoot = mkdtempSync(path.join(os.tmpdir(), 'kaslint-fuzz-'));
const caseRoot = path.join(workRoot, 'cases');
mkdirSync(caseRoot, { recursive: true });
const say = (s) => process.stdout.write(`${s}\n`);

say(`kaslint fuzz: seed ${opts.seed}, ${opts.only !== undefined ? `case ${opts.only}` : `${opts.seconds} s`}, case timeout ${opts.caseTimeout} s, heap ${opts.heapMb} MiB, work dir ${workRoot}`);

let worker;
let ready;
let pending; // { resolve } for the current case
let formats = [];

function startWorker() {
  worker = new Worker(new URL('./fuzz-worker.mjs', import.meta.url), {
    workerData: { root: ROOT, seed: opts.seed, caseRoot },
    resourceLimits: { maxOldGenerationSizeMb: opts.heapMb },
    stdout: true,
    stderr: true,
  });
  // The CLI writes through the memory io; anything on the worker's own streams is a leak.
  let stray = '';
  worker.stdout.on('data', (d) => (stray += d));
  worker.stderr.on('data', (d) => (stray += d));
  ready = new Promise((resolve, reject) => {
    worker.once('error', reject);
    worker.on('message', (m) => {
      if (m.type === 'ready') {
        formats = m.formats;
        resolve();
      } else if (m.type === 'started' && pending) pending.started = m;
      else if (m.type === 'done' && pending) {
        if (stray.trim() !== '') m.violations.push(`output outside the CliIo: ${stray.trim().split('\n')[0].slice(0, 200)}`);
        stray = '';
        pending.resolve({ ...m, started: pending.started });
      } else if (m.type === 'fatal' && pending) pending.fatal = m.message;
    });
  });
  worker.on('error', (e) => {
    if (pending) pending.resolve({ index: pending.index, violations: [`worker died: ${e.code ?? ''} ${e.message}`], started: pending.started, notes: [] });
  });
  worker.on('exit', (code) => {
    if (pending) pending.resolve({ index: pending.index, violations: [`worker exited (${code})`], started: pending.started, notes: [] });
  });
}

async function runCase(index) {
  await ready;
  const result = await new Promise((resolve) => {
    let done = false;
    const finish = (r) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve(r);
    };
    pending = { index, resolve: finish };
    const timer = setTimeout(() => finish({ index, violations: [`time: case did not finish within ${opts.caseTimeout} s`], started: pending.started, notes: [], timedOut: true }), opts.caseTimeout * 1000);
    worker.postMessage({ type: 'case', index });
  });
  const fatal = pending.fatal;
  pending = undefined;
  if (fatal) result.violations.push(fatal);
  if (result.timedOut || result.violations.some((v) => v.startsWith('worker'))) {
    await worker.terminate().catch(() => {});
    startWorker();
  }
  return result;
}

/** The same case through a real process: exit code and stderr as a user sees them. */
function processCheck(dir) {
  const r = spawnSync(process.execPath, [BIN, 'check', '-o', 'json'], { cwd: dir, encoding: 'utf8', timeout: opts.caseTimeout * 1000, maxBuffer: 1 << 28, env: { ...process.env, NO_COLOR: '1' } });
  if (r.error) return [`process: ${r.error.message}`];
  return checkRunInvariants({ code: r.status, out: '', err: r.stderr ?? '' }).map((v) => `process: ${v}`);
}

startWorker();
const stats = { cases: 0, byKind: {}, violations: [], knownLeaks: 0, slowest: { ms: 0, index: -1 }, maxRssMiB: 0, processRuns: 0 };
const deadline = started + opts.seconds * 1000;
const indices = opts.only !== undefined ? [opts.only] : null;
let index = 0;
try {
  await ready;
} catch (e) {
  say(`fuzz: worker failed to start: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(2);
}
say(`output formats: ${formats.join(', ')}`);
for (let n = 0; n < 1_000_000; n++) {
  if (indices ? n >= indices.length : Date.now() >= deadline) break;
  const i = indices ? indices[n] : index++;
  const t0 = Date.now();
  const r = await runCase(i);
  const ms = Date.now() - t0;
  stats.cases++;
  const kind = r.kind ?? r.started?.kind ?? '?';
  stats.byKind[kind] = (stats.byKind[kind] ?? 0) + 1;
  if (ms > stats.slowest.ms) stats.slowest = { ms, index: i, kind };
  stats.maxRssMiB = Math.max(stats.maxRssMiB, r.rssMiB ?? 0, Math.round(process.memoryUsage().rss / 1048576));
  if ((r.notes ?? []).includes('known-secret-leak')) {
    stats.knownLeaks++;
    if (opts.strictSecrets) r.violations.push('secrets: token printed whole in a format listed in KNOWN_SECRET_LEAK_FORMATS');
  }
  const dir = r.started?.dir ?? path.join(caseRoot, `case-${i}`);
  if (opts.processEvery > 0 && (i % opts.processEvery === 0 || indices) && !r.timedOut) {
    stats.processRuns++;
    r.violations.push(...processCheck(dir));
  }
  if (r.violations.length > 0) {
    const info = { seed: opts.seed, case: i, kind, ops: r.ops ?? r.started?.ops ?? [], violations: r.violations, reproduce: `npm run fuzz -- --seed ${opts.seed} --case ${i}` };
    try {
      writeFileSync(path.join(dir, 'case.json'), JSON.stringify(info, null, 2) + '\n');
    } catch {
      // the directory may not exist if the worker died before writing it
    }
    stats.violations.push({ ...info, dir });
    say(`VIOLATION case ${i} (${kind}): ${r.violations.join('; ')}`);
    say(`  files: ${dir}`);
    say(`  reproduce: ${info.reproduce}`);
  } else if (!opts.keep) {
    rmSync(dir, { recursive: true, force: true });
  }
}
await worker.terminate().catch(() => {});

const secs = ((Date.now() - started) / 1000).toFixed(1);
say('');
say(`fuzz summary: ${stats.cases} cases in ${secs} s (seed ${opts.seed}); ${Object.entries(stats.byKind).map(([k, v]) => `${k} ${v}`).join(', ')}`);
say(`  child-process runs: ${stats.processRuns}; slowest case ${stats.slowest.index} (${stats.slowest.kind ?? '?'}) ${stats.slowest.ms} ms; peak RSS ${stats.maxRssMiB} MiB`);
if (stats.knownLeaks > 0) say(`  known secret leak (text code frames, masking in progress): ${stats.knownLeaks} case(s)${opts.strictSecrets ? ' — counted as violations (--strict-secrets)' : ' — not counted; --strict-secrets to fail on it'}`);
say(`  violations: ${stats.violations.length}`);
if (stats.violations.length === 0 && !opts.keep) rmSync(workRoot, { recursive: true, force: true });
else say(`  kept: ${workRoot}`);
process.exitCode = stats.violations.length > 0 ? 1 : 0;
