/**
 * One function per official-SDK mode, each driving a real saf-mock over 127.0.0.1 and returning what the
 * application gets in one uniform shape. Nothing here builds or signs a request by hand: the SDKs do.
 *
 * Overrides (nonce, timestamp, Format) are passed through each SDK's own public input, the way an
 * application could: pop-core merges caller params over its defaults, Tea v2 merges OpenApiRequest.query
 * over its defaults, Tea ACS3 merges OpenApiRequest.headers over its x-acs-* defaults. The SDK still signs.
 */
import { formatTimestamp } from '../../src/gateway/replay.js';
import PopCore from '@alicloud/pop-core';
import OpenApiModule, * as OpenApi from '@alicloud/openapi-client';
import * as TeaUtil from '@alicloud/tea-util';
import { request as httpRequest } from 'node:http';

export const AK = 'testAccessKeyId';
export const SECRET = 'testAccessKeySecret';
export const V2017 = '2017-03-31';
export const V2019 = '2019-05-21';

export type SdkMode = 'pop-get' | 'pop-post' | 'v2-query' | 'v2-body' | 'acs3-query' | 'acs3-body';
export const SDK_MODES: readonly SdkMode[] = ['pop-get', 'pop-post', 'v2-query', 'v2-body', 'acs3-query', 'acs3-body'];
export const POP_MODES: readonly SdkMode[] = ['pop-get', 'pop-post'];
export const TEA_MODES: readonly SdkMode[] = ['v2-query', 'v2-body', 'acs3-query', 'acs3-body'];

export function isPop(mode: SdkMode): boolean {
  return mode === 'pop-get' || mode === 'pop-post';
}

export interface CallOptions {
  /** Default `face_verify`. */
  readonly service?: string;
  /** An object is JSON-encoded; a string is sent as is (to test invalid JSON). */
  readonly serviceParameters: string | Readonly<Record<string, unknown>>;
  /** API version; default 2017-03-31. */
  readonly version?: string;
  readonly accessKeyId?: string;
  readonly accessKeySecret?: string;
  /** Extra request headers (x-saf-mock-*). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Client-side timeout (pop-core `timeout`, Tea `readTimeout`/`connectTimeout`), ms. */
  readonly timeoutMs?: number;
  /** The SignatureNonce the SDK signs instead of its random one (ACS3: x-acs-signature-nonce). */
  readonly nonce?: string;
  /** The Timestamp the SDK signs instead of now (ACS3: x-acs-date). */
  readonly timestamp?: string;
  /** Format param (pop-core and Tea v2 only). */
  readonly format?: string;
  /** Tea only: RuntimeOptions.autoretry / maxAttempts. */
  readonly autoretry?: boolean;
  readonly maxAttempts?: number;
}

export interface SdkError {
  readonly name: string;
  readonly code: unknown;
  readonly message: string;
  /** Tea: err.statusCode; pop-core: err.entry.response.statusCode when it got that far. */
  readonly statusCode?: number;
  readonly data?: unknown;
  /** pop-core: err.url (the URL it called, with the signed query for GET). */
  readonly url?: string;
  readonly raw: unknown;
}

export interface SdkResult {
  readonly status?: number;
  readonly headers?: Readonly<Record<string, unknown>>;
  readonly body?: unknown;
  readonly error?: SdkError;
  /** pop-core only: the URL it called (GET: with every signed param). */
  readonly url?: string;
}

export type SdkCall = (baseUrl: string, options: CallOptions) => Promise<SdkResult>;

function spText(sp: CallOptions['serviceParameters']): string {
  return typeof sp === 'string' ? sp : JSON.stringify(sp);
}

function field(value: unknown, key: string): unknown {
  return value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
}

function toSdkError(err: unknown, statusCode: number | undefined, url?: string): SdkError {
  const e = err as { name?: unknown; code?: unknown; message?: unknown; data?: unknown };
  return {
    name: typeof e?.name === 'string' ? e.name : 'unknown',
    code: e?.code,
    message: typeof e?.message === 'string' ? e.message : String(err),
    statusCode,
    data: e?.data,
    url,
    raw: err,
  };
}

// ---------------------------------------------------------------- pop-core

interface PopEntry {
  url: string;
  response: { statusCode: number; headers: Record<string, unknown> } | null;
}
interface PopClient {
  request(action: string, params: Record<string, string>, opts?: Record<string, unknown>): Promise<[unknown, PopEntry]>;
}
type PopCtor = new (config: { endpoint: string; apiVersion: string; accessKeyId: string; accessKeySecret: string }, verbose: boolean) => PopClient;

/** The package's main export is the RPCClient class; `verbose` makes it return [body, entry] (status, headers). */
const RPCClient = ((PopCore as unknown as { RPCClient?: unknown }).RPCClient ?? PopCore) as unknown as PopCtor;

async function popCall(method: 'GET' | 'POST', baseUrl: string, o: CallOptions): Promise<SdkResult> {
  const client = new RPCClient(
    { endpoint: baseUrl, apiVersion: o.version ?? V2017, accessKeyId: o.accessKeyId ?? AK, accessKeySecret: o.accessKeySecret ?? SECRET },
    true,
  );
  const params: Record<string, string> = { Service: o.service ?? 'face_verify', ServiceParameters: spText(o.serviceParameters) };
  if (o.nonce !== undefined) params.SignatureNonce = o.nonce;
  if (o.timestamp !== undefined) params.Timestamp = o.timestamp;
  if (o.format !== undefined) params.Format = o.format;
  const opts: Record<string, unknown> = {};
  if (method === 'POST') opts.method = 'POST';
  if (o.timeoutMs !== undefined) opts.timeout = o.timeoutMs;
  // pop-core replaces its default headers with the caller's: keep the x-acs-* ones it would have sent.
  if (o.headers) opts.headers = { 'x-acs-action': 'ExecuteRequest', 'x-acs-version': o.version ?? V2017, ...o.headers };
  try {
    const [body, entry] = await client.request('ExecuteRequest', params, opts);
    return { status: entry.response?.statusCode, headers: entry.response?.headers, body, url: entry.url };
  } catch (err) {
    const entry = field(err, 'entry') as PopEntry | undefined;
    const url = field(err, 'url');
    return {
      status: entry?.response?.statusCode,
      headers: entry?.response?.headers,
      error: toSdkError(err, entry?.response?.statusCode, typeof url === 'string' ? url : undefined),
      url: typeof url === 'string' ? url : undefined,
    };
  }
}

/** `@alicloud/pop-core` RPCClient, default options: GET, every param in the query. */
export const popCoreGet: SdkCall = (baseUrl, o) => popCall('GET', baseUrl, o);
/** `@alicloud/pop-core` RPCClient with `{method:'POST'}`: every param in a form body. */
export const popCorePost: SdkCall = (baseUrl, o) => popCall('POST', baseUrl, o);

// ---------------------------------------------------------------- openapi-client (Tea)

type TeaClient = {
  callApi(params: OpenApi.Params, request: OpenApi.OpenApiRequest, runtime: TeaUtil.RuntimeOptions): Promise<{ statusCode?: number; headers?: Record<string, string>; body?: unknown }>;
};
/** Under vitest the CommonJS `exports.default` arrives either as the default import or one level deeper. */
const TeaClientCtor = ((OpenApiModule as unknown as { default?: unknown }).default ?? OpenApiModule) as unknown as new (config: OpenApi.Config) => TeaClient;

async function teaCall(algorithm: 'v2' | 'acs3', where: 'query' | 'body', baseUrl: string, o: CallOptions): Promise<SdkResult> {
  const endpoint = new URL(baseUrl).host;
  const config = new OpenApi.Config({
    accessKeyId: o.accessKeyId ?? AK,
    accessKeySecret: o.accessKeySecret ?? SECRET,
    endpoint,
    protocol: 'http',
    ...(algorithm === 'v2' ? { signatureAlgorithm: 'v2' } : {}),
  });
  const client = new TeaClientCtor(config);
  const params = new OpenApi.Params({
    action: 'ExecuteRequest',
    version: o.version ?? V2017,
    protocol: 'HTTP',
    pathname: '/',
    method: 'POST',
    authType: 'AK',
    style: 'RPC',
    reqBodyType: 'formData',
    bodyType: 'json',
  });
  const business: Record<string, string> = { Service: o.service ?? 'face_verify', ServiceParameters: spText(o.serviceParameters) };
  const query: Record<string, string> = where === 'query' ? { ...business } : {};
  const headers: Record<string, string> = { ...(o.headers ?? {}) };
  if (algorithm === 'v2') {
    if (o.nonce !== undefined) query.SignatureNonce = o.nonce;
    if (o.timestamp !== undefined) query.Timestamp = o.timestamp;
    if (o.format !== undefined) query.Format = o.format;
  } else {
    if (o.nonce !== undefined) headers['x-acs-signature-nonce'] = o.nonce;
    if (o.timestamp !== undefined) headers['x-acs-date'] = o.timestamp;
  }
  const request = new OpenApi.OpenApiRequest({
    query,
    headers,
    ...(where === 'body' ? { body: business } : {}),
  });
  const runtime = new TeaUtil.RuntimeOptions({
    ...(o.timeoutMs !== undefined ? { readTimeout: o.timeoutMs, connectTimeout: o.timeoutMs } : {}),
    ...(o.autoretry !== undefined ? { autoretry: o.autoretry } : {}),
    ...(o.maxAttempts !== undefined ? { maxAttempts: o.maxAttempts } : {}),
  });
  try {
    const out = await client.callApi(params, request, runtime);
    return { status: out.statusCode, headers: out.headers, body: out.body };
  } catch (err) {
    const status = field(err, 'statusCode');
    return { error: toSdkError(err, typeof status === 'number' ? status : undefined) };
  }
}

/** openapi-client, signatureAlgorithm 'v2' (HMAC-SHA1), Service/ServiceParameters in the query. */
export const teaV2Query: SdkCall = (baseUrl, o) => teaCall('v2', 'query', baseUrl, o);
/** openapi-client, signatureAlgorithm 'v2', Service/ServiceParameters in a (chunked) form body. */
export const teaV2Body: SdkCall = (baseUrl, o) => teaCall('v2', 'body', baseUrl, o);
/** openapi-client, default Config (ACS3-HMAC-SHA256), business params in the query. */
export const teaAcs3Query: SdkCall = (baseUrl, o) => teaCall('acs3', 'query', baseUrl, o);
/** openapi-client, default Config (ACS3-HMAC-SHA256), business params in a form body. */
export const teaAcs3Body: SdkCall = (baseUrl, o) => teaCall('acs3', 'body', baseUrl, o);

export const CALLS: Readonly<Record<SdkMode, SdkCall>> = {
  'pop-get': popCoreGet,
  'pop-post': popCorePost,
  'v2-query': teaV2Query,
  'v2-body': teaV2Body,
  'acs3-query': teaAcs3Query,
  'acs3-body': teaAcs3Body,
};

export function call(mode: SdkMode, baseUrl: string, options: CallOptions): Promise<SdkResult> {
  return CALLS[mode](baseUrl, options);
}

// ---------------------------------------------------------------- reading results

export type Body = Record<string, unknown> & { Code?: unknown; Message?: unknown; Data?: unknown; RequestId?: unknown };

/**
 * The SAF answer as the application sees it, asserting each SDK's own way of delivering it:
 * Tea returns every HTTP-200 body; pop-core returns Code 200 and throws `<Code>Error` (code, data = body) otherwise.
 */
export function safAnswer(mode: SdkMode, r: SdkResult): Body {
  if (isPop(mode)) {
    if (r.error) {
      const data = r.error.data as Body | undefined;
      if (!data || typeof data.Code !== 'number' || r.error.code !== data.Code || r.error.name !== `${String(data.Code)}Error`) {
        throw new Error(`pop-core did not surface a SAF answer: ${r.error.name} ${String(r.error.code)} ${r.error.message}`);
      }
      if (data.Code === 200) throw new Error('pop-core threw for Code 200');
      return data;
    }
    const body = r.body as Body;
    if (body.Code !== 200) throw new Error(`pop-core returned Code ${String(body.Code)} without throwing`);
    return body;
  }
  if (r.error) throw new Error(`Tea threw for a SAF answer: ${r.error.name} ${String(r.error.code)} ${r.error.message}`);
  if (r.status !== 200) throw new Error(`Tea returned HTTP ${String(r.status)}`);
  return r.body as Body;
}

/** A response header as the SDK exposes it (pop-core: entry.response.headers; Tea: response headers). */
export function header(r: SdkResult, name: string): string | undefined {
  const v = r.headers?.[name];
  return typeof v === 'string' ? v : undefined;
}

// ---------------------------------------------------------------- the mock's control API (plain fetch)

export interface JournalRow {
  canonicalRequest?: string;
  id: number;
  scenario: string;
  status: number;
  code: string | number | null;
  outcome: string;
  method: string | null;
  service: string | null;
  scheme: string;
  client: string | null;
  retryAttempts: string | null;
  durationMs: number;
  params: Record<string, unknown>;
}

/** The journal, oldest first (the API lists newest first). */
export async function journal(baseUrl: string): Promise<JournalRow[]> {
  const res = await fetch(`${baseUrl}/__saf/requests`);
  if (res.status !== 200) throw new Error(`GET /__saf/requests: HTTP ${res.status}`);
  const body = (await res.json()) as { requests: JournalRow[] };
  return [...body.requests].reverse();
}

export async function control(baseUrl: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${baseUrl}/__saf${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as unknown) : undefined };
}

export async function resetMock(baseUrl: string): Promise<void> {
  const r = await control(baseUrl, 'POST', '/reset');
  if (r.status !== 200) throw new Error(`reset failed: HTTP ${r.status}`);
  const d = await control(baseUrl, 'DELETE', '/fixtures');
  if (d.status !== 200) throw new Error(`DELETE /fixtures failed: HTTP ${d.status}`);
}

/** An ISO timestamp without milliseconds, as the SDKs send it. */
export function isoSeconds(offsetMs = 0): string {
  return formatTimestamp(Date.now() + offsetMs);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

// ---------------------------------------------------------------- raw HTTP (replays, XML), no SDK

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/** One plain node:http request to the mock, sent exactly as given (a replay or a hand-signed request). */
export function rawHttp(baseUrl: string, path: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<RawResponse> {
  const url = new URL(path, baseUrl);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: url.hostname, port: url.port, path: url.pathname + url.search, method: init.method ?? 'GET', headers: init.headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(init.body);
  });
}
