import { authenticateV1, authenticateV1Large, authenticateV3, authenticateV3Large, claimNonce, type AuthInput, type Authenticated } from '../../gateway/auth.js';
import type { ApiEntry } from '../api-entry.js';
import type { RequestContext, Step } from '../context.js';

/**
 * API lookup (Action + Version), key, timestamp, signature, then the nonce: claimed in the store (one atomic
 * claim, shared by replicas) only once the signature verified, so a forged request cannot burn a real one.
 */
function authenticateRequest(ctx: RequestContext): Promise<void> {
  const { req } = ctx;
  const input: AuthInput = {
    httpMethod: req.method,
    path: req.path,
    params: ctx.params,
    query: ctx.query,
    header: req.header,
    headerValues: req.headerValues,
    body: ctx.body,
    large: ctx.largeTexts,
  };
  const policy = ctx.gw.authPolicy;
  if (ctx.large) {
    // Megabytes to sign: computed in slices that let other requests run.
    const verifying = ctx.acs3 ? authenticateV3Large(input, ctx.authorization!, policy, ctx.trace) : authenticateV1Large(input, policy, ctx.trace);
    return verifying.then((verified) => claimed(ctx, verified));
  }
  return claimed(ctx, ctx.acs3 ? authenticateV3(input, ctx.authorization!, policy, ctx.trace) : authenticateV1(input, policy, ctx.trace));
}

function claimed(ctx: RequestContext, verified: Authenticated<ApiEntry>): Promise<void> {
  const rt = ctx.gw.rt;
  return claimNonce(rt.nonces, verified, rt.now()).then(() => {
    ctx.auth = verified;
    // Only a verified key draws its RequestId from its own (seeded) sequence: a forged request claiming the key
    // must not shift it. A request refused before this point draws from the shared one (see failed()).
    ctx.requestId = rt.data.requestId(verified.accessKey.id);
  });
}

export const authenticate: Step = { name: 'authenticate', run: authenticateRequest };
