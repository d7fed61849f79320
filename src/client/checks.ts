import type { ErrorObject } from 'ajv';
import { compileContract } from '../contracts.js';
import type { ClientKind, ExecuteResult } from './adapter.js';
import type { Code, Expectation } from './case.js';

const SCENARIO_HEADER = 'x-saf-mock-scenario';
const ENVELOPES: Record<Expectation['envelope'], string> = { saf: 'response.schema.json', cloudauth: 'cloudauth-response.schema.json', 'gateway-error': 'gateway-error.schema.json' };
/** pop-core returns only for these body Codes and throws for any other (sdk-wire.md §5). */
const POP_CORE_SUCCESS: readonly Code[] = [200, '200', 'OK', 'Success', 'success'];

function show(value: unknown): string {
  if (value instanceof RegExp) return String(value);
  const text = JSON.stringify(value);
  return text === undefined ? 'undefined' : text.length > 240 ? text.slice(0, 240) + '…' : text;
}

function ajvErrors(errors: ErrorObject[] | null | undefined): string {
  return (errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message ?? 'invalid'}${'additionalProperty' in e.params ? ` (${String(e.params.additionalProperty)})` : ''}`).join('; ');
}

function oneOf<T>(expected: T | readonly T[], actual: T | undefined): boolean {
  return Array.isArray(expected) ? (expected as readonly T[]).includes(actual as T) : expected === actual;
}

function messageMatches(expected: NonNullable<Expectation['message']>, actual: string | undefined): boolean {
  if (actual === undefined) return false;
  if (expected instanceof RegExp) return expected.test(actual);
  if (typeof expected === 'string') return expected === actual;
  return expected.includes(actual);
}

/** How each SDK reacts to an answer (sdk-wire.md §5): the mock must make them react as live does. */
export function expectedSdkError(client: ClientKind, status: number, code: Code | undefined): boolean {
  switch (client) {
    case 'pop-core':
      return code !== undefined && !POP_CORE_SUCCESS.includes(code);
    case 'openapi-v2':
    case 'openapi-v3':
      return status >= 400 && status < 600;
    case 'raw':
      return false;
  }
}

/** Every way an answer breaks its expectation; empty when it holds. */
export function checkResult(result: ExecuteResult, expect: Expectation): string[] {
  const failures: string[] = [];
  if (result.status === 0) {
    return [`no HTTP answer${result.error ? `: ${result.error.name}${result.error.code !== undefined ? ` ${String(result.error.code)}` : ''}: ${result.error.message}` : ''}`];
  }
  if (!oneOf(expect.status, result.status)) failures.push(`HTTP status: expected ${show(expect.status)}, got ${result.status}`);
  const format = expect.format ?? 'json';
  if (result.format !== format) {
    failures.push(`body: expected ${format.toUpperCase()}, got ${result.format} ${show(result.body.slice(0, 120))}`);
    return failures;
  }
  if (format === 'xml') {
    const root = expect.envelope === 'gateway-error' ? 'Error' : 'ExecuteRequestResponse';
    if (result.xmlRoot !== root) failures.push(`XML root: expected <${root}>, got <${result.xmlRoot ?? '?'}>`);
  }
  // The envelope's contract (XML leaves are strings, so a SAF XML body is not held to the JSON types).
  if (format === 'json' || expect.envelope === 'gateway-error') {
    const file = ENVELOPES[expect.envelope];
    const validate = compileContract(file);
    if (!validate(result.parsed)) failures.push(`body does not satisfy contracts/${file}: ${ajvErrors(validate.errors)}`);
  }
  if (!oneOf(expect.code, result.code)) failures.push(`Code: expected ${show(expect.code)}, got ${show(result.code)}`);
  if (expect.message !== undefined && !messageMatches(expect.message, result.message)) failures.push(`Message: expected ${show(expect.message)}, got ${show(result.message)}`);
  if (expect.data === 'absent') {
    if (result.dataEncoding !== undefined) failures.push(`Data: expected none, got ${show(result.data)}`);
  } else if (expect.data !== undefined) {
    const validate = compileContract(expect.data);
    if (result.dataEncoding === undefined) failures.push(`Data: expected one satisfying contracts/${expect.data}, got none`);
    else if (!validate(result.data)) failures.push(`Data does not satisfy contracts/${expect.data}: ${ajvErrors(validate.errors)}`);
  }
  if (expect.dataEncoding !== undefined && result.dataEncoding !== undefined && result.dataEncoding !== expect.dataEncoding) {
    failures.push(`Data: expected ${expect.dataEncoding === 'string' ? 'a JSON string' : 'an object'}, got ${result.dataEncoding === 'string' ? 'a JSON string' : 'an object'}`);
  }
  if (expect.scenario !== undefined && result.headers[SCENARIO_HEADER] !== expect.scenario) {
    failures.push(`${SCENARIO_HEADER}: expected ${show(expect.scenario)}, got ${show(result.headers[SCENARIO_HEADER])}`);
  }
  const throws = expectedSdkError(result.client, result.status, result.code);
  if (throws && !result.error) failures.push(`${result.client} should raise an error for HTTP ${result.status} Code ${show(result.code)}, but returned normally`);
  if (!throws && result.error) failures.push(`${result.client} raised ${result.error.name}${result.error.code !== undefined ? ` (${String(result.error.code)})` : ''}: ${result.error.message}`);
  if (throws && result.error && result.error.code !== undefined && result.code !== undefined && String(result.error.code) !== String(result.code)) {
    failures.push(`${result.client} error code ${show(result.error.code)} differs from the body Code ${show(result.code)}`);
  }
  return failures;
}
