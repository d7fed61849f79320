import type { RequestContext, Step } from '../context.js';

/** The product's entry point turns the parameters into a typed call (or its own answer when unusable). */
function resolveApiCall(ctx: RequestContext): void {
  const auth = ctx.auth!;
  const resolved = auth.api.resolve({ params: ctx.params, action: auth.action, version: auth.version, accessKeyId: auth.accessKey.id });
  if (resolved.ok) ctx.call = resolved.call;
  else ctx.unresolved = resolved.result;
}

export const resolveCall: Step = { name: 'resolve call', run: resolveApiCall };
