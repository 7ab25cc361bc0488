// The files kaslint reads from a directory: .yaml/.yml/.json, node_modules and .git skipped,
// symlinks not followed (the generated corpora have none), sorted by path.
import { readdirSync } from 'node:fs';
import path from 'node:path';

const EXTENSIONS = new Set(['.yaml', '.yml', '.json']);
const SKIPPED = new Set(['node_modules', '.git']);

export function listInputFiles(root) {
  const out = [];
  const stack = [path.resolve(root)];
  while (stack.length > 0) {
    const dir = stack.pop();
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const abs = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (!SKIPPED.has(e.name)) stack.push(abs);
      } else if (e.isFile() && EXTENSIONS.has(path.extname(e.name).toLowerCase())) out.push(abs);
    }
  }
  return out.sort();
}
