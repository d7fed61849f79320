import { Hono } from 'hono';
import { controlRoutes } from './control/routes.js';
import { publicRoutes } from './lifecycle/routes.js';
import { rawRequest, type Bindings, type HonoCtx } from './gateway/request.js';
import { handle } from './pipeline/chain.js';
import { createGateway, type GatewayOptions } from './pipeline/gateway.js';
import { CORS_HEADERS, outsideChain, type Answer } from './pipeline/render.js';
import type { Runtime } from './runtime.js';
import { mountUi } from './ui/mount.js';

export type { Bindings } from './gateway/request.js';

export type AppOptions = GatewayOptions;

/** A gateway answer as Hono's Response (a dropped connection has nothing to send). */
function toResponse(c: HonoCtx, answer: Answer | undefined): Response {
  return answer ? c.body(answer.text, answer.status as 200, answer.headers) : new Response(null);
}

/**
 * The endpoint: the control API under /__saf, the gateway (src/pipeline/chain.ts) on `/`, nothing else. On
 * Node the server hands gateway requests to the chain directly (src/pipeline/serve-node.ts); this app takes
 * the rest, and everything under app.request().
 */
export function createApp(rt: Runtime, options: AppOptions = {}): Hono<{ Bindings: Bindings }> {
  const app = new Hono<{ Bindings: Bindings }>();
  const gw = createGateway(rt, options);

  app.route('/', publicRoutes(rt));
  // Browser pages and the dashboard, loaded on their first request (before the control API's catch-all).
  mountUi(app, rt);
  app.route('/__saf', controlRoutes(rt));

  // Browser preflight, answered as the gateway does (its responses carry the same CORS headers).
  app.options('/', (c) => c.body(null, 200, { ...CORS_HEADERS, 'access-control-allow-headers': c.req.header('access-control-request-headers') ?? '*' }));
  app.all('/', async (c) => toResponse(c, await handle(gw, rawRequest(c))));

  // Any other path is not an API of this endpoint.
  app.all('*', (c) => gatewayAnswer(c, 'InvalidActionNotFound'));

  app.onError((err, c) => {
    const requestId = rt.data.requestId('');
    rt.logger.error('unexpected exception', err, { requestId });
    return gatewayAnswer(c, 'InternalError', requestId);
  });

  function gatewayAnswer(c: HonoCtx, name: 'InvalidActionNotFound' | 'InternalError', requestId?: string): Response {
    return toResponse(c, outsideChain(rt, rawRequest(c), name, requestId));
  }

  return app;
}
