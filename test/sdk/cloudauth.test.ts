/**
 * Cloudauth 2019-03-07 end to end through the official client (@alicloud/cloudauth20190307), with its
 * default ACS3-HMAC-SHA256 signature and with signatureAlgorithm 'v2': every action's happy path, the
 * lifecycle through the control API, and every catalog entry produced by header, magic value and fixture rule.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLOUDAUTH_CATALOG, type CloudauthAction, type CloudauthEntry } from '../../src/cloudauth/catalog.js';
import type { RunningServer } from '../../src/server.js';
import { serverMock, VALID_CERT } from '../helpers/mock.js';
import { callCloudauth, SIGNINGS, type CloudauthAnswer, type Fields, type Signing } from './cloudauth-client.js';
import { AK, control, journal, rawHttp } from './clients.js';

const IMAGES = new URL('../../fixtures/images/', import.meta.url);
const FACE_1 = readFileSync(new URL('face-1.jpg', IMAGES)).toString('base64');
const FACE_2 = readFileSync(new URL('face-2.jpg', IMAGES)).toString('base64');
const SCENE = 1000000006;
const INIT: Fields = { sceneId: SCENE, outerOrderNo: 'e0c34a77f5ac40a5aa5e6ed20c353888', productCode: 'ID_PRO', model: 'LIVENESS', certType: 'IDENTITY_CARD', certName: '张三', certNo: VALID_CERT, metaInfo: '{"zimVer":"3.0.0","deviceType":"ios"}', returnUrl: 'https://www.aliyun.com' };
const CONTRAST: Fields = { sceneId: SCENE, outerOrderNo: 'o1', productCode: 'ID_MIN', model: 'FRONT_CAMERA_LIVENESS', certType: 'IDENTITY_CARD', certName: '张三', certNo: VALID_CERT, faceContrastPicture: FACE_1 };
const COMPARE: Fields = { sceneId: SCENE, outerOrderNo: 'o2', productCode: 'PV_FC', sourceFaceContrastPicture: FACE_1, targetFaceContrastPicture: FACE_2 };
const LIVENESS: Fields = { sceneId: SCENE, outerOrderNo: 'o3', productCode: 'LR_FR_MIN', model: 'FRONT_CAMERA_LIVENESS', faceContrastPicture: FACE_2 };

let held: RunningServer;

beforeAll(async () => {
  held = await serverMock({ completeAfterMs: null });
});
afterAll(async () => {
  await held.close();
});

function ok(r: CloudauthAnswer): Record<string, unknown> {
  expect(r.error, r.error?.message).toBeUndefined();
  expect(r.statusCode).toBe(200);
  expect(r.code).toBe('200');
  expect(r.message).toBe('success');
  expect(r.requestId).toMatch(/^[0-9A-F-]{36}$/);
  return r.resultObject!;
}

async function initId(signing: Signing, extra: Fields = {}): Promise<string> {
  const r = ok(await callCloudauth(held.url, 'initFaceVerify', { ...INIT, ...extra }, { signing }));
  return r.certifyId as string;
}

describe.each(SIGNINGS)('Cloudauth via the official client (%s)', (signing) => {
  it('InitFaceVerify → CertifyId and a CertifyUrl on the mock, whose page says what it is', async () => {
    const r = ok(await callCloudauth(held.url, 'initFaceVerify', INIT, { signing }));
    expect(r.certifyId).toMatch(/^[0-9a-f]{32}$/);
    expect(r.certifyUrl).toBe(`${held.url}/__saf/pages/certify?certifyId=${r.certifyId as string}&accessKeyId=${AK}`);
    const page = await rawHttp(held.url, new URL(r.certifyUrl as string).pathname + new URL(r.certifyUrl as string).search);
    expect(page.status).toBe(200);
    expect(page.text).toContain('simulated verification page');
    expect(page.text).toContain(r.certifyId as string);
  });

  it('DescribeFaceVerify: 424 until the user verifies, then Passed T with a pictureUrl the mock serves (a JPEG)', async () => {
    const id = await initId(signing);
    const pending = await callCloudauth(held.url, 'describeFaceVerify', { sceneId: SCENE, certifyId: id }, { signing });
    expect(pending).toMatchObject({ statusCode: 200, code: '424', message: '身份认证记录不存在' });
    expect(pending.resultObject).toBeUndefined();
    const done = await control(held.url, 'POST', `/sessions/${id}/complete`, { outcome: 'passed' });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ product: 'cloudauth', status: 'passed', queryMethod: 'DescribeFaceVerify' });
    const r = ok(await callCloudauth(held.url, 'describeFaceVerify', { sceneId: SCENE, certifyId: id, pictureReturnType: 'JPG' }, { signing }));
    expect(r).toMatchObject({ passed: 'T', subCode: '200', identityInfo: 'null', success: 'True', userInfo: '', deviceRisk: '' });
    const info = JSON.parse(r.materialInfo as string) as { faceAttack: string; facialPictureFront: { pictureUrl: string; qualityScore: number; verifyScore: number } };
    expect(info.faceAttack).toBe('F');
    const picture = await fetch(info.facialPictureFront.pictureUrl);
    expect(picture.status).toBe(200);
    expect(picture.headers.get('content-type')).toBe('image/jpeg');
    const bytes = Buffer.from(await picture.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
    expect(held.runtime.photos.some((p) => p.equals(bytes))).toBe(true);
  });

  it('complete with a SubCode: Describe answers Passed F with it; a CertifyId takes one submission (409)', async () => {
    const id = await initId(signing);
    expect((await control(held.url, 'POST', `/sessions/${id}/complete`, { outcome: '204' })).body).toMatchObject({ status: 'failed', outcome: 'cloudauth.SubCode.204' });
    const r = ok(await callCloudauth(held.url, 'describeFaceVerify', { sceneId: SCENE, certifyId: id }, { signing }));
    expect(r).toMatchObject({ passed: 'F', subCode: '204' });
    const again = await control(held.url, 'POST', `/sessions/${id}/complete`, { outcome: 'passed' });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ error: { code: 'AlreadySubmitted' } });
    const wrong = await control(held.url, 'POST', `/sessions/${await initId(signing)}/complete`, { outcome: 'Z1146' });
    expect(wrong.status).toBe(400);
    expect(JSON.stringify(wrong.body)).toContain('cloudauth');
  });

  it('GET /__saf/sessions lists the verification with its product', async () => {
    const id = await initId(signing);
    const all = (await control(held.url, 'GET', `/sessions?product=cloudauth&accessKeyId=${AK}`)).body as { sessions: Array<{ id: string; product: string; status: string }> };
    expect(all.sessions.find((s) => s.id === id)).toMatchObject({ product: 'cloudauth', status: 'pending' });
    expect(all.sessions.every((s) => s.product === 'cloudauth')).toBe(true);
  });

  it('ContrastFaceVerify, CompareFaceVerify, LivenessFaceVerify answer at once, the same way every time', async () => {
    const c1 = ok(await callCloudauth(held.url, 'contrastFaceVerify', CONTRAST, { signing }));
    const c2 = ok(await callCloudauth(held.url, 'contrastFaceVerify', CONTRAST, { signing }));
    expect(c1).toMatchObject({ passed: 'T', subCode: '200' });
    expect(c1.materialInfo).toBe(c2.materialInfo);
    expect(c1.certifyId).not.toBe(c2.certifyId);
    const cmp = ok(await callCloudauth(held.url, 'compareFaceVerify', COMPARE, { signing }));
    expect(cmp.passed).toBe('T');
    expect(typeof cmp.verifyScore).toBe('number');
    const live = ok(await callCloudauth(held.url, 'livenessFaceVerify', LIVENESS, { signing }));
    expect(live).toMatchObject({ passed: 'T', subCode: '200' });
    expect(JSON.parse(live.materialInfo as string)).toMatchObject({ faceAttack: 'F' });
  });

  it('a business code comes with HTTP 200 and the documented Message; the reason in x-saf-mock-reason', async () => {
    const r = await callCloudauth(held.url, 'initFaceVerify', { ...INIT, sceneId: 1 }, { signing });
    expect(r).toMatchObject({ statusCode: 200, code: '404', message: '认证场景配置不存在' });
    expect(r.headers?.['x-saf-mock-reason']).toContain('SceneId');
  });

  it('the gateway still checks the signature: a wrong secret is SignatureDoesNotMatch (HTTP 400)', async () => {
    const r = await callCloudauth(held.url, 'initFaceVerify', INIT, { signing, accessKeySecret: 'wrong' });
    expect(r.error).toMatchObject({ code: 'SignatureDoesNotMatch', statusCode: 400 });
  });
});

/** Valid parameters for an action (so Code 200 entries run the real handler). */
function fieldsFor(action: CloudauthAction): Fields {
  switch (action) {
    case 'InitFaceVerify':
      return INIT;
    case 'DescribeFaceVerify':
      return { sceneId: SCENE, certifyId: 'f'.repeat(32) };
    case 'ContrastFaceVerify':
      return CONTRAST;
    case 'CompareFaceVerify':
      return COMPARE;
    case 'LivenessFaceVerify':
      return LIVENESS;
  }
}

const SDK_METHOD: Record<CloudauthAction, 'initFaceVerify' | 'describeFaceVerify' | 'contrastFaceVerify' | 'compareFaceVerify' | 'livenessFaceVerify'> = {
  InitFaceVerify: 'initFaceVerify',
  DescribeFaceVerify: 'describeFaceVerify',
  ContrastFaceVerify: 'contrastFaceVerify',
  CompareFaceVerify: 'compareFaceVerify',
  LivenessFaceVerify: 'livenessFaceVerify',
};

/** The magic field of an action: the first of CertName, OuterOrderNo, CertifyId it has. */
function magicField(action: CloudauthAction): string {
  if (action === 'InitFaceVerify' || action === 'ContrastFaceVerify') return 'certName';
  return action === 'DescribeFaceVerify' ? 'certifyId' : 'outerOrderNo';
}

function checkEntry(entry: CloudauthEntry, r: CloudauthAnswer): void {
  expect(r.error, r.error?.message).toBeUndefined();
  expect(r.statusCode).toBe(200);
  expect(r.code).toBe(entry.code);
  expect(r.message).toBe(entry.message);
  if (entry.kind === 'subCode') {
    const action = entry.actions[0]!;
    expect(r.resultObject).toMatchObject({ passed: entry.passed });
    if (action !== 'CompareFaceVerify') expect(r.resultObject!.subCode).toBe(entry.subCode);
  } else if (entry.outcome === 'success') {
    expect(r.resultObject!.certifyId).toMatch(/^[0-9a-f]{32}$/);
  } else {
    expect(r.resultObject).toBeUndefined();
  }
}

describe.each(SIGNINGS)('every Cloudauth catalog entry (%s)', (signing) => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await serverMock({ completeAfterMs: null });
  });
  afterAll(async () => {
    await server.close();
  });

  for (const entry of CLOUDAUTH_CATALOG) {
    const action = entry.actions[0]!;
    const method = SDK_METHOD[action];
    it(`${entry.id} on ${action}: by header, magic value and fixture rule`, async () => {
      const byHeader = await callCloudauth(server.url, method, fieldsFor(action), { signing, headers: { 'x-saf-mock-scenario': entry.id } });
      checkEntry(entry, byHeader);
      expect(byHeader.headers?.['x-saf-mock-scenario']).toBe(entry.id);

      const magic = await callCloudauth(server.url, method, { ...fieldsFor(action), [magicField(action)]: `SAF_MOCK_${entry.id}` }, { signing });
      checkEntry(entry, magic);
      expect(magic.headers?.['x-saf-mock-scenario']).toBe(entry.id);

      const marker = `rule${signing}${entry.id.replace(/\W/g, '')}`.slice(0, 32);
      const ruleId = `r-${signing}-${entry.id}`;
      const matchParam = action === 'DescribeFaceVerify' ? { CertifyId: marker } : { OuterOrderNo: marker };
      const put = await control(server.url, 'PUT', `/fixtures?accessKeyId=${AK}`, { rules: [{ id: ruleId, times: 1, match: { service: 'cloudauth', method: action, params: matchParam }, scenario: entry.id }] });
      expect(put.status, JSON.stringify(put.body)).toBe(200);
      const fields = action === 'DescribeFaceVerify' ? { ...fieldsFor(action), certifyId: marker } : { ...fieldsFor(action), outerOrderNo: marker };
      const byRule = await callCloudauth(server.url, method, fields, { signing });
      checkEntry(entry, byRule);
      expect(byRule.headers?.['x-saf-mock-scenario']).toBe(ruleId);
    });
  }

  it('a SubCode given at InitFaceVerify (magic CertName) is what DescribeFaceVerify answers', async () => {
    const init = await callCloudauth(server.url, 'initFaceVerify', { ...INIT, certName: 'SAF_MOCK_cloudauth.SubCode.205' }, { signing });
    const id = init.resultObject!.certifyId as string;
    const r = await callCloudauth(server.url, 'describeFaceVerify', { sceneId: SCENE, certifyId: id }, { signing });
    expect(r.resultObject).toMatchObject({ passed: 'F', subCode: '205' });
  });

  it('an entry of another action is refused (SafMock.ScenarioNotApplicable), an unknown id too (UnknownScenario)', async () => {
    const r = await callCloudauth(server.url, 'initFaceVerify', INIT, { signing, headers: { 'x-saf-mock-scenario': 'cloudauth.424' } });
    expect(r.error).toMatchObject({ code: 'SafMock.ScenarioNotApplicable', statusCode: 400 });
    const u = await callCloudauth(server.url, 'initFaceVerify', INIT, { signing, headers: { 'x-saf-mock-scenario': 'cloudauth.999' } });
    expect(u.error).toMatchObject({ code: 'SafMock.UnknownScenario', statusCode: 400 });
    const saf = await callCloudauth(server.url, 'initFaceVerify', INIT, { signing, headers: { 'x-saf-mock-scenario': 'Z1146' } });
    expect(saf.error).toMatchObject({ code: 'SafMock.ScenarioNotApplicable' });
  });

  it('the journal records each call with its action, secrets and pictures elided', async () => {
    await callCloudauth(server.url, 'contrastFaceVerify', CONTRAST, { signing });
    const rows = await journal(server.url);
    const last = rows[rows.length - 1]!;
    expect(last).toMatchObject({ service: 'cloudauth', method: 'ContrastFaceVerify', code: '200', outcome: 'success' });
    expect(JSON.stringify(last.params)).not.toContain(FACE_1.slice(0, 100));
    expect(JSON.stringify(last.params)).not.toContain(VALID_CERT);
  });
});

describe('actions of Cloudauth that are not emulated', () => {
  it.each(SIGNINGS)('answer InvalidAction.NotFound like any unknown action (%s)', async (signing) => {
    const { cloudauthClient } = await import('./cloudauth-client.js');
    const Cloudauth = await import('@alicloud/cloudauth20190307');
    const client = cloudauthClient(held.url, { signing });
    const err = await client.deleteFaceVerifyResult(new Cloudauth.DeleteFaceVerifyResultRequest({ certifyId: 'x' })).then(
      () => undefined,
      (e: unknown) => e as { code: string; statusCode: number },
    );
    expect(err).toMatchObject({ code: 'InvalidAction.NotFound', statusCode: 404 });
  });
});
