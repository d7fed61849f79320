import { createHash, createHmac } from 'node:crypto';
import { percentEncode } from './encode.js';
import type { Params } from './params.js';
import { safeEqual, STRING_TO_SIGN_HEAD } from './signature-v1.js';
import type { LargeTexts } from '../large-text.js';
import { HashedText, percentEncodeInSlices, percentEncodeUtf8InSlices, updateInSlices, utf8InSlices } from './slices.js';

export const ACS3_ALGORITHM = 'ACS3-HMAC-SHA256';
export const EMPTY_BODY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

export interface Acs3Authorization {
  readonly algorithm: string;
  readonly accessKeyId: string;
  readonly signedHeaders: readonly string[];
  readonly signature: string;
}

/**
 * Parses `ACS3-HMAC-SHA256 Credential=<ak>,SignedHeaders=<a;b>,Signature=<hex>`.
 * Returns undefined when the header is not of that shape (the caller answers IncompleteSignature).
 */
export function parseAcs3Authorization(header: string): Acs3Authorization | undefined {
  const space = header.indexOf(' ');
  if (space <= 0) return undefined;
  const algorithm = header.slice(0, space);
  const fields = new Map<string, string>();
  for (const part of header.slice(space + 1).split(',')) {
    const eq = part.indexOf('=');
    if (eq <= 0) return undefined;
    fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const accessKeyId = fields.get('Credential');
  const signedHeaders = fields.get('SignedHeaders');
  const signature = fields.get('Signature');
  if (!accessKeyId || signedHeaders === undefined || !signature) return undefined;
  return {
    algorithm,
    accessKeyId,
    signedHeaders: signedHeaders.split(';').map((h) => h.trim().toLowerCase()).filter((h) => h.length > 0),
    signature,
  };
}

export type HeaderLookup = (name: string) => readonly string[] | undefined;

export function sha256Hex(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

export function canonicalRequestV3(input: {
  method: string;
  path: string;
  query: Params;
  headers: HeaderLookup;
  signedHeaders: readonly string[];
  payloadHash: string;
}): string {
  const query = [...input.query.keys()]
    .sort()
    .map((name) => percentEncode(name) + '=' + percentEncode(input.query.get(name) ?? ''))
    .join('&');
  const names = [...input.signedHeaders].sort();
  let headers = '';
  for (const name of names) {
    const values = (input.headers(name) ?? []).map((v) => v.trim()).sort();
    headers += name + ':' + values.join(',') + '\n';
  }
  return [input.method.toUpperCase(), input.path || '/', query, headers, names.join(';'), input.payloadHash].join('\n');
}

/** Past this length a query or header value is encoded and hashed in slices. */
const LONG_VALUE = 64 * 1024;

export interface LargeCanonicalRequest {
  /** sha256Hex of the canonical request. */
  readonly hash: string;
  /** Its first STRING_TO_SIGN_HEAD characters and its length (for the journal). */
  readonly head: string;
}

/**
 * sha256Hex(canonicalRequestV3(…)) for a request of megabytes, with the body's own hash as the payload hash:
 * long values are encoded and hashed a slice at a time, yielding to other requests in between, and the
 * canonical request is never built whole. The same bytes are hashed, so the same hash results.
 */
export async function hashCanonicalRequestV3Large(input: {
  method: string;
  path: string;
  query: Params;
  headers: HeaderLookup;
  signedHeaders: readonly string[];
  body: Uint8Array;
  /** The query's values kept in pieces: encoded from their bytes. */
  large?: LargeTexts;
}): Promise<LargeCanonicalRequest> {
  const payload = createHash('sha256');
  await updateInSlices(payload, input.body);
  const hash = createHash('sha256');
  const hashed = new HashedText(hash, STRING_TO_SIGN_HEAD);
  const feed = hashed.add;
  const feedValue = (value: string, encode: boolean): Promise<void> | void => {
    const text = encode ? input.large?.get(value) : undefined;
    if (text) return percentEncodeUtf8InSlices(text.utf8, false, hashed.addAscii);
    if (value.length <= LONG_VALUE) return feed(encode ? percentEncode(value) : value);
    if (encode) return percentEncodeInSlices(value, false, hashed.addAscii);
    return utf8InSlices(value, (bytes, start, end) => hashed.addUtf8(bytes, value.slice(start, end)));
  };
  feed(input.method.toUpperCase() + '\n' + (input.path || '/') + '\n');
  const queryNames = [...input.query.keys()].sort();
  for (let i = 0; i < queryNames.length; i++) {
    feed((i > 0 ? '&' : '') + percentEncode(queryNames[i]!) + '=');
    await feedValue(input.query.get(queryNames[i]!) ?? '', true);
  }
  feed('\n');
  const names = [...input.signedHeaders].sort();
  for (const name of names) {
    const values = (input.headers(name) ?? []).map((v) => v.trim()).sort();
    feed(name + ':');
    for (let i = 0; i < values.length; i++) {
      if (i > 0) feed(',');
      await feedValue(values[i]!, false);
    }
    feed('\n');
  }
  feed('\n' + names.join(';') + '\n' + payload.digest('hex'));
  return { hash: hash.digest('hex'), head: hashed.headText() };
}

export function stringToSignV3(canonicalRequest: string): string {
  return ACS3_ALGORITHM + '\n' + sha256Hex(canonicalRequest);
}

export function signV3(secret: string, stringToSign: string): string {
  return createHmac('sha256', secret).update(stringToSign, 'utf8').digest('hex');
}

export function verifyV3(secret: string, canonicalRequest: string, signature: string): { ok: boolean; stringToSign: string } {
  const sts = stringToSignV3(canonicalRequest);
  return { ok: safeEqual(signV3(secret, sts), signature.toLowerCase()), stringToSign: sts };
}
