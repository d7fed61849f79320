import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Ajv, ValidateFunction, ErrorObject } from 'ajv';

/** contracts/ sits beside src/ and dist/, so the same relative path works from both. */
export const CONTRACTS_DIR = fileURLToPath(new URL('../contracts/', import.meta.url));

export function readContract(file: string): object {
  return JSON.parse(readFileSync(CONTRACTS_DIR + file, 'utf8')) as object;
}

// unicode: false counts string lengths in UTF-16 units, as the Java gateway does (String.length()), and
// without a per-character loop: counting code points of a 16 MB photo took ~60 ms per request.
export const AJV_OPTIONS = { allErrors: false, strict: true, strictTypes: false, strictRequired: false, allowUnionTypes: true, unicode: false } as const;

/** Identifies a schema's text, so a validator compiled at build time is used only for the schema it came from. */
export function schemaHash(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}

const require = createRequire(import.meta.url);
let shared: Ajv | undefined;

/**
 * One Ajv instance for every schema in contracts/, so each is compiled once per process. Ajv itself (60-odd
 * modules) is loaded on first need only: the built package brings its validators precompiled. The schemas
 * are not checked against the JSON Schema meta-schema here; the unit tests check every contract against it.
 */
export function contractAjv(): Ajv {
  shared ??= new (require('ajv') as typeof import('ajv')).Ajv({ ...AJV_OPTIONS, validateSchema: false });
  return shared;
}

type Precompiled = Record<string, ValidateFunction> & { __hashes?: Record<string, string> };

/** dist/contract-validators.cjs, written by the build (scripts/build.mjs); absent when running from src/. */
const PRECOMPILED_FILE = fileURLToPath(new URL('./contract-validators.cjs', import.meta.url));
let precompiled: Precompiled | null | undefined;

function precompiledValidators(): Precompiled | null {
  precompiled ??= existsSync(PRECOMPILED_FILE) ? (require(PRECOMPILED_FILE) as Precompiled) : null;
  return precompiled;
}

const compiled = new Map<string, ValidateFunction>();

/** The validator of contracts/<file>: compiled at build time when the schema is unchanged since, else now. */
export function compileContract(file: string): ValidateFunction {
  let fn = compiled.get(file);
  if (!fn) {
    const text = readFileSync(CONTRACTS_DIR + file, 'utf8');
    const built = precompiledValidators();
    fn = built?.__hashes?.[file] === schemaHash(text) ? built[file] : undefined;
    if (!fn) {
      const schema = JSON.parse(text) as { $id?: string };
      const ajv = contractAjv();
      fn = (schema.$id ? ajv.getSchema(schema.$id) : undefined) ?? ajv.compile(schema);
    }
    compiled.set(file, fn);
  }
  return fn;
}

/** A short, human path for an Ajv error: `name`, `extInfo.score`, or the missing property. */
export function errorField(error: ErrorObject): string {
  if (error.keyword === 'required') return String((error.params as { missingProperty: string }).missingProperty);
  const path = error.instancePath.replace(/^\//, '').replace(/\//g, '.');
  return path;
}
