import { NO_VALUE } from '../../metrics/catalog.js';
import { SERVICES } from '../../saf/product.js';
import type { AfterStep, RequestContext } from '../context.js';
import { monotonicMs } from '../../clock.js';

/** The service label: only known names (a client's raw `Service` parameter must not mint new series). */
function serviceOf(ctx: RequestContext): string {
  if (ctx.cloudauth) return 'cloudauth';
  if (ctx.call) return ctx.call.service;
  const raw = ctx.params.get('Service');
  return raw !== undefined && (SERVICES as readonly string[]).includes(raw) ? raw : NO_VALUE;
}

/** Counts every answered gateway request in this process's metrics (src/metrics/recorder.ts): no I/O, no promise. */
function recordMetrics(ctx: RequestContext): void {
  const r = ctx.rendered;
  const code = r?.code === null || r?.code === undefined ? NO_VALUE : String(r.code);
  ctx.gw.rt.metrics.record({
    service: serviceOf(ctx),
    method: ctx.cloudauth?.action ?? ctx.call?.method ?? NO_VALUE,
    status: r?.status ?? 0,
    code,
    scenario: ctx.decidedBy,
    gatewayError: ctx.outcome === 'gateway-error' ? code : undefined,
    seconds: (monotonicMs() - ctx.started) / 1000,
  });
}

export const metrics: AfterStep = { name: 'metrics', run: recordMetrics };
