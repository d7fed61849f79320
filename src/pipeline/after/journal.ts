import { elideParams, hideValues, type Hidden } from '../../journal.js';
import { journalBody } from '../../journal-body.js';
import type { AfterStep, RequestContext } from '../context.js';
import { monotonicMs } from '../../clock.js';

/** Every request goes to the journal: secrets and photos elided, the server's string-to-sign when it failed. */
function record(ctx: RequestContext): Promise<unknown> {
  const { gw, req, trace, auth, call, params } = ctx;
  const r = ctx.rendered;
  // What was hidden is needed only to hide it in a failed signature's string-to-sign too.
  const hidden: Hidden | undefined = auth === undefined && trace.stringToSign !== undefined ? new Map() : undefined;
  const large = ctx.largeTexts;
  const shownParams = elideParams(params, call?.params, hidden, large);
  const unauthenticated = auth === undefined;
  // Awaited (the journal may be in Redis): a request read back right after its answer is there. One object
  // shape for every request (no spreads): fields that do not apply are undefined, which the journal's JSON
  // leaves out, so the entries read back exactly as before.
  return gw.rt.journal.add({
    time: new Date(gw.rt.now()).toISOString(),
    requestId: ctx.requestId,
    accessKeyId: trace.accessKeyId,
    httpMethod: req.method,
    client: req.header('user-agent') ?? null,
    scheme: trace.scheme,
    signatureVerified: !unauthenticated,
    // Never authenticated: kept in the journal's own ring for such requests (forged ones cannot evict a key's).
    unauthenticated: unauthenticated ? true : undefined,
    stringToSign: unauthenticated && trace.stringToSign !== undefined ? hideValues(trace.stringToSign, hidden!, large) : undefined,
    canonicalRequest: unauthenticated && trace.canonicalRequest !== undefined ? hideValues(trace.canonicalRequest, hidden!, large) : undefined,
    action: trace.action,
    version: trace.version,
    service: ctx.cloudauth ? 'cloudauth' : (call?.service ?? params.get('Service') ?? null),
    method: ctx.cloudauth?.action ?? call?.method ?? null,
    params: shownParams,
    scenario: ctx.decidedBy,
    retryAttempts: req.header('x-acs-retry-attempts') ?? null,
    status: r?.status ?? 0,
    code: r?.code ?? null,
    // A SignatureDoesNotMatch body quotes the string-to-sign: hidden the same way.
    responseBody: hidden && r ? journalBody(hideValues(r.body.text, hidden, large)) : journalBody(r?.body.text),
    outcome: ctx.outcome,
    durationMs: Math.round((monotonicMs() - ctx.started) * 100) / 100,
  });
}

export const journal: AfterStep = { name: 'journal', run: record };
