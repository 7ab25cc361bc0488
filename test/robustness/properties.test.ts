// Property-based robustness: random mutations of real-looking files, random agent configs
// and chart values (with prototype-ish keys and wrong types), and random batch lines, all
// through the real CLI. Properties: the run invariants, the canary finding survives, JSON
// output parses, batch answers one JSON line per query, no prototype pollution.
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { corpusFiles, createRng, generateCorpus, generateQueries } from '../../scripts/lib/corpus.mjs';
import { hostileBatchLine, hostileFiles, MUTATOR_NAMES, MUTATORS, snapshotPrototypes } from '../../scripts/lib/hostile.mjs';
import { removeTree, writeTree } from '../support/lint-files.js';
import { brief, CANARY_FILES, CANARY_FINDING, cli, invariantViolations, parseReport } from './helpers.js';

const corpus = generateCorpus({ objects: 120, seed: 'robustness-properties' });
const SOURCES: [string, Buffer][] = [...corpusFiles(corpus).entries()].map(([p, t]) => [p, Buffer.from(t)]);
const SMALL_SOURCES = SOURCES.filter(([, b]) => b.length < 40_000);
const HOSTILE: [string, Buffer][] = Object.entries(hostileFiles())
  .filter(([, c]) => c.length < 100_000)
  .map(([p, c]) => [p, Buffer.isBuffer(c) ? c : Buffer.from(c)]);
const CHARTS: Record<string, string> = {
  'deploy/gitlab-agent/Chart.yaml': 'apiVersion: v2\nname: gitlab-agent\nversion: 2.6.2\n',
  'deploy/gitlab-runner/Chart.yaml': 'apiVersion: v1\nname: gitlab-runner\nversion: 0.86.0\n',
};

let dirs: string[] = [];
afterEach(() => {
  dirs.forEach(removeTree);
  dirs = [];
});

/** check -o json on the files plus the canary: every property of a run that must hold. */
async function checkHolds(files: Record<string, string | Buffer>): Promise<void> {
  const dir = writeTree({ ...files, ...CANARY_FILES });
  dirs.push(dir);
  const changed = snapshotPrototypes();
  const r = await cli(dir, ['check', '-o', 'json']);
  expect(invariantViolations(r)).toEqual([]);
  expect(brief(parseReport(r))).toContain(CANARY_FINDING);
  expect(changed()).toEqual([]);
}

// 'long-line' inserts up to 200 KB; here lines are bounded (below) so the suite stays fast:
// the fuzzer (npm run fuzz) runs the unbounded mutator.
const BOUNDED_MUTATORS = MUTATOR_NAMES.filter((n) => n !== 'long-line');
const mutation = fc.record({
  seed: fc.integer(),
  ops: fc.array(fc.constantFrom(...BOUNDED_MUTATORS), { minLength: 1, maxLength: 4 }),
});

function applyOps(bytes: Buffer, seed: number, ops: readonly string[]): Buffer {
  const rng = createRng(seed);
  let b = bytes;
  for (const op of ops) {
    const m = MUTATORS[op];
    if (m) b = m(b, rng);
  }
  return b;
}

// Keys that reach into prototypes or into the agent-config/values schema.
const KEY = fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'ci_access', 'user_access', 'projects', 'groups', 'id', 'access_as', 'agent', 'impersonate', 'ci_job', 'environments', 'config', 'token', 'kasAddress', 'rbac', 'create', 'rules', 'verbs', 'name', 'x');
const VALUE = fc.letrec<{ v: unknown }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(null, true, false, 0, -1, 1e308, Number.NaN, '', '*', 'no', 'on', '0x1F', '__proto__', 'system:masters', 'glagent-x', 'wss://kas'),
    fc.string({ maxLength: 20 }),
    fc.integer(),
    fc.array(tie('v'), { maxLength: 4 }),
    fc.dictionary(KEY, tie('v'), { maxKeys: 4 }),
  ),
})).v;

/** JSON text (a YAML flow document) of a value; own __proto__ keys are kept as keys. */
function jsonText(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) => (typeof x === 'number' && !Number.isFinite(x) ? String(x) : x)) ?? 'null';
}

describe('mutated YAML', () => {
  it('mutated corpus files keep the invariants', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...SMALL_SOURCES), mutation, async ([p, bytes], m) => {
        await checkHolds({ ...CHARTS, [p]: applyOps(bytes, m.seed, m.ops) });
      }),
      { numRuns: 15 },
    );
  }, 120_000);

  it('mutated hostile files keep the invariants', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...HOSTILE), mutation, async ([p, bytes], m) => {
        await checkHolds({ [p]: applyOps(bytes, m.seed, m.ops) });
      }),
      { numRuns: 12 },
    );
  }, 120_000);

  it('long lines (up to 5,000 characters) inserted anywhere keep the invariants', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...SMALL_SOURCES), fc.nat(), fc.constantFrom('a', ' ', '-', ':', '"', "'", '\\', '#', '[', '{', '1_', '*', '&a '), fc.integer({ min: 100, max: 5000 }), async ([p, bytes], at, unit, length) => {
        const pos = at % (bytes.length + 1);
        const line = Buffer.from(unit.repeat(Math.ceil(length / unit.length)).slice(0, length));
        await checkHolds({ ...CHARTS, [p]: Buffer.concat([bytes.subarray(0, pos), line, bytes.subarray(pos)]) });
      }),
      { numRuns: 10 },
    );
  }, 120_000);

  it('arbitrary text and bytes keep the invariants', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string({ maxLength: 400 }), fc.uint8Array({ maxLength: 400 }).map((a) => Buffer.from(a))), async (content) => {
        await checkHolds({ 'any.yaml': content, 'any.json': content });
      }),
      { numRuns: 20 },
    );
  }, 120_000);
});

describe('agent configs and chart values with wrong types and prototype keys', () => {
  it('random agent configs keep the invariants', async () => {
    await fc.assert(
      fc.asyncProperty(fc.dictionary(KEY, VALUE, { maxKeys: 5 }), async (config) => {
        await checkHolds({ '.gitlab/agents/fuzz/config.yaml': jsonText(config) });
      }),
      { numRuns: 20 },
    );
  }, 120_000);

  it('random chart values keep the invariants', async () => {
    await fc.assert(
      fc.asyncProperty(fc.dictionary(KEY, VALUE, { maxKeys: 5 }), fc.dictionary(KEY, VALUE, { maxKeys: 5 }), async (agent, runner) => {
        await checkHolds({ ...CHARTS, 'deploy/gitlab-agent/values.yaml': jsonText(agent), 'deploy/gitlab-runner/values.yaml': jsonText(runner) });
      }),
      { numRuns: 15 },
    );
  }, 120_000);
});

describe('can-i --batch lines', () => {
  const queries = generateQueries(corpus, 40, 'properties');
  const line = fc.oneof(
    fc.constantFrom(...queries),
    fc.integer().map((seed) => hostileBatchLine(createRng(seed))),
    fc.json({ maxDepth: 3 }),
    fc.string({ maxLength: 60 }),
    fc.dictionary(fc.constantFrom('user', 'groups', 'verb', 'group', 'resource', 'subresource', 'name', 'namespace', 'nonResourceURL', '__proto__'), VALUE, { maxKeys: 6 }).map(jsonText),
  );

  it('answer exactly one JSON line per query line, from a file or stdin', async () => {
    const dir = writeTree({ ...CANARY_FILES, ...Object.fromEntries(SOURCES.slice(0, 6)) });
    dirs.push(dir);
    await fc.assert(
      fc.asyncProperty(fc.array(line.filter((l) => !l.includes('\n')), { maxLength: 30 }), fc.boolean(), async (lines, crlf) => {
        const input = lines.map((l) => l + (crlf ? '\r\n' : '\n')).join('');
        const changed = snapshotPrototypes();
        const r = await cli(dir, ['can-i', '--batch', '-'], input);
        expect(invariantViolations(r)).toEqual([]);
        expect(r.code).toBe(0);
        const out = r.out.split('\n');
        expect(out.pop()).toBe('');
        expect(out).toHaveLength(lines.length);
        for (const a of out) {
          const answer = JSON.parse(a) as { allowed?: unknown; error?: unknown };
          expect(typeof answer.allowed === 'boolean' || typeof answer.error === 'string').toBe(true);
        }
        expect(changed()).toEqual([]);
      }),
      { numRuns: 25 },
    );
  }, 120_000);

  it('a batch file with NUL bytes, invalid UTF-8 and a 1 MB line is answered line by line', async () => {
    const dir = writeTree({
      ...CANARY_FILES,
      'q.jsonl': Buffer.concat([
        Buffer.from(`${queries[0] ?? '{}'}\n\u0000\n`),
        Buffer.from([0xff, 0xfe, 0x0a]),
        Buffer.from(`{"user":"${'a'.repeat(1_000_000)}","verb":"get","resource":"pods"}\n`),
        Buffer.from('{"__proto__":{"allowed":true},"user":"x","verb":"get","resource":"pods"}\n'),
      ]),
    });
    dirs.push(dir);
    const changed = snapshotPrototypes();
    const r = await cli(dir, ['can-i', '--batch', 'q.jsonl']);
    expect(invariantViolations(r)).toEqual([]);
    const out = r.out.trimEnd().split('\n');
    expect(out).toHaveLength(5);
    expect((JSON.parse(out[4] ?? '{}') as { allowed?: unknown }).allowed).toBe(false);
    expect(changed()).toEqual([]);
  });
});
