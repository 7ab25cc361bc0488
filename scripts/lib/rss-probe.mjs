// Peak-RSS probe for machines without GNU time: preloaded with `node --import`, it writes
// the process's own peak resident set size (getrusage RUSAGE_SELF ru_maxrss, in KiB, worker
// threads included) to the file named by KASLINT_RSS_PROBE when the process exits.
import { writeFileSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';

const out = process.env.KASLINT_RSS_PROBE;
if (out && isMainThread) {
  process.on('exit', () => {
    try {
      writeFileSync(out, `${process.resourceUsage().maxRSS}\n`);
    } catch {
      // nothing to report to
    }
  });
}
