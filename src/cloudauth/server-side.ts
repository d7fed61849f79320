/**
 * The synchronous server-side actions: ContrastFaceVerify (face vs the ID photo on record), CompareFaceVerify
 * (two pictures), LivenessFaceVerify (silent liveness). Scores are fixed by the pictures, so the same request
 * always gets the same answer; each call is recorded as a finished verification (its CertifyId can be reused).
 */
import type { CloudauthEntry } from './catalog.js';
import { certNoProblem, nameProblem, sceneProblem } from './checks.js';
import { materialInfo, qualityScore, roundScore, verifyScore } from './material.js';
import { readPicture, type Picture } from './pictures.js';
import { codeResult, success, type CloudauthContext, type CloudauthResult } from './types.js';
import { cloudauthParamsContract, validateContract } from './validate.js';
import type { CloudauthAction } from './catalog.js';

type Checked = { ok: true; picture: Picture } | { ok: false; result: CloudauthResult };

function common(ctx: CloudauthContext, action: CloudauthAction): CloudauthResult | undefined {
  const invalid = validateContract(cloudauthParamsContract(action), ctx.call.params);
  if (invalid) return invalid;
  const scene = sceneProblem(ctx.call.params.SceneId!);
  return scene ? codeResult(`cloudauth.${scene.code}`, scene.reason) : undefined;
}

async function picture(ctx: CloudauthContext, prefix = '', extra?: string): Promise<Checked> {
  const { call, deps } = ctx;
  const read = await readPicture(call.params, { prefix, required: true, accessKeyId: call.accessKeyId, verifications: deps.verifications, photos: deps.photos, extra });
  if (!read.ok) return { ok: false, result: codeResult(`cloudauth.${read.problem.code}`, read.problem.reason) };
  return { ok: true, picture: read.picture! };
}

/** The SubCode a scenario chose (a SubCode entry), or 200. */
function chosenSubCode(entry: CloudauthEntry | undefined): string {
  return entry?.subCode ?? '200';
}

async function record(ctx: CloudauthContext, productCode: string, subCode: string, photo: number | undefined): Promise<string> {
  const { call, deps } = ctx;
  const v = await deps.verifications.createNew(() => {
    const id = deps.data.verificationId(call.accessKeyId);
    return {
    id,
    bizId: call.params.OuterOrderNo ?? '',
    accessKeyId: call.accessKeyId,
    flow: 'h5',
    name: call.params.CertName ?? '',
    certNumber: call.params.CertNo ?? '',
    photo: photo ?? parseInt(id.slice(0, 8), 16) % deps.photos.length,
    product: 'cloudauth',
    sceneId: call.params.SceneId,
    productCode,
    };
  });
  await deps.lifecycle.completeWith(v, subCode);
  return v.id;
}

export async function contrastFaceVerify(ctx: CloudauthContext, entry?: CloudauthEntry): Promise<CloudauthResult> {
  const invalid = await common(ctx, 'ContrastFaceVerify');
  if (invalid) return invalid;
  const p = ctx.call.params;
  if (p.EncryptType !== 'SM2') {
    const name = nameProblem(p.CertName!);
    if (name) return codeResult('cloudauth.401', name);
    const cert = certNoProblem(p.CertNo!, ctx.deps.now());
    if (cert) return codeResult(`cloudauth.${cert.code}`, cert.reason);
  }
  const pic = await picture(ctx, '', 'FaceContrastFile');
  if (!pic.ok) return pic.result;
  const subCode = chosenSubCode(entry);
  const certifyId = await record(ctx, 'ID_MIN', subCode, pic.picture.photo);
  const verify = verifyScore(pic.picture.material, `cert:${p.CertNo}`, subCode !== '204');
  return verificationResult(certifyId, subCode, pic.picture, entry, { verify, identityInfo: true });
}

/** ResultObject of Contrast/Liveness: the verification's result and its MaterialInfo (a JSON string). */
function verificationResult(certifyId: string, subCode: string, picture: Picture, entry: CloudauthEntry | undefined, opts: { verify?: number; identityInfo?: boolean }): CloudauthResult {
  const info = materialInfo({ faceAttack: subCode === '205', quality: qualityScore(picture.material), verify: opts.verify });
  const result = { CertifyId: certifyId, Passed: subCode === '200' ? 'T' : 'F', SubCode: subCode, ...(opts.identityInfo ? { IdentityInfo: 'null' } : {}), MaterialInfo: info };
  return success(result, entry?.id ?? 'default');
}

export async function compareFaceVerify(ctx: CloudauthContext, entry?: CloudauthEntry): Promise<CloudauthResult> {
  const invalid = await common(ctx, 'CompareFaceVerify');
  if (invalid) return invalid;
  const source = await picture(ctx, 'Source');
  if (!source.ok) return source.result;
  const target = await picture(ctx, 'Target');
  if (!target.ok) return target.result;
  const subCode = chosenSubCode(entry);
  const passed = subCode === '200';
  const certifyId = await record(ctx, 'PV_FC', subCode, source.picture.photo);
  const score = roundScore(verifyScore(source.picture.material, target.picture.material, passed));
  return success({ CertifyId: certifyId, Passed: passed ? 'T' : 'F', VerifyScore: score }, entry?.id ?? 'default');
}

export async function livenessFaceVerify(ctx: CloudauthContext, entry?: CloudauthEntry): Promise<CloudauthResult> {
  const invalid = await common(ctx, 'LivenessFaceVerify');
  if (invalid) return invalid;
  const pic = await picture(ctx);
  if (!pic.ok) return pic.result;
  const subCode = chosenSubCode(entry);
  const certifyId = await record(ctx, 'LR_FR_MIN', subCode, pic.picture.photo);
  return verificationResult(certifyId, subCode, pic.picture, entry, {});
}
