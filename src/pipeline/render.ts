import { GatewayError, gatewayError } from '../gateway/errors.js';
import { rawQueryOf, sniffFormat } from '../gateway/params.js';
import { hostOf, type RawRequest } from '../gateway/request.js';
import { renderGatewayError, SCENARIO_RESPONSE_HEADER, type Rendered } from '../gateway/respond.js';
import type { Runtime } from '../runtime.js';
import type { RequestContext } from './context.js';
import { StoreUnavailableError } from '../store/types.js';

/** The gateway's CORS headers (as in real responses, gateway-errors.md §2). */
export const CORS_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'POST, GET, OPTIONS',
  'access-control-max-age': '172800',
} as const;

/** What goes on the wire, whichever server writes it (src/pipeline/serve.ts for Node, Hono's Response otherwise). */
export interface Answer {
  readonly status: number;
  /** Lower-case names in alphabetical order (the order Hono's Headers gave them). */
  readonly headers: Record<string, string>;
  readonly text: string;
}

/** The HTTP answer: the rendered body with the RequestId and what decided it. */
export function answerOf(req: RawRequest, rendered: Rendered, requestId: string, decidedBy: string): Answer {
  let headers: Record<string, string> = {
    'content-type': rendered.body.contentType,
    'x-acs-request-id': requestId,
    [SCENARIO_RESPONSE_HEADER]: decidedBy,
  };
  // CORS headers only for browsers (they send Origin): three more headers on every SDK answer cost ~10 %
  // of the throughput, and no SDK reads them.
  const cors = req.header('origin') !== undefined;
  let extra = false;
  for (const _ in rendered.headers) {
    extra = true;
    break;
  }
  if (cors || extra) {
    const all: Record<string, string> = { ...headers, ...rendered.headers, ...(cors ? CORS_HEADERS : undefined) };
    headers = {};
    for (const name of Object.keys(all).sort()) headers[name.toLowerCase()] = all[name]!;
  }
  return { status: rendered.status, headers, text: rendered.body.text };
}

/** The context's answer; undefined when a fault dropped the connection (nothing is sent). */
export function render(ctx: RequestContext): Answer | undefined {
  return ctx.dropped ? undefined : answerOf(ctx.req, ctx.rendered!, ctx.requestId, ctx.decidedBy);
}

/** A gateway error outside the chain (an unknown path, an unexpected exception), in the Format the raw query asks for. */
export function outsideChain(rt: Runtime, req: RawRequest, name: 'InvalidActionNotFound' | 'InternalError', requestId = rt.data.requestId('')): Answer {
  const error = gatewayError(name);
  return answerOf(req, renderGatewayError(error, sniffFormat(rawQueryOf(req.url)), requestId, hostOf(req)), requestId, `gateway.${error.code}`);
}

/**
 * A step threw: a GatewayError is the gateway's documented answer; anything else becomes a logged 500 with
 * the RequestId the client sees (never a hang or a crash).
 */
export function failed(ctx: RequestContext, err: unknown): void {
  const rt = ctx.gw.rt;
  if (!ctx.requestId) ctx.requestId = rt.data.requestId('');
  ctx.outcome = 'gateway-error';
  ctx.dropped = false;
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
