/**
 * The parity normaliser and the terminal redactor replace an AccessKeyId only where it stands as a whole
 * value: a key as short as `a`, or one that is a piece of a code or message, leaves other text alone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExecuteResult } from '../../src/client/adapter.js';
import { runContractCli } from '../../src/client/contract-cli.js';
import { redact, type Credentials } from '../../src/client/credentials.js';
import { normaliseExchange } from '../../src/client/snapshots.js';
import type { RunningServer } from '../../src/server.js';
import { serverMock } from '../helpers/mock.js';

const ENDPOINT = 'http://127.0.0.1:8931';

function signatureMismatch(keyId: string): ExecuteResult {
  const stringToSign = `POST&%2F&AccessKeyId%3D${keyId}%26Action%3DExecuteRequest%26Format%3DJSON%26Service%3Dface_verify`;
  const parsed = {
    RequestId: '0B7C1A2E-6E0A-4C55-9C3A-8A1F1B2C3D4E',
    HostId: '127.0.0.1:8931',
    Code: 'SignatureDoesNotMatch',
    Message: `Specified signature is not matched with our calculation. server string to sign is:${stringToSign}`,
    Recommend: 'https://api.aliyun.com/troubleshoot?q=SignatureDoesNotMatch&product=saf&requestId=0B7C1A2E-6E0A-4C55-9C3A-8A1F1B2C3D4E',
    AccessKeyId: keyId,
  };
  return {
    client: 'raw',
    status: 400,
    code: parsed.Code,
    requestId: parsed.RequestId,
    body: JSON.stringify(parsed),
    format: 'json',
    parsed,
    headers: {},
    durationMs: 1,
  };
}

const expectedBody = {
  RequestId: '<RequestId>',
  HostId: '<host>',
  Code: 'SignatureDoesNotMatch',
  Message: 'Specified signature is not matched with our calculation. server string to sign is:POST&%2F&AccessKeyId%3D<AccessKeyId>%26Action%3DExecuteRequest%26Format%3DJSON%26Service%3Dface_verify',
  Recommend: 'https://api.aliyun.com/troubleshoot?q=SignatureDoesNotMatch&product=saf&requestId=<RequestId>',
  AccessKeyId: '<AccessKeyId>',
};

describe('parity normaliser', () => {
  // Short keys, and keys that are pieces of the code, the message, the URL or the string-to-sign.
  for (const keyId of ['a', 'S', 'Sign', 'not', 'JSON', 'face_verify', 'Action', '2F', 'LTAI5tRealLookingKey01']) {
    it(`replaces the key id "${keyId}" as a whole value only`, () => {
      const c: Credentials = { accessKeyId: keyId, accessKeySecret: 'sa' };
      const out = normaliseExchange(signatureMismatch(keyId), [c], [ENDPOINT]);
      expect(out.body).toEqual(expectedBody);
    });
  }

  it('replaces a key id percent-encoded in a string-to-sign, and after Credential= (ACS3)', () => {
    const c: Credentials = { accessKeyId: 'STS.a/b', accessKeySecret: 'secret-of-the-key' };
    const result = { ...signatureMismatch('STS.a%252Fb'), parsed: { Code: 'x', Message: 'AccessKeyId=STS.a%2Fb&x Credential=STS.a/b,SignedHeaders=host STS.a/bc' } };
    const out = normaliseExchange(result, [c], [ENDPOINT]);
    expect(out.body).toEqual({ Code: 'x', Message: 'AccessKeyId=<AccessKeyId>&x Credential=<AccessKeyId>,SignedHeaders=host STS.a/bc' });
  });

  it('a Code equal to a short key stays as it is', () => {
    const c: Credentials = { accessKeyId: '400', accessKeySecret: 'sa' };
    const result = { ...signatureMismatch('400'), parsed: { Code: '400', Message: 'HTTP 400: AccessKeyId=400' } };
    expect(normaliseExchange(result, [c], [ENDPOINT]).body).toEqual({ Code: '400', Message: 'HTTP 400: AccessKeyId=<AccessKeyId>' });
  });
});

describe('terminal redaction', () => {
  it('masks a short key id as a token, never inside a word', () => {
    const c: Credentials = { accessKeyId: 'a', accessKeySecret: 'sa' };
    const out = redact('SignatureDoesNotMatch: string to sign POST&%2F&AccessKeyId%3Da%26Action%3DExecuteRequest', [c]);
    expect(out).toBe('SignatureDoesNotMatch: string to sign POST&%2F&AccessKeyId%3Da****%26Action%3DExecuteRequest');
  });
});

describe('parity flow with a one-letter key', () => {
  let running: RunningServer;
  beforeAll(async () => {
    running = await serverMock({ accessKeys: [{ id: 'a', secret: 'sa' }], seed: 1 });
  });
  afterAll(() => running.close());

  it('raises no false warning against the committed snapshots', async () => {
    const out: string[] = [];
    const code = await runContractCli(['--target', 'url', '--url', running.url, '--access-key', 'a:sa'], { out: (l) => out.push(l), err: (l) => out.push(l), env: {} });
    const text = out.join('\n');
    expect(code).toBe(0);
    expect(text).not.toContain('<AccessKeyId>t');
    expect(text).toMatch(/parity: \d+ answers compared with .*: no differences/);
  });
});
