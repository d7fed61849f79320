import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A real redis-server (Debian's; scripts/ensure-test-deps.sh installs it) on a free 127.0.0.1 port with a
 * temp dir of its own. No persistence unless asked; `restart()` keeps the port and dir (and so the data
 * when persistence is on).
 */
export interface TestRedis {
  readonly url: string;
  readonly port: number;
  readonly dir: string;
  stop(signal?: NodeJS.Signals): Promise<void>;
  start(): Promise<void>;
  /** Stops and removes the temp dir. */
  close(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

function launch(port: number, dir: string, persist: boolean): Promise<ChildProcess> {
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--daemonize', 'no', '--protected-mode', 'yes', '--loglevel', 'warning'];
  args.push(...(persist ? ['--appendonly', 'yes', '--appendfsync', 'always', '--save', ''] : ['--appendonly', 'no', '--save', '']));
  const child = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => fail(new Error(`redis-server did not start on ${port}: ${out}`)), 10_000);
    const fail = (e: Error): void => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(e);
    };
    child.once('error', (e) => fail(new Error(`cannot run redis-server (${e.message}); run scripts/ensure-test-deps.sh`)));
    child.once('exit', (code) => fail(new Error(`redis-server exited with ${code}: ${out}`)));
    // Ready once it accepts a connection (it logs nothing at loglevel warning).
    const poll = setInterval(() => {
      const s = connect(port, '127.0.0.1');
      s.once('connect', () => {
        s.end();
        clearInterval(poll);
        clearTimeout(timer);
        child.removeAllListeners('exit');
        resolve(child);
      });
      s.once('error', () => s.destroy());
    }, 50);
    child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
    child.once('exit', () => clearInterval(poll));
  });
}

export async function startRedis(options: { persist?: boolean } = {}): Promise<TestRedis> {
  const dir = mkdtempSync(join(tmpdir(), 'saf-mock-redis-'));
  const persist = options.persist ?? false;
  let port = 0;
  let child: ChildProcess | undefined;
  for (let attempt = 0; attempt < 5 && !child; attempt++) {
    port = await freePort();
    try {
      child = await launch(port, dir, persist);
    } catch (e) {
      if (attempt === 4) throw e;
    }
  }
  const stop = async (signal: NodeJS.Signals = 'SIGTERM'): Promise<void> => {
    const c = child;
    child = undefined;
    if (!c || c.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      c.once('exit', () => resolve());
      c.kill(signal);
    });
  };
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    dir,
    stop,
    start: async () => {
      if (!child) child = await launch(port, dir, persist);
    },
    close: async () => {
      await stop('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
