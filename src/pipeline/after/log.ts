import type { AfterStep, RequestContext } from '../context.js';
import { monotonicMs } from '../../clock.js';

/** One record per request with --log-requests (a text line or a JSON object, as configured). */
function logRequest(ctx: RequestContext): void {
  const rt = ctx.gw.rt;
  if (!rt.config.logRequests) return;
  const r = ctx.rendered;
  rt.logger.request({
    requestId: ctx.requestId,
    accessKeyId: ctx.trace.accessKeyId,
    service: ctx.cloudauth ? 'cloudauth' : (ctx.call?.service ?? ctx.params.get('Service') ?? null),
    method: ctx.cloudauth?.action ?? ctx.call?.method ?? null,
    status: r?.status ?? 0,
    code: r?.code ?? null,
    scenario: ctx.decidedBy,
    durationMs: Math.round((monotonicMs() - ctx.started) * 100) / 100,
  });
}

export const log: AfterStep = { name: 'log', run: logRequest };
