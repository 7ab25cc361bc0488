import { codeQualityReporter } from './codequality.js';
import { jsonReporter } from './json.js';
import { junitReporter } from './junit.js';
import { markdownReporter } from './markdown.js';
import { sarifReporter } from './sarif.js';
import { textReporter } from './text.js';
import type { Reporter } from './types.js';

/** One table of every output format; the CLI validates names against it. */
export const REPORTERS: Readonly<Record<string, Reporter>> = {
  text: textReporter,
  json: jsonReporter,
  sarif: sarifReporter,
  codequality: codeQualityReporter,
  junit: junitReporter,
  markdown: markdownReporter,
};

export function reporterFor(name: string): Reporter | undefined {
  return Object.prototype.hasOwnProperty.call(REPORTERS, name) ? REPORTERS[name] : undefined;
}
