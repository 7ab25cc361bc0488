// Where the bundled Kubernetes data lives. src/kube/ (vitest) and dist/kube/ (after `tsc`)
// are both two levels below the package root, which holds data/.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const KUBERNETES_DATA_DIR = fileURLToPath(new URL('../../data/kubernetes/', import.meta.url));

/** Reads and parses one bundled JSON file, relative to data/kubernetes/. */
export function readBundledJson(relativePath: string): unknown {
  const url = new URL(`../../data/kubernetes/${relativePath}`, import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')) as unknown;
}
