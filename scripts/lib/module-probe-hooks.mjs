// Loader hooks of module-probe.mjs (run on the hooks thread).
import { appendFileSync } from 'node:fs';

let out;

export function initialize(data) {
  out = data?.out;
}

export async function load(url, context, nextLoad) {
  if (out) {
    try {
      appendFileSync(out, `esm ${url}\n`);
    } catch {
      // ignore
    }
  }
  return nextLoad(url, context);
}
