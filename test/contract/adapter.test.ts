/** The real-client adapter: what each official SDK surfaces, read uniformly, with the raw body off the wire. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_KINDS, createClient, SDK_CLIENTS, type ClientKind } from '../../src/client/adapter.js';
import { parseBody, parseXml } from '../../src/client/body.js';
import { checkResult, expectedSdkError } from '../../src/client/checks.js';
import { credentialsFromEnv, maskKeyId, redact } from '../../src/client/credentials.js';
import { startSafMock, type SafMock } from '../../src/client/mock.js';
import { SdkMissingError } from '../../src/client/sdk.js';

/** A server answering fixed bytes, so the adapter's `body` can be compared byte for byte. */
function fixedServer(answer: { status: number; body: string; contentType?: string }): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(answer.status, { 'content-type': answer.contentType ?? 'application/json;charset=utf-8', 'x-acs-request-id': 'F1XED' });
      res.end(answer.body);
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server })));
}

const close = (server: Server): Promise<void> => new Promise((resolve) => server.close(() => resolve()));
const creds = { accessKeyId: 'LTAI5tAdapterTestKey', accessKeySecret: 'AdapterTestSecret0123456789' };

describe('adapter: raw bodies and SDK errors', () => {
  it.each(CLIENT_KINDS)('%s returns the body exactly as sent, with status, Code, Message, Data and RequestId', async (kind) => {
    const text = '{ "Data" : {"queryId":"q1", "bizId":"b1"},\n "Message":"OK", "Code":200, "RequestId":"0A1B2C3D-0000-4000-8000-000000000001" }';
    const { url, server } = await fixedServer({ status: 200, body: text });
    try {
      const r = await createClient(kind, { endpointFor: () => url, credentials: creds }).execute('face_verify', { method: 'init' });
      expect(r).toMatchObject({ client: kind, status: 200, code: 200, message: 'OK', data: { queryId: 'q1', bizId: 'b1' }, dataEncoding: 'object', requestId: '0A1B2C3D-0000-4000-8000-000000000001', format: 'json' });
      expect(r.body).toBe(text);
      expect(r.headers['x-acs-request-id']).toBe('F1XED');
      expect(r.error).toBeUndefined();
    } finally {
      await close(server);
    }
  });

  it.each(CLIENT_KINDS)('%s surfaces a gateway error: raw body, string Code, and the SDK\'s own error', async (kind) => {
    const text = '{"RequestId":"0A1B2C3D-0000-4000-8000-000000000002","HostId":"h","Code":"Throttling.User","Message":"Request was denied due to user flow control.","Recommend":"r"}';
    const { url, server } = await fixedServer({ status: 400, body: text });
    try {
      const r = await createClient(kind, { endpointFor: () => url, credentials: creds }).execute('face_verify', { method: 'init' });
      expect(r.status).toBe(400);
      expect(r.body).toBe(text);
      expect(r.code).toBe('Throttling.User');
      if (kind === 'raw') expect(r.error).toBeUndefined();
      else expect(r.error?.code).toBe('Throttling.User');
      if (kind === 'pop-core') expect(r.error?.name).toBe('Throttling.UserError');
      if (kind.startsWith('openapi')) expect(r.error?.statusCode).toBe(400);
    } finally {
      await close(server);
    }
  });

  it('parses a JSON-string Data (intl_face_verify) and says it came as a string', async () => {
    const { url, server } = await fixedServer({ status: 200, body: JSON.stringify({ Data: '{"passed":"true"}', Message: 'OK', Code: 200, RequestId: 'X' }) });
    try {
      const r = await createClient('openapi-v3', { endpointFor: () => url, credentials: creds }).execute('intl_face_verify', {});
      expect(r.data).toEqual({ passed: 'true' });
      expect(r.dataEncoding).toBe('string');
    } finally {
      await close(server);
    }
  });

  it.each(CLIENT_KINDS)('%s reports no answer as status 0 with the network error', async (kind) => {
    const { url, server } = await fixedServer({ status: 200, body: '{}' });
    await close(server);
    const r = await createClient(kind, { endpointFor: () => url, credentials: creds, timeoutMs: 2000 }).execute('face_verify', {});
    expect(r.status).toBe(0);
    expect(r.body).toBe('');
    expect(r.error?.message).toMatch(/ECONNREFUSED/);
  });
});

describe('adapter against the mock', () => {
  let saf: SafMock;
  beforeAll(async () => {
    saf = await startSafMock();
  });
  afterAll(() => saf.close());

  it('keeps concurrent calls apart: each result holds its own response', async () => {
    const calls = Array.from({ length: 24 }, (_, i) => createClient(SDK_CLIENTS[i % 3]!, { endpointFor: () => saf.endpoint, credentials: { accessKeyId: saf.accessKeyId, accessKeySecret: saf.accessKeySecret } }).execute('face_verify', { method: 'query', bizId: `ZSTP${i}`, queryId: `q${i}` }));
    const results = await Promise.all(calls);
    for (const r of results) {
      expect(r.headers['x-acs-request-id']).toBe(r.requestId);
      expect(JSON.parse(r.body)).toEqual(r.parsed);
    }
    expect(new Set(results.map((r) => r.requestId)).size).toBe(results.length);
  });

  it('sends x-saf-mock-* headers through every SDK client', async () => {
    for (const kind of SDK_CLIENTS) {
      const r = await createClient(kind, { endpointFor: () => saf.endpoint, credentials: { accessKeyId: saf.accessKeyId, accessKeySecret: saf.accessKeySecret } }).execute(
        'face_verify',
        { method: 'init', name: '张三', certNumber: '11010519491231002X', metainfo: '{}' },
        { headers: { 'x-saf-mock-scenario': 'Z1108' } },
      );
      expect([kind, r.code, r.headers['x-saf-mock-scenario']]).toEqual([kind, 500, 'Z1108']);
    }
  });

  it('never lets the secret reach an error message', async () => {
    for (const kind of SDK_CLIENTS) {
      const r = await createClient(kind, { endpointFor: () => saf.endpoint, credentials: { accessKeyId: saf.accessKeyId, accessKeySecret: 'WrongSecretThatMustNotLeak', securityToken: 'TokenThatMustNotLeak' } }).execute('face_verify', { method: 'query' }, { placement: 'query' });
      expect(r.code).toBe('SignatureDoesNotMatch');
      expect(r.error?.message, kind).not.toContain('WrongSecretThatMustNotLeak');
      expect(r.error?.message, kind).not.toContain('TokenThatMustNotLeak');
      expect(r.error?.message, kind).not.toContain('Signature=');
    }
  });
});

describe('adapter helpers', () => {
  it('reads the gateway\'s XML: root, leaves, CDATA', () => {
    const xml = "<?xml version='1.0' encoding='UTF-8'?><Error><RequestId>R</RequestId><HostId>h</HostId><Code>SignatureDoesNotMatch</Code><Message>a &amp; b</Message><Recommend><![CDATA[https://x?q=1&y=2]]></Recommend></Error>";
    expect(parseXml(xml)).toEqual({ root: 'Error', value: { RequestId: 'R', HostId: 'h', Code: 'SignatureDoesNotMatch', Message: 'a & b', Recommend: 'https://x?q=1&y=2' } });
    expect(parseBody('<ExecuteRequestResponse><Data><a>1</a><a>2</a></Data><Code>200</Code></ExecuteRequestResponse>')).toEqual({
      format: 'xml',
      root: 'ExecuteRequestResponse',
      value: { Data: { a: ['1', '2'] }, Code: '200' },
    });
    expect(parseBody('')).toEqual({ format: 'empty' });
    expect(parseBody('{"RequestId":"x","Code":200,"Data":{"queryId":"')).toEqual({ format: 'other' });
  });

  it('redacts secrets in every spelling and masks the key id', () => {
    const c = { accessKeyId: 'LTAI5tAbcdefghijkl', accessKeySecret: 'sec/ret+value=', securityToken: 'tok en' };
    const text = 'x sec/ret+value= y sec%2Fret%2Bvalue%3D z tok%20en LTAI5tAbcdefghijkl, URL: http://h/?Signature=abc&SecurityToken=t';
    const out = redact(text, [c]);
    expect(out).toBe('x (redacted) y (redacted) z (redacted) LTAI****ijkl, URL: (redacted)');
    expect(maskKeyId('short')).toBe('sh****');
  });

  it('reads the usual env variables', () => {
    expect(credentialsFromEnv({})).toBeUndefined();
    expect(credentialsFromEnv({ ALIBABA_CLOUD_ACCESS_KEY_ID: 'a' })).toBeUndefined();
    expect(credentialsFromEnv({ ALIBABA_CLOUD_ACCESS_KEY_ID: 'a', ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'b', ALIBABA_CLOUD_SECURITY_TOKEN: '' })).toEqual({ accessKeyId: 'a', accessKeySecret: 'b' });
    expect(credentialsFromEnv({ ALIBABA_CLOUD_ACCESS_KEY_ID: 'a', ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'b', ALIBABA_CLOUD_SECURITY_TOKEN: 't' })).toEqual({ accessKeyId: 'a', accessKeySecret: 'b', securityToken: 't' });
  });

  it('tells how to install a missing SDK in one line', () => {
    const e = new SdkMissingError('@alicloud/pop-core');
    expect(e.message).toBe('@alicloud/pop-core is not installed: the contract kit drives the official SDKs. Install them with: npm install @alicloud/pop-core @alicloud/openapi-client @alicloud/tea-util');
  });

  it('knows how each SDK reacts to an answer (sdk-wire.md §5)', () => {
    const table: Array<[ClientKind, number, number | string, boolean]> = [
      ['pop-core', 200, 200, false],
      ['pop-core', 200, 300, true],
      ['pop-core', 400, 'SignatureDoesNotMatch', true],
      ['openapi-v2', 200, 400, false],
      ['openapi-v3', 400, 'SignatureDoesNotMatch', true],
      ['raw', 500, 'InternalError', false],
    ];
    for (const [client, status, code, throws] of table) expect(expectedSdkError(client, status, code), `${client} ${status} ${code}`).toBe(throws);
  });

  it('names every broken expectation', () => {
    const failures = checkResult(
      { client: 'openapi-v2', status: 200, code: 404, message: 'x', requestId: 'nope', body: '{}', format: 'json', parsed: { Code: 404, Message: 'x', RequestId: 'nope', Extra: 1 }, headers: {}, durationMs: 1 },
      { status: 400, code: 'SignatureDoesNotMatch', envelope: 'gateway-error', message: /^Specified/ },
    );
    expect(failures).toEqual([
      'HTTP status: expected 400, got 200',
      expect.stringMatching(/^body does not satisfy contracts\/gateway-error\.schema\.json: /),
      'Code: expected "SignatureDoesNotMatch", got 404',
      'Message: expected /^Specified/, got "x"',
    ]);
  });
});
