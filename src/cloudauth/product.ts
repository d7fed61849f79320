/**
 * The Cloudauth 2019-03-07 product: parameters in, a typed answer out; the gateway authenticates and renders.
 */
import { type CloudauthAction, type CloudauthEntry } from './catalog.js';
import { describeFaceVerify, describeResult } from './describe.js';
import { initFaceVerify } from './init.js';
import { compareFaceVerify, contrastFaceVerify, livenessFaceVerify } from './server-side.js';
import { codeResult, type CloudauthContext, type CloudauthResult } from './types.js';
import type { Verification } from '../saf/sessions.js';

const HANDLERS: Record<CloudauthAction, (ctx: CloudauthContext, entry?: CloudauthEntry) => Promise<CloudauthResult>> = {
  InitFaceVerify: initFaceVerify,
  DescribeFaceVerify: describeFaceVerify,
  ContrastFaceVerify: contrastFaceVerify,
  CompareFaceVerify: compareFaceVerify,
  LivenessFaceVerify: livenessFaceVerify,
};

/** The product's own behaviour for an action. */
export function runCloudauth(ctx: CloudauthContext): Promise<CloudauthResult> {
  return HANDLERS[ctx.call.action](ctx);
}

/**
 * DescribeFaceVerify with a chosen SubCode: the verification's data (or, for a CertifyId the mock never
 * issued, data made up for it) with that result.
 */
async function describeWith(ctx: CloudauthContext, entry: CloudauthEntry): Promise<CloudauthResult> {
  const { call, deps } = ctx;
  const id = call.params.CertifyId ?? '';
  const found = await deps.verifications.find(call.accessKeyId, id);
  const base: Verification = found ?? { id, bizId: '', accessKeyId: call.accessKeyId, flow: 'h5', name: '', certNumber: '', createdAt: deps.now(), status: 'pending', photo: 0, product: 'cloudauth', productCode: 'ID_PRO' };
  const result = describeResult(ctx, { ...base, status: entry.passed === 'T' ? 'passed' : 'failed', outcomeId: entry.id });
  return { ...result, decidedBy: entry.id };
}

/**
 * Answers with a chosen catalog entry: Code 200 runs the normal path; a SubCode is the result of the
 * verification (carried to it by InitFaceVerify, synchronous for the server-side actions); any other code
 * is rendered as documented.
 */
export async function answerCloudauthEntry(entry: CloudauthEntry, ctx: CloudauthContext): Promise<CloudauthResult> {
  if (entry.kind === 'code') return entry.outcome === 'success' ? runCloudauth(ctx) : codeResult(entry.id);
  switch (ctx.call.action) {
    case 'InitFaceVerify':
      return initFaceVerify({ ...ctx, carry: entry });
    case 'DescribeFaceVerify':
      return describeWith(ctx, entry);
    default:
      return HANDLERS[ctx.call.action](ctx, entry);
  }
}
