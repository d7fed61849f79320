import { describe, expect, it } from 'vitest';
import { signV1, stringToSignV1 } from '../../src/gateway/signature-v1.js';
import { memoryMock, VALID_CERT } from '../helpers/mock.js';
import { AK, formEncode, isoNow, signedV1, signedV3 } from '../helpers/sign.js';

const INIT = { Service: 'face_verify', ServiceParameters: JSON.stringify({ method: 'init', name: '张三', certNumber: VALID_CERT, metainfo: '{}' }) };
const UUID = /^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/;

interface ErrorBody {
  RequestId: string;
  HostId: string;
  Code: string;
  Message: string;
  Recommend: string;
}

async function call(req: { path: string; init: RequestInit }, app = memoryMock().app): Promise<{ status: number; body: ErrorBody; text: string; headers: Headers }> {
  const res = await app.request(req.path, req.init);
  const text = await res.text();
  let body = {} as ErrorBody;
  try {
    body = JSON.parse(text) as ErrorBody;
  } catch {
    /* XML */
  }
  return { status: res.status, body, text, headers: res.headers };
}

function expectGatewayError(r: Awaited<ReturnType<typeof call>>, status: number, code: string, message?: string): void {
  expect(r.status).toBe(status);
  expect(r.body.Code).toBe(code);
  expect(Object.keys(r.body).sort()).toEqual(['Code', 'HostId', 'Message', 'Recommend', 'RequestId']);
  expect(r.body.RequestId).toMatch(UUID);
  expect(r.body.Recommend).toContain(`q=${code}`);
  expect(r.headers.get('content-type')).toBe('application/json;charset=utf-8');
  if (message !== undefined) expect(r.body.Message).toBe(message);
}

describe('missing parameters', () => {
  for (const param of ['Action', 'Version', 'AccessKeyId', 'Signature', 'SignatureMethod', 'Timestamp', 'SignatureNonce', 'SignatureVersion']) {
    it(`Missing${param}`, async () => {
      const req = signedV1(INIT, { tamper: (p) => delete p[param] });
      expectGatewayError(await call(req), 400, `Missing${param}`, `${param} is mandatory for this action.`);
    });
  }
  it('MissingService and MissingServiceParameters (after authentication)', async () => {
    expectGatewayError(await call(signedV1({ ServiceParameters: '{}' })), 400, 'MissingService', 'Service is mandatory for this action.');
    expectGatewayError(await call(signedV1({ Service: 'face_verify' })), 400, 'MissingServiceParameters');
  });
});

describe('authentication', () => {
  it('InvalidAccessKeyId.NotFound is 404', async () => {
    expectGatewayError(await call(signedV1(INIT, { accessKeyId: 'nobody' })), 404, 'InvalidAccessKeyId.NotFound', 'Specified access key is not found.');
  });
  it('SignatureDoesNotMatch echoes the server string-to-sign right after the colon', async () => {
    const req = signedV1(INIT, { secret: 'wrong' });
    const r = await call(req);
    expectGatewayError(r, 400, 'SignatureDoesNotMatch');
    const params = new URLSearchParams(String(req.init.body));
    const expected = stringToSignV1('POST', new Map([...params.entries()].filter(([k]) => k !== 'Signature')));
    expect(r.body.Message).toBe('Specified signature is not matched with our calculation. server string to sign is:' + expected);
    // The Python SDK splits on ':' and compares the second part with its own string-to-sign.
    expect(r.body.Message.split(':')[1]).toBe(expected);
  });
  it('a tampered parameter fails the signature', async () => {
    const r = await call(signedV1(INIT, { tamper: (p) => (p.ServiceParameters = p.ServiceParameters!.replace('张三', '李四')) }));
    expectGatewayError(r, 400, 'SignatureDoesNotMatch');
  });
  it('InvalidSignatureMethod', async () => {
    const r = await call(signedV1(INIT, { tamper: (p) => (p.SignatureMethod = 'HMAC-SHA256') }));
    expectGatewayError(r, 400, 'InvalidSignatureMethod', 'Specified signature method is not valid.');
  });
  it('the method is part of the string-to-sign: a GET signed as POST fails', async () => {
    const req = signedV1(INIT, { method: 'POST', where: 'query' });
    const r = await call({ path: req.path, init: { ...req.init, method: 'GET' } });
    expectGatewayError(r, 400, 'SignatureDoesNotMatch');
  });
  it('GET and POST, query and form body, all verify', async () => {
    const { app } = memoryMock();
    for (const opts of [{ method: 'GET' as const, where: 'query' as const }, { method: 'POST' as const, where: 'query' as const }, { method: 'POST' as const, where: 'body' as const }]) {
      const r = await call(signedV1(INIT, opts), app);
      expect(r.status).toBe(200);
    }
  });
  it('form bodies with ;charset and + for space verify', async () => {
    const req = signedV1({ ...INIT, ServiceParameters: JSON.stringify({ method: 'init', name: 'a b', certNumber: VALID_CERT, metainfo: 'x y' }) });
    const body = String(req.init.body).replace(/%20/g, '+');
    const headers = { ...(req.init.headers as Record<string, string>), 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8' };
    expect((await call({ path: '/', init: { ...req.init, headers, body } })).status).toBe(200);
  });
  it('unknown extra parameters (RegionId, empty SignatureType) are signed like any other', async () => {
    expect((await call(signedV1({ ...INIT, RegionId: 'cn-shanghai', SignatureType: '' }))).status).toBe(200);
  });
});

describe('timestamps and nonces', () => {
  it('InvalidTimeStamp.Format for malformed timestamps', async () => {
    for (const ts of ['yesterday', '2026-11-23 08:19:21', '2026-13-01T00:00:00Z', '2026-02-30T00:00:00Z', '2026-11-23T08:19:21+08:00', '']) {
      const r = await call(signedV1(INIT, { timestamp: ts }));
      if (ts === '') expectGatewayError(r, 400, 'MissingTimestamp');
      else expectGatewayError(r, 400, 'InvalidTimeStamp.Format', 'Specified time stamp or date value is not well formatted.');
    }
  });
  it('InvalidTimeStamp.Expired beyond ±15 minutes, accepted within', async () => {
    expectGatewayError(await call(signedV1(INIT, { timestamp: isoNow(-16 * 60_000) })), 400, 'InvalidTimeStamp.Expired', 'Specified time stamp or date value is expired.');
    expectGatewayError(await call(signedV1(INIT, { timestamp: isoNow(16 * 60_000) })), 400, 'InvalidTimeStamp.Expired');
    expect((await call(signedV1(INIT, { timestamp: isoNow(-14 * 60_000) }))).status).toBe(200);
    expect((await call(signedV1(INIT, { timestamp: isoNow(14 * 60_000) }))).status).toBe(200);
  });
  it('accepts milliseconds (aliyun-sdk) and an unpadded date (the docs\' example)', async () => {
    expect((await call(signedV1(INIT, { timestamp: new Date().toISOString() }))).status).toBe(200);
    const now = new Date();
    const unpadded = `${now.getUTCFullYear()}-${now.getUTCMonth() + 1}-${now.getUTCDate()}T${now.getUTCHours()}:${String(now.getUTCMinutes()).padStart(2, '0')}:${String(now.getUTCSeconds()).padStart(2, '0')}Z`;
    expect((await call(signedV1(INIT, { timestamp: unpadded }))).status).toBe(200);
  });
  it('the window is configurable', async () => {
    const { app } = memoryMock({ timestampWindowMs: 60_000, nonceTtlMs: 120_000 });
    expectGatewayError(await call(signedV1(INIT, { timestamp: isoNow(-2 * 60_000) }), app), 400, 'InvalidTimeStamp.Expired');
  });
  it('SignatureNonceUsed for a replayed request, for v1 and ACS3', async () => {
    const { app } = memoryMock();
    const req = signedV1(INIT, { nonce: 'fixed-nonce-1' });
    expect((await call(req, app)).status).toBe(200);
    expectGatewayError(await call(req, app), 400, 'SignatureNonceUsed', 'Specified signature nonce was used already.');
    const v3 = signedV3({ query: INIT, nonce: 'fixed-nonce-3' });
    expect((await call(v3, app)).status).toBe(200);
    expectGatewayError(await call(v3, app), 400, 'SignatureNonceUsed');
  });
  it('a request with a wrong signature does not burn its nonce', async () => {
    const { app } = memoryMock();
    expectGatewayError(await call(signedV1(INIT, { nonce: 'n-1', secret: 'wrong' }), app), 400, 'SignatureDoesNotMatch');
    expect((await call(signedV1(INIT, { nonce: 'n-1' }), app)).status).toBe(200);
  });
  it('nonces are remembered until their Timestamp + TTL, then forgotten; a full store fails closed', async () => {
    let now = Date.now();
    const { app, logs } = memoryMock({ nonceMaxEntries: 3 }, () => now);
    const req = () => signedV1(INIT, { nonce: 'ttl-nonce', timestamp: new Date(now).toISOString().replace(/\.\d+Z/, 'Z') });
    expect((await call(req(), app)).status).toBe(200);
    now += 15 * 60_000;
    expectGatewayError(await call(req(), app), 400, 'SignatureNonceUsed');
    now += 2 * 60_000;
    expect((await call(req(), app)).status).toBe(200);
    expect((await call(signedV1(INIT, { nonce: 'n-2', timestamp: new Date(now).toISOString() }), app)).status).toBe(200);
    expect((await call(signedV1(INIT, { nonce: 'n-3', timestamp: new Date(now).toISOString() }), app)).status).toBe(200);
    // Three nonces inside the window: a fourth request is refused, never a replay let through.
    expectGatewayError(await call(signedV1(INIT, { nonce: 'n-4', timestamp: new Date(now).toISOString() }), app), 400, 'Throttling.User');
    expectGatewayError(await call(req(), app), 400, 'SignatureNonceUsed');
    expect(logs.some((l) => l.includes('nonce store full'))).toBe(true);
  });
});

describe('API lookup and format', () => {
  it('InvalidAction.NotFound for another Action (404)', async () => {
    expectGatewayError(await call(signedV1(INIT, { action: 'DescribeRegions' })), 404, 'InvalidAction.NotFound', 'Specified api is not found, please check your url and method.');
  });
  it('InvalidVersion for an unknown Version', async () => {
    expectGatewayError(await call(signedV1(INIT, { version: '2019-01-23' })), 400, 'InvalidVersion', 'Specified parameter Version is not valid.');
  });
  it('InvalidParameter.Format for a Format other than JSON or XML', async () => {
    expectGatewayError(await call(signedV1(INIT, { format: 'YAML' })), 400, 'InvalidParameter.Format', 'Specified parameter format is not valid.');
  });
  it('Format is case-insensitive; v1 without Format answers XML', async () => {
    const { app } = memoryMock();
    for (const f of ['json', 'JSON', 'Json']) expect((await app.request(...args(signedV1(INIT, { format: f })))).headers.get('content-type')).toBe('application/json;charset=utf-8');
    for (const f of ['xml', 'XML', null]) {
      const res = await app.request(...args(signedV1(INIT, { format: f })));
      expect(res.headers.get('content-type')).toBe('text/xml;charset=utf-8');
      const text = await res.text();
      expect(text).toMatch(/^<\?xml version='1.0' encoding='UTF-8'\?><ExecuteRequestResponse><Data><queryId>[0-9a-f]{32}<\/queryId><bizId>ZSTP\d{28}<\/bizId><\/Data><Message>OK<\/Message><Code>200<\/Code><RequestId>[0-9A-F-]{36}<\/RequestId><\/ExecuteRequestResponse>$/);
    }
  });
  it('XML errors: <Error> root, gateway element order, Recommend in CDATA, HostId = Host called', async () => {
    const r = await call(signedV1(INIT, { format: 'XML', secret: 'wrong', host: 'saf.cn-shanghai.aliyuncs.com' }));
    expect(r.status).toBe(400);
    expect(r.headers.get('content-type')).toBe('text/xml;charset=utf-8');
    expect(r.text).toMatch(/^<\?xml version='1.0' encoding='UTF-8'\?><Error><RequestId>[0-9A-F-]{36}<\/RequestId><HostId>saf\.cn-shanghai\.aliyuncs\.com<\/HostId><Code>SignatureDoesNotMatch<\/Code><Message>Specified signature is not matched with our calculation\. server string to sign is:POST&amp;%2F&amp;AccessKeyId/);
    expect(r.text).toMatch(/<Recommend><!\[CDATA\[https:\/\/api\.aliyun\.com\/troubleshoot\?q=SignatureDoesNotMatch&product=saf&requestId=[0-9A-F-]{36}\]\]><\/Recommend><\/Error>$/);
  });
  it('HostId echoes the Host header with its port', async () => {
    const r = await call(signedV1(INIT, { accessKeyId: 'nobody', host: '127.0.0.1:8931' }));
    expect(r.body.HostId).toBe('127.0.0.1:8931');
  });
  it('UnsupportedHTTPMethod for methods other than GET and POST', async () => {
    for (const method of ['PUT', 'DELETE', 'PATCH']) {
      const req = signedV1(INIT, { where: 'query' });
      expectGatewayError(await call({ path: req.path, init: { ...req.init, method } }), 400, 'UnsupportedHTTPMethod', 'Specified signature is not matched with our calculation.');
    }
  });
  it('answers a CORS preflight and sends the gateway\'s CORS headers', async () => {
    const { app } = memoryMock();
    const pre = await app.request('/', { method: 'OPTIONS', headers: { 'access-control-request-headers': 'x-acs-date' } });
    expect(pre.status).toBe(200);
    expect(pre.headers.get('access-control-allow-methods')).toBe('POST, GET, OPTIONS');
    expect(pre.headers.get('access-control-allow-headers')).toBe('x-acs-date');
    const r = await call(signedV1(INIT, { headers: { origin: 'http://localhost:3000' } }), app);
    expect(r.headers.get('access-control-allow-origin')).toBe('*');
    expect((await call(signedV1(INIT), app)).headers.get('access-control-allow-origin')).toBeNull();
  });
  it('other paths answer InvalidAction.NotFound', async () => {
    const r = await call({ path: '/foo', init: { method: 'GET' } });
    expectGatewayError(r, 404, 'InvalidAction.NotFound');
  });
});

function args(req: { path: string; init: RequestInit }): [string, RequestInit] {
  return [req.path, req.init];
}

describe('ACS3-HMAC-SHA256', () => {
  it('accepts query and JSON-body parameters', async () => {
    const { app } = memoryMock();
    expect((await call(signedV3({ query: INIT }), app)).status).toBe(200);
    expect((await call(signedV3({ body: JSON.stringify(INIT) }), app)).status).toBe(200);
    const form = signedV3({ body: formEncode(INIT), contentType: 'application/x-www-form-urlencoded' });
    expect((await call(form, app)).status).toBe(200);
  });
  it('answers JSON without a Format', async () => {
    const r = await call(signedV3({ query: INIT }));
    expect(r.headers.get('content-type')).toBe('application/json;charset=utf-8');
  });
  it('a body that does not match x-acs-content-sha256 fails', async () => {
    const req = signedV3({ body: JSON.stringify(INIT) });
    const r = await call({ path: req.path, init: { ...req.init, body: JSON.stringify({ ...INIT, Service: 'face_verifz' }) } });
    expectGatewayError(r, 400, 'SignatureDoesNotMatch');
  });
  it('wrong secret, unknown key, expired date, malformed Authorization, other algorithm', async () => {
    expectGatewayError(await call(signedV3({ query: INIT, secret: 'wrong' })), 400, 'SignatureDoesNotMatch');
    expectGatewayError(await call(signedV3({ query: INIT, accessKeyId: 'nobody' })), 404, 'InvalidAccessKeyId.NotFound');
    expectGatewayError(await call(signedV3({ query: INIT, date: isoNow(-20 * 60_000) })), 400, 'InvalidTimeStamp.Expired');
    const req = signedV3({ query: INIT });
    const headers = req.init.headers as Record<string, string>;
    expectGatewayError(await call({ path: req.path, init: { ...req.init, headers: { ...headers, authorization: 'ACS3-HMAC-SHA256 garbage' } } }), 400, 'IncompleteSignature');
    const sm3 = headers.authorization!.replace('ACS3-HMAC-SHA256', 'ACS3-HMAC-SM3');
    expectGatewayError(await call({ path: req.path, init: { ...req.init, headers: { ...headers, authorization: sm3 } } }), 400, 'InvalidSignatureMethod');
  });
  it('missing x-acs headers', async () => {
    const req = signedV3({ query: INIT });
    const headers = { ...(req.init.headers as Record<string, string>) };
    delete headers['x-acs-signature-nonce'];
    expectGatewayError(await call({ path: req.path, init: { ...req.init, headers } }), 400, 'MissingSignatureNonce');
  });
});

describe('malformed requests never crash the server', () => {
  it('malformed percent-encoding → RequestParameterMalformed', async () => {
    const r = await call({ path: '/?Action=%E0%A4%A&Format=JSON', init: { method: 'GET' } });
    expectGatewayError(r, 400, 'RequestParameterMalformed');
  });
  it('errors raised before the parameters are decoded answer in the Format the query asks for', async () => {
    const xml = await call({ path: '/?Format=XML&Action=%E0%A4%A', init: { method: 'GET' } });
    expect(xml.status).toBe(400);
    expect(xml.text).toContain('<Code>RequestParameterMalformed</Code>');
    const { app } = memoryMock({ bodyLimitBytes: 1024 });
    const big = await app.request('/?Format=xml', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'a='.padEnd(4096, 'x') });
    expect(big.status).toBe(413);
    expect(await big.text()).toContain('<Code>RequestEntityTooLarge</Code>');
  });
  it('an empty request, junk bodies, bad JSON bodies', async () => {
    const { app } = memoryMock();
    const empty = await call({ path: '/', init: { method: 'POST' } }, app);
    expect(empty.status).toBe(400);
    expect(empty.text).toContain('<Code>MissingAction</Code>');
    expectGatewayError(await call({ path: '/?Format=JSON', init: { method: 'POST' } }, app), 400, 'MissingAction');
    expectGatewayError(await call({ path: '/?Format=JSON', init: { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: '&&==&%%%' } }, app), 400, 'RequestParameterMalformed');
    const v3 = signedV3({ body: '{not json', contentType: 'application/json' });
    expectGatewayError(await call(v3, app), 400, 'RequestParameterMalformed');
    const junk = await call({ path: '/', init: { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: new Uint8Array([0, 255, 1, 2]) } }, app);
    expect(junk.status).toBe(400);
  });
  it('a body over the limit answers 413 with connection: close', async () => {
    const { app } = memoryMock({ bodyLimitBytes: 1024 });
    const req = signedV1({ ...INIT, pad: 'x'.repeat(2048) });
    const r = await call(req, app);
    expectGatewayError(r, 413, 'RequestEntityTooLarge', 'The request body exceeds the limit of 1024 bytes.');
    expect(r.headers.get('connection')).toBe('close');
  });
  it('XML rendering escapes markup in values', async () => {
    const r = await call(signedV1({ Service: '<x>&', ServiceParameters: '{}' }, { format: 'XML' }));
    expect(r.text).toContain('<Message>参数Service不合法</Message>');
  });
});

describe('signing helper sanity', () => {
  it('signV1 matches what a request carries', () => {
    const req = signedV1(INIT);
    const params = new URLSearchParams(String(req.init.body));
    const sig = params.get('Signature');
    params.delete('Signature');
    expect(signV1('testAccessKeySecret', stringToSignV1('POST', new Map(params.entries())))).toBe(sig);
  });
});
