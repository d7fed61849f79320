import { findEntry } from '../catalog.js';
import { isValidIdNumber } from '../id-number.js';
import type { Flow, Outcome } from '../sessions.js';
import { resultFromEntry, type MethodContext, type SafResult } from '../types.js';
import { shapeData } from '../shape.js';

const INVALID_IDENTITY = findEntry('520')!;

/** A catalog id (or `passed`/`pending`) as a verification outcome: 300 holds it pending, 200 passes, the rest fail with it. */
export function outcomeOf(id: string): Outcome {
  if (id === '300' || id === 'pending') return { status: 'pending' };
  if (id === '200' || id === 'passed') return { status: 'passed' };
  return { status: 'failed', outcomeId: id };
}

/** init (app flow) and initH5 (web flow): create a pending verification and return its ids. */
export function initVerification(flow: Flow): (ctx: MethodContext) => Promise<SafResult> {
  const idField = flow === 'app' ? 'queryId' : 'zimId';
  return async ({ call, settings, deps, carryOutcome }) => {
    const certNumber = String(call.params.certNumber);
    if (!isValidIdNumber(certNumber)) return resultFromEntry(INVALID_IDENTITY, settings.codes);
    const scope = call.accessKeyId;
    const outcome = carryOutcome === undefined ? undefined : outcomeOf(carryOutcome);
    const v = await deps.verifications.createNew(() => {
      const id = deps.data.verificationId(scope);
      return { id, bizId: deps.data.bizId(scope), accessKeyId: scope, flow, name: String(call.params.name), certNumber, photo: parseInt(id.slice(0, 8), 16) % deps.photos.length };
    }, outcome);
    return { code: 200, message: 'OK', data: shapeData(call, settings, { [idField]: v.id, bizId: v.bizId }), decidedBy: 'default' };
  };
}
