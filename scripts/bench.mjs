#!/usr/bin/env node
// kaslint benchmark (`npm run bench`; not part of `npm test`).
//
// Generates deterministic corpora (scripts/lib/corpus.mjs) in a temporary directory and
// measures, in the same run and interleaved (run 1 of every command, then run 2, ...; sizes
// up to 10,000 first, then the larger ones):
//   floors   `node -e 0`; reading every file; reading + yaml parseAllDocuments (the parse floor)
//   commands `check` (all rules), `can-i` (one query), `can-i --list`, `who-can -A`,
//            `can-i --batch` (10,000, 100,000 and 1 query), `diff BASE HEAD` (when it exists),
//            `can-i` on a 200-object repo and `check` on a ~300-manifest (pre-commit) repo
// Each figure: median wall time of the runs, peak RSS (max over the runs), and both as ratios
// to the parse floor of the same corpus. Then the budgets of docs/product.md and the issue
// are printed as PASS/FAIL lines, plus the module-load checks (no schema compiler and no
// heavy module in commands that do not use them). Results go to bench/results.json.
//
// Every command is a child process. Peak RSS: GNU time (`/usr/bin/time -f %M`, the child's
// ru_maxrss from wait4) when present, otherwise scripts/lib/rss-probe.mjs preloaded with
// `--import` (the child's own getrusage ru_maxrss at exit). Wall time is measured by this
// process from spawn to exit.
//
// Options:
//   --sizes 1000,10000,100000   corpus sizes (objects)
//   --runs N                    runs per command for sizes <= 10,000 (default 5)
//   --runs-large N              runs per command for larger sizes (default 1; see docs/performance.md)
//   --timeout S                 per-process time limit in seconds (default 120); a run over it is killed, counts as
//                               TIMEOUT (FAIL), is not repeated, and the same command is skipped at larger sizes
//   --max-minutes M             stop starting new runs after M minutes (default 30); every command keeps >= 1 run
//   --slow-seconds S            a command whose first run takes longer gets at most 3 runs (default 30)
//   --out FILE                  results JSON (default bench/results.json)
//   --keep                      keep the temporary corpora (their path is printed)
//   --quick                     --sizes 1000 --runs 3 (smoke test of the script itself)

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, openSync, closeSync, readFileSync, rmSync, writeFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { busyServiceAccount, generateQueries, writeCorpus } from './lib/corpus.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BIN = path.join(ROOT, 'bin', 'kaslint.js');
const FLOOR_READ = path.join(ROOT, 'scripts', 'lib', 'floor-read.mjs');
const FLOOR_PARSE = path.join(ROOT, 'scripts', 'lib', 'floor-parse.mjs');
const RSS_PROBE = path.join(ROOT, 'scripts', 'lib', 'rss-probe.mjs');
const MODULE_PROBE = path.join(ROOT, 'scripts', 'lib', 'module-probe.mjs');
const GNU_TIME = '/usr/bin/time';
const SEED = 'kaslint-bench-v1';

// ---------------------------------------------------------------------------------------------
// Options

function parseArgs(argv) {
  const opts = { sizes: [1000, 10000, 100000], runs: 5, runsLarge: 1, timeout: 120, maxMinutes: 30, slowSeconds: 30, out: path.join(ROOT, 'bench', 'results.json'), keep: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    const positive = (v) => {
      const n = Number(v);
      if (!Number.isFinite(n) || n <= 0) throw new Error(`${a}: expected a positive number, got ${v}`);
      return n;
    };
    if (a === '--sizes') opts.sizes = value().split(',').map((s) => Math.floor(positive(s.trim())));
    else if (a === '--runs') opts.runs = Math.floor(positive(value()));
    else if (a === '--runs-large') opts.runsLarge = Math.floor(positive(value()));
    else if (a === '--timeout') opts.timeout = positive(value());
    else if (a === '--max-minutes') opts.maxMinutes = positive(value());
    else if (a === '--slow-seconds') opts.slowSeconds = positive(value());
    else if (a === '--out') opts.out = path.resolve(value());
    else if (a === '--keep') opts.keep = true;
    else if (a === '--quick') {
      opts.sizes = [1000];
      opts.runs = 3;
    } else if (a === '--help' || a === '-h') {
      process.stdout.write(readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n').filter((l) => l.startsWith('//')).map((l) => l.slice(3)).join('\n') + '\n');
      process.exit(0);
    } else throw new Error(`unknown option ${a}`);
  }
  opts.sizes = [...new Set(opts.sizes)].sort((x, y) => x - y);
  return opts;
}

// ---------------------------------------------------------------------------------------------
// Running one process

const HAVE_GNU_TIME = (() => {
  if (!existsSync(GNU_TIME)) return false;
  const r = spawnSync(GNU_TIME, ['-f', '%M', process.execPath, '-e', '0'], { encoding: 'utf8' });
  return r.status === 0 && /^\d+\s*$/m.test(r.stderr);
})();
const RSS_METHOD = HAVE_GNU_TIME ? 'GNU time -f %M (ru_maxrss of the child from wait4)' : 'rss-probe.mjs preloaded with --import (process.resourceUsage().maxRSS at exit)';

let scratch; // set in main
const running = new Set();
function killGroup(pid) {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // already gone
  }
}
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    for (const pid of running) killGroup(pid);
    process.exit(130);
  });
}
let seq = 0;

/**
 * Run `node ...nodeArgs` in cwd; stdout and stderr go to files. Resolves to
 * { ms, rssKiB, code, signal, timedOut, stdoutBytes, stderrHead }.
 */
function runNode(nodeArgs, { cwd, timeoutMs, env = {}, stdinFile }) {
  const id = ++seq;
  const outFile = path.join(scratch, `out-${id}.txt`);
  const errFile = path.join(scratch, `err-${id}.txt`);
  const rssFile = path.join(scratch, `rss-${id}.txt`);
  const outFd = openSync(outFile, 'w');
  const errFd = openSync(errFile, 'w');
  const inFd = stdinFile ? openSync(stdinFile, 'r') : 'ignore';
  let cmd;
  let args;
  const childEnv = { ...process.env, NO_COLOR: '1', ...env };
  delete childEnv.NODE_OPTIONS;
  if (HAVE_GNU_TIME) {
    cmd = GNU_TIME;
    args = ['-f', '%M', '-o', rssFile, process.execPath, ...nodeArgs];
  } else {
    cmd = process.execPath;
    args = ['--import', RSS_PROBE, ...nodeArgs];
    childEnv.KASLINT_RSS_PROBE = rssFile;
  }
  return new Promise((resolve) => {
    const t0 = process.hrtime.bigint();
    // Its own process group, so that a timeout kills node and not only GNU time around it.
    const child = spawn(cmd, args, { cwd, env: childEnv, stdio: [inFd, outFd, errFd], detached: true });
    running.add(child.pid);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child.pid);
    }, timeoutMs);
    child.on('exit', (code, signal) => {
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      running.delete(child.pid);
      clearTimeout(timer);
      closeSync(outFd);
      closeSync(errFd);
      if (typeof inFd === 'number') closeSync(inFd);
      let rssKiB = NaN;
      try {
        const lines = readFileSync(rssFile, 'utf8').trim().split('\n');
        const last = lines[lines.length - 1] ?? '';
        if (!timedOut && /^\d+$/.test(last)) rssKiB = Number(last);
      } catch {
        // killed before it could be written
      }
      const stderrText = readFileSync(errFile, 'utf8');
      const stdoutBytes = statSync(outFile).size;
      const stdoutHead = stdoutBytes < 4096 ? readFileSync(outFile, 'utf8') : '';
      rmSync(outFile, { force: true });
      rmSync(errFile, { force: true });
      rmSync(rssFile, { force: true });
      // GNU time reports the child's status itself; its own exit code mirrors the child's.
      resolve({ ms, rssKiB, code, signal, timedOut, stdoutBytes, stdoutHead, stderrHead: stderrText.split('\n').filter((l) => l && !l.startsWith('Command exited with non-zero status')).slice(0, 3).join(' | ') });
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Statistics and formatting

function median(xs) {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const m = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}

const fmtMs = (ms) => (Number.isFinite(ms) ? (ms >= 10000 ? ms.toFixed(0) : ms.toFixed(1)) : '—');
const fmtRatio = (r) => (Number.isFinite(r) ? `${r.toFixed(2)}×` : '—');
const fmtMiB = (kib) => (Number.isFinite(kib) ? (kib / 1024).toFixed(1) : '—');

function table(headers, rows) {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => '| ' + cells.map((c, i) => String(c).padEnd(widths[i])).join(' | ') + ' |';
  return [line(headers), '| ' + widths.map((w) => '-'.repeat(w)).join(' | ') + ' |', ...rows.map(line)].join('\n');
}

// ---------------------------------------------------------------------------------------------
// Main

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const deadline = started + opts.maxMinutes * 60_000;
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'kaslint-bench-'));
  scratch = path.join(tmp, 'scratch');
  mkdirSync(scratch);
  const log = (s) => process.stderr.write(`${s}\n`);
  const timeoutMs = opts.timeout * 1000;

  if (!existsSync(path.join(ROOT, 'dist', 'cli', 'main.js'))) throw new Error('dist/ is missing: run `npm run build` (npm run bench does it)');
  const kas = (args) => [BIN, ...args];
  const diffProbe = spawnSync(process.execPath, [BIN, 'diff', '--help'], { encoding: 'utf8', timeout: 60_000 });
  // `kaslint diff --help` exits 0 with the program's help when there is no diff command.
  const haveDiff = diffProbe.status === 0 && /Usage: kaslint diff\b/.test(diffProbe.stdout);
  log(`kaslint bench: sizes ${opts.sizes.join(', ')}; runs ${opts.runs} (≤10k) / ${opts.runsLarge} (larger); peak RSS by ${RSS_METHOD}; diff ${haveDiff ? 'available' : 'not available (skipped)'}; scratch ${tmp}`);

  // --- corpora -------------------------------------------------------------------------------
  const corpora = new Map();
  const make = (objects, variant = 'base') => {
    const dir = path.join(tmp, `${objects}-${variant}`);
    const t0 = Date.now();
    const r = writeCorpus(dir, { objects, seed: SEED, variant });
    log(`  corpus ${objects} ${variant}: ${r.files} files, ${(r.bytes / 1048576).toFixed(1)} MiB, ${Date.now() - t0} ms`);
    return { dir, ...r };
  };
  for (const n of opts.sizes) {
    const base = make(n);
    const head = haveDiff ? make(n, 'head') : undefined;
    corpora.set(n, { base, head });
  }
  const small = make(200);
  const precommit = make(300);
  // The batch world: 10,000 objects when measured, else the largest size up to 10,000.
  const batchSize = opts.sizes.includes(10000) ? 10000 : (opts.sizes.filter((s) => s <= 10000).pop() ?? opts.sizes[0]);
  const batchCorpus = corpora.get(batchSize).base;
  const queries = generateQueries(batchCorpus.corpus, 100000, 'batch');
  const batchFile = path.join(tmp, 'queries-10000.jsonl');
  const batch100kFile = path.join(tmp, 'queries-100000.jsonl');
  const batch1File = path.join(tmp, 'queries-1.jsonl');
  writeFileSync(batchFile, queries.slice(0, 10000).join('\n') + '\n');
  writeFileSync(batch100kFile, queries.join('\n') + '\n');
  writeFileSync(batch1File, queries[0] + '\n');

  // --- tasks ---------------------------------------------------------------------------------
  // A task is one row: a process to run `runs` times in a corpus directory.
  const tasks = [];
  const add = (t) => tasks.push({ ...t, samples: [] });
  add({ id: 'floor:node', group: 'floor', size: 0, label: 'node -e 0', cwd: tmp, args: ['-e', '0'], runs: opts.runs });
  const sizeTasks = (n, dir, runs, extra) => {
    add({ id: `floor:read@${n}`, group: 'floor', size: n, label: 'read all files', cwd: dir, args: [FLOOR_READ, '.'], runs });
    add({ id: `floor:parse@${n}`, group: 'floor', size: n, label: 'read + parseAllDocuments', cwd: dir, args: [FLOOR_PARSE, '.'], runs });
    for (const e of extra) add({ ...e, id: `${e.id}@${n}`, size: n, cwd: e.cwd ?? dir, runs });
  };
  for (const n of opts.sizes) {
    const { base, head } = corpora.get(n);
    const sa = busyServiceAccount(base.corpus);
    const runs = n <= 10000 ? opts.runs : opts.runsLarge;
    const extra = [
      { id: 'check', group: 'cmd', label: 'check (all rules, text)', args: kas(['check']) },
      { id: 'can-i', group: 'cmd', label: `can-i get pods -n NS --as SA`, args: kas(['can-i', 'get', 'pods', '-n', sa.namespace, '--as', sa.user]) },
      { id: 'can-i-list', group: 'cmd', label: 'can-i --list -n NS --as SA', args: kas(['can-i', '--list', '-n', sa.namespace, '--as', sa.user]) },
      { id: 'who-can', group: 'cmd', label: 'who-can get secrets -A', args: kas(['who-can', 'get', 'secrets', '-A']) },
    ];
    if (n === batchSize) {
      extra.push({ id: 'batch-10000', group: 'cmd', label: 'can-i --batch (10,000 queries)', args: kas(['can-i', '--batch', batchFile]) });
      extra.push({ id: 'batch-1', group: 'cmd', label: 'can-i --batch (1 query)', args: kas(['can-i', '--batch', batch1File]) });
      // Ten times the signal over the same start-up noise: the per-query figure the budget line uses.
      extra.push({ id: 'batch-100000', group: 'cmd', label: 'can-i --batch (100,000 queries)', args: kas(['can-i', '--batch', batch100kFile]) });
    }
    if (head) extra.push({ id: 'diff', group: 'cmd', label: 'diff BASE HEAD (1% changed)', cwd: tmp, args: kas(['diff', path.relative(tmp, base.dir), path.relative(tmp, head.dir)]) });
    sizeTasks(n, base.dir, runs, extra);
  }
  const smallSa = busyServiceAccount(small.corpus);
  sizeTasks(200, small.dir, opts.runs, [{ id: 'can-i', group: 'cmd', label: 'can-i get pods -n NS --as SA', args: kas(['can-i', 'get', 'pods', '-n', smallSa.namespace, '--as', smallSa.user]) }]);
  sizeTasks(300, precommit.dir, opts.runs, [{ id: 'check', group: 'cmd', label: 'check (pre-commit, ~300 manifests)', args: kas(['check']) }]);

  // --- measure (interleaved rounds) ------------------------------------------------------------
  // Two phases: every size up to 10,000 in interleaved rounds (run 1 of every command, then
  // run 2, ...), then the larger sizes the same way. A command slower than --slow-seconds on
  // its first run gets at most 3 runs; one that times out is not repeated and is skipped at
  // larger sizes.
  const timedOutAt = new Map(); // command id (without @size) → smallest size that timed out
  const commandOf = (t) => t.id.split('@')[0];
  const phases = [tasks.filter((t) => t.size <= 10000), tasks.filter((t) => t.size > 10000)];
  for (const phase of phases) {
    const maxRuns = Math.max(0, ...phase.map((t) => t.runs));
    for (let round = 0; round < maxRuns; round++) {
      for (const t of phase) {
        if (round >= t.runs || t.skipped) continue;
        if (t.samples.some((x) => x.timedOut)) continue;
        const earlier = timedOutAt.get(commandOf(t));
        if (t.samples.length === 0 && earlier !== undefined && earlier < t.size) {
          t.skipped = `skipped: timed out at ${earlier.toLocaleString('en-US')} objects`;
          log(`  ${t.id.padEnd(24)} ${t.skipped}`);
          continue;
        }
        if (round > 0 && Date.now() > deadline) {
          t.cutShort = true;
          continue;
        }
        const r = await runNode(t.args, { cwd: t.cwd, timeoutMs });
        t.samples.push(r);
        if (r.timedOut && t.group === 'cmd') timedOutAt.set(commandOf(t), Math.min(timedOutAt.get(commandOf(t)) ?? Infinity, t.size));
        if (round === 0 && r.ms > opts.slowSeconds * 1000 && t.runs > 3) {
          t.runs = 3;
          t.reducedRuns = true;
        }
        const bad = r.timedOut ? ' TIMEOUT' : r.code === 2 || r.signal ? ` exit ${r.code ?? r.signal}: ${r.stderrHead}` : '';
        log(`  [${round + 1}/${t.runs}] ${t.id.padEnd(24)} ${fmtMs(r.ms).padStart(9)} ms ${fmtMiB(r.rssKiB).padStart(7)} MiB exit ${r.code ?? r.signal}${bad}`);
      }
    }
  }

  // --- module-load checks ----------------------------------------------------------------------
  const probeDir = corpora.get(opts.sizes[0]).base.dir;
  const probeSa = busyServiceAccount(corpora.get(opts.sizes[0]).base.corpus);
  const HEAVY = [
    { name: 'ajv', re: /\/node_modules\/ajv\// },
    { name: 'ajv-formats', re: /\/node_modules\/ajv-formats\// },
    { name: '@kubernetes/client-node', re: /\/node_modules\/@kubernetes\/client-node\// },
  ];
  const YAML_RE = /\/node_modules\/yaml\//;
  const probes = [
    { label: 'check', args: ['check'], allowed: ['ajv', 'ajv-formats'], needsYaml: true },
    { label: 'can-i (single)', args: ['can-i', 'get', 'pods', '-n', probeSa.namespace, '--as', probeSa.user], allowed: [], needsYaml: true },
    { label: 'can-i --list', args: ['can-i', '--list', '-n', probeSa.namespace, '--as', probeSa.user], allowed: [], needsYaml: true },
    { label: 'can-i --batch', args: ['can-i', '--batch', batch1File], allowed: [], needsYaml: true },
    { label: 'who-can', args: ['who-can', 'get', 'secrets', '-A'], allowed: [], needsYaml: true },
    { label: 'rules', args: ['rules'], allowed: [], needsYaml: false },
    { label: 'explain', args: ['explain', 'yaml/syntax'], allowed: [], needsYaml: false },
    { label: 'schema', args: ['schema', 'agent-config'], allowed: [], needsYaml: false },
    { label: '--version', args: ['--version'], allowed: [], needsYaml: false },
  ];
  const probeHead = corpora.get(opts.sizes[0]).head;
  if (probeHead) probes.push({ label: 'diff', args: ['diff', probeDir, probeHead.dir], allowed: [], needsYaml: true });
  const moduleChecks = [];
  for (const p of probes) {
    const file = path.join(scratch, `modules-${moduleChecks.length}.txt`);
    const r = spawnSync(process.execPath, ['--import', MODULE_PROBE, BIN, ...p.args], { cwd: probeDir, env: { ...process.env, KASLINT_MODULE_PROBE: file, NO_COLOR: '1' }, encoding: 'utf8', timeout: timeoutMs, maxBuffer: 1 << 30 });
    let lines = [];
    try {
      lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
    } catch {
      // probe wrote nothing
    }
    const loaded = HEAVY.filter((h) => lines.some((l) => h.re.test(l))).map((h) => h.name);
    const unexpected = loaded.filter((n) => !p.allowed.includes(n));
    const yamlLoaded = lines.some((l) => YAML_RE.test(l));
    const ownModules = lines.filter((l) => l.includes('/dist/')).length;
    const ok = lines.length > 0 && unexpected.length === 0 && r.status !== null && r.status !== 2;
    moduleChecks.push({ command: p.label, exit: r.status, modules: lines.length, kaslintModules: ownModules, heavyLoaded: loaded, unexpected, yamlLoaded, yamlNeeded: p.needsYaml, result: ok ? 'PASS' : 'FAIL' });
  }

  // --- summarise -------------------------------------------------------------------------------
  const stats = new Map();
  for (const t of tasks) {
    const ok = t.samples.filter((s) => !s.timedOut && s.signal === null);
    const st = {
      skipped: t.skipped ?? '',
      id: t.id,
      group: t.group,
      label: t.label,
      size: t.size,
      runs: t.samples.length,
      cutShort: t.cutShort === true,
      reducedRuns: t.reducedRuns === true,
      timedOut: t.samples.some((s) => s.timedOut),
      exitCodes: [...new Set(t.samples.map((s) => s.code ?? s.signal))],
      medianMs: median(ok.map((s) => s.ms)),
      minMs: Math.min(...ok.map((s) => s.ms)),
      maxMs: Math.max(...ok.map((s) => s.ms)),
      samplesMs: t.samples.map((s) => Math.round(s.ms * 10) / 10),
      peakRssKiB: Math.max(...ok.map((s) => s.rssKiB).filter(Number.isFinite)),
      stdoutBytes: t.samples[0]?.stdoutBytes ?? 0,
      stderr: t.samples.find((s) => s.stderrHead)?.stderrHead ?? '',
    };
    if (ok.length === 0) {
      st.medianMs = NaN;
      st.peakRssKiB = NaN;
    }
    // A timed-out run is a lower bound: the command took longer than the limit.
    st.lowerBoundMs = st.timedOut ? timeoutMs : NaN;
    stats.set(t.id, st);
  }
  const get = (id) => stats.get(id);
  const node0 = get('floor:node');
  const budgets = [];
  /** value may be a lower bound (a timed-out run): it then fails and prints as "> value". */
  const budget = (name, value, limit, unit, detail, lowerBound = false) => {
    const pass = !lowerBound && Number.isFinite(value) && value <= limit;
    budgets.push({ name, value, lowerBound, limit, unit, result: pass ? 'PASS' : 'FAIL', detail });
  };
  /** Median time, or the time limit as a lower bound when the command timed out. */
  const timeOf = (st) => (Number.isFinite(st?.medianMs) ? { ms: st.medianMs, lower: false } : st?.timedOut ? { ms: st.lowerBoundMs, lower: true } : { ms: NaN, lower: false });
  const rows = [];
  const row = (st, size) => {
    const parse = get(`floor:parse@${size}`);
    const t = timeOf(st);
    const rt = t.ms / (parse?.medianMs ?? NaN);
    const rr = st.peakRssKiB / (parse?.peakRssKiB ?? NaN);
    let budgetText = '';
    let result = '';
    const errored = st.timedOut || st.exitCodes.some((c) => c === 2 || typeof c === 'string');
    const note = st.skipped ? st.skipped : st.timedOut ? `timed out (> ${opts.timeout} s)` : '';
    if (st.id.startsWith('check@') && (size === 10000 || size === 100000)) {
      budgetText = '≤1.30× t, ≤3.00× RSS';
      const pass = !errored && !st.skipped && rt <= 1.3 && rr <= 3;
      result = pass ? 'PASS' : 'FAIL';
      if (st.skipped) {
        budget(`check ${size} objects: time / parse floor`, NaN, 1.3, '×', st.skipped);
        budget(`check ${size} objects: peak RSS / parse floor's`, NaN, 3, '×', st.skipped);
      } else {
        budget(`check ${size} objects: time / parse floor`, rt, 1.3, '×', `${t.lower ? '> ' : ''}${fmtMs(t.ms)} ms vs ${fmtMs(parse?.medianMs)} ms`, t.lower);
        budget(`check ${size} objects: peak RSS / parse floor's`, rr, 3, '×', `${fmtMiB(st.peakRssKiB)} MiB vs ${fmtMiB(parse?.peakRssKiB)} MiB${t.lower ? ' (run killed at the time limit: not measured)' : ''}`);
      }
    }
    if (st.id === 'can-i@200') {
      budgetText = '≤2× parse floor (incl. start-up)';
      result = !errored && rt <= 2 ? 'PASS' : 'FAIL';
      budget('can-i single query, 200-object repo: time / parse floor (node start-up + read + parse)', rt, 2, '×', `${fmtMs(t.ms)} ms vs ${fmtMs(parse.medianMs)} ms (node -e 0: ${fmtMs(node0.medianMs)} ms)`, t.lower);
    }
    if (st.id === 'check@300') {
      budgetText = '< 1000 ms (pre-commit)';
      result = !errored && t.ms < 1000 ? 'PASS' : 'FAIL';
      budget('check, pre-commit repo (~300 manifests): wall time', t.ms, 1000, 'ms', `${fmtMs(t.ms)} ms (parse floor ${fmtMs(parse.medianMs)} ms)`, t.lower);
    }
    if (!result) result = st.skipped ? 'SKIPPED' : st.timedOut ? 'TIMEOUT' : errored ? 'ERROR' : '';
    rows.push({ ...st, medianMs: t.ms, lowerBound: t.lower, ratioTime: rt, ratioRss: rr, budget: budgetText, result, note });
  };
  row(node0, 0);
  for (const size of [200, 300, ...opts.sizes]) {
    for (const t of tasks) if (t.size === size && t.id !== 'floor:node') row(get(t.id), size);
  }
  if (opts.sizes.includes(10000) && opts.sizes.includes(100000)) {
    const a = timeOf(get('check@10000'));
    const b = timeOf(get('check@100000'));
    const floorGrowth = get('floor:parse@100000').medianMs / get('floor:parse@10000').medianMs;
    if (a.lower || !Number.isFinite(b.ms)) budget('check time growth 100k / 10k (linear ≈ 10)', NaN, 11, '×', `not measurable: check ${a.lower ? 'timed out' : 'failed'} at 10,000 objects${get('check@100000').skipped ? ' and was skipped at 100,000' : ''}; parse floor grows ${fmtRatio(floorGrowth)}`);
    else budget('check time growth 100k / 10k (linear ≈ 10)', b.ms / a.ms, 11, '×', `parse floor grows ${fmtRatio(floorGrowth)}`, b.lower);
  }
  const b10k = timeOf(get(`batch-10000@${batchSize}`));
  const b100k = timeOf(get(`batch-100000@${batchSize}`));
  const b1 = timeOf(get(`batch-1@${batchSize}`));
  const perQuery = (b10k.ms - b1.ms) / 10000;
  const perQuery100k = (b100k.ms - b1.ms) / 100000;
  budget(`can-i --batch: ms per query after load, 10,000 queries (${batchSize}-object world)`, b1.lower ? NaN : perQuery, 0.05, 'ms', `(${fmtMs(b10k.ms)} − ${fmtMs(b1.ms)}) ms / 10,000; the difference of two medians is within the run-to-run noise here`, b10k.lower);
  budget(`can-i --batch: ms per query after load, 100,000 queries (${batchSize}-object world)`, b1.lower ? NaN : perQuery100k, 0.05, 'ms', `(${fmtMs(b100k.ms)} − ${fmtMs(b1.ms)}) ms / 100,000`, b100k.lower);
  for (const m of moduleChecks) {
    const what = m.unexpected.length > 0 ? `loads ${m.unexpected.join(', ')}` : `heavy modules: ${m.heavyLoaded.join(', ') || 'none'}`;
    budgets.push({ name: `modules: ${m.command} loads no schema compiler or heavy module it does not use`, value: m.unexpected.length, limit: 0, unit: '', result: m.result, detail: `${what}; ${m.modules} modules (${m.kaslintModules} of kaslint)${m.yamlLoaded && !m.yamlNeeded ? '; yaml loaded though not needed' : ''}` });
  }

  // --- print -----------------------------------------------------------------------------------
  const headers = ['command', 'objects', 'runs', 'median ms', '× parse', 'peak RSS MiB', '× parse RSS', 'budget', 'result', 'note'];
  const printed = rows.map((r) => [
    r.label,
    r.size === 0 ? '—' : r.size.toLocaleString('en-US'),
    `${r.runs}${r.cutShort ? '*' : r.reducedRuns ? '†' : ''}`,
    r.skipped ? '—' : `${r.lowerBound ? '> ' : ''}${fmtMs(r.medianMs)}`,
    r.id.startsWith('floor:node') || r.skipped ? '—' : `${r.lowerBound ? '> ' : ''}${fmtRatio(r.ratioTime)}`,
    fmtMiB(r.peakRssKiB),
    r.id.startsWith('floor:node') ? '—' : fmtRatio(r.ratioRss),
    r.budget,
    r.result,
    r.note,
  ]);
  const out = [];
  out.push('');
  out.push(`kaslint benchmark — node ${process.version}, ${os.cpus().length} CPUs, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, load average at start ${startLoad.map((x) => x.toFixed(2)).join(' ')}`);
  out.push(`peak RSS: ${RSS_METHOD}; times are medians of the runs; ratios are to the parse floor of the same corpus`);
  out.push('');
  out.push(table(headers, printed));
  if (rows.some((r) => r.reducedRuns)) out.push(`† 3 runs: the first run took longer than ${opts.slowSeconds} s (--slow-seconds)`);
  if (rows.some((r) => r.cutShort)) out.push('* fewer runs than asked: --max-minutes reached');
  out.push('');
  out.push('Budgets:');
  for (const b of budgets) {
    const v = (b.lowerBound ? '> ' : '') + (b.unit === '×' ? fmtRatio(b.value) : b.unit === 'ms' ? `${Number.isFinite(b.value) ? b.value.toFixed(b.value < 1 ? 4 : 1) : '—'} ms` : String(b.value));
    const lim = b.unit === '×' ? `${b.limit}×` : b.unit === 'ms' ? `${b.limit} ms` : String(b.limit);
    out.push(`  ${b.result}  ${b.name}: ${v} (limit ${lim}) — ${b.detail}`);
  }
  out.push('');
  process.stdout.write(out.join('\n') + '\n');

  const results = {
    version: 1,
    generatedBy: 'scripts/bench.mjs',
    startedAt: new Date(started).toISOString(),
    durationSeconds: Math.round((Date.now() - started) / 1000),
    machine: { node: process.version, platform: `${os.platform()} ${os.release()}`, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? '', totalMemGiB: Math.round(os.totalmem() / 2 ** 30), loadAverageStart: startLoad, loadAverageEnd: os.loadavg() },
    method: { rss: RSS_METHOD, time: 'wall time from spawn to exit, measured by the bench process', statistic: 'median of runs; peak RSS is the maximum over runs', seed: SEED, diff: haveDiff ? 'measured' : 'skipped: `kaslint diff --help` failed' },
    options: { sizes: opts.sizes, runs: opts.runs, runsLarge: opts.runsLarge, timeoutSeconds: opts.timeout, maxMinutes: opts.maxMinutes, slowSeconds: opts.slowSeconds },
    corpora: Object.fromEntries([...corpora.entries()].map(([n, c]) => [n, { files: c.base.files, bytes: c.base.bytes, counts: c.base.corpus.counts, headChanges: c.head?.corpus.changes.length ?? null }])),
    rows: rows.map((r) => ({ ...r, ratioTime: Number.isFinite(r.ratioTime) ? r.ratioTime : null, ratioRss: Number.isFinite(r.ratioRss) ? r.ratioRss : null, medianMs: Number.isFinite(r.medianMs) ? r.medianMs : null, peakRssKiB: Number.isFinite(r.peakRssKiB) ? r.peakRssKiB : null, minMs: Number.isFinite(r.minMs) ? r.minMs : null, maxMs: Number.isFinite(r.maxMs) ? r.maxMs : null })),
    batch: { world: batchSize, perQueryMs10k: Number.isFinite(perQuery) ? perQuery : null, perQueryMs100k: Number.isFinite(perQuery100k) ? perQuery100k : null },
    budgets: budgets.map((b) => ({ ...b, value: Number.isFinite(b.value) ? b.value : null })),
    modules: moduleChecks,
  };
  mkdirSync(path.dirname(opts.out), { recursive: true });
  writeFileSync(opts.out, JSON.stringify(results, null, 2) + '\n');
  log(`results: ${path.relative(process.cwd(), opts.out) || opts.out}; ${results.durationSeconds} s`);
  if (opts.keep) log(`corpora kept in ${tmp}`);
  else rmSync(tmp, { recursive: true, force: true });
}

const startLoad = os.loadavg();
main().catch((err) => {
  process.stderr.write(`bench: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 2;
});
