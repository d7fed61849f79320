import { createHmac, timingSafeEqual } from 'node:crypto';
import { percentEncode } from './encode.js';
import type { Params } from './params.js';

/** RPC v1 string-to-sign: METHOD&%2F&enc(sorted k=v pairs), every parameter except Signature. */
export function stringToSignV1(method: string, params: Params): string {
  const names = [...params.keys()].filter((name) => name !== 'Signature').sort();
  const canonical = names.map((name) => percentEncode(name) + '=' + percentEncode(params.get(name) ?? '')).join('&');
  return method.toUpperCase() + '&' + percentEncode('/') + '&' + percentEncode(canonical);
}

/** Base64 HMAC-SHA1 keyed with `secret + "&"`, as every SDK signs. */
export function signV1(secret: string, stringToSign: string): string {
  return createHmac('sha1', secret + '&').update(stringToSign, 'utf8').digest('base64');
}

/** Compares in constant time; a length difference is a mismatch, not an exception. */
export function safeEqual(expected: string, given: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(given, 'utf8');
  if (a.length !== b.length) {
    timingSafeEqual(a, a);
    return false;
  }
  return timingSafeEqual(a, b);
}

export interface V1Verification {
  readonly ok: boolean;
  readonly stringToSign: string;
}

export function verifyV1(method: string, params: Params, secret: string, signature: string): V1Verification {
  const sts = stringToSignV1(method, params);
  return { ok: safeEqual(signV1(secret, sts), signature), stringToSign: sts };
}
