import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** A file shipped with the package (rules/, schemas/); src/cli and dist/cli are two levels down. */
export function packagePath(...segments: string[]): string {
  return path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', ...segments);
}
