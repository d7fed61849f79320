import { addJsonBodyParams, decodeAsciiFormInSlices, decodeForm, decodeFormInSlices, decodeSmallRequest, FORM_MEDIA_TYPE, isAcs3, mediaType, rawQueryOf, sniffFormat, sniffFormatBytes } from '../../gateway/params.js';
import type { RequestContext, Step } from '../context.js';

/** Past this size a request's steps take milliseconds each: the chain lets other requests run in between. */
const LARGE_REQUEST_CHARS = 256 * 1024;

/** A request of megabytes: decoded in slices that let other requests run, its long values kept in pieces (large-text.ts). */
async function readLargeParams(ctx: RequestContext, rawQuery: string, body: Buffer, contentType: string): Promise<void> {
  const { req } = ctx;
  const large = (ctx.largeTexts = new Map());
  const query = (ctx.query = req.queryBytes ? await decodeAsciiFormInSlices(req.queryBytes, new Map(), large) : await decodeFormInSlices(rawQuery, new Map(), large));
  const params = (ctx.params = new Map(query));
  if (body.length > 0 && contentType === FORM_MEDIA_TYPE) await decodeFormInSlices(body.toString('utf8'), params, large);
}

/**
 * Parameters: query ∪ form body, decoded; the raw body is kept for the ACS3 payload hash. Until they are
 * decoded, errors (body too large, malformed encoding) answer in the Format the query asks for. The RequestId
 * is drawn once the key verified (authenticate step): a forged request must not shift a key's sequence.
 */
async function readParams(ctx: RequestContext): Promise<void> {
  const { req } = ctx;
  const rawQuery = (ctx.rawQuery = rawQueryOf(req.url));
  ctx.authorization = req.header('authorization');
  ctx.format = req.queryBytes ? sniffFormatBytes(req.queryBytes) : sniffFormat(rawQuery);
  const body = (ctx.body = await req.readBody(ctx.gw.rt.config.bodyLimitBytes));
  ctx.large = req.queryBytes !== undefined || rawQuery.length + body.length > LARGE_REQUEST_CHARS;
  const contentType = (ctx.contentType = mediaType(req.header('content-type')));
  if (ctx.large) await readLargeParams(ctx, rawQuery, body, contentType);
  else ctx.params = decodeSmallRequest((ctx.query = decodeForm(rawQuery)), body, contentType);
  ctx.acs3 = isAcs3(ctx.authorization, ctx.params);
  if (ctx.acs3) addJsonBodyParams(body, contentType, ctx.params);
}

export const params: Step = { name: 'params', run: readParams };
