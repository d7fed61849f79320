import { findEntry } from '../catalog.js';
import { similarityScore } from '../data-gen.js';
import { isValidIdNumber } from '../id-number.js';
import { checkPhoto, PHOTO_PROBLEM_TEXT } from '../photos.js';
import { resultFromEntry, type MethodContext, type SafResult } from '../types.js';
import { shapeData } from '../shape.js';

const INVALID_IDENTITY = findEntry('520')!;

/** match (纯服务端接入): one photo against the identity's reference; the score is fixed by the inputs. */
export function match({ call, settings }: MethodContext): SafResult {
  const certNumber = String(call.params.certNumber);
  const photo = checkPhoto(String(call.params.imgbase64), true);
  if (!photo.ok) return { code: 400, message: `参数imgbase64不合法：imgbase64 ${PHOTO_PROBLEM_TEXT[photo.problem]}`, decidedBy: 'default' };
  if (!isValidIdNumber(certNumber)) return resultFromEntry(INVALID_IDENTITY, settings.codes);
  const score = Math.round(similarityScore(photo.bytes, certNumber + '|' + String(call.params.name), 60, 99.99) * 100) / 100;
  return { code: 200, message: 'OK', data: shapeData(call, settings, { passed: 'true', score }), decidedBy: 'default' };
}
