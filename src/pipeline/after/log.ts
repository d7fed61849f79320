import type { AfterStep, RequestContext } from '../context.js';

/** One line per request with --log-requests. */
function logLine(ctx: RequestContext): void {
  const rt = ctx.gw.rt;
  if (!rt.config.logRequests) return;
  const r = ctx.rendered;
  const call = ctx.call;
  const what = ctx.cloudauth ? `cloudauth.${ctx.cloudauth.action}` : call ? `${call.service}.${call.method}` : (ctx.params.get('Service') ?? '-');
  rt.log(`${new Date(rt.now()).toISOString()} ${ctx.requestId} ${ctx.trace.accessKeyId ?? '-'} ${what} → ${r?.status ?? 0} ${String(r?.code ?? '-')} [${ctx.decidedBy}]`);
}

export const log: AfterStep = { name: 'log', run: logLine };
