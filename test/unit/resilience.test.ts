import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server.js';
import { memoryMock, serverMock, VALID_CERT } from '../helpers/mock.js';
import { execute } from '../helpers/saf.js';

const INIT = { method: 'init', name: '张三', certNumber: VALID_CERT, metainfo: '{}' };

describe('an unexpected exception', () => {
  it('becomes a logged 500 InternalError with a RequestId, in the gateway envelope', async () => {
    const { app, rt, logs } = memoryMock();
    rt.verifications.create = () => {
      throw new Error('disk on fire');
    };
    const r = await execute(app, 'face_verify', INIT);
    expect(r.status).toBe(500);
    const body = JSON.parse(r.text) as { Code: string; RequestId: string; Message: string };
    expect(body.Code).toBe('InternalError');
    expect(body.Message).toBe('The request processing has failed due to some unknown error, exception or failure.');
    expect(body.RequestId).toMatch(/^[0-9A-F-]{36}$/);
    expect(logs.join('\n')).toContain(body.RequestId);
    expect(logs.join('\n')).toContain('disk on fire');
    expect(logs.join('\n')).not.toContain('testAccessKeySecret');
    expect((await rt.journal.list())[0]).toMatchObject({ requestId: body.RequestId, status: 500, code: 'InternalError', outcome: 'gateway-error' });
    // and the next request is served as usual
    rt.verifications.create = Object.getPrototypeOf(rt.verifications).create.bind(rt.verifications);
    expect((await execute(app, 'face_verify', INIT)).body.Code).toBe(200);
  });
});

describe('the control API over a real socket (supertest)', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await serverMock({ adminToken: 's3cret' });
  });
  afterAll(async () => {
    await server.close();
  });
  it('health answers without the token, the rest needs it', async () => {
    await request(server.url).get('/__saf/health').expect(200).expect('content-type', /application\/json/);
    await request(server.url).get('/__saf/scenarios').expect(401);
    const r = await request(server.url).get('/__saf/scenarios').set('x-saf-mock-admin-token', 's3cret').expect(200);
    expect((r.body as { scenarios: unknown[] }).scenarios.length).toBeGreaterThan(30);
  });
  it('bad JSON to PUT /__saf/fixtures is a 400 naming the problem, and the server keeps serving', async () => {
    const r = await request(server.url).put('/__saf/fixtures').set('x-saf-mock-admin-token', 's3cret').set('content-type', 'application/json').send('{"rules": [').expect(400);
    expect((r.body as { error: { code: string } }).error.code).toBe('InvalidJson');
    await request(server.url).get('/__saf/health').expect(200);
  });
  it('the SDK path is not the control API: GET / without parameters is the gateway\'s MissingAction (XML by default)', async () => {
    const r = await request(server.url).get('/').expect(400).expect('content-type', 'text/xml;charset=utf-8');
    expect(r.text).toContain('<Code>MissingAction</Code>');
  });
});
