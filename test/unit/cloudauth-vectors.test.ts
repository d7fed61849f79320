/**
 * What the official Cloudauth client sends (recorded by scripts/capture-cloudauth.mjs, ACS3 and v2), replayed
 * through the whole gateway with the clock set to when it was signed: each reaches its action with the
 * parameters the application gave the SDK, and is refused once a signed byte changes or the nonce repeats.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { headerOf, replayHeaders, signedAt, type CapturedRequest } from '../helpers/captures.js';
import { memoryMock } from '../helpers/mock.js';
import { signedV1 } from '../helpers/sign.js';

const DIR = new URL('../vectors/cloudauth/', import.meta.url);

interface CloudauthCapture {
  client: string;
  signatureScheme: string;
  entries: { op: string; call: { action: string; version: string; fields: Record<string, string | number> }; requests: CapturedRequest[] }[];
}

const FILES = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((file) => ({ file, capture: JSON.parse(readFileSync(new URL(file, DIR), 'utf8')) as CloudauthCapture }));

/** What a fresh mock answers each action recorded with valid parameters (Describe: an id it never issued). */
const EXPECTED_CODE: Record<string, string> = { InitFaceVerify: '200', DescribeFaceVerify: '406', ContrastFaceVerify: '200', CompareFaceVerify: '200', LivenessFaceVerify: '200' };
const PICTURES = new Set(['FaceContrastPicture', 'SourceFaceContrastPicture', 'TargetFaceContrastPicture']);

async function replay(request: CapturedRequest, url = request.url, body = request.body, mock = memoryMock({}, () => signedAt(request))) {
  const res = await mock.app.request(url, { method: request.method, headers: replayHeaders(request), body: body === '' ? undefined : body });
  const text = await res.text();
  return { status: res.status, body: JSON.parse(text) as { Code: string; Message: string; ResultObject?: Record<string, unknown> }, mock };
}

/** The SDK's camelCase field → the wire's PascalCase parameter (sceneId → SceneId). */
function wireName(field: string): string {
  return field[0]!.toUpperCase() + field.slice(1);
}

describe('the captures', () => {
  it('cover every emulated action with both signatures', () => {
    expect(FILES.map((f) => f.capture.signatureScheme).sort()).toEqual(['ACS3-HMAC-SHA256', 'HMAC-SHA1']);
    for (const { capture } of FILES) expect(capture.entries.map((e) => e.op)).toEqual(['InitFaceVerify', 'DescribeFaceVerify', 'ContrastFaceVerify', 'CompareFaceVerify', 'LivenessFaceVerify']);
  });
});

for (const { file, capture } of FILES) {
  describe(`${file} (${capture.signatureScheme})`, () => {
    for (const entry of capture.entries) {
      const request = entry.requests[0]!;
      it(`${entry.op}: reaches the action with the meant parameters`, async () => {
        if (capture.signatureScheme === 'ACS3-HMAC-SHA256') expect(headerOf(request, 'x-acs-action')).toBe(entry.op);
        else expect(request.query.Action).toBe(entry.op);
        const r = await replay(request);
        expect(r.status).toBe(200);
        expect(r.body.Code).toBe(EXPECTED_CODE[entry.op]);
        const row = (await r.mock.rt.journal.list({}))[0]!;
        expect(row).toMatchObject({ service: 'cloudauth', method: entry.op, signatureVerified: true, scheme: capture.signatureScheme });
        for (const [field, value] of Object.entries(entry.call.fields)) {
          const name = wireName(field);
          const shown = row.params[name];
          if (PICTURES.has(name)) expect(String(shown)).toContain(String(String(value).length));
          else if (name === 'CertNo') expect(shown).toBe(String(value).slice(0, 6) + '********' + String(value).slice(-4));
          else if (name === 'CallbackToken') expect(shown).toBe('***');
          else expect(shown, name).toBe(String(value));
        }
      });
      it(`${entry.op}: a changed signed byte is SignatureDoesNotMatch, a repeated nonce SignatureNonceUsed`, async () => {
        const changedUrl = request.url.includes('SceneId=1000000006') ? request.url.replace('SceneId=1000000006', 'SceneId=1000000007') : request.url;
        const changedBody = changedUrl === request.url ? request.body.replace('SceneId=1000000006', 'SceneId=1000000007') : request.body;
        expect(changedUrl !== request.url || changedBody !== request.body).toBe(true);
        const changed = await replay(request, changedUrl, changedBody);
        expect(changed.status).toBe(400);
        expect(changed.body.Code).toBe('SignatureDoesNotMatch');
        const first = await replay(request);
        const again = await replay(request, request.url, request.body, first.mock);
        expect(again.status).toBe(400);
        expect(again.body.Code).toBe('SignatureNonceUsed');
      });
    }
  });
}

describe('Cloudauth on the gateway, signed by hand (RPC v1)', () => {
  const INIT = { SceneId: '1000000006', OuterOrderNo: 'o1', ProductCode: 'ID_PRO', CertType: 'IDENTITY_CARD', CertName: '张三', CertNo: '11010519491231002X', MetaInfo: '{}' };

  it('Format=XML: the answer under <InitFaceVerifyResponse>, Code a string element', async () => {
    const { app } = memoryMock();
    const { path, init } = signedV1(INIT, { action: 'InitFaceVerify', version: '2019-03-07', format: 'XML' });
    const res = await app.request(path, init);
    const text = await res.text();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/xml');
    expect(text).toMatch(/^<\?xml version='1\.0' encoding='UTF-8'\?><InitFaceVerifyResponse><Code>200<\/Code><Message>success<\/Message><RequestId>[0-9A-F-]{36}<\/RequestId><ResultObject><CertifyId>[0-9a-f]{32}<\/CertifyId><CertifyUrl>http:\/\/127\.0\.0\.1\/__saf\/pages\/certify\?certifyId=[0-9a-f]{32}&amp;accessKeyId=testAccessKeyId<\/CertifyUrl><\/ResultObject><\/InitFaceVerifyResponse>$/);
  });

  it('the gateway checks apply unchanged: an old Timestamp, an unknown key, a missing Action, an action not emulated', async () => {
    const { app } = memoryMock();
    const send = async (business: Record<string, string>, o: Parameters<typeof signedV1>[1]) => {
      const { path, init } = signedV1(business, { action: 'InitFaceVerify', version: '2019-03-07', ...o });
      const res = await app.request(path, init);
      return { status: res.status, body: JSON.parse(await res.text()) as { Code: string; HostId?: string } };
    };
    expect(await send(INIT, { timestamp: '2020-01-01T00:00:00Z' })).toMatchObject({ status: 400, body: { Code: 'InvalidTimeStamp.Expired' } });
    expect(await send(INIT, { accessKeyId: 'nobody', secret: 'x' })).toMatchObject({ status: 404, body: { Code: 'InvalidAccessKeyId.NotFound' } });
    expect(await send(INIT, { action: 'DeleteFaceVerifyResult' })).toMatchObject({ status: 404, body: { Code: 'InvalidAction.NotFound' } });
    expect(await send(INIT, { version: '2019-03-08' })).toMatchObject({ status: 400, body: { Code: 'InvalidVersion' } });
    expect(await send(INIT, { action: 'ExecuteRequest' })).toMatchObject({ status: 404, body: { Code: 'InvalidAction.NotFound' } });
    // A Cloudauth action needs no Service/ServiceParameters; an ExecuteRequest still does.
    expect(await send({ Service: 'face_verify' }, { action: 'ExecuteRequest', version: '2017-03-31' })).toMatchObject({ status: 400, body: { Code: 'MissingServiceParameters' } });
  });
});
