import { GatewayError, missingParam } from '../../gateway/errors.js';
import type { RequestContext, Step } from '../context.js';

/** The API's own required parameters (ExecuteRequest: Service, ServiceParameters), in its order. */
function checkRequired(ctx: RequestContext): void {
  const required = ctx.auth!.api.required;
  for (let i = 0; i < required.length; i++) {
    if (!ctx.params.has(required[i]!)) throw new GatewayError(missingParam(required[i]!));
  }
}

export const requiredParams: Step = { name: 'required params', run: checkRequired };
