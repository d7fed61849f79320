/**
 * Picture sources of the financial-grade actions: exactly one of a base64 JPEG, a URL, an earlier CertifyId
 * or an OSS bucket+object. What a source is checked for, and the bytes (or reference) the scores come from.
 */
import { checkPhoto } from '../saf/photos.js';
import { httpUrlProblem } from './checks.js';
import type { Verifications } from '../saf/sessions.js';

/** The documented limit: photos under 1 MB. */
export const MAX_PICTURE_BYTES = 1024 * 1024;

export type PictureProblem = { code: '400' | '401' | '419' | '420' | '421' | '423'; reason: string };

export interface Picture {
  /** What the scores are computed from: the JPEG's bytes, or the reference text for URL/OSS sources. */
  readonly material: Uint8Array | string;
  /** Index of the fixture photo this picture plays, when it is one of ours (a reused CertifyId). */
  readonly photo?: number;
}

/** `FaceContrastPicture`… with an optional prefix (`Source`/`Target` in CompareFaceVerify). */
function fields(prefix: string) {
  return {
    base64: `${prefix}FaceContrastPicture`,
    url: `${prefix}FaceContrastPictureUrl`,
    certifyId: `${prefix}CertifyId`,
    bucket: `${prefix}OssBucketName`,
    object: `${prefix}OssObjectName`,
  };
}

function present(params: Readonly<Record<string, string>>, name: string): boolean {
  return params[name] !== undefined && params[name] !== '';
}

/**
 * The one picture source of a request. `required` false: no source is fine (InitFaceVerify ID_PRO).
 * `extra` names another accepted field (ContrastFaceVerify's FaceContrastFile, set by the SDK's upload helper).
 */
export async function readPicture(
  params: Readonly<Record<string, string>>,
  opts: { prefix?: string; required: boolean; accessKeyId: string; verifications: Verifications; photos: readonly Buffer[]; extra?: string },
): Promise<{ ok: true; picture?: Picture } | { ok: false; problem: PictureProblem }> {
  const f = fields(opts.prefix ?? '');
  const given = [f.base64, f.url, f.certifyId, f.bucket, ...(opts.extra ? [opts.extra] : [])].filter((n) => present(params, n));
  if (present(params, f.object) && !present(params, f.bucket)) return { ok: false, problem: { code: '400', reason: `${f.object} needs ${f.bucket}` } };
  if (present(params, f.bucket) && !present(params, f.object)) return { ok: false, problem: { code: '400', reason: `${f.bucket} needs ${f.object}` } };
  if (given.length > 1) return { ok: false, problem: { code: '420', reason: `more than one picture source: ${given.join(', ')}` } };
  if (given.length === 0) {
    if (!opts.required) return { ok: true };
    return { ok: false, problem: { code: '400', reason: `one picture source is required: ${f.base64}, ${f.url}, ${f.certifyId} or ${f.bucket}+${f.object}` } };
  }
  const name = given[0]!;
  const value = params[name]!;
  if (name === f.base64) {
    const photo = checkPhoto(value);
    if (!photo.ok) return { ok: false, problem: { code: '419', reason: `${name} is not a base64 JPEG (${photo.problem})` } };
    if (photo.bytes.length > MAX_PICTURE_BYTES) return { ok: false, problem: { code: '421', reason: `${name} is ${photo.bytes.length} bytes (limit 1 MB)` } };
    return { ok: true, picture: { material: photo.bytes } };
  }
  if (name === f.certifyId) {
    const earlier = await opts.verifications.find(opts.accessKeyId, value);
    if (!earlier || earlier.product !== 'cloudauth' || earlier.status !== 'passed') {
      return { ok: false, problem: { code: '423', reason: `${name} ${value} is not a passed verification of this AccessKeyId` } };
    }
    return { ok: true, picture: { material: opts.photos[earlier.photo % opts.photos.length]!, photo: earlier.photo } };
  }
  if (name === f.url || name === opts.extra) {
    const problem = httpUrlProblem(name, value);
    if (problem) return { ok: false, problem: { code: '401', reason: problem } };
    return { ok: true, picture: { material: `url:${value}` } };
  }
  return { ok: true, picture: { material: `oss:${params[f.bucket]}/${params[f.object]}` } };
}
