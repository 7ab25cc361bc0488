// Module-load probe: preloaded with `node --import`, it records every module the process
// loads into the file named by KASLINT_MODULE_PROBE: ES modules through a `load` hook
// (module.register, hooks run on their own thread), CommonJS modules (ajv is loaded through
// createRequire) from require.cache at exit. One line per module: "esm URL" or "cjs PATH".
import { appendFileSync, writeFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';
import { isMainThread } from 'node:worker_threads';

const out = process.env.KASLINT_MODULE_PROBE;
if (out && isMainThread) {
  writeFileSync(out, '');
  register('./module-probe-hooks.mjs', import.meta.url, { data: { out } });
  process.on('exit', () => {
    const cache = createRequire(import.meta.url).cache;
    const lines = Object.keys(cache).map((p) => `cjs ${p}`);
    try {
      appendFileSync(out, lines.join('\n') + '\n');
    } catch {
      // nothing to report to
    }
  });
}
