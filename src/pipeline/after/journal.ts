import { CompactRecord, entryOfFacts, isCompact, type RequestFacts } from '../../journal-record.js';
import type { AfterStep, RequestContext } from '../context.js';
import { monotonicMs } from '../../clock.js';

/** What the journal needs of a request, taken as it is (no copies). */
function factsOf(ctx: RequestContext): RequestFacts {
  const { req, trace, call } = ctx;
  const r = ctx.rendered;
  return {
    time: ctx.gw.rt.now(),
    requestId: ctx.requestId,
    accessKeyId: trace.accessKeyId,
    httpMethod: req.method,
    client: req.header('user-agent') ?? null,
    scheme: trace.scheme,
    authenticated: ctx.auth !== undefined,
    stringToSign: trace.stringToSign,
    canonicalRequest: trace.canonicalRequest,
    action: trace.action,
    version: trace.version,
    service: ctx.cloudauth ? 'cloudauth' : (call?.service ?? ctx.params.get('Service') ?? null),
    method: ctx.cloudauth?.action ?? call?.method ?? null,
    scenario: ctx.decidedBy,
    retryAttempts: req.header('x-acs-retry-attempts') ?? null,
    status: r?.status ?? 0,
    code: r?.code ?? null,
    outcome: ctx.outcome,
    durationMs: Math.round((monotonicMs() - ctx.started) * 100) / 100,
    rawQuery: ctx.rawQuery,
    body: ctx.body,
    contentType: ctx.contentType,
    acs3: ctx.acs3,
    params: ctx.params,
    parsedServiceParameters: call?.params,
    large: ctx.largeTexts,
    responseText: r?.body.text,
  };
}

/**
 * Every request goes to the journal: secrets and photos elided, the server's string-to-sign when it failed.
 * A small verified request goes as its compact record, built into its entry when read (journal-record.ts).
 */
function record(ctx: RequestContext): Promise<unknown> {
  const facts = factsOf(ctx);
  // Awaited (the journal may be in Redis): a request read back right after its answer is there.
  return ctx.gw.rt.journal.add(isCompact(facts) ? new CompactRecord(facts) : entryOfFacts(facts));
}

export const journal: AfterStep = { name: 'journal', run: record };
