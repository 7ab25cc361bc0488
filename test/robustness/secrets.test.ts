// Tokens found in the input are never printed whole, in any output format, by any command.
// Formats listed in KNOWN_SECRET_LEAK_FORMATS (scripts/lib/hostile.mjs) still print code
// frames with the token's line while masking is being implemented; they are held to the
// rule as soon as they leave that list, and a format that starts leaking fails here.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPORTERS } from '../../src/report/formats.js';
import { AGENT_TOKEN, KNOWN_SECRET_LEAK_FORMATS, RUNNER_TOKEN, SECRETS, leakedSecrets, secretFiles } from '../../scripts/lib/hostile.mjs';
import { removeTree, writeTree } from '../support/lint-files.js';
import { CANARY_FILES, cli, invariantViolations, type CliRun } from './helpers.js';

const FORMATS = Object.keys(REPORTERS).sort();
let dir = '';
const byFormat = new Map<string, string>();
let stderr = '';

beforeAll(async () => {
  dir = writeTree({ ...secretFiles(), ...CANARY_FILES });
  // Every format in one run (the first on stdout, the others into files), then each alone on stdout.
  const first = FORMATS[0] ?? 'json';
  const all = await cli(dir, ['check', '-o', first, ...FORMATS.slice(1).flatMap((f) => ['-o', `${f}=out/report.${f}`])]);
  expect(invariantViolations(all)).toEqual([]);
  byFormat.set(first, all.out);
  for (const [p, text] of all.written) byFormat.set(p.slice(p.lastIndexOf('.') + 1), text);
  stderr = all.err;
  for (const f of FORMATS) {
    const r = await cli(dir, ['check', '-o', f]);
    byFormat.set(`${f} (stdout)`, r.out);
    stderr += r.err;
  }
}, 180_000);
afterAll(() => {
  if (dir) removeTree(dir);
});

describe('secrets in the input', () => {
  it('the fixtures really hold whole tokens of the real shapes', () => {
    expect(AGENT_TOKEN).toMatch(/^glagent-[A-Za-z0-9]{50}$/);
    expect(RUNNER_TOKEN).toMatch(/^glrt-[A-Za-z0-9]{27}$/);
    const all = Object.values(secretFiles()).join('\n');
    for (const s of SECRETS) expect(all).toContain(s);
  });

  it('covers every output format', () => {
    expect(FORMATS.length).toBeGreaterThanOrEqual(2);
    for (const f of FORMATS) expect(byFormat.has(f), f).toBe(true);
  });

  it.each(FORMATS)('format %s never prints a token whole', (format) => {
    const texts = [byFormat.get(format) ?? '', byFormat.get(`${format} (stdout)`) ?? ''];
    const leaks = leakedSecrets(texts);
    if (KNOWN_SECRET_LEAK_FORMATS.includes(format)) {
      // Known leak (code frames) until masking lands; nothing to assert beyond the invariants.
      return;
    }
    expect(leaks).toEqual([]);
  });

  it('stderr never prints a token whole', () => {
    expect(leakedSecrets([stderr])).toEqual([]);
  });

  it('other commands never print a token whole', async () => {
    const runs: CliRun[] = [
      await cli(dir, ['who-can', 'get', 'secrets', '-A']),
      await cli(dir, ['who-can', 'get', 'secrets', '-A', '-o', 'json']),
      await cli(dir, ['can-i', '--list', '-n', 'gitlab-agent', '--as', 'system:serviceaccount:gitlab-agent:gitlab-agent']),
      await cli(dir, ['can-i', 'get', 'secrets', '-n', 'gitlab-agent', '--as', 'system:serviceaccount:gitlab-agent:gitlab-agent', '--explain']),
      await cli(dir, ['can-i', '--batch', '-'], `${JSON.stringify({ user: AGENT_TOKEN, verb: 'get', resource: 'secrets' })}\n`),
    ];
    for (const r of runs) {
      expect(invariantViolations(r)).toEqual([]);
      // The batch query itself names the token as a user; the answer must not echo it.
      expect(leakedSecrets([r.out, r.err]), r.argv.join(' ')).toEqual([]);
    }
  });
});
