import { sceneProblem } from '../../cloudauth/checks.js';
import { materialInfo, ossNames, qualityScore, verifyScore } from '../../cloudauth/material.js';
import { subCodeOf } from '../../lifecycle/outcomes.js';
import { PICTURE_VALIDITY_MS, pictureUrl } from '../../lifecycle/urls.js';
import type { CatalogEntry } from '../catalog.js';
import type { Verification } from '../sessions.js';
import { shapeData } from '../shape.js';
import type { MethodContext, SafResult } from '../types.js';
import { finResult } from './init.js';

/** Data of a finished verification: passed T/F, identityInfo (empty), materialInfo (the picture, as Cloudauth's). */
function finData(ctx: MethodContext, v: Verification, decidedBy: string): SafResult {
  const sub = subCodeOf(v);
  const photo = ctx.deps.photos[v.photo % ctx.deps.photos.length]!;
  const origin = ctx.origin ?? 'http://127.0.0.1';
  const info = materialInfo({
    faceAttack: sub === '205',
    quality: qualityScore(photo),
    verify: verifyScore(photo, `cert:${v.certNumber || v.id}`, sub !== '204'),
    picture: { pictureUrl: pictureUrl(origin, v.id, v.accessKeyId, ctx.deps.now() + PICTURE_VALIDITY_MS), ...ossNames(v.accessKeyId, v.id) },
  });
  const data = { passed: sub === '200' ? 'T' : 'F', identityInfo: '', materialInfo: info };
  return { code: 200, message: 'OK', data: shapeData(ctx.call, ctx.settings, data), decidedBy };
}

/**
 * fin_face_verify query: the result once the verification finished; before that 424 (no submission yet,
 * the same choice as DescribeFaceVerify's); an unknown certifyId, or one of another scene, 406.
 */
export async function finQuery(ctx: MethodContext): Promise<SafResult> {
  const { call, deps } = ctx;
  const sceneId = String(call.params.sceneId);
  const scene = sceneProblem(sceneId);
  if (scene) return finResult(scene.code, scene.reason);
  const id = String(call.params.certifyId);
  const v = await deps.verifications.find(call.accessKeyId, id);
  if (!v || v.product !== 'fin_face_verify') return finResult('406', `no verification ${id} for this AccessKeyId`);
  if (v.sceneId !== sceneId) return finResult('406', `certifyId ${id} belongs to scene ${v.sceneId ?? '?'}`);
  if (v.status === 'pending') return finResult('424', 'the verification is not finished');
  deps.lifecycle.notify(v);
  return finData(ctx, v, 'default');
}

/** query answered with a chosen SubCode entry: the verification's data (or data made up for an unknown id) with that result. */
export async function finQueryWith(entry: CatalogEntry, ctx: MethodContext): Promise<SafResult> {
  const { call, deps } = ctx;
  const id = String(call.params.certifyId ?? '');
  const found = await deps.verifications.find(call.accessKeyId, id);
  const base: Verification = found ?? { id, bizId: '', accessKeyId: call.accessKeyId, flow: 'h5', name: '', certNumber: '', createdAt: deps.now(), status: 'pending', photo: 0, product: 'fin_face_verify' };
  return finData(ctx, { ...base, status: entry.passed === 'T' ? 'passed' : 'failed', outcomeId: entry.id }, entry.id);
}
