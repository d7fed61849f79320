import { renderCloudauthResult, renderCustomBody, renderSafResult } from '../../gateway/respond.js';
import { answerCloudauthEntry, runCloudauth } from '../../cloudauth/product.js';
import type { CloudauthResult } from '../../cloudauth/types.js';
import { resultFromEntry, type MethodContext, type SafResult } from '../../saf/types.js';
import type { RequestContext, Step } from '../context.js';

/** Without a usable call: the scenario's entry when one applies to every method, else the product's answer. */
function answerUnresolved(ctx: RequestContext): void {
  const entry = ctx.decision!.entry;
  const result = entry ? resultFromEntry(entry, ctx.gw.rt.codesFor(ctx.auth!.accessKey.id)) : ctx.unresolved!;
  if (!entry) ctx.decidedBy = result.decidedBy;
  ctx.outcome = result.code === 200 ? 'success' : 'failure';
  ctx.rendered = renderSafResult(result, ctx.format, ctx.requestId);
}

function finish(ctx: RequestContext, result: SafResult): void {
  const decision = ctx.decision!;
  const rendered = (ctx.rendered = renderSafResult(result, ctx.format, ctx.requestId));
  // Without a scenario, what decided is the product's own reason (a catalog entry or default); a success
  // entry runs the normal path, and when that cannot succeed the header says what answered instead.
  if (decision.source === 'default' || (decision.entry?.outcome === 'success' && rendered.code !== decision.entry.code)) {
    ctx.decidedBy = result.decidedBy;
  }
  ctx.outcome = rendered.code === 200 ? 'success' : 'failure';
}

function answerCustomBody(ctx: RequestContext): void {
  const decision = ctx.decision!;
  const rendered = (ctx.rendered = renderCustomBody(decision.body!, decision.status ?? 200, ctx.format, ctx.requestId));
  const success = rendered.code === 200 || rendered.code === '200';
  ctx.outcome = rendered.status === 200 && success ? 'success' : rendered.status === 200 ? 'failure' : 'gateway-error';
}

function finishCloudauth(ctx: RequestContext, result: CloudauthResult): void {
  const entry = ctx.cloudauthEntry;
  ctx.rendered = renderCloudauthResult(result, ctx.format, ctx.requestId, ctx.cloudauth!.action);
  // As for SAF: without a scenario the product's own reason; a success entry that could not succeed says what answered.
  if (ctx.decision!.source === 'default' || (entry?.kind === 'code' && entry.outcome === 'success' && result.code !== entry.code)) ctx.decidedBy = result.decidedBy;
  ctx.outcome = result.code === '200' ? 'success' : 'failure';
}

/** A Cloudauth action: the product's default path, or the catalog entry a scenario chose. */
function answerCloudauth(ctx: RequestContext): Promise<void> {
  const rt = ctx.gw.rt;
  const product = { call: ctx.cloudauth!, deps: { verifications: rt.verifications, lifecycle: rt.lifecycle, data: rt.data, photos: rt.photos, now: rt.now } };
  const entry = ctx.cloudauthEntry;
  return (entry ? answerCloudauthEntry(entry, product) : runCloudauth(product)).then((r) => finishCloudauth(ctx, r));
}

/** The product answers the call (its default path or the chosen catalog entry), or a fixture's custom body. */
function answerCall(ctx: RequestContext): Promise<void> | void {
  const decision = ctx.decision!;
  if (decision.body) return answerCustomBody(ctx);
  if (ctx.cloudauth) return answerCloudauth(ctx);
  const call = ctx.call;
  if (!call) return answerUnresolved(ctx);
  const rt = ctx.gw.rt;
  const method: MethodContext = {
    call,
    settings: { codes: rt.codesFor(call.accessKeyId), dataShape: rt.config.dataShape },
    deps: { verifications: rt.verifications, data: rt.data, photos: rt.photos, lifecycle: rt.lifecycle, now: rt.now },
    carryOutcome: decision.carry,
    origin: `http://${ctx.hostId}`,
    large: ctx.largeTexts,
  };
  const api = ctx.auth!.api;
  if (api.product !== 'saf') throw new Error(`no SAF call for ${api.product}`);
  const result = api.answer(method, decision.entry);
  if (result instanceof Promise) return result.then((r) => finish(ctx, r));
  finish(ctx, result);
}

export const answer: Step = { name: 'answer', run: answerCall };
