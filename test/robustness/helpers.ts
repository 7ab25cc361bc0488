import { run } from '../../src/cli/main.js';
import { memoryIo } from '../support/memory-io.js';
import { checkRunInvariants, CANARY_FILES, CANARY_FINDING } from '../../scripts/lib/hostile.mjs';

export interface CliRun {
  readonly argv: readonly string[];
  readonly code: number;
  readonly out: string;
  readonly err: string;
  readonly written: ReadonlyMap<string, string>;
}

/** Run the real CLI in-process (as `kaslint ARGV` in dir) and record everything it wrote. */
export async function cli(dir: string, argv: readonly string[], stdin?: string): Promise<CliRun> {
  const io = memoryIo(dir, stdin === undefined ? {} : { stdin });
  const code = await run(argv, io);
  return { argv, code, out: io.out(), err: io.err(), written: io.written };
}

/** Violations of the invariants every run keeps (exit code, no stack trace, one error line). */
export function invariantViolations(r: CliRun): string[] {
  return checkRunInvariants(r);
}

export interface JsonFinding {
  readonly ruleId: string;
  readonly severity: string;
  readonly message: string;
  readonly file: string;
  readonly range: { readonly start: { readonly line: number; readonly column: number } };
}

export interface JsonReport {
  readonly version: number;
  readonly summary: { readonly files: number };
  readonly findings: readonly JsonFinding[];
}

/** Parse `check -o json` output (throws with the first characters when it is not JSON). */
export function parseReport(r: CliRun): JsonReport {
  try {
    return JSON.parse(r.out) as JsonReport;
  } catch {
    throw new Error(`check -o json output is not JSON (exit ${r.code}): ${r.out.slice(0, 200)} / stderr: ${r.err.slice(0, 200)}`);
  }
}

/** `ruleId file:line:column` for each finding. */
export function brief(report: JsonReport): string[] {
  return report.findings.map((f) => `${f.ruleId} ${f.file}:${f.range.start.line}:${f.range.start.column}`);
}

export { CANARY_FILES, CANARY_FINDING };
