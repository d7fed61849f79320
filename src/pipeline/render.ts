import { GatewayError, gatewayError } from '../gateway/errors.js';
import type { HonoCtx } from '../gateway/request.js';
import { renderGatewayError, SCENARIO_RESPONSE_HEADER, type Rendered } from '../gateway/respond.js';
import type { RequestContext } from './context.js';
import { StoreUnavailableError } from '../store/types.js';

/** The gateway's CORS headers (as in real responses, gateway-errors.md §2). */
export const CORS_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'POST, GET, OPTIONS',
  'access-control-max-age': '172800',
} as const;

/** The HTTP response: the rendered body with the RequestId and what decided it. */
export function send(c: HonoCtx, rendered: Rendered, requestId: string, decidedBy: string): Response {
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

/** Renders the context's answer (or the response a dropped connection left). */
export function render(ctx: RequestContext): Response {
  return ctx.response ?? send(ctx.c, ctx.rendered!, ctx.requestId, ctx.decidedBy);
}

/**
 * A step threw: a GatewayError is the gateway's documented answer; anything else becomes a logged 500 with
 * the RequestId the client sees (never a hang or a crash).
 */
export function failed(ctx: RequestContext, err: unknown): void {
  const rt = ctx.gw.rt;
  if (!ctx.requestId) ctx.requestId = rt.data.requestId('');
  ctx.outcome = 'gateway-error';
  ctx.response = undefined;
  if (err instanceof StoreUnavailableError) {
    // The store (Redis) is down or too slow: the gateway's own 503 in the requested Format, never a hang.
    rt.log(`store unavailable for ${ctx.requestId}: ${err.message}`);
    ctx.decidedBy = 'gateway.ServiceUnavailable';
    ctx.rendered = renderGatewayError(gatewayError('ServiceUnavailable'), ctx.format, ctx.requestId, ctx.hostId);
    return;
  }
  if (err instanceof GatewayError) {
    if (ctx.decidedBy === 'default') ctx.decidedBy = `gateway.${err.code}`;
    ctx.rendered = renderGatewayError(err, ctx.format, ctx.requestId, ctx.hostId);
    return;
  }
  rt.logger.error('unexpected exception', err, { requestId: ctx.requestId });
  ctx.decidedBy = 'gateway.InternalError';
  ctx.rendered = renderGatewayError(gatewayError('InternalError'), ctx.format, ctx.requestId, ctx.hostId);
}
