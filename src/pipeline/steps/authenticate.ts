import { authenticateV1, authenticateV3, type AuthInput } from '../../gateway/auth.js';
import type { RequestContext, Step } from '../context.js';

/** API lookup (Action + Version), key, timestamp, signature, nonce: RPC v1 or ACS3, as signed. */
function authenticateRequest(ctx: RequestContext): void {
  const { req } = ctx;
  const input: AuthInput = {
    httpMethod: req.method,
    path: req.path,
    params: ctx.params,
    query: ctx.query,
    header: req.header,
    headerValues: req.headerValues,
    body: ctx.body,
  };
  const policy = ctx.gw.authPolicy;
  ctx.auth = ctx.acs3 ? authenticateV3(input, ctx.authorization!, policy, ctx.trace) : authenticateV1(input, policy, ctx.trace);
  // Only a verified key draws its RequestId from its own (seeded) sequence: a forged request claiming the key
  // must not shift it. A request refused before this point draws from the shared one (see failed()).
  ctx.requestId = ctx.gw.rt.data.requestId(ctx.auth.accessKey.id);
}

export const authenticate: Step = { name: 'authenticate', run: authenticateRequest };
