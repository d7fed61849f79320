import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { ConfigError, resolveConfig } from '../../src/config.js';
import { parseCli } from '../../src/cli-args.js';
import { loadRules } from '../../src/scenarios/rules.js';
import { memoryMock, serverMock, VALID_CERT } from '../helpers/mock.js';
import { execute } from '../helpers/saf.js';
import { signedV1 } from '../helpers/sign.js';

const INIT = { method: 'init', name: '张三', certNumber: VALID_CERT, metainfo: '{}' };

/** ServiceParameters text with an extra field nested `depth` levels deep (built as text: too deep to stringify). */
function nestedParams(depth: number): string {
  const init = JSON.stringify(INIT);
  return init.slice(0, -1) + ',"x":' + '{"a":'.repeat(depth) + '"leaf"' + '}'.repeat(depth) + '}';
}

describe('hostile ServiceParameters', () => {
  it('a field nested 5 000 levels deep is answered normally and journaled (elided), and the journal stays consistent', async () => {
    const { app, rt } = memoryMock();
    await execute(app, 'face_verify', INIT);
    await app.request('/__saf/reset', { method: 'POST' });
    const r = await execute(app, 'face_verify', nestedParams(5_000), { format: 'XML' });
    expect(r.status).toBe(200);
    expect(r.text).toContain('<Code>200</Code>');
    const journal = await rt.journal.list();
    expect(journal).toHaveLength(1);
    expect(JSON.stringify(journal[0]!.params)).toContain('<nested deeper: elided>');
  });
  it('characters XML cannot carry are written as \\uXXXX, so the document stays well-formed', async () => {
    const { app } = memoryMock();
    const r = await execute(app, 'face_verify', { ...INIT, name: 'SAF_MOCK_\u0001\b\uFFFE' }, { format: 'XML' });
    expect(r.status).toBe(400);
    expect(r.text).not.toMatch(/[\u0000-\u0008\uFFFE]/);
    expect(r.text).toContain('\\u0001\\u0008\\uFFFE');
  });
});

describe('the mock\'s headers are never ignored', () => {
  it('faults and delays apply even when ServiceParameters are unusable', async () => {
    const { app } = memoryMock();
    const t = await execute(app, 'face_verify', {}, { headers: { 'x-saf-mock-fault': 'throttle' } });
    expect(t.status).toBe(400);
    expect(t.text).toContain('Throttling.User');
    expect((await execute(app, 'face_verify', '{bad', { headers: { 'x-saf-mock-fault': '503' } })).status).toBe(503);
  });
  it('a scenario for one method is refused when no method is usable; a unified one applies', async () => {
    const { app } = memoryMock();
    const refused = await execute(app, 'face_verify', '{bad', { headers: { 'x-saf-mock-scenario': 'Z8102' } });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('SafMock.ScenarioNotApplicable');
    const unified = await execute(app, 'face_verify', '{bad', { headers: { 'x-saf-mock-scenario': '402' } });
    expect(unified.body).toMatchObject({ Code: 402, Message: '日QPS超过已购规格，限流' });
    expect(unified.scenario).toBe('402');
  });
  it('a success scenario runs the normal path; when that cannot succeed the header names what answered', async () => {
    const { app } = memoryMock();
    const q = await execute(app, 'face_verify', { method: 'query', bizId: 'ZSTP1', queryId: 'a'.repeat(32) }, { headers: { 'x-saf-mock-scenario': '200' } });
    expect(q.body.Code).toBe(500);
    expect(q.scenario).toBe('Z8301');
    const ok = await execute(app, 'face_verify', INIT, { headers: { 'x-saf-mock-scenario': '200' } });
    expect([ok.body.Code, ok.scenario]).toEqual([200, '200']);
  });
});

describe('errors in the requested Format', () => {
  it('other paths answer in the Format of the query', async () => {
    const { app } = memoryMock();
    const r = await app.request('/foo?Format=XML');
    expect(r.status).toBe(404);
    expect(await r.text()).toContain('<Code>InvalidAction.NotFound</Code>');
  });
});

describe('control API input', () => {
  it('POST /__saf/reset refuses a body that is not {accessKeyId: string}', async () => {
    const { app, rt } = memoryMock();
    await execute(app, 'face_verify', INIT);
    for (const body of ['{"accessKeyId":5}', '[]', '"x"', '{"accessKeyId":""}']) {
      const r = await app.request('/__saf/reset', { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      expect(r.status, body).toBe(400);
    }
    expect(await rt.verifications.list()).toHaveLength(1);
  });
  it('a fixture rule whose scenario can never answer what it matches is refused', () => {
    expect(() => loadRules([{ id: 'x', match: { method: 'query' }, scenario: 'Z8102' }], 'f', 'api:')).toThrow(/could never answer/);
    expect(() => loadRules([{ id: 'x', match: { service: 'intl_face_verify' }, scenario: 'Z1146' }], 'f', 'api:')).toThrow(/could never answer/);
    expect(loadRules([{ id: 'x', match: { method: 'init' }, scenario: 'Z1146' }], 'f', 'api:')).toHaveLength(1);
  });
});

describe('configuration is checked wherever it comes from', () => {
  it('resolveConfig refuses wrong types and ranges with a ConfigError', () => {
    const bad: Record<string, unknown>[] = [
      { seed: 'x' as unknown as number },
      { timestampWindowMs: -1000 },
      { bodyLimitBytes: 5 },
      { journalMaxEntries: -1 },
      { accessKeys: 'a:b' as unknown as [] },
      { accessKeys: [{ id: 'a b', secret: 's' }] },
      { adminToken: '' },
      { proxy: 'ht!tp://::' },
      { completeAfterMs: 1.5 },
    ];
    for (const partial of bad) expect(() => resolveConfig({ port: 0, ...partial }), JSON.stringify(partial)).toThrow(ConfigError);
  });
  it('the CLI reads negative values as values, and boolean env words strictly', () => {
    expect(() => parseCli(['--port', '-1'], {})).toThrow(/--port must be between 0 and 65535, got -1/);
    const r = parseCli([], { SAF_MOCK_LOG_REQUESTS: 'yes' });
    expect(r.kind === 'run' && r.config.logRequests).toBe(true);
    expect(() => parseCli([], { SAF_MOCK_LOG_REQUESTS: 'maybe' })).toThrow(ConfigError);
  });
});

describe('requests Node refuses before the app', () => {
  it('a request line over the header limit gets a 431 with the gateway envelope', async () => {
    const server = await serverMock({ maxHeaderBytes: 16 * 1024 });
    try {
      const req = signedV1({ Service: 'face_verify', ServiceParameters: JSON.stringify({ pad: 'x'.repeat(40_000) }) }, { method: 'GET', where: 'query' });
      const text = await new Promise<string>((resolve, reject) => {
        const socket = connect(server.port, '127.0.0.1', () => socket.end(`GET ${req.path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`));
        let out = '';
        socket.on('data', (d: Buffer) => (out += d.toString()));
        socket.on('close', () => resolve(out));
        socket.on('error', reject);
      });
      expect(text).toMatch(/^HTTP\/1\.1 431 /);
      expect(text).toContain('"Code":"RequestHeaderFieldsTooLarge"');
      expect(text).toMatch(/"RequestId":"[0-9A-F-]{36}"/);
      expect((await fetch(`${server.url}/__saf/health`)).status).toBe(200);
    } finally {
      await server.close();
    }
  });
  it('headers over the limit get the 431 in the Format the request line asks for', async () => {
    const server = await serverMock({ maxHeaderBytes: 16 * 1024 });
    try {
      const text = await new Promise<string>((resolve, reject) => {
        const socket = connect(server.port, '127.0.0.1', () => socket.end(`GET /?Action=ExecuteRequest&Format=XML HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ${'x'.repeat(40_000)}\r\n\r\n`));
        let out = '';
        socket.on('data', (d: Buffer) => (out += d.toString()));
        socket.on('close', () => resolve(out));
        socket.on('error', reject);
      });
      expect(text).toMatch(/^HTTP\/1\.1 431 /);
      expect(text).toMatch(/content-type: text\/xml/i);
      expect(text.slice(text.indexOf('\r\n\r\n') + 4)).toMatch(/^<\?xml[^>]*\?><Error><RequestId>[0-9A-F-]{36}<\/RequestId><HostId>saf-mock<\/HostId><Code>RequestHeaderFieldsTooLarge<\/Code>/);
    } finally {
      await server.close();
    }
  });
});
