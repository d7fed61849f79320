import type { IncomingMessage } from 'node:http';
import { gatewayError, type GatewayError } from './errors.js';

function tooLarge(limit: number): GatewayError {
  return gatewayError('RequestEntityTooLarge', { detail: `${limit} bytes.`, headers: { connection: 'close' } });
}

const EMPTY = Buffer.alloc(0);

/**
 * Reads the raw body once, straight from Node's stream (no Web stream copy on the hot path), refusing more
 * than `limit` bytes whether the size is announced by Content-Length or arrives chunked.
 */
export function readNodeBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const announced = req.headers['content-length'];
  if (announced !== undefined && Number(announced) > limit) return Promise.reject(tooLarge(limit));
  if (announced === '0' || req.readableEnded) return Promise.resolve(EMPTY);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limit) {
        cleanup();
        req.pause();
        reject(tooLarge(limit));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => {
      cleanup();
      resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
    };
    const onError = (err: Error): void => {
      cleanup();
      reject(err);
    };
    const cleanup = (): void => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
  });
}

/** The same for a Web Request (app.request() in tests, other runtimes). */
export async function readWebBody(req: Request, limit: number): Promise<Buffer> {
  const announced = req.headers.get('content-length');
  if (announced !== null && Number(announced) > limit) throw tooLarge(limit);
  if (!req.body) return EMPTY;
  const bytes = Buffer.from(await req.arrayBuffer());
  if (bytes.length > limit) throw tooLarge(limit);
  return bytes;
}
