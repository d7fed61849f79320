/**
 * `import { startSafMock } from 'saf-mock'`: an in-process mock for another project's test suite, served
 * to the official SDKs exactly as a user would call them (this file is also the README example, typed).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import RPCClient from '@alicloud/pop-core';
import OpenApiModule, * as OpenApi from '@alicloud/openapi-client';
import * as TeaUtil from '@alicloud/tea-util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, startSafMock, type SafMock } from '../../src/index.js';

const CERT = '11010519491231002X';
const init = (name = '张三') => ({ Service: 'face_verify', ServiceParameters: JSON.stringify({ method: 'init', name, certNumber: CERT, metainfo: '{}' }) });

interface SafBody {
  Code: number;
  Message: string;
  RequestId: string;
  Data?: { queryId: string; bizId: string };
}

function popClient(saf: SafMock): RPCClient {
  return new RPCClient({ endpoint: saf.endpoint, apiVersion: '2017-03-31', accessKeyId: saf.accessKeyId, accessKeySecret: saf.accessKeySecret });
}

async function popCall(saf: SafMock, params: Record<string, string>): Promise<SafBody> {
  try {
    return await popClient(saf).request<SafBody>('ExecuteRequest', params, { method: 'POST' });
  } catch (e) {
    // pop-core throws for every body Code but 200; the body is on the error.
    const data = (e as { data?: SafBody }).data;
    if (data) return data;
    throw e;
  }
}

const Client = (typeof OpenApiModule === 'function' ? OpenApiModule : (OpenApiModule as unknown as { default: typeof OpenApiModule }).default) as unknown as new (config: OpenApi.Config) => {
  callApi(params: OpenApi.Params, request: OpenApi.OpenApiRequest, runtime: TeaUtil.RuntimeOptions): Promise<{ statusCode: number; body: SafBody }>;
};

describe('startSafMock', () => {
  let saf: SafMock;

  beforeAll(async () => {
    saf = await startSafMock({ seed: 42 });
  });
  afterEach(() => saf.reset());
  afterAll(() => saf.close());

  it('listens on a free 127.0.0.1 port with the demo key', () => {
    expect(saf.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(saf.endpoint).toBe(`http://${saf.host}:${saf.port}`);
    expect(saf.port).toBeGreaterThan(0);
    expect(saf.accessKeyId).toBe('testAccessKeyId');
    expect(saf.accessKeySecret).toBe('testAccessKeySecret');
    expect(saf.controlUrl).toBe(`${saf.endpoint}/__saf`);
  });

  it('serves @alicloud/pop-core', async () => {
    const body = await popCall(saf, init());
    expect(body.Code).toBe(200);
    expect(body.Data?.queryId).toMatch(/^[0-9a-f]{32}$/);
  });

  it('serves @alicloud/openapi-client (ACS3) with endpoint host:port and protocol http', async () => {
    const client = new Client(new OpenApi.Config({ accessKeyId: saf.accessKeyId, accessKeySecret: saf.accessKeySecret, endpoint: `${saf.host}:${saf.port}`, protocol: 'http' }));
    const params = new OpenApi.Params({ action: 'ExecuteRequest', version: '2017-03-31', protocol: 'HTTP', pathname: '/', method: 'POST', authType: 'AK', style: 'RPC', reqBodyType: 'formData', bodyType: 'json' });
    const out = await client.callApi(params, new OpenApi.OpenApiRequest({ query: init() }), new TeaUtil.RuntimeOptions({}));
    expect(out.statusCode).toBe(200);
    expect(out.body.Code).toBe(200);
  });

  it('reset() forgets verifications: a query for an earlier init is then unknown', async () => {
    const first = await popCall(saf, init());
    const query = { Service: 'face_verify', ServiceParameters: JSON.stringify({ method: 'query', bizId: first.Data!.bizId, queryId: first.Data!.queryId }) };
    expect((await popCall(saf, query)).Code).toBe(200);
    await saf.reset();
    expect((await popCall(saf, query)).Message).toContain('Z8301');
  });

  it('with a seed, the same calls give the same ids in every mock', async () => {
    const other = await startSafMock({ seed: 42 });
    try {
      await saf.reset();
      expect((await popCall(other, init())).Data).toEqual((await popCall(saf, init())).Data);
    } finally {
      await other.close();
    }
  });
});

describe('startSafMock options (the CLI settings)', () => {
  it('takes keys, code mode, completion and fixtures', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'saf-start-'));
    writeFileSync(join(dir, 'rules.json'), JSON.stringify({ rules: [{ id: 'blocked', match: { service: 'face_verify', method: 'init', params: { name: '王五' } }, scenario: 'Z1108' }] }));
    const saf = await startSafMock({ accessKeys: ['LTAIproject:projectSecret:unified'], completeAfter: 'never', fixtures: dir });
    try {
      expect(saf.accessKeyId).toBe('LTAIproject');
      expect(saf.accessKeySecret).toBe('projectSecret');
      const first = await popCall(saf, init());
      const query = await popCall(saf, { Service: 'face_verify', ServiceParameters: JSON.stringify({ method: 'query', bizId: first.Data!.bizId, queryId: first.Data!.queryId }) });
      expect(query.Code).toBe(300);
      const blocked = await popCall(saf, init('王五'));
      // Z1108 in unified codes: 500 内部服务器错误.
      expect([blocked.Code, blocked.Message]).toEqual([500, '内部服务器错误']);
    } finally {
      await saf.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rejects an invalid setting with ConfigError', async () => {
    await expect(startSafMock({ port: 70_000 })).rejects.toThrow(ConfigError);
    await expect(startSafMock({ accessKeys: ['no-secret'] })).rejects.toThrow(/invalid access key/);
    await expect(startSafMock({ completeAfter: -1 })).rejects.toThrow(/completeAfter/);
    await expect(startSafMock({ record: '/tmp/x' })).rejects.toThrow(/--record needs --proxy/);
  });

  it('close() stops the server', async () => {
    const saf = await startSafMock();
    await saf.close();
    await expect(popClient(saf).request('ExecuteRequest', init(), { method: 'POST', timeout: 2000 })).rejects.toThrow(/ECONNREFUSED/);
  });
});
