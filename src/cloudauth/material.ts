/**
 * Deterministic result data: scores from the pictures (as intl_face_verify's), OSS names from the key,
 * device tokens from the CertifyId. The same inputs always give the same answer.
 */
import { createHash } from 'node:crypto';
import type { JsonObject } from '../gateway/render.js';
import { similarityScore } from '../saf/data-gen.js';

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/** A 16-digit account uid per AccessKeyId, as in the docs' bucket `cn-shanghai-aliyun-cloudauth-1260051251634779`. */
export function accountUid(accessKeyId: string): string {
  const n = digest(`uid:${accessKeyId}`).readBigUInt64BE(0) % 10n ** 15n;
  return '1' + n.toString().padStart(15, '0');
}

export function ossNames(accessKeyId: string, certifyId: string): { ossBucketName: string; ossObjectName: string } {
  const uid = accountUid(accessKeyId);
  return { ossBucketName: `cn-shanghai-aliyun-cloudauth-${uid}`, ossObjectName: `verify/${uid}/${certifyId}.jpeg` };
}

/** 46 URL-safe characters, the length of the docs' DeviceToken. */
export function deviceToken(certifyId: string): string {
  return digest(`device:${certifyId}`).toString('base64url').slice(0, 43) + 'xxx';
}

export function qualityScore(picture: Uint8Array | string): number {
  return similarityScore(picture, 'quality', 60, 99.9);
}

/**
 * How well the face matches the reference (the ID photo on record, or the other picture): passed results
 * score 80–99.99, a face-mismatch result (SubCode 204) 10–60; identical pictures score 100.
 */
export function verifyScore(picture: Uint8Array | string, reference: Uint8Array | string, passed: boolean): number {
  return passed ? similarityScore(picture, reference, 80, 99.99) : similarityScore(picture, reference, 10, 60);
}

/** CompareFaceVerify's VerifyScore: a number with five decimals, like the docs' 99.60875. */
export function roundScore(score: number): number {
  return Math.round(score * 100000) / 100000;
}

/** MaterialInfo, a JSON-encoded string as the service sends it. */
export function materialInfo(opts: { faceAttack: boolean; quality: number; verify?: number; picture?: { pictureUrl: string; ossBucketName: string; ossObjectName: string } }): string {
  const front: JsonObject = { qualityScore: opts.quality };
  if (opts.verify !== undefined) front.verifyScore = opts.verify;
  if (opts.picture) Object.assign(front, opts.picture);
  return JSON.stringify({ faceAttack: opts.faceAttack ? 'T' : 'F', facialPictureFront: front });
}
