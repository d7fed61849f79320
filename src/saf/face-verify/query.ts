import { findEntry } from '../catalog.js';
import { urlSafeBase64 } from '../photos.js';
import type { Flow } from '../sessions.js';
import { resultFromEntry, type MethodContext, type SafResult } from '../types.js';
import { shapeData } from '../shape.js';

const NOT_FINISHED = findEntry('300')!;
const INVALID_PARAMETER = findEntry('Z8301')!;
const FAILED = findEntry('query.500')!;

function wantsImage(value: unknown): boolean {
  return value === '1' || value === 1 || value === 'true';
}

/** query (app flow, by queryId) and queryH5 (web flow, by zimId): the verification's current outcome. */
export function queryVerification(flow: Flow): (ctx: MethodContext) => Promise<SafResult> {
  const idField = flow === 'app' ? 'queryId' : 'zimId';
  return async ({ call, settings, deps }) => {
    const id = String(call.params[idField]);
    const v = await deps.verifications.find(call.accessKeyId, id);
    // An unknown id, an id of the other flow, or a bizId that is not this verification's: Z8301.
    if (!v || v.flow !== flow || v.bizId !== String(call.params.bizId)) return resultFromEntry(INVALID_PARAMETER, settings.codes);
    if (v.status === 'pending') return resultFromEntry(NOT_FINISHED, settings.codes);
    if (v.status === 'failed') return resultFromEntry(findEntry(v.outcomeId ?? '') ?? FAILED, settings.codes);
    if (!wantsImage(call.params.returnImage)) return { code: 200, message: 'OK', decidedBy: 'default' };
    const image = urlSafeBase64(deps.photos[v.photo % deps.photos.length]!);
    return { code: 200, message: 'OK', data: shapeData(call, settings, { image }), decidedBy: 'default' };
  };
}
