import { resolveConfig, type SafMockConfig } from '../../src/config.js';
import { createApp } from '../../src/app.js';
import { createRuntime, type Runtime } from '../../src/runtime.js';
import { startServer, type RunningServer } from '../../src/server.js';

/** An in-memory app (no port) for app.request() tests. */
export function memoryMock(overrides: Partial<SafMockConfig> = {}, now?: () => number): { rt: Runtime; app: ReturnType<typeof createApp>; logs: string[] } {
  const logs: string[] = [];
  const rt = createRuntime(resolveConfig({ port: 0, ...overrides }), { now, log: (l) => logs.push(l) });
  return { rt, app: createApp(rt), logs };
}

/** A real server on a free 127.0.0.1 port. */
export function serverMock(overrides: Partial<SafMockConfig> = {}): Promise<RunningServer> {
  return startServer(resolveConfig({ port: 0, host: '127.0.0.1', ...overrides }), { log: () => {} });
}

/** A fixed valid ID number (the GB 11643 standard's own example). */
export const VALID_CERT = '11010519491231002X';
