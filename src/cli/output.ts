import path from 'node:path';
import { reporterFor, REPORTERS } from '../report/formats.js';
import type { ReportContext, ReportInputData } from '../report/types.js';
import { CliError } from './errors.js';
import type { CliIo } from './io.js';

export interface OutputSpec {
  readonly format: string;
  /** undefined = stdout */
  readonly path?: string;
}

/** Parse repeated `-o FORMAT[=PATH]` values; the default is text on stdout. */
export function parseOutputs(values: readonly string[] | undefined, fallback = 'text'): OutputSpec[] {
  const specs = (values && values.length > 0 ? values : [fallback]).map((v) => {
    const eq = v.indexOf('=');
    const format = eq === -1 ? v : v.slice(0, eq);
    const file = eq === -1 ? undefined : v.slice(eq + 1);
    if (!reporterFor(format)) throw new CliError(`unknown output format "${format}" (one of: ${Object.keys(REPORTERS).join(', ')})`);
    if (file === '') throw new CliError(`missing path in -o ${v}`);
    return file === undefined ? { format } : { format, path: file };
  });
  return specs;
}

/**
 * Render and write every requested format. `redact` runs over each whole output, so a
 * secret that reached any message, note or code frame is masked in every format.
 */
export async function writeOutputs(io: CliIo, specs: readonly OutputSpec[], data: ReportInputData, ctx: (spec: OutputSpec) => ReportContext, redact: (text: string) => string = (t) => t): Promise<void> {
  for (const spec of specs) {
    const reporter = reporterFor(spec.format);
    if (!reporter) continue;
    const text = redact(reporter(data, ctx(spec)));
    if (spec.path === undefined) io.writeOut(text);
    else {
      try {
        await io.writeFile(path.resolve(io.cwd, spec.path), text);
      } catch (err) {
        throw new CliError(`cannot write ${spec.path}: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  }
}
