import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { Hono, type Context } from 'hono';
import { controlRoutes } from './control/routes.js';
import { authenticateV1, authenticateV3, type AuthInput, type AuthTrace, type Authenticated } from './gateway/auth.js';
import { readNodeBody, readWebBody } from './gateway/body.js';
import { GatewayError, gatewayError, missingParam, mockError } from './gateway/errors.js';
import { decodeForm, mediaType, rawQueryOf, type Params } from './gateway/params.js';
import type { Format } from './gateway/render.js';
import { renderCustomBody, renderGatewayError, renderSafResult, SCENARIO_RESPONSE_HEADER, type Rendered } from './gateway/respond.js';
import { elideParams, type JournalEntry } from './journal.js';
import { answerWithEntry, resolveCall, runDefault } from './saf/product.js';
import { resultFromEntry, type MethodContext, type SafCall, type SafResult } from './saf/types.js';
import type { Runtime } from './runtime.js';
import { decide, decideUnresolved, type Decision, type DecisionResult } from './scenarios/engine.js';
import { THROTTLE_RETRY_AFTER_MS, TIMEOUT_FAULT_HOLD_MS } from './scenarios/faults.js';
import { parseMockHeaders, SCENARIO_HEADER } from './scenarios/headers.js';
import type { Proxy } from './proxy.js';
import { mountUi } from './ui/mount.js';
import { journalBody } from './journal-body.js';

/** @hono/node-server passes Node's request; app.request() in tests does not. */
export type Bindings = { incoming?: IncomingMessage };
type Ctx = Context<{ Bindings: Bindings }>;

const DEFAULT_HOST_ID = 'saf.cn-shanghai.aliyuncs.com';

/** The gateway's CORS headers (as in real responses, gateway-errors.md §2). */
const CORS_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'POST, GET, OPTIONS',
  'access-control-max-age': '172800',
} as const;

export interface AppOptions {
  /** Sockets held open by the `timeout` fault, so the server can end them on close. */
  readonly heldSockets?: Set<Socket>;
  readonly proxy?: Proxy;
}

/**
 * The request as the gateway reads it. On Node it comes straight from IncomingMessage (no Web Request,
 * Headers or URL objects built on the hot path); under app.request() from the Web Request.
 */
interface RawRequest {
  readonly method: string;
  /** Path and query as sent (`/?Action=…`). */
  readonly url: string;
  readonly path: string;
  header(name: string): string | undefined;
  headerValues(name: string): readonly string[] | undefined;
}

function rawRequest(c: Ctx): RawRequest {
  const incoming = c.env?.incoming;
  if (incoming) {
    const url = incoming.url ?? '/';
    const q = url.indexOf('?');
    return {
      method: incoming.method ?? 'GET',
      url,
      path: q === -1 ? url : url.slice(0, q),
      header: (name) => {
        const v = incoming.headers[name];
        return Array.isArray(v) ? v.join(', ') : v;
      },
      headerValues: (name) => incoming.headersDistinct[name],
    };
  }
  return {
    method: c.req.method,
    url: c.req.url,
    path: c.req.path,
    header: (name) => c.req.header(name),
    headerValues: (name) => {
      const v = c.req.header(name);
      return v === undefined ? undefined : [v];
    },
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * The response format: `Format` in any case; without it, XML for RPC v1 (the docs' default) and JSON for
 * ACS3 (Tea sends Accept: application/json and no Format). Undefined for an unknown value.
 */
function resolveFormat(value: string | undefined, acs3: boolean): Format | undefined {
  if (value === undefined || value === '') return acs3 ? 'JSON' : 'XML';
  const upper = value.toUpperCase();
  return upper === 'JSON' || upper === 'XML' ? upper : undefined;
}

/**
 * The Format a raw query asks for, read before strict decoding, for errors raised before the parameters are
 * known (body too large, malformed encoding). JSON otherwise: every SDK but the Python core asks for JSON.
 */
function sniffFormat(rawQuery: string): Format {
  return /(?:^|&)Format=xml(?:&|$)/i.test(rawQuery) ? 'XML' : 'JSON';
}

/** ACS3 clients may send Service/ServiceParameters in a JSON body; only string fields are taken. */
function addJsonBodyParams(body: Buffer, into: Params): void {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    throw gatewayError('RequestParameterMalformed');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return;
  for (const [key, value] of Object.entries(parsed)) {
    if (typeof value === 'string') into.set(key, value);
    else if (typeof value === 'number' || typeof value === 'boolean') into.set(key, String(value));
    else if (value !== null && typeof value === 'object') into.set(key, nestedJson(value));
  }
}

/** A nested body value as JSON text; nesting too deep to serialise is malformed input, not a server fault. */
function nestedJson(value: object): string {
  try {
    return JSON.stringify(value);
  } catch {
    throw gatewayError('RequestParameterMalformed');
  }
}

export function createApp(rt: Runtime, options: AppOptions = {}): Hono<{ Bindings: Bindings }> {
  const app = new Hono<{ Bindings: Bindings }>();
  const authPolicy = { credentials: rt.credentials, nonces: rt.nonces, now: rt.now, timestampWindowMs: rt.config.timestampWindowMs };

  // Browser pages and the dashboard, loaded on their first request (before the control API's catch-all).
  mountUi(app, rt);
  app.route('/__saf', controlRoutes(rt));

  // Browser preflight, answered as the gateway does (its responses carry the same CORS headers).
  app.options('/', (c) => c.body(null, 200, { ...CORS_HEADERS, 'access-control-allow-headers': c.req.header('access-control-request-headers') ?? '*' }));
  app.all('/', (c) => execute(c));

  // Any other path is not an API of this endpoint.
  app.all('*', (c) => {
    const requestId = rt.data.requestId('');
    const format = sniffFormat(rawQueryOf(rawRequest(c).url));
    return send(c, renderGatewayError(gatewayError('InvalidActionNotFound'), format, requestId, hostOf(c)), requestId, 'gateway.InvalidAction.NotFound');
  });

  app.onError((err, c) => {
    const requestId = rt.data.requestId('');
    rt.log(`ERROR ${requestId} ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    const format = sniffFormat(rawQueryOf(rawRequest(c).url));
    return send(c, renderGatewayError(gatewayError('InternalError'), format, requestId, hostOf(c)), requestId, 'gateway.InternalError');
  });

  function hostOf(c: Ctx, req: RawRequest = rawRequest(c)): string {
    return req.header('host') ?? DEFAULT_HOST_ID;
  }

  function send(c: Ctx, rendered: Rendered, requestId: string, decidedBy: string): Response {
    const headers: Record<string, string> = {
      'content-type': rendered.body.contentType,
      'x-acs-request-id': requestId,
      [SCENARIO_RESPONSE_HEADER]: decidedBy,
      ...rendered.headers,
    };
    // CORS headers only for browsers (they send Origin): three more headers on every SDK answer cost ~10 %
    // of the throughput, and no SDK reads them.
    const origin = c.env?.incoming ? c.env.incoming.headers.origin : c.req.header('origin');
    if (origin !== undefined) Object.assign(headers, CORS_HEADERS);
    return c.body(rendered.body.text, rendered.status as 200, headers);
  }

  /** The gateway's order of steps for ExecuteRequest, in one place. */
  async function execute(c: Ctx): Promise<Response> {
    const started = performance.now();
    const req = rawRequest(c);
    const hostId = hostOf(c, req);
    const trace: AuthTrace = { scheme: 'none', accessKeyId: null, action: null, version: null };
    let format: Format = 'JSON';
    let params: Params = new Map();
    let call: SafCall | undefined;
    let requestId = '';
    let decidedBy = 'default';
    let outcome: JournalEntry['outcome'] = 'success';
    let rendered: Rendered;
    let auth: Authenticated | undefined;

    try {
      // 1. Parameters: query ∪ form body, decoded; the raw body is kept for the ACS3 payload hash. Until they
      //    are decoded, errors (body too large, malformed encoding) answer in the Format the query asks for.
      const rawQuery = rawQueryOf(req.url);
      const authorization = req.header('authorization');
      format = sniffFormat(rawQuery);
      const incoming = c.env?.incoming;
      const body = incoming ? await readNodeBody(incoming, rt.config.bodyLimitBytes) : await readWebBody(c.req.raw, rt.config.bodyLimitBytes);
      const query = decodeForm(rawQuery);
      params = new Map(query);
      const contentType = mediaType(req.header('content-type'));
      if (body.length > 0 && contentType === 'application/x-www-form-urlencoded') decodeForm(body.toString('utf8'), params);
      const acs3 = authorization !== undefined && !params.has('Signature');
      if (acs3 && body.length > 0 && contentType === 'application/json') addJsonBodyParams(body, params);
      // A known key draws its RequestId from its own (seeded) sequence; anything else from the shared one.
      const claimedKey = params.get('AccessKeyId');
      requestId = rt.data.requestId(claimedKey !== undefined && rt.credentials.find(claimedKey) ? claimedKey : '');

      // 2. Format, then authentication: API lookup, key, timestamp, signature, nonce.
      const requested = resolveFormat(params.get('Format'), acs3);
      // An unknown Format is the gateway's InvalidParameter.Format, answered in JSON.
      format = requested ?? 'JSON';
      if (!requested) throw gatewayError('InvalidParameterFormat');
      // SAF's API metadata lists GET and POST for ExecuteRequest; anything else is refused before signing.
      if (req.method !== 'GET' && req.method !== 'POST') throw gatewayError('UnsupportedHTTPMethod');
      const input: AuthInput = {
        httpMethod: req.method,
        path: req.path,
        params,
        query,
        header: req.header,
        headerValues: req.headerValues,
        body,
      };
      auth = acs3 ? authenticateV3(input, authorization, authPolicy, trace) : authenticateV1(input, authPolicy, trace);
      const accessKeyId = auth.accessKey.id;

      // 3. The mock's own headers, then the product's required parameters.
      const mock = parseMockHeaders(req.header);
      // An unknown scenario id is SafMock.UnknownScenario, from the header as from a magic name or a rule.
      if (!mock.ok) throw mockError(mock.header === SCENARIO_HEADER ? 'UnknownScenario' : 'InvalidHeader', mock.message);
      const service = params.get('Service');
      if (service === undefined) throw new GatewayError(missingParam('Service'));
      const serviceParameters = params.get('ServiceParameters');
      if (serviceParameters === undefined) throw new GatewayError(missingParam('ServiceParameters'));

      // 4. Live proxy (record mode) answers instead of the emulator.
      if (options.proxy) {
        const live = await options.proxy.forward({ params, accessKeyId, format, requestId, action: auth.action, version: auth.version });
        decidedBy = live.decidedBy;
        rendered = live.rendered;
        if (live.requestId) requestId = live.requestId;
        outcome = rendered.status === 200 ? (rendered.code === 200 ? 'success' : 'failure') : 'gateway-error';
        return send(c, rendered, requestId, decidedBy);
      }

      // 5. Which call, and what decides its answer: header, magic value, fixture rule or default.
      const resolved = resolveCall({ service, serviceParameters, version: auth.version, accessKeyId });
      let decision: DecisionResult;
      let unresolved: SafResult | undefined;
      if (resolved.ok) {
        call = resolved.call;
        decision = decide(call, mock.value, rt.fixtures);
      } else {
        // No usable call, yet the mock's headers are never ignored: faults and delays still apply, and a
        // scenario does when it applies to every method.
        unresolved = resolved.result;
        decision = decideUnresolved(mock.value, unresolved);
      }
      if (!decision.ok) throw mockError(decision.kind === 'unknown' ? 'UnknownScenario' : 'ScenarioNotApplicable', decision.message);
      decidedBy = decision.decision.decidedBy;

      // 6. Delay and fault, then the answer.
      if (decision.decision.delayMs) await sleep(decision.decision.delayMs);
      if (decision.decision.fault) {
        const faulted = await applyFault(c, decision.decision, requestId, format, hostId);
        outcome = 'fault';
        if (faulted.kind === 'dropped') {
          rendered = { status: 0, body: { contentType: '', text: '' }, headers: {}, code: null };
          return faulted.response;
        }
        rendered = faulted.rendered;
        return send(c, rendered, requestId, decidedBy);
      }
      if (!call || unresolved) {
        const entry = decision.decision.entry;
        const result = entry ? resultFromEntry(entry, rt.codesFor(accessKeyId)) : unresolved!;
        rendered = renderSafResult(result, format, requestId);
        if (!entry) decidedBy = result.decidedBy;
        outcome = result.code === 200 ? 'success' : 'failure';
        return send(c, rendered, requestId, decidedBy);
      }
      const answered = answer(call, decision.decision, format, requestId, auth);
      rendered = answered.rendered;
      // Without a scenario, what decided is the product's own reason (a catalog entry or default); a success
      // entry runs the normal path, and when that cannot succeed the header says what answered instead.
      if (decision.decision.source === 'default' || (decision.decision.entry?.outcome === 'success' && rendered.code !== decision.decision.entry.code)) {
        decidedBy = answered.decidedBy;
      }
      outcome = rendered.status === 200 && rendered.code === 200 ? 'success' : rendered.status === 200 ? 'failure' : 'gateway-error';
      return send(c, rendered, requestId, decidedBy);
    } catch (err) {
      if (!requestId) requestId = rt.data.requestId('');
      outcome = 'gateway-error';
      if (!(err instanceof GatewayError)) {
        // Never a hang or a crash: a logged 500 with the RequestId the client sees.
        rt.log(`ERROR ${requestId} ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
        decidedBy = 'gateway.InternalError';
        rendered = renderGatewayError(gatewayError('InternalError'), format, requestId, hostId);
        return send(c, rendered, requestId, decidedBy);
      }
      decidedBy = decidedBy === 'default' ? `gateway.${err.code}` : decidedBy;
      rendered = renderGatewayError(err, format, requestId, hostId);
      return send(c, rendered, requestId, decidedBy);
    } finally {
      const r = rendered!;
      const ua = req.header('user-agent') ?? null;
      try {
        rt.journal.add({
          time: new Date(rt.now()).toISOString(),
          requestId,
          accessKeyId: trace.accessKeyId,
          httpMethod: req.method,
          client: ua,
          scheme: trace.scheme,
          signatureVerified: auth !== undefined,
          ...(auth === undefined && trace.stringToSign !== undefined ? { stringToSign: trace.stringToSign } : {}),
          ...(auth === undefined && trace.canonicalRequest !== undefined ? { canonicalRequest: trace.canonicalRequest } : {}),
          action: trace.action,
          version: trace.version,
          service: call?.service ?? params.get('Service') ?? null,
          method: call?.method ?? null,
          params: elideParams(params, call?.params),
          scenario: decidedBy,
          retryAttempts: req.header('x-acs-retry-attempts') ?? null,
          status: r?.status ?? 0,
          code: r?.code ?? null,
          responseBody: journalBody(r?.body.text),
          outcome,
          durationMs: Math.round((performance.now() - started) * 100) / 100,
        });
      } catch (e) {
        // The journal is a by-product: never let it turn an answered request into an error.
        rt.log(`journal: request ${requestId} not recorded: ${(e as Error).message}`);
      }
      if (rt.config.logRequests) {
        rt.log(`${new Date(rt.now()).toISOString()} ${requestId} ${trace.accessKeyId ?? '-'} ${call ? `${call.service}.${call.method}` : (params.get('Service') ?? '-')} → ${r?.status ?? 0} ${String(r?.code ?? '-')} [${decidedBy}]`);
      }
    }
  }

  function answer(call: SafCall, decision: Decision, format: Format, requestId: string, auth: Authenticated): { rendered: Rendered; decidedBy: string } {
    if (decision.body) return { rendered: renderCustomBody(decision.body, decision.status ?? 200, format, requestId), decidedBy: decision.decidedBy };
    const ctx: MethodContext = {
      call,
      settings: { codes: rt.codesFor(auth.accessKey.id), dataShape: rt.config.dataShape },
      deps: { verifications: rt.verifications, data: rt.data, photos: rt.photos },
      carryOutcome: decision.carry,
    };
    const result = decision.entry ? answerWithEntry(decision.entry, ctx) : runDefault(ctx);
    return { rendered: renderSafResult(result, format, requestId), decidedBy: result.decidedBy };
  }

  type FaultResult = { kind: 'dropped'; response: Response } | { kind: 'rendered'; rendered: Rendered };

  async function applyFault(c: Ctx, decision: Decision, requestId: string, format: Format, hostId: string): Promise<FaultResult> {
    const socket = c.env?.incoming?.socket;
    switch (decision.fault) {
      case 'reset':
        if (socket) {
          socket.resetAndDestroy();
          return { kind: 'dropped', response: new Response(null) };
        }
        throw gatewayError('InternalError');
      case 'timeout':
        if (socket) {
          options.heldSockets?.add(socket);
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, TIMEOUT_FAULT_HOLD_MS);
            socket.once('close', () => {
              clearTimeout(timer);
              resolve();
            });
          });
          options.heldSockets?.delete(socket);
          socket.destroy();
          return { kind: 'dropped', response: new Response(null) };
        }
        throw gatewayError('InternalError');
      case 'empty': {
        const rendered: Rendered = { status: 200, body: { contentType: 'application/json;charset=utf-8', text: '' }, headers: {}, code: null };
        return { kind: 'rendered', rendered };
      }
      case 'malformed': {
        const text = `{"RequestId":"${requestId}","Code":200,"Message":"OK","Data":{"queryId":"`;
        const rendered: Rendered = { status: 200, body: { contentType: 'application/json;charset=utf-8', text }, headers: {}, code: null };
        return { kind: 'rendered', rendered };
      }
      case 'throttle':
        return {
          kind: 'rendered',
          rendered: renderGatewayError(gatewayError('ThrottlingUser', { headers: { 'x-acs-retry-after': String(THROTTLE_RETRY_AFTER_MS) } }), format, requestId, hostId),
        };
      case '503':
        return { kind: 'rendered', rendered: renderGatewayError(gatewayError('ServiceUnavailable'), format, requestId, hostId) };
      case '5xx':
      default:
        return { kind: 'rendered', rendered: renderGatewayError(gatewayError('InternalError'), format, requestId, hostId) };
    }
  }

  return app;
}
