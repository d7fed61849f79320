import { randomUUID, createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { sendHttp } from './client/adapter.js';
import { parseBody } from './client/body.js';
import { liveEndpointUrl } from './client/endpoint.js';
import { credentialsFromEnv, ENV_ACCESS_KEY_ID, ENV_ACCESS_KEY_SECRET, type Credentials } from './client/credentials.js';
import { ConfigError, type SafMockConfig } from './config.js';
import { CONTRACTS_DIR } from './contracts.js';
import { formEncode } from './gateway/encode.js';
import { formatTimestamp } from './gateway/replay.js';
import { GATEWAY_ERRORS, GatewayError } from './gateway/errors.js';
import type { Params } from './gateway/params.js';
import type { JsonObject, JsonValue } from './gateway/render.js';
import type { Rendered } from './gateway/respond.js';
import { signV1, stringToSignV1 } from './gateway/signature-v1.js';
import type { Proxy } from './proxy.js';
import { documentedVersion, FACE_VERIFY_METHODS, type MethodName, type ServiceName } from './saf/catalog.js';
import { loadRules, type FixtureRule, type ParamMatcher } from './scenarios/rules.js';

/** Parameters the proxy sets itself: the caller's signature belongs to the mock's key, not the live one. */
const SIGNING_PARAMS = new Set(['AccessKeyId', 'Signature', 'SignatureMethod', 'SignatureVersion', 'SignatureNonce', 'SignatureType', 'Timestamp', 'SecurityToken']);
/** ServiceParameters fields that hold photos: never part of a recorded rule's match. */
const PHOTO_FIELDS = new Set(['imgbase64', 'refFaceContent', 'authFaceContent', 'BLOB', 'blob']);
/** Longer values are photos or blobs by another name. */
const MAX_MATCH_VALUE = 512;

export const RECORD_FILE = 'recorded.json';

export interface LiveProxyOptions {
  /** The live endpoint: a host (HTTPS) or a full URL. */
  readonly endpoint: string;
  readonly credentials: Credentials;
  /** Write each live answer as a fixture rule into DIR/recorded.json. */
  readonly recordDir?: string;
  readonly timeoutMs?: number;
  readonly log?: (line: string) => void;
  readonly now?: () => Date;
}



/** The outgoing request: the caller's parameters (Format kept) with a fresh live signature. */
export function resignedParams(params: Params, credentials: Credentials, format: string, now: Date, api?: { action: string; version: string }): Map<string, string> {
  const out = new Map<string, string>();
  for (const [name, value] of params) if (!SIGNING_PARAMS.has(name)) out.set(name, value);
  // ACS3 callers carry Action and Version in headers and send no Format; RPC v1 needs them as parameters.
  if (api) {
    out.set('Action', api.action);
    out.set('Version', api.version);
  }
  if (!out.has('Action')) out.set('Action', 'ExecuteRequest');
  if (!out.has('Version')) out.set('Version', documentedVersion(out.get('Service')));
  if (!out.has('Format')) out.set('Format', format);
  out.set('AccessKeyId', credentials.accessKeyId);
  out.set('SignatureMethod', 'HMAC-SHA1');
  out.set('SignatureVersion', '1.0');
  out.set('SignatureNonce', randomUUID());
  out.set('Timestamp', formatTimestamp(now));
  if (credentials.securityToken) out.set('SecurityToken', credentials.securityToken);
  out.set('Signature', signV1(credentials.accessKeySecret, stringToSignV1('POST', out)));
  return out;
}

function bodyCode(text: string): string | number | null {
  const parsed = parseBody(text);
  const code = parsed.value?.Code;
  if (typeof code === 'number') return code;
  if (typeof code === 'string') return parsed.format === 'xml' && /^\d+$/.test(code) ? Number(code) : code;
  return null;
}

function isJsonValue(value: unknown): value is JsonValue {
  return value === null || ['string', 'number', 'boolean', 'object'].includes(typeof value);
}

/** The request's identity as a rule matcher: service, method and every short, non-photo scalar field. */
export function recordedMatch(service: string | undefined, serviceParameters: string | undefined): FixtureRule['match'] | undefined {
  if (service !== 'face_verify' && service !== 'intl_face_verify') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(serviceParameters ?? '');
  } catch {
    return undefined;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined;
  const fields = parsed as Record<string, unknown>;
  let method: MethodName = 'verify';
  if (service === 'face_verify') {
    const m = fields.method;
    if (typeof m !== 'string' || !(FACE_VERIFY_METHODS as readonly string[]).includes(m)) return undefined;
    method = m as MethodName;
  }
  const params: Record<string, ParamMatcher> = {};
  for (const [name, value] of Object.entries(fields)) {
    if (PHOTO_FIELDS.has(name)) continue;
    if (typeof value === 'string' && value.length <= MAX_MATCH_VALUE) params[name] = value;
    else if (typeof value === 'number' || typeof value === 'boolean') params[name] = value;
  }
  return { service: service as ServiceName, method, params };
}

function sameMatch(a: FixtureRule['match'], b: FixtureRule['match']): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/**
 * The `$schema` of a fixture written at FILE: the path from its folder to this package's
 * contracts/fixture.schema.json (node_modules/saf-mock/… when installed, contracts/ in a checkout), which
 * an editor resolves, unlike a URL nobody serves. Absolute only where no relative path exists (another drive).
 */
export function fixtureSchemaRef(file: string): string {
  const schema = join(CONTRACTS_DIR, 'fixture.schema.json');
  const path = relative(dirname(resolve(file)), schema);
  if (isAbsolute(path)) return path;
  const posix = path.split(sep).join('/');
  return posix.startsWith('.') ? posix : `./${posix}`;
}

/**
 * Appends one recorded answer to DIR/recorded.json, checked with the same loader that later serves it.
 * A request recorded again keeps its sequence: the earlier answer becomes `times: 1`, so a replay answers
 * in the recorded order and then keeps giving the latest answer.
 */
export function appendRecordedRule(dir: string, rule: FixtureRule): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, RECORD_FILE);
  let rules: FixtureRule[] = [];
  if (existsSync(file)) {
    const doc = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    rules = loadRules(doc, file, `file:${file}`).map((loaded) => loaded.rule);
  }
  const previous = [...rules].reverse().find((r) => sameMatch(r.match, rule.match) && r.times === undefined);
  const updated = rules.map((r) => (r === previous ? { ...r, times: 1 } : r));
  let id = rule.id;
  for (let n = 2; updated.some((r) => r.id === id); n++) id = `${rule.id}.${n}`;
  updated.push({ ...rule, id });
  const doc = { $schema: fixtureSchemaRef(file), rules: updated };
  loadRules(doc, file, `file:${file}`);
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(doc, null, 2) + '\n');
  renameSync(tmp, file);
  return id;
}

/** Forwards each verified ExecuteRequest to the live endpoint, re-signed with the live key, and records it. */
export function createLiveProxy(options: LiveProxyOptions): Proxy {
  const endpoint = liveEndpointUrl(options.endpoint);
  const log = options.log ?? (() => {});
  const now = options.now ?? (() => new Date());
  let queue: Promise<unknown> = Promise.resolve();

  return {
    async forward({ params, format, action, version }) {
      const outgoing = resignedParams(params, options.credentials, params.get('Format') ?? format, now(), { action, version });
      const body = formEncode(outgoing);
      let live: { status: number; headers: Record<string, string>; body: Buffer };
      try {
        live = await sendHttp(endpoint, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': 'saf-mock-proxy', 'x-acs-action': outgoing.get('Action')!, 'x-acs-version': outgoing.get('Version')! },
          body,
          timeoutMs: options.timeoutMs ?? 30_000,
        });
      } catch (e) {
        const reason = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
        throw new GatewayError(GATEWAY_ERRORS.ServiceUnavailable, { detail: ` (saf-mock proxy: ${endpoint.host} did not answer: ${reason})` });
      }
      const text = live.body.toString('utf8');
      const rendered: Rendered = {
        status: live.status,
        body: { contentType: live.headers['content-type'] ?? 'application/json;charset=utf-8', text },
        headers: {},
        code: bodyCode(text),
      };
      let decidedBy = `proxy:${endpoint.host}`;
      if (options.recordDir) {
        const recordDir = options.recordDir;
        const record = (): void => {
          const note = recordOne(recordDir, outgoing, live.status, text);
          if (note.id) decidedBy = `proxy:recorded:${note.id}`;
          log(`proxy: ${note.message}`);
        };
        // One writer at a time: concurrent requests must not lose each other's rules.
        const next = queue.then(record, record);
        queue = next.catch(() => undefined);
        await next.catch((e: unknown) => log(`proxy: NOT recorded: ${(e as Error).message}`));
      }
      const liveRequestId = parseBody(text).value?.RequestId;
      return typeof liveRequestId === 'string' ? { rendered, decidedBy, requestId: liveRequestId } : { rendered, decidedBy };
    },
  };
}

function recordOne(dir: string, outgoing: Map<string, string>, status: number, text: string): { id?: string; message: string } {
  const service = outgoing.get('Service');
  const match = recordedMatch(service, outgoing.get('ServiceParameters'));
  if (!match) return { message: `not recorded: ${service ?? '(no Service)'} cannot be expressed as a fixture rule (service, method or ServiceParameters not recognised)` };
  if (status !== 200) return { message: `not recorded: HTTP ${status} is a gateway answer, not the product's` };
  const parsed = parseBody(text);
  if (parsed.format !== 'json' || !parsed.value) return { message: 'not recorded: the live answer is not a JSON object (call with Format=JSON to record)' };
  const liveBody: JsonObject = {};
  for (const [k, v] of Object.entries(parsed.value)) if (k !== 'RequestId' && isJsonValue(v)) liveBody[k] = v;
  const hash = createHash('sha256').update(JSON.stringify(match.params ?? {})).digest('hex').slice(0, 10);
  const id = appendRecordedRule(dir, { id: `recorded.${match.service}.${match.method}.${hash}`, description: `recorded from live ${new Date().toISOString()}`, match, body: liveBody, status });
  return { id, message: `recorded ${match.service} ${match.method} as rule ${id} in ${join(dir, RECORD_FILE)}` };
}

/** The proxy for `saf-mock --proxy URL [--record DIR]`: live credentials from ALIBABA_CLOUD_* in env. */
export function createProxyFromEnv(config: SafMockConfig, env: Readonly<Record<string, string | undefined>>, log?: (line: string) => void): Proxy {
  if (!config.proxy) throw new ConfigError('--proxy needs a live endpoint');
  const credentials = credentialsFromEnv(env);
  if (!credentials) throw new ConfigError(`--proxy needs the live key in ${ENV_ACCESS_KEY_ID} and ${ENV_ACCESS_KEY_SECRET} (and ALIBABA_CLOUD_SECURITY_TOKEN for STS)`);
  return createLiveProxy({ endpoint: config.proxy, credentials, recordDir: config.recordDir, log: log ?? ((line) => process.stdout.write(line + '\n')) });
}
