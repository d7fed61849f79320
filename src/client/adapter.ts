import { randomUUID } from 'node:crypto';
import { request as httpRequest, type Agent, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { formEncode } from '../gateway/encode.js';
import { formatTimestamp } from '../gateway/replay.js';
import { documentedVersion } from '../saf/catalog.js';
import { signV1, stringToSignV1 } from '../gateway/signature-v1.js';
import { parseBody, type BodyFormat } from './body.js';
import { withCapture, type CapturedResponse } from './capture.js';
import { redact, type Credentials } from './credentials.js';
import { loadOpenApi, loadPopCore, type OpenApiModule } from './sdk.js';

/**
 * The real-client adapter: one small interface, implemented on the official SDKs, so the same contract
 * case runs through pop-core, openapi-client (RPC v1 HMAC-SHA1) and openapi-client (ACS3-HMAC-SHA256).
 * `raw` signs with the gateway's own v1 code and can bend what no SDK lets you bend (timestamp, nonce,
 * missing parameters) for the gateway's negative cases.
 */
export type ClientKind = 'pop-core' | 'openapi-v2' | 'openapi-v3' | 'raw';

export const CLIENT_KINDS: readonly ClientKind[] = ['pop-core', 'openapi-v2', 'openapi-v3', 'raw'];
/** The official SDK clients, the ones an application uses. */
export const SDK_CLIENTS: readonly ClientKind[] = ['pop-core', 'openapi-v2', 'openapi-v3'];

export const CLIENT_DESCRIPTIONS: Record<ClientKind, string> = {
  'pop-core': '@alicloud/pop-core RPCClient, HMAC-SHA1, POST form body (GET with placement query)',
  'openapi-v2': "@alicloud/openapi-client callApi, signatureAlgorithm 'v2' (HMAC-SHA1)",
  'openapi-v3': '@alicloud/openapi-client callApi, default ACS3-HMAC-SHA256',
  raw: "saf-mock's own RPC v1 signer over node:http, for requests no SDK sends",
};

export function isClientKind(value: string): value is ClientKind {
  return (CLIENT_KINDS as readonly string[]).includes(value);
}

/** What `raw` may bend. */
export interface RawTweaks {
  readonly timestamp?: string;
  readonly nonce?: string;
  /** null leaves Format out; default JSON. */
  readonly format?: string | null;
  readonly action?: string;
  /** Parameters left out after the defaults are set (e.g. `Service`). */
  readonly omit?: readonly string[];
  /** Parameters changed after signing, so the signature no longer matches. */
  readonly tamper?: Readonly<Record<string, string>>;
  /** Send no Signature at all. */
  readonly unsigned?: boolean;
}

export interface ExecuteOptions {
  /** API version; default 2019-05-21 for intl_face_verify, else 2017-03-31. */
  readonly version?: string;
  /** Extra request headers (e.g. x-saf-mock-scenario); not signed. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Replaces some of the target's credentials for this call (a wrong secret, an unknown key). */
  readonly credentials?: Partial<Credentials>;
  /** Where Service/ServiceParameters go. pop-core: body = POST form, query = GET. Tea: query (default) or form body. */
  readonly placement?: 'query' | 'body';
  readonly raw?: RawTweaks;
  readonly timeoutMs?: number;
}

/** An error the SDK raised, with secrets removed from its message. */
export interface SdkError {
  readonly name: string;
  readonly code?: string | number;
  readonly statusCode?: number;
  readonly message: string;
}

export interface ExecuteResult {
  readonly client: ClientKind;
  /** HTTP status; 0 when no response arrived. */
  readonly status: number;
  /** The body's `Code`: a number for SAF answers, a string for gateway errors. */
  readonly code?: number | string;
  readonly message?: string;
  /** `Data`, parsed when it is a JSON string (intl_face_verify). */
  readonly data?: unknown;
  /** Whether `Data` came as an object or as a JSON string; undefined when absent. */
  readonly dataEncoding?: 'object' | 'string';
  readonly requestId?: string;
  /** The raw body text as received. */
  readonly body: string;
  readonly format: BodyFormat;
  /** The body as an object (JSON as is; XML as its root's children). */
  readonly parsed?: Record<string, unknown>;
  /** XML only: the root element (Error, ExecuteRequestResponse). */
  readonly xmlRoot?: string;
  readonly contentType?: string;
  /** Response headers, lower-case names. */
  readonly headers: Record<string, string>;
  readonly error?: SdkError;
  readonly durationMs: number;
}

export type ServiceParams = Readonly<Record<string, unknown>> | string;

export interface SafClient {
  readonly kind: ClientKind;
  execute(service: string, params: ServiceParams, options?: ExecuteOptions): Promise<ExecuteResult>;
}

export interface ClientSettings {
  /** The endpoint URL (scheme, host, port) to call for a service. */
  readonly endpointFor: (service: string) => string;
  readonly credentials: Credentials;
  readonly timeoutMs?: number;
}

export const DEFAULT_TIMEOUT_MS = 15_000;

/**
 * A Cloudauth 2019-03-07 action is named `cloudauth:<Action>` where a SAF service is named: its parameters
 * are sent flat (SceneId, CertifyId, …) as the action's own, not inside ServiceParameters.
 */
export const CLOUDAUTH_PREFIX = 'cloudauth:';
export const CLOUDAUTH_VERSION = '2019-03-07';

export function cloudauthAction(service: string): string | undefined {
  return service.startsWith(CLOUDAUTH_PREFIX) ? service.slice(CLOUDAUTH_PREFIX.length) : undefined;
}

/** The Version a call uses when none is given. */
export function defaultVersion(service: string): string {
  return cloudauthAction(service) !== undefined ? CLOUDAUTH_VERSION : documentedVersion(service);
}

function serviceParameters(params: ServiceParams): string {
  return typeof params === 'string' ? params : JSON.stringify(params);
}

/** The API's Action and its business parameters: ExecuteRequest's Service/ServiceParameters, or a Cloudauth action's own. */
function business(service: string, params: ServiceParams): { action: string; params: Record<string, string> } {
  const action = cloudauthAction(service);
  if (action === undefined) return { action: 'ExecuteRequest', params: { Service: service, ServiceParameters: serviceParameters(params) } };
  const flat: Record<string, string> = {};
  if (typeof params !== 'string') for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null) flat[k] = typeof v === 'string' ? v : JSON.stringify(v);
  return { action, params: flat };
}

function credentialsFor(settings: ClientSettings, options: ExecuteOptions): Credentials {
  const merged = { ...settings.credentials, ...(options.credentials ?? {}) };
  return merged.securityToken ? merged : { accessKeyId: merged.accessKeyId, accessKeySecret: merged.accessKeySecret };
}

function toSdkError(e: unknown, credentials: readonly Credentials[]): SdkError {
  const err = (e ?? {}) as { name?: unknown; code?: unknown; statusCode?: unknown; message?: unknown };
  const code = typeof err.code === 'string' || typeof err.code === 'number' ? err.code : undefined;
  return {
    name: typeof err.name === 'string' ? err.name : 'Error',
    ...(code !== undefined ? { code } : {}),
    ...(typeof err.statusCode === 'number' ? { statusCode: err.statusCode } : {}),
    message: redact(typeof err.message === 'string' ? err.message : String(e), credentials),
  };
}

/** Builds the result from what came over the wire; `fallback` is the SDK's parsed body when nothing was captured. */
function resultOf(client: ClientKind, started: number, captured: CapturedResponse | undefined, fallback: unknown, error: SdkError | undefined): ExecuteResult {
  const body = captured ? captured.body.toString('utf8') : fallback === undefined ? '' : JSON.stringify(fallback);
  const parsed = parseBody(body);
  const value = parsed.value;
  // Cloudauth answers carry ResultObject where SAF's carry Data.
  const rawData = value?.Data ?? value?.ResultObject;
  let data: unknown = rawData;
  let dataEncoding: ExecuteResult['dataEncoding'];
  if (rawData !== undefined) {
    dataEncoding = typeof rawData === 'string' ? 'string' : 'object';
    if (typeof rawData === 'string' && parsed.format === 'json') {
      try {
        data = JSON.parse(rawData) as unknown;
      } catch {
        data = rawData;
      }
    }
  }
  const code = value?.Code;
  const headers = captured?.headers ?? {};
  return {
    client,
    status: captured?.status ?? (error?.statusCode ?? 0),
    ...(typeof code === 'number' || typeof code === 'string' ? { code } : {}),
    ...(typeof value?.Message === 'string' ? { message: value.Message } : {}),
    ...(rawData !== undefined ? { data, dataEncoding } : {}),
    ...(typeof value?.RequestId === 'string' ? { requestId: value.RequestId } : {}),
    body,
    format: parsed.format,
    ...(value ? { parsed: value } : {}),
    ...(parsed.root ? { xmlRoot: parsed.root } : {}),
    ...(headers['content-type'] !== undefined ? { contentType: headers['content-type'] } : {}),
    headers,
    ...(error ? { error } : {}),
    durationMs: Math.round(performance.now() - started),
  };
}

/** The SDKs' error objects carry the parsed body: used only when the wire capture saw nothing. */
function errorBody(e: unknown): unknown {
  const data = (e as { data?: unknown } | null)?.data;
  if (data === null || typeof data !== 'object') return undefined;
  const { statusCode: _ignored, ...rest } = data as Record<string, unknown>;
  return rest;
}

/** The Host header the SDKs send for an endpoint: host, with the port unless it is the scheme's default. */
function hostOf(endpoint: string): string {
  return new URL(endpoint).host;
}

function popCoreClient(settings: ClientSettings): SafClient {
  return {
    kind: 'pop-core',
    async execute(service, params, options = {}) {
      const { default: RPCClient } = await loadPopCore();
      const endpoint = settings.endpointFor(service);
      const creds = credentialsFor(settings, options);
      const version = options.version ?? defaultVersion(service);
      const client = new RPCClient({ endpoint, apiVersion: version, ...creds });
      const method = options.placement === 'query' ? 'GET' : 'POST';
      // pop-core replaces its default headers with any given ones: keep the action/version headers it sends.
      const api = business(service, params);
      const headers = options.headers ? { 'x-acs-action': api.action, 'x-acs-version': version, ...options.headers } : undefined;
      const requestOptions = { method, timeout: options.timeoutMs ?? settings.timeoutMs ?? DEFAULT_TIMEOUT_MS, ...(headers ? { headers } : {}) };
      const started = performance.now();
      const outcome = await withCapture(hostOf(endpoint), () => client.request<unknown>(api.action, api.params, requestOptions));
      (client as unknown as { keepAliveAgent?: Agent }).keepAliveAgent?.destroy();
      const error = outcome.error === undefined ? undefined : toSdkError(outcome.error, [creds, settings.credentials]);
      return resultOf('pop-core', started, outcome.captured, outcome.error === undefined ? outcome.value : errorBody(outcome.error), error);
    },
  };
}

/**
 * openapi-client is CommonJS with `exports.default = Client`: Node's ESM loader gives module.exports as
 * `default` (so the class is default.default), bundlers such as vite give exports.default itself.
 */
function openApiClientClass(mod: OpenApiModule): OpenApiModule['default']['default'] {
  const exported: unknown = mod.default;
  return (typeof exported === 'function' ? exported : (exported as OpenApiModule['default']).default) as OpenApiModule['default']['default'];
}

function openApiClient(kind: 'openapi-v2' | 'openapi-v3', settings: ClientSettings): SafClient {
  return {
    kind,
    async execute(service, params, options = {}) {
      const { openApi, teaUtil } = await loadOpenApi();
      const endpoint = new URL(settings.endpointFor(service));
      const creds = credentialsFor(settings, options);
      const protocol = endpoint.protocol === 'http:' ? 'http' : 'https';
      const timeout = options.timeoutMs ?? settings.timeoutMs ?? DEFAULT_TIMEOUT_MS;
      const config = new openApi.Config({
        ...creds,
        endpoint: endpoint.host,
        protocol,
        readTimeout: timeout,
        connectTimeout: timeout,
        ...(kind === 'openapi-v2' ? { signatureAlgorithm: 'v2' } : {}),
      });
      const client = new (openApiClientClass(openApi))(config);
      const api = business(service, params);
      const apiParams = new openApi.Params({
        action: api.action,
        version: options.version ?? defaultVersion(service),
        protocol: protocol.toUpperCase(),
        pathname: '/',
        method: 'POST',
        authType: 'AK',
        style: 'RPC',
        reqBodyType: 'formData',
        bodyType: 'json',
      });
      const request = new openApi.OpenApiRequest({
        ...(options.placement === 'body' ? { body: api.params } : { query: api.params }),
        ...(options.headers ? { headers: { ...options.headers } } : {}),
      });
      const runtime = new teaUtil.RuntimeOptions({ autoretry: false, readTimeout: timeout, connectTimeout: timeout });
      const started = performance.now();
      const outcome = await withCapture(endpoint.host, () => client.callApi(apiParams, request, runtime));
      const error = outcome.error === undefined ? undefined : toSdkError(outcome.error, [creds, settings.credentials]);
      const fallback = outcome.error === undefined ? (outcome.value as { body?: unknown } | undefined)?.body : errorBody(outcome.error);
      return resultOf(kind, started, outcome.captured, fallback, error);
    },
  };
}



function flat(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

/** One HTTP exchange over node:http(s) with no connection pooling. */
export function sendHttp(
  url: URL,
  init: { method: string; headers: Record<string, string>; body?: string; timeoutMs: number },
): Promise<{ status: number; headers: Record<string, string>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(url, { method: init.method, headers: init.headers, agent: false, timeout: init.timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: flat(res.headers), body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(Object.assign(new Error(`no answer within ${init.timeoutMs} ms`), { name: 'RequestTimeoutError', code: 'ETIMEDOUT' })));
    req.on('error', reject);
    if (init.body !== undefined) req.end(init.body);
    else req.end();
  });
}

function rawClient(settings: ClientSettings): SafClient {
  return {
    kind: 'raw',
    async execute(service, params, options = {}) {
      const tweaks = options.raw ?? {};
      const creds = credentialsFor(settings, options);
      const endpoint = new URL(settings.endpointFor(service));
      const method = options.placement === 'query' ? 'GET' : 'POST';
      const api = business(service, params);
      const signed = new Map<string, string>([
        ['AccessKeyId', creds.accessKeyId],
        ['Action', tweaks.action ?? api.action],
        ['SignatureMethod', 'HMAC-SHA1'],
        ['SignatureNonce', tweaks.nonce ?? randomUUID()],
        ['SignatureVersion', '1.0'],
        ['Timestamp', tweaks.timestamp ?? formatTimestamp(new Date())],
        ['Version', options.version ?? defaultVersion(service)],
        ...Object.entries(api.params),
      ]);
      if (tweaks.format !== null) signed.set('Format', tweaks.format ?? 'JSON');
      if (creds.securityToken) signed.set('SecurityToken', creds.securityToken);
      for (const name of tweaks.omit ?? []) signed.delete(name);
      if (!tweaks.unsigned) signed.set('Signature', signV1(creds.accessKeySecret, stringToSignV1(method, signed)));
      for (const [name, value] of Object.entries(tweaks.tamper ?? {})) signed.set(name, value);
      const form = formEncode(signed);
      const headers: Record<string, string> = { 'user-agent': 'saf-mock-contract/raw', ...(options.headers ?? {}) };
      const url = new URL(endpoint.href);
      url.pathname = '/';
      if (method === 'GET') url.search = '?' + form;
      else headers['content-type'] = 'application/x-www-form-urlencoded';
      const started = performance.now();
      try {
        const res = await sendHttp(url, { method, headers, body: method === 'POST' ? form : undefined, timeoutMs: options.timeoutMs ?? settings.timeoutMs ?? DEFAULT_TIMEOUT_MS });
        return resultOf('raw', started, res, undefined, undefined);
      } catch (e) {
        return resultOf('raw', started, undefined, undefined, toSdkError(e, [creds, settings.credentials]));
      }
    },
  };
}

export function createClient(kind: ClientKind, settings: ClientSettings): SafClient {
  switch (kind) {
    case 'pop-core':
      return popCoreClient(settings);
    case 'openapi-v2':
    case 'openapi-v3':
      return openApiClient(kind, settings);
    case 'raw':
      return rawClient(settings);
  }
}
