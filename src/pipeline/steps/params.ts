import { gatewayError } from '../../gateway/errors.js';
import { decodeAsciiFormInSlices, decodeForm, decodeFormInSlices, mediaType, rawQueryOf, sniffFormat, sniffFormatBytes, type Params } from '../../gateway/params.js';
import type { RequestContext, Step } from '../context.js';

/** ACS3 clients may send Service/ServiceParameters in a JSON body; only string fields are taken. */
function addJsonBodyParams(body: Buffer, into: Params): void {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    throw gatewayError('RequestParameterMalformed');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return;
  for (const [key, value] of Object.entries(parsed)) {
    if (typeof value === 'string') into.set(key, value);
    else if (typeof value === 'number' || typeof value === 'boolean') into.set(key, String(value));
    else if (value !== null && typeof value === 'object') into.set(key, nestedJson(value));
  }
}

/** A nested body value as JSON text; nesting too deep to serialise is malformed input, not a server fault. */
function nestedJson(value: object): string {
  try {
    return JSON.stringify(value);
  } catch {
    throw gatewayError('RequestParameterMalformed');
  }
}

/**
 * Parameters: query ∪ form body, decoded; the raw body is kept for the ACS3 payload hash. Until they are
 * decoded, errors (body too large, malformed encoding) answer in the Format the query asks for. The RequestId
 * is drawn once the key verified (authenticate step): a forged request must not shift a key's sequence.
 */
/** Past this size a request's steps take milliseconds each: the chain lets other requests run in between. */
const LARGE_REQUEST_CHARS = 256 * 1024;

async function readParams(ctx: RequestContext): Promise<void> {
  const { req } = ctx;
  const rawQuery = rawQueryOf(req.url);
  ctx.authorization = req.header('authorization');
  ctx.format = req.queryBytes ? sniffFormatBytes(req.queryBytes) : sniffFormat(rawQuery);
  const body = (ctx.body = await req.readBody(ctx.gw.rt.config.bodyLimitBytes));
  ctx.large = req.queryBytes !== undefined || rawQuery.length + body.length > LARGE_REQUEST_CHARS;
  // Megabytes are decoded in slices that let other requests run, and kept in pieces (large-text.ts).
  const large = (ctx.largeTexts = ctx.large ? new Map() : undefined);
  const query = (ctx.query = req.queryBytes
    ? await decodeAsciiFormInSlices(req.queryBytes, new Map(), large)
    : ctx.large
      ? await decodeFormInSlices(rawQuery, new Map(), large)
      : decodeForm(rawQuery));
  const params = (ctx.params = new Map(query));
  const contentType = mediaType(req.header('content-type'));
  if (body.length > 0 && contentType === 'application/x-www-form-urlencoded') {
    if (ctx.large) await decodeFormInSlices(body.toString('utf8'), params, large);
    else decodeForm(body.toString('utf8'), params);
  }
  ctx.acs3 = ctx.authorization !== undefined && !params.has('Signature');
  if (ctx.acs3 && body.length > 0 && contentType === 'application/json') addJsonBodyParams(body, params);
}

export const params: Step = { name: 'params', run: readParams };
