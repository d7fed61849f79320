import diagnosticsChannel from 'node:diagnostics_channel';
import type { ClientRequest, IncomingMessage } from 'node:http';

/**
 * What came over the wire for one SDK call: the SDKs hide the raw body (pop-core parses it, Tea parses it
 * and drops it on errors), so the adapter reads it from Node's `http.client.response.finish` channel.
 */
export interface CapturedResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: Buffer;
}

interface ResponseFinish {
  readonly request: ClientRequest;
  readonly response: IncomingMessage;
}

const CHANNEL = 'http.client.response.finish';

function flatHeaders(headers: IncomingMessage['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/** Calls are serialised, so a response seen on the channel while one runs is that call's. */
let queue: Promise<unknown> = Promise.resolve();

/**
 * Runs `fn` (one SDK call) and returns what it resolved or threw together with the last response to a
 * request whose Host header is `host` (host[:port], as in URL.host) meanwhile. The body is copied as the
 * SDK reads it, without consuming it.
 */
export function withCapture<T>(host: string, fn: () => Promise<T>): Promise<{ value?: T; error?: unknown; captured?: CapturedResponse }> {
  const run = async (): Promise<{ value?: T; error?: unknown; captured?: CapturedResponse }> => {
    let current: { status: number; headers: Record<string, string>; chunks: Buffer[] } | undefined;
    const onFinish = (message: unknown): void => {
      const { request, response } = message as ResponseFinish;
      if (String(request.getHeader('host') ?? '').toLowerCase() !== host.toLowerCase()) return;
      const entry = { status: response.statusCode ?? 0, headers: flatHeaders(response.headers), chunks: [] as Buffer[] };
      current = entry;
      const emit = response.emit.bind(response);
      response.emit = ((event: string | symbol, ...args: unknown[]): boolean => {
        if (event === 'data') {
          const chunk = args[0];
          entry.chunks.push(Buffer.isBuffer(chunk) ? Buffer.from(chunk) : Buffer.from(String(chunk)));
        }
        return emit(event, ...args);
      }) as IncomingMessage['emit'];
    };
    diagnosticsChannel.subscribe(CHANNEL, onFinish);
    try {
      const value = await fn();
      return { value, captured: current && { status: current.status, headers: current.headers, body: Buffer.concat(current.chunks) } };
    } catch (error) {
      return { error, captured: current && { status: current.status, headers: current.headers, body: Buffer.concat(current.chunks) } };
    } finally {
      diagnosticsChannel.unsubscribe(CHANNEL, onFinish);
    }
  };
  const next = queue.then(run, run);
  queue = next.catch(() => undefined);
  return next;
}
