import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import { serve } from '@hono/node-server';
import { createApp } from './app.js';
import type { SafMockConfig } from './config.js';
import { createRuntime, type Runtime, type RuntimeOptions } from './runtime.js';
import { loadFaker } from './saf/data-gen.js';
import type { Proxy } from './proxy.js';

export const PACKAGE_VERSION: string = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

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
            for (const socket of heldSockets) socket.destroy();
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
