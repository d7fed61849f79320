import { randomUUID } from 'node:crypto';
import { formEncode as encodeForm } from '../../src/gateway/encode.js';
import { formatTimestamp } from '../../src/gateway/replay.js';
import { signV1, stringToSignV1 } from '../../src/gateway/signature-v1.js';
import { canonicalRequestV3, sha256Hex, signV3, stringToSignV3 } from '../../src/gateway/signature-v3.js';

export const AK = 'testAccessKeyId';
export const SECRET = 'testAccessKeySecret';

export function isoNow(offsetMs = 0): string {
  return formatTimestamp(Date.now() + offsetMs);
}

export interface V1Options {
  method?: 'GET' | 'POST';
  where?: 'query' | 'body';
  accessKeyId?: string;
  secret?: string;
  timestamp?: string;
  nonce?: string;
  format?: string | null;
  version?: string;
  action?: string;
  host?: string;
  headers?: Record<string, string>;
  /** Change the params after signing (to prove a tampered request fails). */
  tamper?: (params: Record<string, string>) => void;
}

export function formEncode(params: Record<string, string>): string {
  return encodeForm(Object.entries(params));
}

/** A raw RPC v1 request (URL path + RequestInit) signed as the SDKs sign it. */
export function signedV1(business: Record<string, string>, o: V1Options = {}): { path: string; init: RequestInit } {
  const method = o.method ?? 'POST';
  const params: Record<string, string> = {
    AccessKeyId: o.accessKeyId ?? AK,
    Action: o.action ?? 'ExecuteRequest',
    SignatureMethod: 'HMAC-SHA1',
    SignatureNonce: o.nonce ?? randomUUID(),
    SignatureVersion: '1.0',
    Timestamp: o.timestamp ?? isoNow(),
    Version: o.version ?? '2017-03-31',
    ...business,
  };
  if (o.format !== null) params.Format = o.format ?? 'JSON';
  const map = new Map(Object.entries(params));
  params.Signature = signV1(o.secret ?? SECRET, stringToSignV1(method, map));
  o.tamper?.(params);
  const headers: Record<string, string> = { host: o.host ?? '127.0.0.1', ...(o.headers ?? {}) };
  if ((o.where ?? 'body') === 'body' && method === 'POST') {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    return { path: '/', init: { method, headers, body: formEncode(params) } };
  }
  return { path: '/?' + formEncode(params), init: { method, headers } };
}

export interface V3Options {
  accessKeyId?: string;
  secret?: string;
  date?: string;
  nonce?: string;
  version?: string;
  action?: string;
  host?: string;
  query?: Record<string, string>;
  body?: string;
  contentType?: string;
  headers?: Record<string, string>;
  contentSha256?: string;
}

/** A raw ACS3-HMAC-SHA256 request signed as openapi-client signs it. */
export function signedV3(o: V3Options = {}): { path: string; init: RequestInit } {
  const body = o.body ?? '';
  const headers: Record<string, string> = {
    host: o.host ?? '127.0.0.1',
    'x-acs-action': o.action ?? 'ExecuteRequest',
    'x-acs-version': o.version ?? '2019-05-21',
    'x-acs-date': o.date ?? isoNow(),
    'x-acs-signature-nonce': o.nonce ?? randomUUID().replace(/-/g, ''),
    'x-acs-content-sha256': o.contentSha256 ?? sha256Hex(body),
    accept: 'application/json',
    ...(body ? { 'content-type': o.contentType ?? 'application/json; charset=utf-8' } : {}),
    ...(o.headers ?? {}),
  };
  const query = new Map(Object.entries(o.query ?? {}));
  const signed = Object.keys(headers)
    .filter((h) => h === 'host' || h === 'content-type' || h.startsWith('x-acs-'))
    .sort();
  const canonical = canonicalRequestV3({
    method: 'POST',
    path: '/',
    query,
    headers: (n) => (headers[n] === undefined ? undefined : [headers[n]!]),
    signedHeaders: signed,
    payloadHash: headers['x-acs-content-sha256']!,
  });
  const signature = signV3(o.secret ?? SECRET, stringToSignV3(canonical));
  headers.authorization = `ACS3-HMAC-SHA256 Credential=${o.accessKeyId ?? AK},SignedHeaders=${signed.join(';')},Signature=${signature}`;
  const qs = formEncode(Object.fromEntries(query));
  return { path: qs ? '/?' + qs : '/', init: { method: 'POST', headers, body: body || undefined } };
}
