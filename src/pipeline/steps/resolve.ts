import { cloudauthParams } from '../../cloudauth/params.js';
import type { RequestContext, Step } from '../context.js';

/**
 * The product's entry point turns the parameters into a typed call (or its own answer when unusable). A
 * Cloudauth action's parameters are its own, flat: the call is the action with them.
 */
function resolveApiCall(ctx: RequestContext): void {
  const auth = ctx.auth!;
  const api = auth.api;
  if (api.product === 'cloudauth') {
    ctx.cloudauth = { action: api.action, params: cloudauthParams(ctx.params), accessKeyId: auth.accessKey.id, origin: `http://${ctx.hostId}` };
    return;
  }
  const resolved = api.resolve({ params: ctx.params, action: auth.action, version: auth.version, accessKeyId: auth.accessKey.id, large: ctx.largeTexts });
  if (resolved.ok) ctx.call = resolved.call;
  else ctx.unresolved = resolved.result;
}

export const resolveCall: Step = { name: 'resolve call', run: resolveApiCall };
