import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { recommendUrl } from './gateway/render.js';
import { serve } from '@hono/node-server';
import { createApp } from './app.js';
import type { SafMockConfig } from './config.js';
import { createRuntime, type Runtime, type RuntimeOptions } from './runtime.js';
import { loadFaker } from './saf/data-gen.js';
import type { Proxy } from './proxy.js';

export const PACKAGE_VERSION: string = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/**
 * Requests Node refuses before they reach the app (a request line or headers over maxHeaderBytes, bytes that
 * are not HTTP) still get the gateway's envelope and a RequestId, not a bare status line.
 */
function answerClientError(runtime: Runtime, err: NodeJS.ErrnoException, socket: Duplex): void {
  if (err.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const tooLarge = err.code === 'HPE_HEADER_OVERFLOW';
  const requestId = runtime.data.requestId('');
  const code = tooLarge ? 'RequestHeaderFieldsTooLarge' : 'BadRequest';
  const message = tooLarge
    ? `The request line and headers exceed the limit of ${runtime.config.maxHeaderBytes} bytes.`
    : 'The request is not well-formed HTTP.';
  const body = JSON.stringify({ RequestId: requestId, HostId: 'saf-mock', Code: code, Message: message, Recommend: recommendUrl(code, requestId) });
  const status = tooLarge ? '431 Request Header Fields Too Large' : '400 Bad Request';
  socket.end(
    `HTTP/1.1 ${status}\r\ncontent-type: application/json;charset=utf-8\r\nx-acs-request-id: ${requestId}\r\nconnection: close\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

export interface RunningServer {
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly runtime: Runtime;
  close(): Promise<void>;
}

export interface StartOptions extends RuntimeOptions {
  readonly proxy?: Proxy;
}

/** Starts the mock on Node's HTTP server, with maxHeaderSize raised so photos in the URL fit. */
export async function startServer(config: SafMockConfig, options: StartOptions = {}): Promise<RunningServer> {
  if (config.seed !== undefined) await loadFaker();
  const runtime = createRuntime(config, { version: PACKAGE_VERSION, ...options });
  const heldSockets = new Set<Socket>();
  const app = createApp(runtime, { heldSockets, proxy: options.proxy });
  return await new Promise((resolve, reject) => {
    let server: Server;
    try {
      server = serve({
        fetch: app.fetch,
        hostname: config.host,
        port: config.port,
        serverOptions: { maxHeaderSize: config.maxHeaderBytes, requestTimeout: 0, keepAliveTimeout: 5_000 },
      }) as Server;
    } catch (e) {
      reject(e as Error);
      return;
    }
    server.on('clientError', (err: NodeJS.ErrnoException, socket) => answerClientError(runtime, err, socket));
    server.once('error', reject);
    server.once('listening', () => {
      server.off('error', reject);
      const address = server.address() as AddressInfo;
      const hostForUrl = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      if (config.fixturesDir) runtime.fixtures.watchFiles();
      resolve({
        url: `http://${hostForUrl}:${address.port}`,
        host: address.address,
        port: address.port,
        runtime,
        close: () =>
          new Promise<void>((done) => {
            runtime.fixtures.close();
            runtime.lifecycle.close();
            for (const socket of heldSockets) socket.destroy();
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
