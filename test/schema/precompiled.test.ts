// A built kaslint validates with the standalone validators the build writes
// (scripts/compile-schemas.mjs); tests run from sources, which compile the schemas. Both
// must give the same errors, on every document of the fixtures.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ValidateFunction } from 'ajv';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { createSchemaCompiler, loadSchema, precompiledFileName, SCHEMA_NAMES } from '../../src/schema/validate.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const COMPILED = path.join(ROOT, 'dist', 'schema', 'compiled');

function yamlFiles(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir)) {
    const p = path.join(dir, entry);
    const stat = statSync(p, { throwIfNoEntry: false }); // fixtures hold dangling links on purpose
    if (stat?.isDirectory()) yamlFiles(p, out);
    else if (stat?.isFile() && /\.ya?ml$/.test(entry)) out.push(p);
  }
  return out;
}

const documents: unknown[] = [];
for (const file of [...yamlFiles(path.join(ROOT, 'fixtures')), ...yamlFiles(path.join(ROOT, 'test', 'fixtures'))].sort()) {
  for (const doc of parseAllDocuments(readFileSync(file, 'utf8'), { version: '1.1', merge: true })) {
    try {
      const data: unknown = doc.toJS({ maxAliasCount: 1000 });
      if (data !== null && typeof data === 'object') documents.push(data);
    } catch {
      // not data; other tests cover such files
    }
  }
}

describe('precompiled schema validators', () => {
  it('are written by the build for every schema', () => {
    for (const name of SCHEMA_NAMES) expect(existsSync(path.join(COMPILED, precompiledFileName(name))), name).toBe(true);
    expect(documents.length).toBeGreaterThan(200);
  });

  it.each(SCHEMA_NAMES)('%s: same verdict and errors as the schema compiled at run time', (name) => {
    const built = createRequire(import.meta.url)(path.join(COMPILED, precompiledFileName(name))) as ValidateFunction;
    const compiled = createSchemaCompiler().compile(loadSchema(name));
    let invalid = 0;
    for (const data of documents) {
      const a = built(data);
      const b = compiled(data);
      expect(a).toBe(b);
      if (!a) {
        invalid++;
        expect(built.errors).toEqual(compiled.errors);
      }
    }
    // Most fixture documents are other kinds of object, so each schema sees failures.
    expect(invalid).toBeGreaterThan(0);
  });
});
