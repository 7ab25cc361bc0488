// Benchmark floor: find and read every file kaslint would read (same walk: .yaml/.yml/.json,
// node_modules and .git skipped, sorted), as UTF-8 text, in one process. Prints a summary line.
import { readFileSync } from 'node:fs';
import { listInputFiles } from './walk.mjs';

const root = process.argv[2] ?? '.';
let bytes = 0;
const files = listInputFiles(root);
for (const f of files) bytes += readFileSync(f, 'utf8').length;
process.stdout.write(`${files.length} files, ${bytes} chars\n`);
