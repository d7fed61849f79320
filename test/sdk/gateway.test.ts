/**
 * The POP gateway as each official SDK mode meets it: success, wrong secret, unknown key, replay,
 * expired timestamp, Format XML. Every call goes through a real SDK to a real 127.0.0.1 port,
 * except the raw replay and XML checks, which send bytes with node:http on purpose.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server.js';
import { serverMock, VALID_CERT } from '../helpers/mock.js';
import { signedV1 } from '../helpers/sign.js';
import { call, header, isoSeconds, isPop, journal, POP_MODES, rawHttp, SDK_MODES, type SdkMode, type SdkResult } from './clients.js';

const INIT = { method: 'init', name: '张三', certNumber: VALID_CERT, metainfo: '{"zimVer":"3.0.0","appVersion":"1"}' };

let server: RunningServer;
let url: string;

beforeAll(async () => {
  server = await serverMock();
  url = server.url;
});
afterAll(async () => {
  await server.close();
});

function nonce(): string {
  return randomBytes(16).toString('hex');
}

/** What each SDK exposes for a gateway error (string Code, HTTP 4xx/5xx). */
function expectGatewayError(mode: SdkMode, r: SdkResult, code: string, status: number): { message: string; data: Record<string, unknown> } {
  expect(r.error, `expected ${code}, got ${JSON.stringify(r.body)}`).toBeDefined();
  const err = r.error!;
  expect(err.code).toBe(code);
  expect(err.statusCode).toBe(status);
  const data = err.data as Record<string, unknown>;
  expect(data.Code).toBe(code);
  expect(data.RequestId).toMatch(/^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/);
  expect(data.HostId).toBe(new URL(url).host);
  if (isPop(mode)) {
    // pop-core: name = Code + 'Error', message = "<Message>, URL: <url>", status only in err.entry.
    expect(err.name).toBe(`${code}Error`);
    expect(err.message).toBe(`${String(data.Message)}, URL: ${err.url}`);
    expect(r.status).toBe(status);
  } else {
    // Tea: "code: <status>, <Message> request id: <RequestId>", data = body + statusCode.
    expect(err.message).toBe(`${code}: code: ${status}, ${String(data.Message)} request id: ${String(data.RequestId)}`);
    expect(data.statusCode).toBe(status);
  }
  return { message: String(data.Message), data };
}

describe.each(SDK_MODES)('gateway via %s', (mode) => {
  const acs3 = mode.startsWith('acs3');

  it('answers face_verify init with queryId and bizId', async () => {
    const r = await call(mode, url, { serviceParameters: INIT });
    expect(r.error).toBeUndefined();
    expect(r.status).toBe(200);
    const body = r.body as { Code: unknown; Message: unknown; Data: { queryId: string; bizId: string }; RequestId: string };
    expect(body.Code).toBe(200);
    expect(body.Message).toBe('OK');
    expect(body.Data.queryId).toMatch(/^[0-9a-f]{32}$/);
    expect(body.Data.bizId.length).toBeGreaterThan(0);
    expect(header(r, 'x-saf-mock-scenario')).toBe('default');
    expect(header(r, 'x-acs-request-id')).toBe(body.RequestId);
    const last = (await journal(url)).at(-1)!;
    expect(last.scheme).toBe(acs3 ? 'ACS3-HMAC-SHA256' : 'HMAC-SHA1');
    expect(last.method).toBe('init');
    expect(last.code).toBe(200);
    expect(last.params.Service).toBe('face_verify');
  });

  it('wrong secret → SignatureDoesNotMatch, echoing the server string-to-sign', async () => {
    const n = nonce();
    const r = await call(mode, url, { serviceParameters: INIT, accessKeySecret: 'not-the-secret', nonce: n });
    const { message } = expectGatewayError(mode, r, 'SignatureDoesNotMatch', 400);
    expect(message.startsWith('Specified signature')).toBe(true);
    if (acs3) {
      expect(message).toMatch(/^Specified signature does not match our calculation\. server string to sign is:ACS3-HMAC-SHA256\n[0-9a-f]{64}$/);
      // The canonical request behind it (with the client's nonce) is in the journal.
      const rows = await journal(url);
      expect(rows[rows.length - 1]!.canonicalRequest).toContain(`x-acs-signature-nonce:${n}\n`);
    } else {
      expect(message).toContain('Specified signature is not matched with our calculation. server string to sign is:');
      expect(message).toContain(`${mode === 'pop-get' ? 'GET' : 'POST'}&%2F&AccessKeyId%3DtestAccessKeyId%26`);
      expect(message).toContain(`SignatureNonce%3D${n}%26`);
    }
  });

  it('unknown AccessKeyId → InvalidAccessKeyId.NotFound with HTTP 404', async () => {
    const r = await call(mode, url, { serviceParameters: INIT, accessKeyId: 'LTAInoSuchKey0000' });
    const { message } = expectGatewayError(mode, r, 'InvalidAccessKeyId.NotFound', 404);
    expect(message).toBe('Specified access key is not found.');
  });

  it('the same nonce twice → SignatureNonceUsed on the second call only', async () => {
    const n = nonce();
    const first = await call(mode, url, { serviceParameters: INIT, nonce: n });
    expect(first.error).toBeUndefined();
    expect((first.body as { Code: unknown }).Code).toBe(200);
    const second = await call(mode, url, { serviceParameters: INIT, nonce: n });
    const { message } = expectGatewayError(mode, second, 'SignatureNonceUsed', 400);
    expect(message).toBe('Specified signature nonce was used already.');
    // A fresh nonce goes through again: only the replay was refused.
    const third = await call(mode, url, { serviceParameters: INIT, nonce: nonce() });
    expect(third.error).toBeUndefined();
  });

  it('a timestamp 16 minutes old → InvalidTimeStamp.Expired; 14 minutes passes', async () => {
    const old = await call(mode, url, { serviceParameters: INIT, timestamp: isoSeconds(-16 * 60_000) });
    const { message } = expectGatewayError(mode, old, 'InvalidTimeStamp.Expired', 400);
    expect(message).toBe('Specified time stamp or date value is expired.');
    const future = await call(mode, url, { serviceParameters: INIT, timestamp: isoSeconds(16 * 60_000) });
    expectGatewayError(mode, future, 'InvalidTimeStamp.Expired', 400);
    const inside = await call(mode, url, { serviceParameters: INIT, timestamp: isoSeconds(-14 * 60_000) });
    expect(inside.error).toBeUndefined();
    expect((inside.body as { Code: unknown }).Code).toBe(200);
  });
});

describe('replaying a captured pop-core request byte for byte', () => {
  it('the signed GET URL pop-core called, sent again with node:http → SignatureNonceUsed', async () => {
    const first = await call('pop-get', url, { serviceParameters: INIT });
    expect(first.error).toBeUndefined();
    expect(first.url).toMatch(/\?.*&Signature=/);
    const path = first.url!.slice(url.length);
    const replay = await rawHttp(url, path, { headers: { 'x-acs-action': 'ExecuteRequest', 'x-acs-version': '2017-03-31' } });
    expect(replay.status).toBe(400);
    expect(replay.headers['content-type']).toBe('application/json;charset=utf-8');
    const body = JSON.parse(replay.text) as { Code: string; Message: string };
    expect(body.Code).toBe('SignatureNonceUsed');
    expect(body.Message).toBe('Specified signature nonce was used already.');
    const rows = await journal(url);
    expect(rows.at(-1)!.scenario).toBe('gateway.SignatureNonceUsed');
    expect(rows.at(-2)!.code).toBe(200);
  });
});

describe('Format XML', () => {
  it.each(POP_MODES)('%s cannot parse XML: it throws a JSON parse error although the server answered 200', async (mode) => {
    const before = (await journal(url)).length;
    const r = await call(mode, url, { serviceParameters: INIT, format: 'XML' });
    expect(r.error).toBeDefined();
    // json-bigint throws a plain object { name: 'SyntaxError', message, at, text }, not an Error.
    expect(r.error!.name).toBe('SyntaxError');
    expect(r.error!.message).toBe("Unexpected '<'");
    expect(r.error!.raw).not.toBeInstanceOf(Error);
    expect(String((r.error!.raw as { text: unknown }).text)).toMatch(/^<\?xml version='1.0' encoding='UTF-8'\?><ExecuteRequestResponse>/);
    const rows = await journal(url);
    expect(rows.length).toBe(before + 1);
    expect(rows.at(-1)!.status).toBe(200);
    expect(rows.at(-1)!.code).toBe(200);
  });

  it('a signed Format=XML request answers <ExecuteRequestResponse> as text/xml;charset=utf-8', async () => {
    const { init } = signedV1({ Service: 'face_verify', ServiceParameters: JSON.stringify(INIT) }, { format: 'XML' });
    const res = await rawHttp(url, '/', { method: 'POST', headers: init.headers as Record<string, string>, body: init.body as string });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/xml;charset=utf-8');
    expect(res.text.startsWith("<?xml version='1.0' encoding='UTF-8'?><ExecuteRequestResponse>")).toBe(true);
    expect(res.text.endsWith('</ExecuteRequestResponse>')).toBe(true);
    expect(res.text).toContain('<Code>200</Code>');
    expect(res.text).toMatch(/<queryId>[0-9a-f]{32}<\/queryId>/);
  });

  it('no Format on RPC v1 means XML (the docs’ default)', async () => {
    const { init } = signedV1({ Service: 'face_verify', ServiceParameters: JSON.stringify(INIT) }, { format: null });
    const res = await rawHttp(url, '/', { method: 'POST', headers: init.headers as Record<string, string>, body: init.body as string });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/xml;charset=utf-8');
    expect(res.text).toContain('<ExecuteRequestResponse>');
  });

  it('a gateway error in XML is <Error> with the string Code', async () => {
    const { init } = signedV1({ Service: 'face_verify', ServiceParameters: JSON.stringify(INIT) }, { format: 'XML', timestamp: isoSeconds(-20 * 60_000) });
    const res = await rawHttp(url, '/', { method: 'POST', headers: init.headers as Record<string, string>, body: init.body as string });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toBe('text/xml;charset=utf-8');
    expect(res.text).toMatch(/^<\?xml version='1.0' encoding='UTF-8'\?><Error><RequestId>[0-9A-F-]{36}<\/RequestId><HostId>[^<]+<\/HostId><Code>InvalidTimeStamp.Expired<\/Code><Message>Specified time stamp or date value is expired.<\/Message><Recommend><!\[CDATA\[/);
  });
});
