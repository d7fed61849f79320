import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { sniffFormatBytes } from './params.js';
import { formatOf } from './request.js';
import { recommendUrl, renderError, type Format } from './render.js';

/**
 * Answers for requests refused before the app sees them (Node's parser, Hono's URL building, timeouts):
 * still the gateway's envelope with a RequestId, never a bare status line.
 */
export interface EarlyError {
  readonly status: number;
  readonly reason: string;
  readonly code: string;
  readonly message: string;
}

export const EARLY_ERRORS = {
  headersTooLarge: (limit: number): EarlyError => ({ status: 431, reason: 'Request Header Fields Too Large', code: 'RequestHeaderFieldsTooLarge', message: `The request line and headers exceed the limit of ${limit} bytes.` }),
  notHttp: (): EarlyError => ({ status: 400, reason: 'Bad Request', code: 'BadRequest', message: 'The request is not well-formed HTTP.' }),
  timeout: (): EarlyError => ({ status: 408, reason: 'Request Timeout', code: 'RequestTimeout', message: 'The request was not received in time.' }),
  badHost: (): EarlyError => ({ status: 400, reason: 'Bad Request', code: 'InvalidHost', message: 'The Host header is not a valid host.' }),
  missingHost: (): EarlyError => ({ status: 400, reason: 'Bad Request', code: 'InvalidHost', message: 'An HTTP/1.1 request must have a Host header.' }),
  badTarget: (): EarlyError => ({ status: 400, reason: 'Bad Request', code: 'InvalidURL', message: 'The request target is not a valid URL.' }),
  internal: (): EarlyError => ({ status: 500, reason: 'Internal Server Error', code: 'InternalError', message: 'The request processing has failed due to some unknown error, exception or failure.' }),
} as const;

function envelope(error: EarlyError, format: Format, requestId: string): { contentType: string; text: string } {
  return renderError(format, { RequestId: requestId, HostId: 'saf-mock', Code: error.code, Message: error.message, Recommend: recommendUrl(error.code, requestId) });
}

/**
 * The Format the query of a raw request's line asks for (`head`: the bytes Node's parser failed on, which start
 * with the request line when the front handed the head over whole); JSON when there is none.
 */
export function formatOfRawHead(head: Buffer | undefined): Format {
  if (!head) return 'JSON';
  const lineEnd = head.indexOf('\r\n');
  const line = lineEnd === -1 ? head : head.subarray(0, lineEnd);
  const targetStart = line.indexOf(0x20) + 1;
  const targetEnd = line.indexOf(0x20, targetStart);
  const question = line.indexOf(0x3f /* ? */, targetStart);
  if (targetStart === 0 || question === -1 || (targetEnd !== -1 && question > targetEnd)) return 'JSON';
  return sniffFormatBytes(line.subarray(question + 1, targetEnd === -1 ? line.length : targetEnd));
}

/** Writes the answer straight to a socket whose HTTP parsing failed, then closes it. */
export function writeToSocket(socket: Duplex, error: EarlyError, requestId: string, format: Format = 'JSON'): void {
  const body = envelope(error, format, requestId);
  socket.end(
    `HTTP/1.1 ${error.status} ${error.reason}\r\ncontent-type: ${body.contentType}\r\nx-acs-request-id: ${requestId}\r\nconnection: close\r\ncontent-length: ${Buffer.byteLength(body.text)}\r\n\r\n${body.text}`,
  );
}

/** Answers a parsed request the app cannot take (bad Host), in the Format its query asks for. */
export function writeToResponse(incoming: IncomingMessage, res: ServerResponse, error: EarlyError, requestId: string): void {
  const body = envelope(error, formatOf(incoming), requestId);
  res.writeHead(error.status, { 'content-type': body.contentType, 'x-acs-request-id': requestId, 'content-length': Buffer.byteLength(body.text) });
  res.end(body.text);
}
