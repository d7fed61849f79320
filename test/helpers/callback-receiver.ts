import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedCallback {
  readonly method: string;
  readonly url: URL;
  readonly at: number;
}

/**
 * A local server standing for the integrator's callback endpoint: records every request and answers with
 * the given statuses in turn (the last one repeats), or never answers (`hang`).
 */
export interface CallbackReceiver {
  readonly url: string;
  readonly received: ReceivedCallback[];
  /** Resolves once `n` callbacks arrived (rejects after `timeoutMs`). */
  waitFor(n: number, timeoutMs?: number): Promise<ReceivedCallback[]>;
  close(): Promise<void>;
}

export async function callbackReceiver(statuses: ReadonlyArray<number | 'hang'> = [200]): Promise<CallbackReceiver> {
  const received: ReceivedCallback[] = [];
  const waiters: Array<() => void> = [];
  const server: Server = createServer((req, res) => {
    const answer = statuses[Math.min(received.length, statuses.length - 1)]!;
    received.push({ method: req.method ?? '', url: new URL(req.url ?? '/', 'http://127.0.0.1'), at: Date.now() });
    for (const w of waiters.splice(0)) w();
    if (answer === 'hang') return;
    res.writeHead(answer, { 'content-type': 'text/plain' }).end(answer === 200 ? 'success' : 'error');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    waitFor(n, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`only ${received.length} of ${n} callbacks within ${timeoutMs} ms`)), timeoutMs);
        const check = () => {
          if (received.length >= n) {
            clearTimeout(timer);
            resolve(received.slice(0, n));
          } else waiters.push(check);
        };
        check();
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
