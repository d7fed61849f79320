import { findEntry } from '../catalog.js';
import { similarityScore } from '../data-gen.js';
import { checkPhoto, PHOTO_PROBLEM_TEXT } from '../photos.js';
import { shapeData } from '../shape.js';
import type { MethodContext, SafResult } from '../types.js';
import type { JsonObject } from '../../gateway/render.js';
import type { CatalogEntry } from '../catalog.js';

const PASSED = findEntry('Z1140')!;
const BAD_RESOURCE = findEntry('Z1141')!;

/** resourceCode: 8 digits, like the docs' Vietnam `00840000`; anything else is the documented Z1141. */
const RESOURCE_CODE = /^\d{8}$/;

/** The fields of intl's Data for a catalog entry; extInfo only where the comparison ran. */
export function intlData(entry: CatalogEntry, score?: string): JsonObject {
  const intl = entry.intl!;
  const data: JsonObject = {
    passed: String(intl.passed),
    retCode: intl.retCode,
    retCodeSub: intl.retCodeSub,
    retMessage: intl.retMessage,
  };
  if (score !== undefined) data.extInfo = { result: String(intl.passed), score, faceAttack: 'false' };
  return data;
}

/** 100 shows as "100.0" (the docs' sample); other scores with ten decimals ("54.4566324452"). */
export function formatScore(score: number): string {
  return score >= 100 ? '100.0' : score.toFixed(10);
}

/** intl_face_verify: compare the ID photo with the live photo; the same pair always gets the same score. */
export function verify({ call, settings }: MethodContext): SafResult {
  const photos: Buffer[] = [];
  for (const field of ['refFaceContent', 'authFaceContent'] as const) {
    const photo = checkPhoto(String(call.params[field]));
    if (!photo.ok) return { code: 400, message: `${field} ${PHOTO_PROBLEM_TEXT[photo.problem]}`, decidedBy: 'default' };
    photos.push(photo.bytes);
  }
  if (!RESOURCE_CODE.test(String(call.params.resourceCode))) {
    return { code: BAD_RESOURCE.code, message: BAD_RESOURCE.message, data: shapeData(call, settings, intlData(BAD_RESOURCE)), decidedBy: BAD_RESOURCE.id };
  }
  const score = formatScore(similarityScore(photos[0]!, photos[1]!, 60, 99.99));
  return { code: 200, message: 'OK', data: shapeData(call, settings, intlData(PASSED, score)), decidedBy: 'default' };
}
