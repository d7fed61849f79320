import type { IncomingMessage } from 'node:http';
import type { Context } from 'hono';

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
  /** Path and query as sent (`/?Action=…`). */
  readonly url: string;
  readonly path: string;
  header(name: string): string | undefined;
  headerValues(name: string): readonly string[] | undefined;
}

export function rawRequest(c: HonoCtx): RawRequest {
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

/** The HostId of gateway errors: the Host called. */
export function hostOf(req: RawRequest): string {
  return req.header('host') ?? DEFAULT_HOST_ID;
}
