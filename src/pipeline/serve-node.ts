import type { IncomingMessage, ServerResponse } from 'node:http';
import { nodeRequest } from '../gateway/request.js';
import { handle } from './chain.js';
import type { Gateway } from './context.js';
import { outsideChain, type Answer } from './render.js';

/**
 * A Host Hono's Node adapter takes as it is; any other Host it checks by building a URL (and may refuse with
 * InvalidHost), so such requests keep going through it.
 */
const PLAIN_HOST = /^[a-z0-9._-]+(?::(?:[1-5]\d{3,4}|[6-9]\d{3}))?$/;
const SLASH = 47;
const QUESTION_MARK = 63;

/**
 * A request for the gateway (GET or POST on `/`, with a plain Host): served straight from Node's request by
 * serveGateway, without Hono's Request/Response objects (a few µs and several allocations per request, and
 * Hono, its adapter and undici stay unloaded until a control or page request needs them).
 */
export function isGatewayRequest(incoming: IncomingMessage): boolean {
  const method = incoming.method;
  if (method !== 'POST' && method !== 'GET') return false;
  const url = incoming.url;
  if (url === undefined || url.charCodeAt(0) !== SLASH || (url.length > 1 && url.charCodeAt(1) !== QUESTION_MARK)) return false;
  const host = incoming.headers.host;
  return host !== undefined && PLAIN_HOST.test(host);
}

/** Writes an answer as Hono's adapter would (the same status, headers in the same order, Content-Length last). */
function write(incoming: IncomingMessage, res: ServerResponse, answer: Answer | undefined): void {
  // A fault dropped the connection: the socket is gone, nothing reaches the client.
  if (!answer) res.writeHead(200).end();
  else {
    res.writeHead(answer.status, { ...answer.headers, 'Content-Length': Buffer.byteLength(answer.text) });
    res.end(answer.text);
  }
  // Answered before the body was read whole (too large): what is still coming is read and dropped.
  if (incoming.method === 'POST' && !incoming.readableEnded) {
    res.once('close', () => setTimeout(() => setTimeout(() => incoming.readableEnded || incoming.destroyed || drainLater(incoming))));
  }
}

/** As Hono's adapter drains a body left unread: for a while, and up to a size. */
const DRAIN_TIMEOUT_MS = 500;
const MAX_DRAIN_BYTES = 64 * 1024 * 1024;

function drainLater(incoming: IncomingMessage): void {
  let bytes = 0;
  const cleanup = (): void => {
    clearTimeout(timer);
    incoming.off('data', onData);
    incoming.off('end', cleanup);
    incoming.off('error', cleanup);
  };
  const forceClose = (): void => {
    cleanup();
    if (!incoming.socket.destroyed) incoming.socket.destroySoon();
  };
  const timer = setTimeout(forceClose, DRAIN_TIMEOUT_MS);
  timer.unref();
  const onData = (chunk: Buffer): void => {
    bytes += chunk.length;
    if (bytes > MAX_DRAIN_BYTES) forceClose();
  };
  incoming.on('data', onData);
  incoming.on('end', cleanup);
  incoming.on('error', cleanup);
  incoming.resume();
}

/** One gateway request from Node's server through the chain (src/pipeline/chain.ts), answered directly. */
export function serveGateway(gw: Gateway, incoming: IncomingMessage, res: ServerResponse): void {
  const req = nodeRequest(incoming);
  handle(gw, req).then(
    (answer) => write(incoming, res, answer),
    (err: unknown) => {
      // As the app's error handler: a logged 500 with a RequestId, never a hang.
      const requestId = gw.rt.data.requestId('');
      gw.rt.logger.error('unexpected exception', err, { requestId });
      write(incoming, res, outsideChain(gw.rt, req, 'InternalError', requestId));
    },
  );
}
