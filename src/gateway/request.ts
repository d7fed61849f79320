import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import type { Context } from 'hono';
import { readNodeBody, readWebBody } from './body.js';
import { rawQueryOf, sniffFormat, sniffFormatBytes } from './params.js';
import type { Format } from './render.js';
import { SET_ASIDE_QUERY, takeSetAside } from '../set-aside.js';

/** @hono/node-server passes Node's request; app.request() in tests does not. */
export type Bindings = { incoming?: IncomingMessage };
export type HonoCtx = Context<{ Bindings: Bindings }>;

export const DEFAULT_HOST_ID = 'saf.cn-shanghai.aliyuncs.com';

/**
 * The request as the gateway reads it. On Node it comes straight from IncomingMessage (no Web Request,
 * Headers or URL objects built on the hot path); under app.request() from the Web Request.
 */
export interface RawRequest {
  readonly method: string;
  /** Path and query as sent (`/?Action=…`); the path alone when the query is in `queryBytes`. */
  readonly url: string;
  /** A query of megabytes set aside by the front (set-aside.ts), as its bytes: visible ASCII only. */
  readonly queryBytes: Buffer | undefined;
  readonly path: string;
  header(name: string): string | undefined;
  headerValues(name: string): readonly string[] | undefined;
  /** The body, read once (refused past `limit` bytes). */
  readBody(limit: number): Promise<Buffer>;
  /** The connection, when there is one (faults break or hold it); none under app.request(). */
  readonly socket: Socket | undefined;
}

/**
 * A request target of megabytes (a photo in the URL) is kept here while Hono sees only its path: Hono's
 * adapter would otherwise parse it into a URL object (~50 ms for 16 MB, '%' being outside its fast path),
 * and the gateway reads the raw query itself anyway. A query the front set aside before Node's parser
 * (set-aside.ts) is kept here as its bytes.
 */
const SET_ASIDE = new WeakMap<IncomingMessage, { readonly target?: string; readonly query?: Buffer }>();
const LARGE_TARGET = 64 * 1024;
const SET_ASIDE_SUFFIX = '?' + SET_ASIDE_QUERY;

/** Before Hono sees a request: a huge target is set aside (see SET_ASIDE). */
export function setAsideLargeTarget(incoming: IncomingMessage): void {
  const url = incoming.url;
  if (url === undefined) return;
  if (url.length > SET_ASIDE_SUFFIX.length && url.endsWith(SET_ASIDE_SUFFIX)) {
    const query = takeSetAside(incoming.socket);
    if (query === undefined) return;
    SET_ASIDE.set(incoming, { query });
    incoming.url = url.slice(0, url.length - SET_ASIDE_SUFFIX.length);
    return;
  }
  if (url.length <= LARGE_TARGET) return;
  const q = url.indexOf('?');
  if (q === -1) return;
  SET_ASIDE.set(incoming, { target: url });
  incoming.url = url.slice(0, q);
}

/** The request target as sent (also when it was set aside for Hono), without a query whose bytes were set aside. */
export function targetOf(incoming: IncomingMessage): string {
  return SET_ASIDE.get(incoming)?.target ?? incoming.url ?? '/';
}

/** The Format the request's query asks for, read before its parameters are decoded. */
export function formatOf(incoming: IncomingMessage): Format {
  const query = SET_ASIDE.get(incoming)?.query;
  return query ? sniffFormatBytes(query) : sniffFormat(rawQueryOf(targetOf(incoming)));
}

/** The request straight from Node's IncomingMessage (the gateway's own path, and Hono's on Node). */
export function nodeRequest(incoming: IncomingMessage): RawRequest {
  const aside = SET_ASIDE.get(incoming);
  const url = aside?.target ?? incoming.url ?? '/';
  const q = url.indexOf('?');
  return {
    method: incoming.method ?? 'GET',
    url,
    queryBytes: aside?.query,
    path: q === -1 ? url : url.slice(0, q),
    header: (name) => {
      const v = incoming.headers[name];
      return Array.isArray(v) ? v.join(', ') : v;
    },
    headerValues: (name) => incoming.headersDistinct[name],
    readBody: (limit) => readNodeBody(incoming, limit),
    socket: incoming.socket,
  };
}

export function rawRequest(c: HonoCtx): RawRequest {
  const incoming = c.env?.incoming;
  if (incoming) return nodeRequest(incoming);
  return {
    method: c.req.method,
    url: c.req.url,
    queryBytes: undefined,
    path: c.req.path,
    header: (name) => c.req.header(name),
    headerValues: (name) => {
      const v = c.req.header(name);
      return v === undefined ? undefined : [v];
    },
    readBody: (limit) => readWebBody(c.req.raw, limit),
    socket: undefined,
  };
}

/** The HostId of gateway errors: the Host called. */
export function hostOf(req: RawRequest): string {
  return req.header('host') ?? DEFAULT_HOST_ID;
}
