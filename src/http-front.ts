import { createServer as createNetServer, type Server as NetServer, type Socket } from 'node:net';
import type { Server as HttpServer } from 'node:http';

const HEADER_END = Buffer.from('\r\n\r\n');
const NO_BYTES: Buffer = Buffer.alloc(0);

/** Whether the end of a header section is in `chunk`, or straddles it and the `tail` of the read before. */
function endsHead(tail: Buffer, chunk: Buffer): boolean {
  return chunk.includes(HEADER_END) || (tail.length > 0 && Buffer.concat([tail, chunk.subarray(0, 3)]).includes(HEADER_END));
}

function tailOf(chunk: Buffer): Buffer {
  return chunk.subarray(Math.max(0, chunk.length - 3));
}

/** The fields of Node's HTTP parser read here: the message it is on, once its headers were parsed. */
interface ParsedSocket extends Socket {
  parser?: { incoming: { complete: boolean } | null } | null;
}

/**
 * Later requests of a kept-alive connection: a read that starts a request's line and headers without ending
 * them goes to Node's parser (its headers timeout starts), the reads after it are held until the end of the
 * headers arrives and then given in one piece; every other read goes straight through. Node's parser copies
 * what it has of a request line or header on every read: a 16 MB request line sent on a reused connection
 * cost O(n²) again. Node reads the socket through this listener instead of natively (`socket.on('data')`
 * is Node's documented way to take a server socket's reads).
 */
function coalesceLaterHeads(socket: ParsedSocket, maxHeaderBytes: number): void {
  const listeners = socket.listeners('data') as ((chunk: Buffer) => void)[];
  if (listeners.length !== 1) return;
  const deliver = listeners[0]!;
  socket.removeListener('data', deliver);
  let held: Buffer[] = [];
  let heldBytes = 0;
  let holding = false;
  let tail: Buffer = NO_BYTES;
  const atHead = (): boolean => {
    const parser = socket.parser;
    return parser !== undefined && parser !== null && (parser.incoming === null || parser.incoming.complete);
  };
  socket.on('data', (chunk: Buffer) => {
    const ends = endsHead(tail, chunk);
    tail = tailOf(chunk);
    if (holding) {
      held.push(chunk);
      heldBytes += chunk.length;
      if (!ends && heldBytes <= maxHeaderBytes) return;
      const whole = held.length === 1 ? held[0]! : Buffer.concat(held, heldBytes);
      held = [];
      heldBytes = 0;
      holding = false;
      deliver(whole);
      return;
    }
    if (!ends && atHead()) holding = true;
    deliver(chunk);
  });
}

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
 * client. Given in one piece it is parsed in one pass. Later requests on a keep-alive connection: see
 * coalesceLaterHeads.
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
      coalesceLaterHeads(socket, options.maxHeaderBytes);
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
