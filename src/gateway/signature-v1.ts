import { createHmac, timingSafeEqual } from 'node:crypto';
import { percentEncode, percentEncodeTwice } from './encode.js';
import type { Params } from './params.js';

/** RPC v1 string-to-sign: METHOD&%2F&enc(sorted k=v pairs), every parameter except Signature. */
export function stringToSignV1(method: string, params: Params): string {
  const names = [...params.keys()].filter((name) => name !== 'Signature').sort();
  // enc(k1=v1&k2=v2) = enc(enc(k1))%3Denc(enc(v1))%26…: each value is encoded twice directly, never the
  // joined canonical query (linear and small for a 16 MB photo in the URL).
  const canonical = names.map((name) => percentEncodeTwice(name) + '%3D' + percentEncodeTwice(params.get(name) ?? '')).join('%26');
  return method.toUpperCase() + '&' + percentEncode('/') + '&' + canonical;
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
