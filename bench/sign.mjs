// RPC v1 (HMAC-SHA1) signing for the bench, node built-ins only. It mirrors src/gateway/signature-v1.ts and
// test/helpers/sign.ts, but is written independently so the bench also cross-checks the mock's verifier.
import { createHmac, randomUUID } from 'node:crypto';

export const AK = 'testAccessKeyId';
export const SECRET = 'testAccessKeySecret';

export const INIT_SERVICE_PARAMETERS = JSON.stringify({
  method: 'init',
  name: '张三',
  certNumber: '11010519491231002X',
  metainfo: '{}',
});

/** RFC 3986 percent-encoding as the Alibaba Cloud SDKs sign. */
export function percentEncode(value) {
  return encodeURIComponent(value).replace(/[!'()*]/g, (ch) => '%' + ch.charCodeAt(0).toString(16).toUpperCase());
}

/** `2026-01-01T00:00:00Z` (no milliseconds, as the SDKs send). */
export function isoNow(ms = Date.now()) {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * A factory for signed POST form bodies of one fixed request with a fresh SignatureNonce and the current
 * Timestamp each time. Everything that does not depend on nonce/timestamp is encoded once up front:
 * per request there is one randomUUID, one HMAC-SHA1 and a few string concatenations.
 */
export function signedFormFactory({ accessKeyId = AK, secret = SECRET, business, format = 'JSON', version = '2017-03-31', action = 'ExecuteRequest' } = {}) {
  const fixed = {
    AccessKeyId: accessKeyId,
    Action: action,
    Format: format,
    SignatureMethod: 'HMAC-SHA1',
    SignatureVersion: '1.0',
    Version: version,
    ...business,
  };
  const names = [...Object.keys(fixed), 'SignatureNonce', 'Timestamp'].sort();
  // Split the sorted canonical query around the two variable values.
  const parts = []; // [literal, 'SignatureNonce' | 'Timestamp', literal, ...]
  let literal = '';
  for (const [i, name] of names.entries()) {
    literal += (i > 0 ? '&' : '') + percentEncode(name) + '=';
    if (name === 'SignatureNonce' || name === 'Timestamp') {
      parts.push(literal, name);
      literal = '';
    } else {
      literal += percentEncode(fixed[name]);
    }
  }
  parts.push(literal);
  // The string-to-sign encodes the canonical query once more: pre-encode the literal pieces too.
  const stsParts = parts.map((p, i) => (i % 2 === 0 ? percentEncode(p) : p));
  const stsPrefix = 'POST&' + percentEncode('/') + '&';
  const hmacKey = secret + '&';

  let tsSecond = -1;
  let ts = '';
  let tsEnc = '';
  let tsEnc2 = '';

  return function next() {
    const now = Date.now();
    const second = Math.floor(now / 1000);
    if (second !== tsSecond) {
      tsSecond = second;
      ts = isoNow(second * 1000);
      tsEnc = percentEncode(ts);
      tsEnc2 = percentEncode(tsEnc);
    }
    // A UUID has only unreserved characters: it is its own percent-encoding.
    const nonce = randomUUID();
    let sts = stsPrefix;
    let body = '';
    for (let i = 0; i < parts.length; i++) {
      if (i % 2 === 0) {
        sts += stsParts[i];
        body += parts[i];
      } else if (parts[i] === 'SignatureNonce') {
        sts += nonce;
        body += nonce;
      } else {
        sts += tsEnc2;
        body += tsEnc;
      }
    }
    const signature = createHmac('sha1', hmacKey).update(sts, 'utf8').digest('base64');
    body += '&Signature=' + percentEncode(signature);
    return { body, nonce, timestamp: ts, stringToSign: sts };
  };
}

export const initFormFactory = () =>
  signedFormFactory({ business: { Service: 'face_verify', ServiceParameters: INIT_SERVICE_PARAMETERS } });

/** Cloudauth InitFaceVerify (Version 2019-03-07, ProductCode ID_PRO), signed the same way (RPC v1, form body). */
export const CLOUDAUTH_INIT_PARAMS = {
  SceneId: '1000000006',
  OuterOrderNo: 'e0c34a77f5ac40a5aa5e6ed20c353888',
  ProductCode: 'ID_PRO',
  Model: 'LIVENESS',
  CertType: 'IDENTITY_CARD',
  CertName: '张三',
  CertNo: '11010519491231002X',
  MetaInfo: '{"zimVer":"3.0.0","deviceType":"h5"}',
  ReturnUrl: 'https://www.aliyun.com',
};
export const cloudauthInitFormFactory = () => signedFormFactory({ action: 'InitFaceVerify', version: '2019-03-07', business: CLOUDAUTH_INIT_PARAMS });
