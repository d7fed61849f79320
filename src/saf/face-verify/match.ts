import { findEntry } from '../catalog.js';
import { createHash } from 'node:crypto';
import { updateInSlices } from '../../gateway/slices.js';
import { similarityOfDigests } from '../data-gen.js';
import { isValidIdNumber } from '../id-number.js';
import { checkPhoto, checkPhotoInSlices, LONG_PHOTO, PHOTO_PROBLEM_TEXT, type PhotoProblem } from '../photos.js';
import { resultFromEntry, type MethodContext, type SafResult } from '../types.js';
import { shapeData } from '../shape.js';

const INVALID_IDENTITY = findEntry('520')!;

/** match (纯服务端接入): one photo against the identity's reference; the score is fixed by the inputs. */
export function match(ctx: MethodContext): SafResult | Promise<SafResult> {
  const value = String(ctx.call.params.imgbase64);
  // A photo of megabytes is checked and hashed in slices that let other requests run: the same answer.
  if (value.length > LONG_PHOTO) return matchLarge(ctx, value);
  const photo = checkPhoto(value, true);
  if (!photo.ok) return photoRefused(photo.problem);
  return identityRefused(ctx) ?? scored(ctx, createHash('sha256').update(photo.bytes).digest('hex'));
}

async function matchLarge(ctx: MethodContext, value: string): Promise<SafResult> {
  const photo = await checkPhotoInSlices(value, true, ctx.large?.get(value));
  if (!photo.ok) return photoRefused(photo.problem);
  const refused = identityRefused(ctx);
  if (refused) return refused;
  const hash = createHash('sha256');
  await updateInSlices(hash, photo.bytes);
  return scored(ctx, hash.digest('hex'));
}

function photoRefused(problem: PhotoProblem): SafResult {
  return { code: 400, message: `参数imgbase64不合法：imgbase64 ${PHOTO_PROBLEM_TEXT[problem]}`, decidedBy: 'default' };
}

function identityRefused({ call, settings }: MethodContext): SafResult | undefined {
  return isValidIdNumber(String(call.params.certNumber)) ? undefined : resultFromEntry(INVALID_IDENTITY, settings.codes);
}

/** The score from the photo's SHA-256 (similarityScore, with the photo's half hashed by the caller). */
function scored({ call, settings }: MethodContext, photoDigest: string): SafResult {
  const identity = createHash('sha256').update(String(call.params.certNumber) + '|' + String(call.params.name)).digest('hex');
  const score = Math.round(similarityOfDigests(photoDigest, identity, 60, 99.99) * 100) / 100;
  return { code: 200, message: 'OK', data: shapeData(call, settings, { passed: 'true', score }), decidedBy: 'default' };
}
