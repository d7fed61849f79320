import type { ApiKey, ApiTable } from './api-table.js';
import type { AccessKey, CredentialStore } from './credentials.js';
import { GatewayError, gatewayError, missingParam } from './errors.js';
import type { Params } from './params.js';
import { checkTimestamp } from './replay.js';
import type { NonceClaims } from '../store/types.js';
import { stringToSignV1, signV1, signV1Large, safeEqual } from './signature-v1.js';
import { ACS3_ALGORITHM, canonicalRequestV3, hashCanonicalRequestV3Large, parseAcs3Authorization, sha256Hex, signV3, stringToSignV3, type HeaderLookup } from './signature-v3.js';
import type { Scheme } from '../journal.js';
import type { LargeTexts } from '../large-text.js';

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
  /** A large request's values kept in pieces (large-text.ts). */
  readonly large?: LargeTexts;
}

export interface AuthPolicy<E extends ApiKey> {
  /** The API lookup, done after the required parameters and before the key (gateway order). */
  readonly apis: ApiTable<E>;
  readonly credentials: CredentialStore;
  readonly now: () => number;
  readonly timestampWindowMs: number;
}

export interface Authenticated<E extends ApiKey> {
  readonly scheme: Exclude<Scheme, 'none'>;
  readonly accessKey: AccessKey;
  readonly action: string;
  readonly version: string;
  /** The SignatureNonce, claimed by claimNonce once the signature verified. */
  readonly nonce: string;
  /** The request's Timestamp: the nonce is remembered while it is inside the window. */
  readonly timestampMs: number;
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

/**
 * The last authentication step, after the signature verified (so a forged request cannot burn a real nonce):
 * one atomic claim in the store, so the same signed request sent to two replicas is accepted once.
 */
export async function claimNonce<E extends ApiKey>(nonces: NonceClaims, auth: Authenticated<E>, nowMs: number): Promise<void> {
  if (!(await nonces.claim(auth.accessKey.id, auth.nonce, auth.timestampMs, nowMs))) throw gatewayError('SignatureNonceUsed');
}

/** What the checks before the signature established: the key to verify with and the answer once it verifies. */
interface Prechecked<E extends ApiKey> {
  readonly authenticated: Authenticated<E>;
  /** The signature the request carries. */
  readonly signature: string;
}

/** RPC v1's checks up to the signature: Missing params → API lookup → AccessKeyId → SignatureMethod → Timestamp. */
function precheckV1<E extends ApiKey>(input: AuthInput, policy: AuthPolicy<E>, trace: AuthTrace): Prechecked<E> {
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
  return { authenticated: { scheme: 'HMAC-SHA1', accessKey: key, action, version, api, nonce, timestampMs }, signature };
}

/**
 * RPC v1: the checks of precheckV1, then the signature; then the caller claims the nonce (claimNonce), only
 * once the signature verified.
 */
export function authenticateV1<E extends ApiKey>(input: AuthInput, policy: AuthPolicy<E>, trace: AuthTrace): Authenticated<E> {
  const { authenticated, signature } = precheckV1(input, policy, trace);
  const sts = stringToSignV1(input.httpMethod, input.params);
  trace.stringToSign = sts;
  if (!safeEqual(signV1(authenticated.accessKey.secret, sts), signature)) throw gatewayError('SignatureDoesNotMatch', { detail: sts, stringToSign: sts });
  return authenticated;
}

/**
 * authenticateV1 for a request of megabytes: the same checks and answer, the signature computed in slices that
 * let other requests run (signV1Large). Its string-to-sign, echoed on a mismatch and journalled, is cut to
 * its head (README: hardening).
 */
export async function authenticateV1Large<E extends ApiKey>(input: AuthInput, policy: AuthPolicy<E>, trace: AuthTrace): Promise<Authenticated<E>> {
  const { authenticated, signature } = precheckV1(input, policy, trace);
  const signed = await signV1Large(authenticated.accessKey.secret, input.httpMethod, input.params, input.large);
  trace.stringToSign = signed.stringToSign;
  if (!safeEqual(signed.signature, signature)) throw gatewayError('SignatureDoesNotMatch', { detail: signed.stringToSign, stringToSign: signed.stringToSign });
  return authenticated;
}

interface PrecheckedV3<E extends ApiKey> extends Prechecked<E> {
  readonly signedHeaders: readonly string[];
}

/** ACS3-HMAC-SHA256's checks up to the signature, with action, version, date and nonce from the x-acs-* headers. */
function precheckV3<E extends ApiKey>(input: AuthInput, authorization: string, policy: AuthPolicy<E>, trace: AuthTrace): PrecheckedV3<E> {
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
  return { authenticated: { scheme: 'ACS3-HMAC-SHA256', accessKey: key, action, version, api, nonce, timestampMs }, signature: auth.signature, signedHeaders: auth.signedHeaders };
}

function verifyV3Signature<E extends ApiKey>(checked: PrecheckedV3<E>, sts: string): Authenticated<E> {
  if (!safeEqual(signV3(checked.authenticated.accessKey.secret, sts), checked.signature.toLowerCase())) {
    throw gatewayError('SignatureDoesNotMatchV3', { detail: sts, stringToSign: sts });
  }
  return checked.authenticated;
}

/** ACS3-HMAC-SHA256: the same checks as RPC v1 (precheckV3), then the signature over the canonical request. */
export function authenticateV3<E extends ApiKey>(input: AuthInput, authorization: string, policy: AuthPolicy<E>, trace: AuthTrace): Authenticated<E> {
  const checked = precheckV3(input, authorization, policy, trace);
  // The payload hash is always the real body's: a wrong x-acs-content-sha256 can never verify.
  const canonical = canonicalRequestV3({
    method: input.httpMethod,
    path: input.path,
    query: input.query,
    headers: input.headerValues,
    signedHeaders: checked.signedHeaders,
    payloadHash: sha256Hex(input.body),
  });
  const sts = stringToSignV3(canonical);
  trace.stringToSign = sts;
  trace.canonicalRequest = canonical;
  return verifyV3Signature(checked, sts);
}

/**
 * authenticateV3 for a request of megabytes: the canonical request hashed in slices that let other requests
 * run (hashCanonicalRequestV3Large); the journalled canonical request is cut to its head (README: hardening).
 */
export async function authenticateV3Large<E extends ApiKey>(input: AuthInput, authorization: string, policy: AuthPolicy<E>, trace: AuthTrace): Promise<Authenticated<E>> {
  const checked = precheckV3(input, authorization, policy, trace);
  const canonical = await hashCanonicalRequestV3Large({
    method: input.httpMethod,
    path: input.path,
    query: input.query,
    headers: input.headerValues,
    signedHeaders: checked.signedHeaders,
    body: input.body,
    large: input.large,
  });
  const sts = ACS3_ALGORITHM + '\n' + canonical.hash;
  trace.stringToSign = sts;
  trace.canonicalRequest = canonical.head;
  return verifyV3Signature(checked, sts);
}
