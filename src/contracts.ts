import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction, type ErrorObject } from 'ajv';

/** contracts/ sits beside src/ and dist/, so the same relative path works from both. */
export const CONTRACTS_DIR = fileURLToPath(new URL('../contracts/', import.meta.url));

export function readContract(file: string): object {
  return JSON.parse(readFileSync(CONTRACTS_DIR + file, 'utf8')) as object;
}

let shared: Ajv | undefined;

export const AJV_OPTIONS = { allErrors: false, strict: true, strictTypes: false, strictRequired: false, allowUnionTypes: true } as const;

/**
 * One Ajv instance for every schema in contracts/, so each is compiled once per process. The schemas are
 * not checked against the JSON Schema meta-schema here (a third of the first request's time); the unit
 * tests check every contract against it.
 */
export function contractAjv(): Ajv {
  shared ??= new Ajv({ ...AJV_OPTIONS, validateSchema: false });
  return shared;
}

const compiled = new Map<string, ValidateFunction>();

export function compileContract(file: string): ValidateFunction {
  let fn = compiled.get(file);
  if (!fn) {
    const schema = readContract(file) as { $id?: string };
    const ajv = contractAjv();
    fn = (schema.$id ? ajv.getSchema(schema.$id) : undefined) ?? ajv.compile(schema);
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
