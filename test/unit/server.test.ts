import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server.js';
import { serverMock, VALID_CERT } from '../helpers/mock.js';
import { signedV1, signedV3 } from '../helpers/sign.js';

interface Raw {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function send(server: RunningServer, path: string, init: RequestInit & { chunked?: boolean }): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const headers = { ...(init.headers as Record<string, string>) };
    delete headers.host;
    const req = httpRequest({ host: '127.0.0.1', port: server.port, path, method: init.method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    const body = init.body === undefined || init.body === null ? undefined : String(init.body);
    if (body !== undefined && init.chunked) {
      // Two chunks, no Content-Length: Node sends Transfer-Encoding: chunked.
      req.write(body.slice(0, 10));
      req.end(body.slice(10));
    } else {
      if (body !== undefined) req.setHeader('content-length', Buffer.byteLength(body));
      req.end(body);
    }
  });
}

const photo = readFileSync(new URL('../../fixtures/images/face-3.jpg', import.meta.url));

/** A JPEG of about `size` bytes: a real header followed by padding inside a COM segment chain, then EOI. */
function bigJpeg(size: number): string {
  const pad = Buffer.alloc(size, 0x41);
  return Buffer.concat([photo.subarray(0, photo.length - 2), pad, Buffer.from([0xff, 0xd9])]).toString('base64');
}

describe('the server over a real socket', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await serverMock({ bodyLimitBytes: 12 * 1024 * 1024 });
  });
  afterAll(async () => {
    await server.close();
  });

  it('accepts a 2 MB base64 photo in the query string (GET, as pop-core and the Python core send it)', async () => {
    const imgbase64 = bigJpeg(2 * 1024 * 1024);
    const req = signedV1({ Service: 'face_verify', ServiceParameters: JSON.stringify({ method: 'match', name: '张三', certNumber: VALID_CERT, imgbase64 }) }, { method: 'GET', where: 'query' });
    expect(req.path.length).toBeGreaterThan(2_700_000);
    const r = await send(server, req.path, req.init);
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toMatchObject({ Code: 200 });
  });
  it('reads chunked form bodies (openapi-client v2 body mode) and chunked ACS3 bodies', async () => {
    const sp = JSON.stringify({ method: 'init', name: '张三', certNumber: VALID_CERT, metainfo: '{}' });
    const v1 = signedV1({ Service: 'face_verify', ServiceParameters: sp });
    expect(JSON.parse((await send(server, v1.path, { ...v1.init, chunked: true })).body)).toMatchObject({ Code: 200 });
    const v3 = signedV3({ body: JSON.stringify({ Service: 'face_verify', ServiceParameters: sp }), host: `127.0.0.1:${server.port}` });
    const headers = { ...(v3.init.headers as Record<string, string>) };
    const r = await new Promise<Raw>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port: server.port, path: v3.path, method: 'POST', headers }, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      });
      req.on('error', reject);
      const text = String(v3.init.body);
      req.write(text.slice(0, 7));
      req.end(text.slice(7));
    });
    expect(r.status).toBe(200);
  });
  it('a body over the limit is refused with 413 and the server keeps serving', async () => {
    const small = await serverMock({ bodyLimitBytes: 64 * 1024 });
    try {
      const req = signedV1({ Service: 'face_verify', ServiceParameters: JSON.stringify({ pad: 'x'.repeat(200 * 1024) }) });
      const big = await send(small, req.path, req.init);
      expect(big.status).toBe(413);
      expect(JSON.parse(big.body)).toMatchObject({ Code: 'RequestEntityTooLarge' });
      const chunked = await send(small, req.path, { ...req.init, chunked: true });
      expect(chunked.status).toBe(413);
      const ok = signedV1({ Service: 'face_verify', ServiceParameters: '{}' });
      expect((await send(small, ok.path, ok.init)).status).toBe(200);
    } finally {
      await small.close();
    }
  });
  it('garbage on the socket does not take the server down', async () => {
    await new Promise<void>((resolve) => {
      const socket = connect(server.port, '127.0.0.1', () => {
        socket.write('NOT HTTP AT ALL\r\n\r\n\u0000\u0001');
      });
      socket.on('data', () => socket.destroy());
      socket.on('close', () => resolve());
      socket.on('error', () => resolve());
    });
    const health = await fetch(`${server.url}/__saf/health`);
    expect(health.status).toBe(200);
  });
  it('many bad requests in parallel all get well-formed errors', async () => {
    const bad = [
      send(server, '/?%ZZ', { method: 'GET' }),
      send(server, '/', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'Format=JSON&a=%' }),
      send(server, '/?Format=XML', { method: 'DELETE' }),
      send(server, '/', { method: 'POST', headers: { authorization: 'ACS3-HMAC-SHA256 x' }, body: '' }),
      send(server, '/', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{"a":' }),
    ];
    for (const r of await Promise.all(bad)) {
      expect(r.status).toBeGreaterThanOrEqual(400);
      expect(r.status).toBeLessThan(500);
      expect(r.body).toMatch(/"Code":"[A-Za-z.]+"|<Code>[A-Za-z.]+<\/Code>/);
    }
  });
});
