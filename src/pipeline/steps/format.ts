import { gatewayError } from '../../gateway/errors.js';
import type { Format } from '../../gateway/render.js';
import type { RequestContext, Step } from '../context.js';

/**
 * The response format: `Format` in any case; without it, XML for RPC v1 (the docs' default) and JSON for
 * ACS3 (Tea sends Accept: application/json and no Format). Undefined for an unknown value.
 */
export function resolveFormat(value: string | undefined, acs3: boolean): Format | undefined {
  if (value === undefined || value === '') return acs3 ? 'JSON' : 'XML';
  const upper = value.toUpperCase();
  return upper === 'JSON' || upper === 'XML' ? upper : undefined;
}

function negotiate(ctx: RequestContext): void {
  const requested = resolveFormat(ctx.params.get('Format'), ctx.acs3);
  // An unknown Format is the gateway's InvalidParameter.Format, answered in JSON.
  ctx.format = requested ?? 'JSON';
  if (!requested) throw gatewayError('InvalidParameterFormat');
  // SAF's API metadata lists GET and POST for ExecuteRequest; anything else is refused before signing.
  if (ctx.req.method !== 'GET' && ctx.req.method !== 'POST') throw gatewayError('UnsupportedHTTPMethod');
}

/** Format, and the HTTP methods the gateway accepts. */
export const format: Step = { name: 'format', run: negotiate };
