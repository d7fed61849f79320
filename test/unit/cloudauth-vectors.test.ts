/**
 * What the official Cloudauth client sends (recorded by scripts/capture-cloudauth.mjs, ACS3 and v2), replayed
 * through the whole gateway with the clock set to when it was signed: each reaches its action with the
 * parameters the application gave the SDK, and is refused once a signed byte changes or the nonce repeats.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { headerOf, replayHeaders, signedAt, type CapturedRequest } from '../helpers/captures.js';
import { memoryMock } from '../helpers/mock.js';

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
