// Benchmark floor: read every file (as floor-read.mjs does) and parse it with yaml's
// parseAllDocuments alone (default options, no toJS), in one process. This is the
// "parse floor" the budgets are ratios of.
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { listInputFiles } from './walk.mjs';

const root = process.argv[2] ?? '.';
let docs = 0;
let errors = 0;
const files = listInputFiles(root);
for (const f of files) {
  const parsed = parseAllDocuments(readFileSync(f, 'utf8'));
  const list = Array.isArray(parsed) ? parsed : [parsed];
  docs += list.length;
  for (const d of list) errors += d.errors.length;
}
process.stdout.write(`${files.length} files, ${docs} documents, ${errors} errors\n`);
