import type { RawRequest } from '../gateway/request.js';
import { yieldToOthers } from '../gateway/slices.js';
import { journal } from './after/journal.js';
import { log } from './after/log.js';
import { metrics } from './after/metrics.js';
import { newContext, type AfterStep, type Gateway, type RequestContext, type Step } from './context.js';
import { failed, render, type Answer } from './render.js';
import { answer } from './steps/answer.js';
import { authenticate } from './steps/authenticate.js';
import { decide } from './steps/decide.js';
import { delay } from './steps/delay.js';
import { fault } from './steps/fault.js';
import { format } from './steps/format.js';
import { mockHeaders } from './steps/mock-headers.js';
import { params } from './steps/params.js';
import { proxy } from './steps/proxy.js';
import { requiredParams } from './steps/required.js';
import { resolveCall } from './steps/resolve.js';

/**
 * The gateway's order of steps, in this one place. Each step reads what the earlier ones set on the
 * request's context; the first that sets an answer (or throws) ends the chain, and the answer is rendered.
 */
export const STEPS: readonly Step[] = [
  params, //         query ∪ body decoded, RequestId
  format, //         Format, HTTP method
  authenticate, //   API lookup (Action + Version), key, timestamp, signature, nonce
  mockHeaders, //    x-saf-mock-scenario / -fault / -delay
  requiredParams, // the API's own required parameters
  proxy, //          record mode: the live endpoint answers instead
  resolveCall, //    the product's entry point: parameters into a typed call
  decide, //         header, magic value, fixture rule or default
  delay,
  fault,
  answer, //         the product (or a fixture's body) answers
];

/** After the answer is rendered, whatever happened. */
export const AFTER_STEPS: readonly AfterStep[] = [journal, log, metrics];

function runAfterSteps(ctx: RequestContext): Promise<unknown> | void {
  let pending: Promise<unknown>[] | undefined;
  for (let i = 0; i < AFTER_STEPS.length; i++) {
    const after = AFTER_STEPS[i]!;
    try {
      const p = after.run(ctx);
      if (p !== undefined) (pending ??= []).push(p.catch((e: unknown) => afterFailed(ctx, after, e)));
    } catch (e) {
      afterFailed(ctx, after, e);
    }
  }
  // Usually one (the journal's write): awaited as it is, without a Promise.all around it.
  if (pending) return pending.length === 1 ? pending[0] : Promise.all(pending);
}

/** The journal, logs and metrics are by-products: never let them turn an answered request into an error. */
function afterFailed(ctx: RequestContext, after: AfterStep, e: unknown): void {
  ctx.gw.rt.logger.warn(`${after.name}: request ${ctx.requestId} not recorded: ${e instanceof Error ? e.message : String(e)}`, { requestId: ctx.requestId });
}

/**
 * One gateway request through the chain (a step's plain return costs no await: the hot path stays lean).
 * The answer is undefined when a fault dropped the connection; the server that took the request writes it.
 */
export async function handle(gw: Gateway, req: RawRequest): Promise<Answer | undefined> {
  const ctx = newContext(gw, req);
  try {
    for (let i = 0; i < STEPS.length && ctx.rendered === undefined; i++) {
      const pending = STEPS[i]!.run(ctx);
      if (pending !== undefined) await pending;
      // A 16 MB request costs tens of ms per step: other clients' requests are served in between.
      if (ctx.large) await yieldToOthers();
    }
  } catch (err) {
    failed(ctx, err);
  }
  let answer: Answer | undefined;
  try {
    answer = render(ctx);
  } finally {
    const pending = runAfterSteps(ctx);
    if (pending) await pending;
  }
  return answer;
}
