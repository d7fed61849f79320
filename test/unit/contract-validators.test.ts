// The validators the build compiles ahead of time (dist/contract-validators.cjs, ajv standalone code) are the
// ones the built server uses, cover every contract, and judge exactly as Ajv compiling the schema at run time.
// Needs the build (npm test builds first).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import { describe, expect, it } from 'vitest';
import { AJV_OPTIONS, CONTRACTS_DIR, schemaHash } from '../../src/contracts.js';

const DIST = fileURLToPath(new URL('../../dist/', import.meta.url));
const built = createRequire(import.meta.url)(DIST + 'contract-validators.cjs') as Record<string, ValidateFunction> & { __hashes: Record<string, string> };
const files = readdirSync(CONTRACTS_DIR).filter((f) => f.endsWith('.schema.json'));

/** Inputs that reach many branches of a schema: wrong types, empty and filled values for every property. */
function samples(schema: { properties?: Record<string, unknown>; required?: string[] }): unknown[] {
  const props = Object.keys(schema.properties ?? {});
  const fill = (value: unknown) => Object.fromEntries(props.map((p) => [p, value]));
  return [null, 'text', 7, [], {}, fill(''), fill('a'), fill('0123456789abcdef0123456789abcdef'), fill(1), fill(null), fill({}), fill([]), { ...fill('a'), unknownField: 1 }];
}

describe('contract validators compiled at build time', () => {
  it('the build wrote them', () => {
    expect(existsSync(DIST + 'contract-validators.cjs')).toBe(true);
  });

  for (const file of files) {
    it(`${file}: compiled from the current schema and judged as Ajv at run time judges`, () => {
      const text = readFileSync(CONTRACTS_DIR + file, 'utf8');
      expect(built.__hashes[file]).toBe(schemaHash(text));
      const schema = JSON.parse(text) as Parameters<typeof samples>[0];
      const runtime = new Ajv({ ...AJV_OPTIONS, validateSchema: false }).compile(schema);
      const precompiled = built[file]!;
      for (const input of samples(schema)) {
        expect([precompiled(input), precompiled.errors], JSON.stringify(input)).toEqual([runtime(input), runtime.errors]);
      }
    });
  }

  it('are the ones the built server validates with', async () => {
    const { compileContract } = (await import(DIST + 'contracts.js')) as typeof import('../../src/contracts.js');
    for (const file of files) expect(compileContract(file)).toBe(built[file]);
  });
});
