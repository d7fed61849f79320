import { callbackUrlProblem, certNoProblem, nameProblem, sceneProblem } from '../../cloudauth/checks.js';
import { certifyUrl } from '../../lifecycle/urls.js';
import { findEntry } from '../catalog.js';
import { shapeData } from '../shape.js';
import type { MethodContext, SafResult } from '../types.js';

/**
 * A fin_face_verify catalog entry's Code and Message (`fin.401` …). The reason is for readers of the code:
 * the service's message is the documented one only.
 */
export function finResult(code: string, _reason?: string): SafResult {
  const entry = findEntry(`fin.${code}`)!;
  return { code: entry.code, message: entry.message, decidedBy: entry.id };
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
}

function identityProblem(ctx: MethodContext): SafResult | undefined {
  const p = ctx.call.params;
  if (p.encryptType === 'SM2') return undefined; // SM2 cipher text: the mock does not decrypt it
  const name = nameProblem(text(p.certName));
  if (name) return finResult('401', name);
  const cert = certNoProblem(text(p.certNo), ctx.deps.now());
  return cert ? finResult(cert.code, cert.reason) : undefined;
}

/** fin_face_verify init: a pending verification (30 minutes, one submission) and the mock's page as certifyUrl. */
export async function finInit(ctx: MethodContext): Promise<SafResult> {
  const { call, deps } = ctx;
  const p = call.params;
  const sceneId = text(p.sceneId);
  const scene = sceneProblem(sceneId);
  if (scene) return finResult(scene.code, scene.reason);
  const identity = identityProblem(ctx);
  if (identity) return identity;
  const callbackUrl = text(p.callbackUrl);
  if (callbackUrl !== '') {
    const bad = callbackUrlProblem(callbackUrl);
    if (bad) return finResult('401', bad.replace('CallbackUrl', 'callbackUrl'));
  }
  const scope = call.accessKeyId;
  const id = deps.data.verificationId(scope);
  const v = await deps.verifications.create({
    id,
    bizId: text(p.outerOrderNo),
    accessKeyId: scope,
    flow: 'h5',
    name: text(p.certName),
    certNumber: text(p.certNo),
    photo: parseInt(id.slice(0, 8), 16) % deps.photos.length,
    product: 'fin_face_verify',
    sceneId,
    returnUrl: text(p.returnUrl),
    callbackUrl: callbackUrl || undefined,
    callbackToken: text(p.callbackToken) || undefined,
    productCode: text(p.bizCode),
  });
  deps.lifecycle.created(v);
  if (ctx.carryOutcome !== undefined) await deps.lifecycle.completeWith(v, ctx.carryOutcome);
  const origin = ctx.origin ?? 'http://127.0.0.1';
  return { code: 200, message: 'OK', data: shapeData(call, ctx.settings, { certifyId: id, certifyUrl: certifyUrl(origin, id, scope) }), decidedBy: 'default' };
}
