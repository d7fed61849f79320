import type { ApiKey, ApiTable } from './api-table.js';
import type { AccessKey, CredentialStore } from './credentials.js';
import { GatewayError, gatewayError, missingParam } from './errors.js';
import type { Params } from './params.js';
import { checkTimestamp, type NonceStore } from './replay.js';
import { stringToSignV1, signV1, safeEqual } from './signature-v1.js';
import { ACS3_ALGORITHM, canonicalRequestV3, parseAcs3Authorization, sha256Hex, signV3, stringToSignV3, type HeaderLookup } from './signature-v3.js';
import type { Scheme } from '../journal.js';

export interface AuthInput {
  readonly httpMethod: string;
  readonly path: string;
  /** Query ∪ form body, decoded (v1 signs all of them). */
  readonly params: Params;
  /** Query only (v3 signs only the query; the body is covered by its hash). */
  readonly query: Params;
  readonly header: (name: string) => string | undefined;
  readonly headerValues: HeaderLookup;
  readonly body: Uint8Array;
}

export interface AuthPolicy<E extends ApiKey> {
  /** The API lookup, done after the required parameters and before the key (gateway order). */
  readonly apis: ApiTable<E>;
  readonly credentials: CredentialStore;
  readonly nonces: NonceStore;
  readonly now: () => number;
  readonly timestampWindowMs: number;
}

export interface Authenticated<E extends ApiKey> {
  readonly scheme: Exclude<Scheme, 'none'>;
  readonly accessKey: AccessKey;
  readonly action: string;
  readonly version: string;
  /** The API the request's Action + Version named. */
  readonly api: E;
}

/** What a rejected request already revealed, for the journal. */
export interface AuthTrace {
  scheme: Scheme;
  accessKeyId: string | null;
  action: string | null;
  version: string | null;
  stringToSign?: string;
  /** ACS3 only: the canonical request whose hash was signed (the useful half when debugging). */
  canonicalRequest?: string;
}

function required(value: string | undefined, name: string): string {
  if (value === undefined || value === '') throw new GatewayError(missingParam(name));
  return value;
}

function findKey<E extends ApiKey>(policy: AuthPolicy<E>, id: string): AccessKey {
  const key = policy.credentials.find(id);
  if (!key) throw gatewayError('InvalidAccessKeyIdNotFound');
  return key;
}

/** Claimed until the request's own Timestamp leaves the window (a full store throws Throttling.User). */
function useNonce<E extends ApiKey>(policy: AuthPolicy<E>, key: AccessKey, nonce: string, timestampMs: number): void {
  if (!policy.nonces.claim(key.id, nonce, timestampMs, policy.now())) throw gatewayError('SignatureNonceUsed');
}

/**
 * RPC v1: Missing params → API lookup → AccessKeyId → SignatureMethod → Timestamp → Signature → nonce.
 * The nonce is recorded only once the signature verified, so a forged request cannot burn a real one.
 */
export function authenticateV1<E extends ApiKey>(input: AuthInput, policy: AuthPolicy<E>, trace: AuthTrace): Authenticated<E> {
  const p = input.params;
  trace.scheme = 'HMAC-SHA1';
  trace.accessKeyId = p.get('AccessKeyId') ?? null;
  trace.action = p.get('Action') ?? null;
  trace.version = p.get('Version') ?? null;
  const action = required(p.get('Action'), 'Action');
  const version = required(p.get('Version'), 'Version');
  const accessKeyId = required(p.get('AccessKeyId'), 'AccessKeyId');
  const signature = required(p.get('Signature'), 'Signature');
  const signatureMethod = required(p.get('SignatureMethod'), 'SignatureMethod');
  const timestamp = required(p.get('Timestamp'), 'Timestamp');
  const nonce = required(p.get('SignatureNonce'), 'SignatureNonce');
  const api = policy.apis.find(action, version);
  const key = findKey(policy, accessKeyId);
  if (signatureMethod !== 'HMAC-SHA1') throw gatewayError('InvalidSignatureMethod');
  if (required(p.get('SignatureVersion'), 'SignatureVersion') !== '1.0') {
    throw new GatewayError({ code: 'InvalidSignatureVersion', status: 400, message: 'Specified signature version is not valid.', confirmed: false });
  }
  const timestampMs = checkTimestamp(timestamp, policy.now(), policy.timestampWindowMs);
  const sts = stringToSignV1(input.httpMethod, p);
  trace.stringToSign = sts;
  if (!safeEqual(signV1(key.secret, sts), signature)) throw gatewayError('SignatureDoesNotMatch', { detail: sts, stringToSign: sts });
  useNonce(policy, key, nonce, timestampMs);
  return { scheme: 'HMAC-SHA1', accessKey: key, action, version, api };
}

/** ACS3-HMAC-SHA256: the same checks, with action, version, date and nonce taken from the x-acs-* headers. */
export function authenticateV3<E extends ApiKey>(input: AuthInput, authorization: string, policy: AuthPolicy<E>, trace: AuthTrace): Authenticated<E> {
  trace.scheme = 'ACS3-HMAC-SHA256';
  const auth = parseAcs3Authorization(authorization);
  trace.action = input.header('x-acs-action') ?? null;
  trace.version = input.header('x-acs-version') ?? null;
  if (!auth) throw gatewayError('IncompleteSignature', { detail: '' });
  trace.accessKeyId = auth.accessKeyId;
  const action = required(input.header('x-acs-action'), 'Action');
  const version = required(input.header('x-acs-version'), 'Version');
  const timestamp = required(input.header('x-acs-date'), 'Timestamp');
  const nonce = required(input.header('x-acs-signature-nonce'), 'SignatureNonce');
  const api = policy.apis.find(action, version);
  const key = findKey(policy, auth.accessKeyId);
  if (auth.algorithm !== ACS3_ALGORITHM) throw gatewayError('InvalidSignatureMethod');
  const timestampMs = checkTimestamp(timestamp, policy.now(), policy.timestampWindowMs);
  // The payload hash is always the real body's: a wrong x-acs-content-sha256 can never verify.
  const canonical = canonicalRequestV3({
    method: input.httpMethod,
    path: input.path,
    query: input.query,
    headers: input.headerValues,
    signedHeaders: auth.signedHeaders,
    payloadHash: sha256Hex(input.body),
  });
  const sts = stringToSignV3(canonical);
  trace.stringToSign = sts;
  trace.canonicalRequest = canonical;
  if (!safeEqual(signV3(key.secret, sts), auth.signature.toLowerCase())) {
    throw gatewayError('SignatureDoesNotMatchV3', { detail: sts, stringToSign: sts });
  }
  useNonce(policy, key, nonce, timestampMs);
  return { scheme: 'ACS3-HMAC-SHA256', accessKey: key, action, version, api };
}
