import type { RequestContext, Step } from '../context.js';

/** Record mode: the live endpoint answers instead of the emulator (nothing to do without --proxy). */
function forwardToLive(ctx: RequestContext): Promise<void> | void {
  const proxy = ctx.gw.proxy;
  const auth = ctx.auth!;
  // Record mode covers SAF's ExecuteRequest; Cloudauth actions are answered by the emulator (README).
  if (!proxy || auth.api.product !== 'saf') return;
  return proxy
    .forward({ params: ctx.params, accessKeyId: auth.accessKey.id, format: ctx.format, requestId: ctx.requestId, action: auth.action, version: auth.version })
    .then((live) => {
      ctx.decidedBy = live.decidedBy;
      if (live.requestId) ctx.requestId = live.requestId;
      const r = live.rendered;
      ctx.outcome = r.status === 200 ? (r.code === 200 ? 'success' : 'failure') : 'gateway-error';
      ctx.rendered = r;
    });
}

export const proxy: Step = { name: 'proxy', run: forwardToLive };
