import type { Socket } from 'node:net';
import { Hono } from 'hono';
import { controlRoutes } from './control/routes.js';
import { publicRoutes } from './lifecycle/routes.js';
import { gatewayError } from './gateway/errors.js';
import { rawQueryOf, sniffFormat } from './gateway/params.js';
import { hostOf, rawRequest, type Bindings, type HonoCtx } from './gateway/request.js';
import { renderGatewayError } from './gateway/respond.js';
import { APIS } from './pipeline/apis.js';
import { handle } from './pipeline/chain.js';
import type { Gateway } from './pipeline/context.js';
import { CORS_HEADERS, send } from './pipeline/render.js';
import type { Proxy } from './proxy.js';
import type { Runtime } from './runtime.js';
import { mountUi } from './ui/mount.js';

export type { Bindings } from './gateway/request.js';

export interface AppOptions {
  /** Sockets held open by the `timeout` fault, so the server can end them on close. */
  readonly heldSockets?: Set<Socket>;
  readonly proxy?: Proxy;
}

/** The endpoint: the control API under /__saf, the gateway (src/pipeline/chain.ts) on `/`, nothing else. */
export function createApp(rt: Runtime, options: AppOptions = {}): Hono<{ Bindings: Bindings }> {
  const app = new Hono<{ Bindings: Bindings }>();
  const gw: Gateway = {
    rt,
    authPolicy: { apis: APIS, credentials: rt.credentials, now: rt.now, timestampWindowMs: rt.config.timestampWindowMs },
    proxy: options.proxy,
    heldSockets: options.heldSockets,
  };

  app.route('/', publicRoutes(rt));
  // Browser pages and the dashboard, loaded on their first request (before the control API's catch-all).
  mountUi(app, rt);
  app.route('/__saf', controlRoutes(rt));

  // Browser preflight, answered as the gateway does (its responses carry the same CORS headers).
  app.options('/', (c) => c.body(null, 200, { ...CORS_HEADERS, 'access-control-allow-headers': c.req.header('access-control-request-headers') ?? '*' }));
  app.all('/', (c) => handle(gw, c));

  // Any other path is not an API of this endpoint.
  app.all('*', (c) => gatewayAnswer(c, 'InvalidActionNotFound'));

  app.onError((err, c) => {
    const requestId = rt.data.requestId('');
    rt.logger.error('unexpected exception', err, { requestId });
    return gatewayAnswer(c, 'InternalError', requestId);
  });

  /** A gateway error outside the chain, in the Format the raw query asks for. */
  function gatewayAnswer(c: HonoCtx, name: 'InvalidActionNotFound' | 'InternalError', requestId = rt.data.requestId('')): Response {
    const req = rawRequest(c);
    const error = gatewayError(name);
    return send(c, renderGatewayError(error, sniffFormat(rawQueryOf(req.url)), requestId, hostOf(req)), requestId, `gateway.${error.code}`);
  }

  return app;
}
