import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { EARLY_ERRORS, formatOfRawHead, writeToResponse, writeToSocket } from './gateway/early-errors.js';
import { createHttpFront } from './http-front.js';
import { setAsideLargeTarget } from './gateway/request.js';
import type { SafMockConfig } from './config.js';
import type { Gateway } from './pipeline/context.js';
import { createGateway } from './pipeline/gateway.js';
import { isGatewayRequest, serveGateway } from './pipeline/serve-node.js';
import { createRuntime, type Runtime, type RuntimeOptions } from './runtime.js';
import { loadFaker } from './saf/data-gen.js';
import { createStateStore } from './store/index.js';
import { loadPino } from './log/logger.js';
import type { Proxy } from './proxy.js';

export const PACKAGE_VERSION: string = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/**
 * Requests Node refuses before they reach the app (a request line or headers over maxHeaderBytes, bytes that
 * are not HTTP, a request not received in time) still get the gateway's envelope and a RequestId.
 */
function answerClientError(runtime: Runtime, err: NodeJS.ErrnoException, socket: Duplex): void {
  if (err.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const error =
    err.code === 'HPE_HEADER_OVERFLOW'
      ? EARLY_ERRORS.headersTooLarge(runtime.config.maxHeaderBytes)
      : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? EARLY_ERRORS.timeout()
        : EARLY_ERRORS.notHttp();
  // Node attaches the bytes it failed on: the whole head, request line first, as the front hands it over.
  const raw: unknown = (err as { rawPacket?: unknown }).rawPacket;
  writeToSocket(socket, error, runtime.data.requestId(''), formatOfRawHead(Buffer.isBuffer(raw) ? raw : undefined));
}

/** Whether the request target makes a URL with a good host: if so, a refused URL is the Host's fault. */
function targetParses(target: string | undefined): boolean {
  if (target?.includes('\\')) return false;
  try {
    new URL(`http://127.0.0.1${target ?? '/'}`);
    return true;
  } catch {
    return false;
  }
}

type Listener = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * The app (src/app.ts) behind Node's server, loaded on the first request that is not the gateway's (Hono,
 * its adapter and undici are not on the start-up path). Hono's adapter refuses a Host it cannot build a URL
 * from with a bare 400; its error handler runs synchronously inside the listener call, so the request being
 * handled is known and gets the gateway envelope in the Format its query asks for.
 */
async function appListener(runtime: Runtime, gw: Gateway, hostname: string): Promise<Listener> {
  const [{ getRequestListener, RequestError }, { createApp }] = await Promise.all([import('@hono/node-server'), import('./app.js')]);
  const app = createApp(runtime, { heldSockets: gw.heldSockets, proxy: gw.proxy });
  let current: { incoming: IncomingMessage; outgoing: ServerResponse } | undefined;
  const listener = getRequestListener(app.fetch, {
    hostname,
    errorHandler: (err) => {
      if (!current) return;
      const requestId = runtime.data.requestId('');
      if (!(err instanceof RequestError)) runtime.logger.error('unexpected exception', err, { requestId });
      const error = !(err instanceof RequestError) ? EARLY_ERRORS.internal() : targetParses(current.incoming.url) ? EARLY_ERRORS.badHost() : EARLY_ERRORS.badTarget();
      writeToResponse(current.incoming, current.outgoing, error, requestId);
    },
  });
  return (incoming, outgoing) => {
    current = { incoming, outgoing };
    try {
      void listener(incoming, outgoing);
    } finally {
      current = undefined;
    }
  };
}

/** Gateway requests straight into the chain (src/pipeline/serve-node.ts); the rest through the app. */
function requestListener(runtime: Runtime, gw: Gateway, hostname: string): Listener {
  let app: Promise<Listener> | undefined;
  return (incoming, outgoing) => {
    // First: a query the front set aside (set-aside.ts) is claimed here, and a huge target kept from Hono.
    setAsideLargeTarget(incoming);
    if (isGatewayRequest(incoming)) return serveGateway(gw, incoming, outgoing);
    // Node's own refusal (requireHostHeader) is a bare 400 with no body: refused here, in the envelope.
    if (incoming.headers.host === undefined && incoming.httpVersion === '1.1') {
      return writeToResponse(incoming, outgoing, EARLY_ERRORS.missingHost(), runtime.data.requestId(''));
    }
    app ??= appListener(runtime, gw, hostname);
    app.then(
      (listener) => listener(incoming, outgoing),
      (err: unknown) => {
        const requestId = runtime.data.requestId('');
        runtime.logger.error('unexpected exception', err, { requestId });
        writeToResponse(incoming, outgoing, EARLY_ERRORS.internal(), requestId);
      },
    );
  };
}

export interface RunningServer {
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly runtime: Runtime;
  /** Settles once the first request has been answered. */
  readonly firstAnswer: Promise<void>;
  close(): Promise<void>;
}

export interface StartOptions extends RuntimeOptions {
  readonly proxy?: Proxy;
}

/** Starts the mock on Node's HTTP server, with maxHeaderSize raised so photos in the URL fit. */
export async function startServer(config: SafMockConfig, options: StartOptions = {}): Promise<RunningServer> {
  if (config.seed !== undefined) await loadFaker();
  if (config.logFormat === 'json') await loadPino();
  // The store first: an unreachable Redis rejects here (StoreUnavailableError), before any port is taken.
  const store = options.store ?? (await createStateStore(config, options.log ?? ((line) => process.stdout.write(line + '\n')), options.now));
  const runtime = createRuntime(config, { version: PACKAGE_VERSION, ...options, store });
  const heldSockets = new Set<Socket>();
  const gw = createGateway(runtime, { heldSockets, proxy: options.proxy });
  return await new Promise((resolve, reject) => {
    const server = createServer(
      {
        maxHeaderSize: config.maxHeaderBytes,
        requireHostHeader: false,
        headersTimeout: config.headersTimeoutMs,
        requestTimeout: config.requestTimeoutMs,
        keepAliveTimeout: config.keepAliveTimeoutMs,
        // Node checks the two timeouts on this interval (default 30 s, which would double a 30 s timeout).
        connectionsCheckingInterval: Math.max(10, Math.min(1000, Math.floor(config.headersTimeoutMs / 4))),
      },
      requestListener(runtime, gw, config.host),
    );
    server.on('clientError', (err: NodeJS.ErrnoException, socket) => answerClientError(runtime, err, socket));
    const firstAnswer = new Promise<void>((answered) => server.once('request', (_req, res: ServerResponse) => res.once('close', () => answered())));
    // Connections are accepted by the front, which hands them to the HTTP server once the first request's
    // headers arrived whole (a 16 MB request line is parsed in one pass, not copied on every read).
    const { server: front, destroyPending } = createHttpFront(server, {
      headersTimeoutMs: config.headersTimeoutMs,
      maxHeaderBytes: config.maxHeaderBytes,
      maxConnections: config.maxConnections,
      onTimeout: (socket) => (socket.writable ? writeToSocket(socket, EARLY_ERRORS.timeout(), runtime.data.requestId('')) : socket.destroy()),
    });
    front.once('error', reject);
    front.listen(config.port, config.host);
    front.once('listening', () => {
      front.off('error', reject);
      const address = front.address() as AddressInfo;
      const hostForUrl = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      if (config.fixturesDir) runtime.fixtures.watchFiles();
      resolve({
        url: `http://${hostForUrl}:${address.port}`,
        host: address.address,
        port: address.port,
        runtime,
        firstAnswer,
        close: () =>
          new Promise<void>((done) => {
            for (const socket of heldSockets) socket.destroy();
            front.close(() => void runtime.close().then(done, done));
            destroyPending();
            server.closeAllConnections();
            // Stops its timeout checks (it never listened, so the callback's "not running" is expected).
            server.close(() => {});
          }),
      });
    });
  });
}
