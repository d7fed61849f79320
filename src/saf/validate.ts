import type { ErrorObject } from 'ajv';
import { compileContract, errorField } from '../contracts.js';
import type { MethodName, ServiceName } from './catalog.js';
import { findEntry } from './catalog.js';
import type { SafResult } from './types.js';

/** contracts/<service>.<method>.params.schema.json is the single source of what a method accepts. */
export function paramsContractFile(service: ServiceName, method: MethodName): string {
  return `${service}.${method}.params.schema.json`;
}

export function dataContractFile(service: ServiceName, method: MethodName): string {
  return `${service}.${method}.data.schema.json`;
}

const INTL_NULL = findEntry('intl.400')!;
const FIN_EMPTY = findEntry('fin.400')!;
const FIN_INVALID = findEntry('fin.401')!;

/** fin_face_verify: a missing or empty field is 400 参数不能为空, any other violation 401 参数非法 (its documented codes). */
function finAnswer(error: ErrorObject): SafResult {
  const emptyString = error.keyword === 'minLength' && (error.params as { limit: number }).limit === 1;
  const entry = error.keyword === 'required' || emptyString ? FIN_EMPTY : FIN_INVALID;
  return { code: entry.code, message: entry.message, decidedBy: entry.id };
}

function faceVerifyMessage(error: ErrorObject): string {
  const field = errorField(error) || 'ServiceParameters';
  const emptyString = error.keyword === 'minLength' && (error.params as { limit: number }).limit === 1;
  if (error.keyword === 'required' || emptyString) return `${field}不能为空`;
  return `参数${field}不合法`;
}

function intlMessage(error: ErrorObject, value: unknown): string {
  const field = errorField(error);
  const emptyString = error.keyword === 'minLength' && (error.params as { limit: number }).limit === 1;
  if (error.keyword === 'required' || emptyString || value === null) return INTL_NULL.message;
  if (error.keyword === 'type') return `${field} must be a string`;
  return `${field} is invalid`;
}

/** Validates ServiceParameters against the method's contract; returns the 400 answer naming the field, or undefined. */
export function validateParams(service: ServiceName, method: MethodName, params: Record<string, unknown>): SafResult | undefined {
  const validate = compileContract(paramsContractFile(service, method));
  if (validate(params)) return undefined;
  const error = validate.errors?.[0];
  if (!error) return { code: 400, message: '参数ServiceParameters不合法', decidedBy: '400' };
  if (service === 'fin_face_verify') return finAnswer(error);
  const value = error.keyword === 'required' ? undefined : params[errorField(error).split('.')[0] ?? ''];
  const message = service === 'intl_face_verify' ? intlMessage(error, value) : faceVerifyMessage(error);
  // The documented intl text is a catalog entry; the field-naming messages are the product's default answer.
  return { code: 400, message, decidedBy: message === INTL_NULL.message ? INTL_NULL.id : 'default' };
}
