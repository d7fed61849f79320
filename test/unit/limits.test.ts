import { connect, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server.js';
import { serverMock } from '../helpers/mock.js';

/** A raw socket and everything it receives until the server closes it. */
function rawSocket(server: RunningServer): { socket: Socket; closed: Promise<{ text: string; afterMs: number }> } {
  const started = Date.now();
  const socket = connect(server.port, '127.0.0.1');
  let text = '';
  socket.on('data', (d: Buffer) => (text += d.toString()));
  const closed = new Promise<{ text: string; afterMs: number }>((resolve) => {
    socket.on('close', () => resolve({ text, afterMs: Date.now() - started }));
    socket.on('error', () => {});
  });
  return { socket, closed };
}

/** Writes one byte every `everyMs` until the socket closes (a slow-loris client). */
function trickle(socket: Socket, bytes: string, everyMs: number): () => void {
  let i = 0;
  const timer = setInterval(() => {
    if (socket.destroyed || i >= bytes.length) return;
    socket.write(bytes[i++]!);
  }, everyMs);
  return () => clearInterval(timer);
}

describe('timeouts and connection limits', () => {
  it('a socket trickling its headers is answered 408 with the envelope and closed when the headers timeout is up', async () => {
    const server = await serverMock({ headersTimeoutMs: 300, requestTimeoutMs: 600 });
    try {
      const { socket, closed } = rawSocket(server);
      socket.write('GET /?Format=JSON HTTP/1.1\r\nHost: 127.0.0.1\r\n');
      const stop = trickle(socket, 'X-Slow: ' + 'a'.repeat(1000), 20);
      const { text, afterMs } = await closed;
      stop();
      expect(text).toMatch(/^HTTP\/1\.1 408 /);
      expect(text).toContain('"Code":"RequestTimeout"');
      expect(text).toMatch(/"RequestId":"[0-9A-F-]{36}"/);
      // Closed by the server long before the trickle (20 s) would have ended.
      expect(afterMs).toBeLessThan(5_000);
      expect((await fetch(`${server.url}/__saf/health`)).status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('a socket trickling its body is closed when the request timeout is up', async () => {
    const server = await serverMock({ headersTimeoutMs: 200, requestTimeoutMs: 500 });
    try {
      const { socket, closed } = rawSocket(server);
      socket.write('POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 5000\r\n\r\n');
      const stop = trickle(socket, 'a'.repeat(5000), 20);
      const { afterMs } = await closed;
      stop();
      expect(afterMs).toBeLessThan(5_000);
    } finally {
      await server.close();
    }
  });

  it('a connection that sends nothing is closed after the headers timeout', async () => {
    const server = await serverMock({ headersTimeoutMs: 200, requestTimeoutMs: 400 });
    try {
      const { closed } = rawSocket(server);
      const { afterMs } = await closed;
      expect(afterMs).toBeLessThan(5_000);
    } finally {
      await server.close();
    }
  });

  it('closing the server does not wait for connections that never sent a request', async () => {
    const server = await serverMock();
    const idle = rawSocket(server);
    await new Promise((r) => setTimeout(r, 50));
    const started = Date.now();
    await server.close();
    expect(Date.now() - started).toBeLessThan(2_000);
    await idle.closed;
  });

  it('connections past --max-connections are closed on arrival; the others keep working', async () => {
    const server = await serverMock({ maxConnections: 2 });
    const held = [rawSocket(server), rawSocket(server)];
    try {
      await new Promise((r) => setTimeout(r, 100));
      const extra = rawSocket(server);
      extra.socket.write('GET /__saf/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
      const { text } = await extra.closed;
      expect(text).toBe('');
      held[0]!.socket.write('GET /__saf/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n');
      expect((await held[0]!.closed).text).toMatch(/^HTTP\/1\.1 200 /);
    } finally {
      for (const h of held) h.socket.destroy();
      await server.close();
    }
  });
});

/** The InvalidHost envelope, by the Format asked for. */
const INVALID_HOST_ENVELOPES = [
  ['JSON', /^\{"RequestId":"[0-9A-F-]{36}","HostId":"saf-mock","Code":"InvalidHost"/],
  ['XML', /^<\?xml[^>]*\?><Error><RequestId>[0-9A-F-]{36}<\/RequestId><HostId>saf-mock<\/HostId><Code>InvalidHost<\/Code>/],
] as const;

describe('a Host header that is not a host', () => {
  for (const [format, pattern] of INVALID_HOST_ENVELOPES) {
    it(`gets the gateway envelope with a RequestId, in ${format} when the query asks for it`, async () => {
      const server = await serverMock();
      try {
        const { socket, closed } = rawSocket(server);
        socket.write(`GET /?Action=ExecuteRequest&Format=${format} HTTP/1.1\r\nHost: exa mple.com:99999\r\nConnection: close\r\n\r\n`);
        const { text } = await closed;
        expect(text).toMatch(/^HTTP\/1\.1 400 /);
        expect(text).toMatch(/x-acs-request-id: [0-9A-F-]{36}/i);
        expect(text.slice(text.indexOf('\r\n\r\n') + 4)).toMatch(pattern);
      } finally {
        await server.close();
      }
    });
  }
});

describe('an HTTP/1.1 request without a Host header', () => {
  for (const [format, pattern] of INVALID_HOST_ENVELOPES) {
    it(`gets the gateway envelope with a RequestId, in ${format} when the query asks for it, and the server goes on`, async () => {
      const server = await serverMock();
      try {
        const { socket, closed } = rawSocket(server);
        socket.write(`GET /?Action=ExecuteRequest&Format=${format} HTTP/1.1\r\nConnection: close\r\n\r\n`);
        const { text } = await closed;
        expect(text).toMatch(/^HTTP\/1\.1 400 /);
        expect(text).toMatch(/x-acs-request-id: [0-9A-F-]{36}/i);
        expect(text.slice(text.indexOf('\r\n\r\n') + 4)).toMatch(pattern);
        expect((await fetch(`${server.url}/__saf/health`)).status).toBe(200);
      } finally {
        await server.close();
      }
    });
  }
});

describe('timeout and connection flags', () => {
  it('read from flags and env in seconds, checked against each other', async () => {
    const { parseCli } = await import('../../src/cli-args.js');
    const { ConfigError } = await import('../../src/config.js');
    const r = parseCli(['--headers-timeout', '10', '--request-timeout', '60', '--keep-alive-timeout', '2'], { SAF_MOCK_MAX_CONNECTIONS: '50' });
    expect(r.kind === 'run' && [r.config.headersTimeoutMs, r.config.requestTimeoutMs, r.config.keepAliveTimeoutMs, r.config.maxConnections]).toEqual([10_000, 60_000, 2_000, 50]);
    const defaults = parseCli([], {});
    expect(defaults.kind === 'run' && [defaults.config.headersTimeoutMs, defaults.config.requestTimeoutMs]).toEqual([30_000, 120_000]);
    expect(() => parseCli(['--headers-timeout', '60', '--request-timeout', '30'], {})).toThrow(ConfigError);
    expect(() => parseCli(['--max-connections', '0'], {})).toThrow(ConfigError);
  });
});
