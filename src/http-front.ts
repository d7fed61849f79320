import { createServer as createNetServer, type Server as NetServer, type Socket } from 'node:net';
import type { Server as HttpServer } from 'node:http';

const HEADER_END = Buffer.from('\r\n\r\n');

export interface FrontOptions {
  /** Time to receive the first request's line and headers; past it `onTimeout` answers and the socket closes. */
  readonly headersTimeoutMs: number;
  /** Past this many bytes without the end of the headers, Node's parser takes over (and answers 431). */
  readonly maxHeaderBytes: number;
  readonly maxConnections: number;
  readonly onTimeout: (socket: Socket) => void;
}

/**
 * Accepts connections in front of Node's HTTP server and hands each over once the first request's line and
 * headers have arrived whole. Node's parser copies the request line it has so far on every 64 KB read, so a
 * 16 MB URL (a photo, as SDKs send GET requests) cost O(n²): seconds of copying that stalled every other
 * client. Given in one piece it is parsed in one pass. Later requests on a keep-alive connection go straight
 * to Node's parser.
 */
export interface HttpFront {
  readonly server: NetServer;
  /** Destroys connections still waiting for their first request's headers (the HTTP server has the rest). */
  destroyPending(): void;
}

export function createHttpFront(http: HttpServer, options: FrontOptions): HttpFront {
  const pending = new Set<Socket>();
  const front = createNetServer({ noDelay: true }, (socket) => {
    pending.add(socket);
    const chunks: Buffer[] = [];
    let size = 0;
    let tail: Buffer = Buffer.alloc(0);
    const timer = setTimeout(() => {
      cleanup();
      options.onTimeout(socket);
    }, options.headersTimeoutMs);
    const cleanup = (): void => {
      pending.delete(socket);
      clearTimeout(timer);
      socket.off('data', onData);
      socket.off('error', onError);
    };
    const handOver = (): void => {
      cleanup();
      socket.pause();
      if (size > 0) socket.unshift(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
      http.emit('connection', socket);
      socket.resume();
    };
    const onData = (chunk: Buffer): void => {
      chunks.push(chunk);
      size += chunk.length;
      // The end of the headers may straddle two reads: look at the last 3 bytes of the previous one too.
      const found = tail.length > 0 ? Buffer.concat([tail, chunk.subarray(0, 3)]).includes(HEADER_END) || chunk.includes(HEADER_END) : chunk.includes(HEADER_END);
      if (found || size > options.maxHeaderBytes) handOver();
      else tail = chunk.subarray(Math.max(0, chunk.length - 3));
    };
    const onError = (): void => {
      cleanup();
      socket.destroy();
    };
    socket.on('data', onData);
    socket.on('error', onError);
    // A client that leaves before sending its headers: nothing to keep (and no timer left behind).
    socket.once('close', () => {
      if (pending.has(socket)) cleanup();
    });
  });
  front.maxConnections = options.maxConnections;
  // The HTTP server never listens itself; 'listening' is what starts its header/request timeout checks.
  front.once('listening', () => http.emit('listening'));
  return {
    server: front,
    destroyPending: () => {
      for (const socket of pending) socket.destroy();
      pending.clear();
    },
  };
}
