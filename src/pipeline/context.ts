import type { Socket } from 'node:net';
import type { AuthPolicy, AuthTrace, Authenticated } from '../gateway/auth.js';
import type { Params } from '../gateway/params.js';
import type { Format } from '../gateway/render.js';
import { hostOf, type RawRequest } from '../gateway/request.js';
import type { Rendered } from '../gateway/respond.js';
import type { JournalEntry } from '../journal.js';
import type { LargeTexts } from '../large-text.js';
import type { Proxy } from '../proxy.js';
import type { Runtime } from '../runtime.js';
import type { SafCall, SafResult } from '../saf/types.js';
import type { Decision } from '../scenarios/engine.js';
import type { MockHeaders } from '../scenarios/headers.js';
import type { ApiEntry } from './api-entry.js';
import type { CloudauthEntry } from '../cloudauth/catalog.js';
import type { CloudauthCall } from '../cloudauth/types.js';
import { monotonicMs } from '../clock.js';

/** What every request of one app shares: the runtime and the app's options. */
export interface Gateway {
  readonly rt: Runtime;
  readonly authPolicy: AuthPolicy<ApiEntry>;
  /** Record mode: a live endpoint answers instead of the emulator. */
  readonly proxy?: Proxy;
  /** Sockets held open by the `timeout` fault, so the server can end them on close. */
  readonly heldSockets?: Set<Socket>;
}

export type Outcome = JournalEntry['outcome'];

/**
 * One request on its way through the steps. Each step reads what earlier steps set and sets its own part;
 * a step that has the answer sets `rendered` (and `dropped` when the connection was dropped instead), which
 * ends the chain. The after-steps read whatever was reached, also after an error.
 */
export interface RequestContext {
  readonly gw: Gateway;
  /** The request as sent, whichever server took it (Node's directly, or Hono's app.request()). */
  readonly req: RawRequest;
  readonly started: number;
  readonly hostId: string;
  /** What authentication revealed, also when it failed (for the journal). */
  readonly trace: AuthTrace;
  /** The answer's Format: sniffed from the raw query until the parameters are decoded. */
  format: Format;
  /** The query as sent (no `?`), and the body's media type: read once, by the params step. */
  rawQuery: string;
  contentType: string;
  /** Query ∪ body, decoded. */
  params: Params;
  /** The query alone (ACS3 signs only the query). */
  query: Params;
  body: Buffer;
  /** A request of megabytes (a photo in the URL or body): the chain yields to other requests between steps. */
  large: boolean;
  /** A large request's values of megabytes, kept in pieces (large-text.ts): its readers look them up here. */
  largeTexts: LargeTexts | undefined;
  authorization: string | undefined;
  /** ACS3-signed (an Authorization header and no Signature parameter). */
  acs3: boolean;
  requestId: string;
  auth: Authenticated<ApiEntry> | undefined;
  mock: MockHeaders;
  call: SafCall | undefined;
  /** The product's own answer when its parameters name no usable call. */
  unresolved: SafResult | undefined;
  /** A Cloudauth request (instead of `call`), and the catalog entry a scenario chose for it. */
  cloudauth: CloudauthCall | undefined;
  cloudauthEntry: CloudauthEntry | undefined;
  decision: Decision | undefined;
  /** Sent in x-saf-mock-scenario and journalled: what decided the answer. */
  decidedBy: string;
  outcome: Outcome;
  rendered: Rendered | undefined;
  /** A fault dropped the connection: nothing is sent (`rendered` holds what the journal records). */
  dropped: boolean;
}

const NO_PARAMS: Params = new Map();
const NO_HEADERS: MockHeaders = {};
const EMPTY = Buffer.alloc(0);

/** A fresh context, every field present from the start (one object shape for every request). */
export function newContext(gw: Gateway, req: RawRequest): RequestContext {
  return {
    gw,
    req,
    started: monotonicMs(),
    hostId: hostOf(req),
    trace: { scheme: 'none', accessKeyId: null, action: null, version: null },
    format: 'JSON',
    rawQuery: '',
    contentType: '',
    params: NO_PARAMS,
    query: NO_PARAMS,
    body: EMPTY,
    large: false,
    largeTexts: undefined,
    authorization: undefined,
    acs3: false,
    requestId: '',
    auth: undefined,
    mock: NO_HEADERS,
    call: undefined,
    unresolved: undefined,
    cloudauth: undefined,
    cloudauthEntry: undefined,
    decision: undefined,
    decidedBy: 'default',
    outcome: 'success',
    rendered: undefined,
    dropped: false,
  };
}

/** A named step. It may return a Promise (store calls, product handlers); a plain return costs no tick. */
export interface Step {
  readonly name: string;
  run(ctx: RequestContext): void | Promise<void>;
}

/** Runs once the answer is known, whatever happened (errors and faults too); its failures are logged, never answered. */
export interface AfterStep {
  readonly name: string;
  run(ctx: RequestContext): void | Promise<unknown>;
}
