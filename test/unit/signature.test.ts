import { describe, expect, it } from 'vitest';
import { percentEncode } from '../../src/gateway/encode.js';
import { signV1, stringToSignV1 } from '../../src/gateway/signature-v1.js';
import { canonicalRequestV3, parseAcs3Authorization, sha256Hex, signV3, stringToSignV3 } from '../../src/gateway/signature-v3.js';
import { capturedRequests, headerOf, replayHeaders, signedAt, type CapturedRequest } from '../helpers/captures.js';
import { memoryMock } from '../helpers/mock.js';

const map = (o: Record<string, string>): Map<string, string> => new Map(Object.entries(o));

describe('percentEncode', () => {
  it('encodes as RFC 3986 with the SDKs\' extra escapes', () => {
    expect(percentEncode("a b*c~d!e'f(g)h+/=张")).toBe('a%20b%2Ac~d%21e%27f%28g%29h%2B%2F%3D%E5%BC%A0');
  });
});

describe('RPC v1 worked examples (signature.md §5)', () => {
  it('example 1: darabonba util, empty method', () => {
    const sts = stringToSignV1('', map({ test: 'ok' }));
    expect(sts).toBe('&%2F&test%3Dok');
    expect(signV1('accessKeySecret', sts)).toBe('jHx/oHoHNrbVfhncHEvPdHXZwHU=');
  });
  it('example 2: GET with two params', () => {
    const sts = stringToSignV1('GET', map({ query: 'test', body: 'test' }));
    expect(sts).toBe('GET&%2F&body%3Dtest%26query%3Dtest');
    expect(signV1('secret', sts)).toBe('XlUyV4sXjOuX5FnjUz9IF9tm5rU=');
  });
  it('example 3: Go SDK composer, empty values kept, space as %2520', () => {
    const params = {
      Version: '', Action: '', Format: 'JSON', Timestamp: 'mock date', SignatureMethod: 'HMAC-SHA1', SignatureType: '',
      SignatureVersion: '1.0', SignatureNonce: 'MOCK_UUID', AccessKeyId: 'accessKeyId', RegionId: 'regionId',
    };
    expect(signV1('accessKeySecret', stringToSignV1('GET', map(params)))).toBe('7loPmFjvDnzOVnQeQNj85S6nFGY=');
    expect(signV1('accessKeySecret', stringToSignV1('GET', map({ ...params, SecurityToken: 'accessKeyStsToken' })))).toBe('5Nxdcler+ihqWqv0Hr2On4PsBf4=');
  });
  it('example 4: the official documentation vector', () => {
    const sts = stringToSignV1('GET', map({
      AccessKeyId: 'testid', Action: 'DescribeRegions', Format: 'XML', SignatureMethod: 'HMAC-SHA1',
      SignatureNonce: '3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf', SignatureVersion: '1.0', Timestamp: '2016-02-23T12:46:24Z', Version: '2014-05-26',
    }));
    expect(sts).toBe('GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeRegions%26Format%3DXML%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3D3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf%26SignatureVersion%3D1.0%26Timestamp%3D2016-02-23T12%253A46%253A24Z%26Version%3D2014-05-26');
    expect(signV1('testsecret', sts)).toBe('OLeaidS1JvxuMvnyHOwuJ+uX5qY=');
  });
  it('example 5: SAF-shaped, Python composer', () => {
    const sts = stringToSignV1('POST', map({
      Action: 'ExecuteRequest', Version: '2017-03-31', Service: 'face_verify', ServiceParameters: '{"name":"张三 a*b~c"}',
      RegionId: 'cn-shanghai', Timestamp: '2018-12-04T04:03:12Z', SignatureNonce: '7e1c7d12-7551-4856-8abb-1938ccac6bcc',
      AccessKeyId: 'testid', Format: 'JSON', SignatureType: '', SignatureMethod: 'HMAC-SHA1', SignatureVersion: '1.0',
    }));
    expect(signV1('testsecret', sts)).toBe('/x/PGkgDHebB7WTUcDFSDlwP4eg=');
  });
});

describe('ACS3 worked examples (signature.md §5)', () => {
  it('example 6: repeated headers joined after sorting', () => {
    const canonical = canonicalRequestV3({
      method: 'GET', path: '/', query: map({ test: 'ok', empty: '' }),
      headers: (n) => (n === 'x-acs-test' ? ['http', 'https'] : undefined),
      signedHeaders: ['x-acs-test'],
      payloadHash: '55e12e91650d2fec56ec74e1d3e4ddbfce2ef3a65890c2a19ecf88a307e76a23',
    });
    expect(canonical).toBe('GET\n/\nempty=&test=ok\nx-acs-test:http,https\n\nx-acs-test\n55e12e91650d2fec56ec74e1d3e4ddbfce2ef3a65890c2a19ecf88a307e76a23');
    expect(signV3('secret', stringToSignV3(canonical))).toBe('d16b30a7699ae9e43875b13195b2f81bcc3ed10c14a9b5eb780e51619aa50be1');
  });
  it('example 7: SAF-shaped', () => {
    const body = '{"Service":"face_verify","ServiceParameters":"{\\"method\\":\\"init\\"}"}';
    expect(sha256Hex(body)).toBe('f783bbabafadd96a0ed60a93ff41cafbd3f0c5313f03f0dd9de7f745d42bc5dd');
    const headers: Record<string, string> = {
      'content-type': 'application/json; charset=utf-8', host: 'saf.cn-shanghai.aliyuncs.com', 'x-acs-action': 'ExecuteRequest',
      'x-acs-content-sha256': sha256Hex(body), 'x-acs-date': '2024-01-01T00:00:00Z',
      'x-acs-signature-nonce': '0123456789abcdef0123456789abcdef', 'x-acs-version': '2019-05-21',
    };
    const canonical = canonicalRequestV3({
      method: 'POST', path: '/', query: map({ Service: 'face_verify', ServiceParameters: '{"method":"init"}' }),
      headers: (n) => (headers[n] === undefined ? undefined : [headers[n]!]), signedHeaders: Object.keys(headers), payloadHash: sha256Hex(body),
    });
    expect(sha256Hex(canonical)).toBe('c8f418d8a8d0ece7046df79a13ab59423136ae5559bf4ec2fd018011f8fdfdaa');
    expect(signV3('testsecret', stringToSignV3(canonical))).toBe('7b505a4b76ad8954c440c4b7130a0b20acb13676932dbf7775d90e306667baf0');
  });
  it('parses the Authorization header and refuses other shapes', () => {
    const auth = parseAcs3Authorization('ACS3-HMAC-SHA256 Credential=ak,SignedHeaders=host;x-acs-date,Signature=abc');
    expect(auth).toEqual({ algorithm: 'ACS3-HMAC-SHA256', accessKeyId: 'ak', signedHeaders: ['host', 'x-acs-date'], signature: 'abc' });
    expect(parseAcs3Authorization('Bearer xyz')).toBeUndefined();
    expect(parseAcs3Authorization('ACS3-HMAC-SHA256 Credential=ak,Signature=abc')).toBeUndefined();
  });
});

/** Replays a recorded SDK request through the whole gateway with the clock set to when it was signed. */
async function replay(request: CapturedRequest, body: string = request.body, url: string = request.url): Promise<{ status: number; code: unknown; scenario: string | null }> {
  const at = signedAt(request);
  const { app } = memoryMock({}, () => at);
  const res = await app.request(url, { method: request.method, headers: replayHeaders(request), body: request.method === 'GET' || body === '' ? undefined : body });
  const text = await res.text();
  let code: unknown = null;
  try {
    code = (JSON.parse(text) as { Code?: unknown }).Code;
  } catch {
    const xmlCode = /<Code>([^<]*)<\/Code>/.exec(text)?.[1] ?? null;
    code = xmlCode !== null && /^\d+$/.test(xmlCode) ? Number(xmlCode) : xmlCode;
  }
  return { status: res.status, code, scenario: res.headers.get('x-saf-mock-scenario') };
}

/** Changes one byte of the ServiceParameters (or Service) value wherever the request carries it. */
function tamper(request: CapturedRequest): { body: string; url: string } {
  const swap = (s: string): string => s.replace('face_verify', 'face_verifz');
  if (request.body.includes('face_verify')) return { body: swap(request.body), url: request.url };
  return { body: request.body, url: swap(request.url) };
}

describe('every recorded SDK request verifies (captures/, clock injected)', () => {
  const all = capturedRequests();
  it('has the 10 Node clients, the Python core and the 18 Java, Go and PHP client styles', () => {
    expect(new Set(all.map((r) => r.file)).size).toBe(29);
    expect(all.length).toBe(153);
  });
  for (const { name, scheme, request } of all) {
    it(`${name} (${scheme}) is accepted, and rejected with one byte changed`, async () => {
      const ok = await replay(request);
      expect(ok.status, `scenario ${ok.scenario}`).toBe(200);
      expect(typeof ok.code).toBe('number');
      const { body, url } = tamper(request);
      expect(body + url).not.toBe(request.body + request.url);
      const bad = await replay(request, body, url);
      expect(bad.status).toBe(400);
      expect(bad.code).toBe('SignatureDoesNotMatch');
    });
  }
  it('v1 captures: the server string-to-sign reproduces the recorded Signature', () => {
    for (const { request, scheme } of all) {
      if (scheme !== 'HMAC-SHA1') continue;
      const params = new Map(Object.entries({ ...request.query, ...(request.form ?? {}) }));
      const signature = params.get('Signature');
      expect(signV1('testAccessKeySecret', stringToSignV1(request.method, params))).toBe(signature);
    }
  });
  it('ACS3 captures carry the header set the spec describes (Node signs host and x-acs-credentials-provider, Java neither)', () => {
    const v3 = all.filter((r) => r.scheme === 'ACS3-HMAC-SHA256');
    expect(v3.filter((r) => r.language === 'node').length).toBeGreaterThan(0);
    expect(v3.filter((r) => r.language === 'java').length).toBe(8);
    for (const { request, language } of v3) {
      const signed = parseAcs3Authorization(headerOf(request, 'authorization') ?? '')?.signedHeaders;
      if (language === 'node') expect(signed).toEqual(expect.arrayContaining(['host', 'x-acs-credentials-provider']));
      else expect(signed).toEqual(['content-type', 'x-acs-action', 'x-acs-content-sha256', 'x-acs-date', 'x-acs-signature-nonce', 'x-acs-version']);
    }
  });
});
