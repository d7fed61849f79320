import { sceneProblem } from './checks.js';
import { deviceToken, materialInfo, ossNames, qualityScore, verifyScore } from './material.js';
import { codeResult, success, type CloudauthContext, type CloudauthResult } from './types.js';
import { cloudauthParamsContract, validateContract } from './validate.js';
import { subCodeOf } from '../lifecycle/outcomes.js';
import { PICTURE_VALIDITY_MS, pictureUrl } from '../lifecycle/urls.js';
import type { Verification } from '../saf/sessions.js';

/** ID_PRO and PV_FV compare the face with a reference, so their MaterialInfo has a verifyScore. */
const COMPARES = new Set(['ID_PRO', 'PV_FV']);

/** The result of a finished verification, as DescribeFaceVerify returns it. */
export function describeResult(ctx: CloudauthContext, v: Verification): CloudauthResult {
  const { call, deps } = ctx;
  const subCode = subCodeOf(v);
  const passed = subCode === '200';
  const photo = deps.photos[v.photo % deps.photos.length]!;
  const reference = `cert:${v.certNumber || v.id}`;
  const names = ossNames(v.accessKeyId, v.id);
  const info = materialInfo({
    faceAttack: subCode === '205',
    quality: qualityScore(photo),
    verify: COMPARES.has(v.productCode ?? '') ? verifyScore(photo, reference, subCode !== '204') : undefined,
    picture: { pictureUrl: pictureUrl(call.origin, v.id, v.accessKeyId, deps.now() + PICTURE_VALIDITY_MS), ...names },
  });
  return success({
    SubCode: subCode,
    Passed: passed ? 'T' : 'F',
    IdentityInfo: 'null',
    DeviceToken: deviceToken(v.id),
    DeviceRisk: '',
    Success: 'True',
    UserInfo: '',
    MaterialInfo: info,
  });
}

/**
 * DescribeFaceVerify: the verification's result once finished. Before that the mock answers 424 (no
 * submission record yet; the README lists this choice over 403); an unknown CertifyId, or one of another
 * scene, is 406.
 */
export async function describeFaceVerify(ctx: CloudauthContext): Promise<CloudauthResult> {
  const { call, deps } = ctx;
  const p = call.params;
  const invalid = validateContract(cloudauthParamsContract('DescribeFaceVerify'), p);
  if (invalid) return invalid;
  const scene = sceneProblem(p.SceneId!);
  if (scene) return codeResult(`cloudauth.${scene.code}`, scene.reason);
  const v = await deps.verifications.find(call.accessKeyId, p.CertifyId!);
  if (!v || v.product !== 'cloudauth') return codeResult('cloudauth.406', `no verification ${p.CertifyId} for this AccessKeyId`);
  if (v.sceneId !== undefined && v.sceneId !== p.SceneId) return codeResult('cloudauth.406', `CertifyId ${v.id} belongs to scene ${v.sceneId}`);
  if (v.status === 'pending') return codeResult('cloudauth.424', 'the verification is not finished');
  deps.lifecycle.notify(v);
  return describeResult(ctx, v);
}
