import { createHmac, timingSafeEqual } from 'node:crypto';
import { percentEncode, percentEncodeTwice } from './encode.js';
import type { Params } from './params.js';
import type { LargeTexts } from '../large-text.js';
import { HashedText, percentEncodeInSlices, percentEncodeUtf8InSlices } from './slices.js';

/** RPC v1 string-to-sign: METHOD&%2F&enc(sorted k=v pairs), every parameter except Signature. */
export function stringToSignV1(method: string, params: Params): string {
  const names = [...params.keys()].filter((name) => name !== 'Signature').sort();
  // enc(k1=v1&k2=v2) = enc(enc(k1))%3Denc(enc(v1))%26…: each value is encoded twice directly, never the
  // joined canonical query (linear and small for a 16 MB photo in the URL).
  const canonical = names.map((name) => percentEncodeTwice(name) + '%3D' + percentEncodeTwice(params.get(name) ?? '')).join('%26');
  return method.toUpperCase() + '&' + percentEncode('/') + '&' + canonical;
}

/** Past this length a value is encoded and signed in slices (signV1Large). */
const LONG_VALUE = 64 * 1024;
/** How much of a large request's string-to-sign is echoed and journalled (README: hardening). */
export const STRING_TO_SIGN_HEAD = 64 * 1024;

export interface LargeSignature {
  readonly signature: string;
  /** The string-to-sign's first STRING_TO_SIGN_HEAD characters and its length (TextHead). */
  readonly stringToSign: string;
}

/**
 * signV1(secret, stringToSignV1(method, params)) for a request of megabytes, without building the
 * string-to-sign: long values are encoded twice on bytes and fed to the HMAC a slice at a time, yielding to
 * other requests in between. The same bytes are signed, so the same signature results.
 */
export async function signV1Large(secret: string, method: string, params: Params, large?: LargeTexts): Promise<LargeSignature> {
  const hmac = createHmac('sha1', secret + '&');
  const signed = new HashedText(hmac, STRING_TO_SIGN_HEAD);
  signed.add(method.toUpperCase() + '&' + percentEncode('/') + '&');
  const names = [...params.keys()].filter((name) => name !== 'Signature').sort();
  for (let i = 0; i < names.length; i++) {
    const value = params.get(names[i]!) ?? '';
    signed.add((i > 0 ? '%26' : '') + percentEncodeTwice(names[i]!) + '%3D');
    const text = large?.get(value);
    // A LargeText is encoded from its bytes: its string is never flattened.
    if (text) await percentEncodeUtf8InSlices(text.utf8, true, signed.addAscii);
    else if (value.length <= LONG_VALUE) signed.add(percentEncodeTwice(value));
    else await percentEncodeInSlices(value, true, signed.addAscii);
  }
  return { signature: hmac.digest('base64'), stringToSign: signed.headText() };
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
