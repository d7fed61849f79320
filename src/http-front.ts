import { createServer as createNetServer, type Server as NetServer, type Socket } from 'node:net';
import type { Server as HttpServer } from 'node:http';
import { yieldToOthers } from './gateway/slices.js';
import { setAsideQuery } from './set-aside.js';

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

/** Past this many bytes a head may carry a query of megabytes to set aside (setAsideQuery). */
const LARGE_HEAD_BYTES = 256 * 1024;

/** `chunks` in one buffer, with a query of megabytes set aside (setAsideQuery). */
async function wholeHead(socket: Socket, chunks: Buffer[], size: number): Promise<Buffer> {
  if (size <= LARGE_HEAD_BYTES) return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size);
  // Copied a megabyte at a time: the first touch of fresh memory costs more than the copy (page faults).
  const whole = Buffer.allocUnsafeSlow(size);
  let at = 0;
  for (const chunk of chunks) {
    at += chunk.copy(whole, at);
    if (at % (1024 * 1024) < chunk.length) await yieldToOthers();
  }
  return await setAsideQuery(socket, whole);
}

/**
 * Later requests of a kept-alive connection: a read that starts a request's line and headers without ending
 * them is held, with the reads after it, until the end of the headers arrives (or the headers timeout is up:
 * `onTimeout`); then Node's parser gets them in one piece. Every other read goes straight through. Node's
 * parser copies what it has of a request line or header on every read: a 16 MB request line sent on a reused
 * connection cost O(n²) again. Node reads the socket through this listener instead of natively
 * (`socket.on('data')` is Node's documented way to take a server socket's reads).
 */
function coalesceLaterHeads(socket: ParsedSocket, options: FrontOptions): void {
  const listeners = socket.listeners('data') as ((chunk: Buffer) => void)[];
  if (listeners.length !== 1) return;
  const deliver = listeners[0]!;
  socket.removeListener('data', deliver);
  let held: Buffer[] = [];
  let heldBytes = 0;
  let tail: Buffer = NO_BYTES;
  let timer: NodeJS.Timeout | undefined;
  const atHead = (): boolean => {
    const parser = socket.parser;
    return parser !== undefined && parser !== null && (parser.incoming === null || parser.incoming.complete);
  };
  const release = (): void => {
    clearTimeout(timer);
    timer = undefined;
    const chunks = held;
    const size = heldBytes;
    held = [];
    heldBytes = 0;
    if (size <= LARGE_HEAD_BYTES) return deliver(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
    socket.pause();
    void wholeHead(socket, chunks, size).then((head) => {
      if (socket.destroyed) return;
      deliver(head);
      socket.resume();
    });
  };
  socket.on('data', (chunk: Buffer) => {
    const ends = endsHead(tail, chunk);
    tail = tailOf(chunk);
    if (timer === undefined && (ends || !atHead())) return deliver(chunk);
    held.push(chunk);
    heldBytes += chunk.length;
    if (ends || heldBytes > options.maxHeaderBytes) return release();
    timer ??= setTimeout(() => {
      held = [];
      options.onTimeout(socket);
    }, options.headersTimeoutMs);
  });
  socket.once('close', () => clearTimeout(timer));
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
    const handOver = async (): Promise<void> => {
      cleanup();
      socket.pause();
      if (size > 0) socket.unshift(await wholeHead(socket, chunks, size));
      if (socket.destroyed) return;
      http.emit('connection', socket);
      coalesceLaterHeads(socket, options);
      socket.resume();
    };
    const onData = (chunk: Buffer): void => {
      chunks.push(chunk);
      size += chunk.length;
      // The end of the headers may straddle two reads: look at the last 3 bytes of the previous one too.
      const found = tail.length > 0 ? Buffer.concat([tail, chunk.subarray(0, 3)]).includes(HEADER_END) || chunk.includes(HEADER_END) : chunk.includes(HEADER_END);
      if (found || size > options.maxHeaderBytes) void handOver();
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
