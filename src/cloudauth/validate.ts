import type { ErrorObject } from 'ajv';
import { compileContract, errorField } from '../contracts.js';
import type { CloudauthAction } from './catalog.js';
import { codeResult, type CloudauthResult } from './types.js';

/** contracts/cloudauth.<Action>[.<ProductCode>].params.schema.json is the single source of what an action accepts. */
export function cloudauthParamsContract(action: CloudauthAction, productCode?: string): string {
  return productCode === undefined ? `cloudauth.${action}.params.schema.json` : `cloudauth.${action}.${productCode}.params.schema.json`;
}

export function cloudauthResultContract(action: CloudauthAction): string {
  return `cloudauth.${action}.result.schema.json`;
}

/** A missing or empty parameter is 400 参数不能为空; any other violation 401 参数非法 (spec §3.3). */
function answerFor(error: ErrorObject): CloudauthResult {
  const field = errorField(error) || 'parameters';
  const empty = error.keyword === 'required' || (error.keyword === 'minLength' && (error.params as { limit: number }).limit === 1);
  if (empty) return codeResult('cloudauth.400', `${field} is required`);
  return codeResult('cloudauth.401', `${field} ${error.message ?? 'is invalid'}`);
}

/** Validates against one contract; the documented answer naming the field, or undefined. */
export function validateContract(file: string, params: Readonly<Record<string, string>>): CloudauthResult | undefined {
  const validate = compileContract(file);
  if (validate(params)) return undefined;
  const error = validate.errors?.[0];
  return error ? answerFor(error) : codeResult('cloudauth.401', 'invalid parameters');
}
