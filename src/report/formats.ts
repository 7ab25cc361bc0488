import { jsonReporter } from './json.js';
import { textReporter } from './text.js';
import type { Reporter } from './types.js';

/** One table of every output format; the CLI validates names against it. */
export const REPORTERS: Readonly<Record<string, Reporter>> = {
  text: textReporter,
  json: jsonReporter,
};

export function reporterFor(name: string): Reporter | undefined {
  return Object.prototype.hasOwnProperty.call(REPORTERS, name) ? REPORTERS[name] : undefined;
}
