import { callbackUrlProblem, certNoProblem, nameProblem, sceneProblem } from './checks.js';
import { readPicture } from './pictures.js';
import { codeResult, success, type CloudauthContext, type CloudauthResult } from './types.js';
import { cloudauthParamsContract, validateContract } from './validate.js';
import { certifyUrl } from '../lifecycle/urls.js';

/** Identity checks apply where the ProductCode requires the identity, or when it is given anyway. */
function identityProblem(ctx: CloudauthContext): CloudauthResult | undefined {
  const p = ctx.call.params;
  if (p.EncryptType === 'SM2') return undefined; // cipher text: the mock does not decrypt SM2
  if (p.CertName !== undefined && p.CertName !== '') {
    const bad = nameProblem(p.CertName);
    if (bad) return codeResult('cloudauth.401', bad);
  }
  if (p.CertNo !== undefined && p.CertNo !== '') {
    const bad = certNoProblem(p.CertNo, ctx.deps.now());
    if (bad) return codeResult(`cloudauth.${bad.code}`, bad.reason);
  }
  return undefined;
}

function metaInfoProblem(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  try {
    const parsed: unknown = JSON.parse(value);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? undefined : 'MetaInfo is not a JSON object';
  } catch {
    return 'MetaInfo is not JSON';
  }
}

/**
 * InitFaceVerify: validate per ProductCode, then create a pending verification (30 minutes, one submission)
 * whose CertifyUrl is the mock's simulated page.
 */
export async function initFaceVerify(ctx: CloudauthContext): Promise<CloudauthResult> {
  const { call, deps } = ctx;
  const p = call.params;
  const invalid = validateContract(cloudauthParamsContract('InitFaceVerify'), p) ?? validateContract(cloudauthParamsContract('InitFaceVerify', p.ProductCode), p);
  if (invalid) return invalid;
  const scene = sceneProblem(p.SceneId!);
  if (scene) return codeResult(`cloudauth.${scene.code}`, scene.reason);
  const identity = identityProblem(ctx);
  if (identity) return identity;
  const meta = metaInfoProblem(p.MetaInfo);
  if (meta) return codeResult('cloudauth.401', meta);
  if (p.CallbackUrl !== undefined && p.CallbackUrl !== '') {
    const bad = callbackUrlProblem(p.CallbackUrl);
    if (bad) return codeResult('cloudauth.401', bad);
  }
  const picture = await readPicture(p, { required: p.ProductCode === 'PV_FV', accessKeyId: call.accessKeyId, verifications: deps.verifications, photos: deps.photos });
  if (!picture.ok) return codeResult(`cloudauth.${picture.problem.code}`, picture.problem.reason);

  const scope = call.accessKeyId;
  const id = deps.data.verificationId(scope);
  const photo = picture.picture?.photo ?? parseInt(id.slice(0, 8), 16) % deps.photos.length;
  const v = await deps.verifications.create({
    id,
    bizId: p.OuterOrderNo!,
    accessKeyId: scope,
    flow: 'h5',
    name: p.CertName ?? '',
    certNumber: p.CertNo ?? '',
    photo,
    product: 'cloudauth',
    sceneId: p.SceneId,
    returnUrl: p.ReturnUrl,
    callbackUrl: p.CallbackUrl || undefined,
    callbackToken: p.CallbackToken || undefined,
    productCode: p.ProductCode,
  });
  deps.lifecycle.created(v);
  if (ctx.carry?.subCode !== undefined) await deps.lifecycle.completeWith(v, ctx.carry.id);
  return success({ CertifyId: id, CertifyUrl: certifyUrl(call.origin, id, scope) });
}
