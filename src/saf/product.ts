import type { JsonValue } from '../gateway/render.js';
import { parseJson } from '../json-large.js';
import type { LargeTexts } from '../large-text.js';
import { FACE_VERIFY_METHODS, FIN_METHODS, findEntry, type CatalogEntry, type FaceVerifyMethod, type MethodName, type ServiceName } from './catalog.js';
import { finInit } from './fin-face-verify/init.js';
import { finQuery, finQueryWith } from './fin-face-verify/query.js';
import { initVerification } from './face-verify/init.js';
import { match } from './face-verify/match.js';
import { queryVerification } from './face-verify/query.js';
import { intlData, verify } from './intl-face-verify/verify.js';
import { shapeData } from './shape.js';
import { resultFromEntry, type MethodContext, type MethodHandler, type SafCall, type SafResult } from './types.js';
import { validateParams } from './validate.js';

const HANDLERS: Record<ServiceName, Partial<Record<MethodName, MethodHandler>>> = {
  face_verify: {
    init: initVerification('app'),
    initH5: initVerification('h5'),
    query: queryVerification('app'),
    queryH5: queryVerification('h5'),
    match,
  },
  intl_face_verify: { verify },
  fin_face_verify: { init: finInit, query: finQuery },
};

export const SERVICES: readonly ServiceName[] = ['face_verify', 'intl_face_verify', 'fin_face_verify'];

function isService(value: string): value is ServiceName {
  return (SERVICES as readonly string[]).includes(value);
}

function isFaceVerifyMethod(value: unknown): value is FaceVerifyMethod {
  return typeof value === 'string' && (FACE_VERIFY_METHODS as readonly string[]).includes(value);
}

export type Resolution = { ok: true; call: SafCall } | { ok: false; result: SafResult; service?: ServiceName; method?: string };

const SERVICE_INVALID = findEntry('404')!;
const PARAMS_INVALID = findEntry('400')!;
const FIN_EMPTY = findEntry('fin.400')!;
const FIN_INVALID = findEntry('fin.401')!;

/** Service and ServiceParameters into a typed call, or SAF's own answer when they are not usable. */
export function resolveCall(input: { service: string; serviceParameters: string; version: string; accessKeyId: string; large?: LargeTexts }): Resolution {
  if (!isService(input.service)) return { ok: false, result: { code: 404, message: SERVICE_INVALID.message, decidedBy: SERVICE_INVALID.id } };
  const service = input.service;
  let parsed: unknown;
  try {
    parsed = parseJson(input.serviceParameters, input.large);
  } catch {
    return { ok: false, service, result: { code: 400, message: PARAMS_INVALID.message, decidedBy: PARAMS_INVALID.id } };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return { ok: false, service, result: { code: 400, message: PARAMS_INVALID.message, decidedBy: PARAMS_INVALID.id } };
  }
  const params = parsed as Record<string, JsonValue>;
  let method: MethodName = 'verify';
  if (service === 'face_verify') {
    const m = Object.hasOwn(params, 'method') ? params.method : undefined;
    if (m === undefined || m === null || m === '') return { ok: false, service, result: { code: 400, message: 'method不能为空', decidedBy: 'default' } };
    // Any other shape (a number, an object with its own toString…) is only ever compared, never converted.
    if (!isFaceVerifyMethod(m)) return { ok: false, service, method: typeof m === 'string' ? m : undefined, result: { code: 400, message: '参数method不合法', decidedBy: 'default' } };
    method = m;
  } else if (service === 'fin_face_verify') {
    // fin_face_verify answers with its own documented codes (UNCONFIRMED which ones for a bad method; README).
    const m = Object.hasOwn(params, 'method') ? params.method : undefined;
    if (m === undefined || m === null || m === '') return { ok: false, service, result: { code: 400, message: FIN_EMPTY.message, decidedBy: FIN_EMPTY.id } };
    if (typeof m !== 'string' || !FIN_METHODS.includes(m as MethodName)) return { ok: false, service, method: typeof m === 'string' ? m : undefined, result: { code: 401, message: FIN_INVALID.message, decidedBy: FIN_INVALID.id } };
    method = m as MethodName;
  }
  return { ok: true, call: { service, method, params, version: input.version, accessKeyId: input.accessKeyId } };
}

/** The product's own behaviour: validate against the method's contract, then run the method. */
export function runDefault(ctx: MethodContext): SafResult | Promise<SafResult> {
  const invalid = validateParams(ctx.call.service, ctx.call.method, ctx.call.params);
  if (invalid) return invalid;
  const handler = HANDLERS[ctx.call.service][ctx.call.method];
  if (!handler) throw new Error(`no handler for ${ctx.call.service} ${ctx.call.method}`);
  return handler(ctx);
}

/**
 * Answers with a chosen catalog entry. Success entries (200, Z1140) run the default path so the answer
 * carries real data; intl entries carry their Data; the rest render their Code and Message.
 */
export function answerWithEntry(entry: CatalogEntry, ctx: MethodContext): SafResult | Promise<SafResult> {
  // fin_face_verify results (SubCodes) are the data of a finished verification.
  if (entry.passed !== undefined) return finQueryWith(entry, ctx);
  if (entry.outcome === 'success') return runDefault(ctx);
  if (entry.intl) return resultFromEntry(entry, ctx.settings.codes, shapeData(ctx.call, ctx.settings, intlData(entry)));
  return resultFromEntry(entry, ctx.settings.codes);
}
