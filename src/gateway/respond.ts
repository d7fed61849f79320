import { GatewayError } from './errors.js';
import { renderBody, renderError, recommendUrl, type Format, type JsonObject, type RenderedBody } from './render.js';
import type { SafResult } from '../saf/types.js';
import type { CloudauthResult } from '../cloudauth/types.js';

/** The mock's own header naming why a validation answer was given (the body keeps the documented text). */
export const REASON_HEADER = 'x-saf-mock-reason';

export const SCENARIO_RESPONSE_HEADER = 'x-saf-mock-scenario';

export interface Rendered {
  readonly status: number;
  readonly body: RenderedBody;
  readonly headers: Record<string, string>;
  /** The body `Code`, for the journal. */
  readonly code: string | number | null;
}

/** A gateway error as the gateway sends it: 4xx/5xx, string Code, Recommend, HostId = the Host called. */
export function renderGatewayError(error: GatewayError, format: Format, requestId: string, hostId: string): Rendered {
  const body = renderError(format, {
    RequestId: requestId,
    HostId: hostId,
    Code: error.code,
    Message: error.renderedMessage,
    Recommend: recommendUrl(error.code, requestId),
  });
  return { status: error.status, body, headers: error.headers, code: error.code };
}

/** A SAF answer: HTTP 200, numeric Code, in the seed's key order (Data, Message, Code, RequestId). */
export function renderSafResult(result: SafResult, format: Format, requestId: string): Rendered {
  const body: JsonObject = {};
  if (result.data !== undefined) body.Data = result.data;
  body.Message = result.message;
  body.Code = result.code;
  body.RequestId = requestId;
  return { status: 200, body: renderBody(format, body), headers: {}, code: result.code };
}

/** A fixture rule's custom body: sent as given, with a RequestId filled in when it has none. */
export function renderCustomBody(body: JsonObject, status: number, format: Format, requestId: string): Rendered {
  const full: JsonObject = { ...body };
  if (!Object.hasOwn(full, 'RequestId')) full.RequestId = requestId;
  const code = full.Code;
  return { status, body: renderBody(format, full), headers: {}, code: typeof code === 'string' || typeof code === 'number' ? code : null };
}

/**
 * A Cloudauth answer: HTTP 200 for every business code (the Tea SDK then hands it to the application), `Code`
 * a string, in the metadata's key order (Code, Message, RequestId, ResultObject); XML under `<{Action}Response>`.
 */
export function renderCloudauthResult(result: CloudauthResult, format: Format, requestId: string, action: string): Rendered {
  const body: JsonObject = { Code: result.code, Message: result.message, RequestId: requestId };
  if (result.resultObject !== undefined) body.ResultObject = result.resultObject;
  const headers: Record<string, string> = result.reason === undefined ? {} : { [REASON_HEADER]: headerSafe(result.reason) };
  return { status: 200, body: renderBody(format, body, `${action}Response`), headers, code: result.code };
}

/** Header values are latin-1 text: anything else is escaped as \uXXXX. */
function headerSafe(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, (ch) => '\\u' + ch.charCodeAt(0).toString(16).padStart(4, '0')).slice(0, 300);
}
