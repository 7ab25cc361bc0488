// `npm start`: build if the compiled CLI is missing or older than the sources, then run
// `kaslint check` on the bundled example repository.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const entry = path.join(root, 'dist', 'cli', 'main.js');

function newestMtime(dir) {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

if (!existsSync(entry) || statSync(entry).mtimeMs < newestMtime(path.join(root, 'src'))) {
  const build = spawnSync('npm', ['run', '-s', 'build'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 2);
}

const example = path.join('fixtures', 'example-repo');
const args = process.argv.slice(2);
const run = spawnSync(process.execPath, [path.join(root, 'bin', 'kaslint.js'), 'check', ...(args.length ? args : [])], {
  cwd: path.join(root, example),
  stdio: 'inherit',
});
// Findings (exit 1) are the point of the demo, not a failure of `npm start`.
process.exit(run.status === 1 ? 0 : (run.status ?? 2));
