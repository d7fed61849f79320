/**
 * SAF fin_face_verify end to end through @alicloud/pop-core and @alicloud/openapi-client (every mode of
 * test/sdk/clients.ts): init → query before completion (424) → completion through the control API →
 * query passed T / F, both documented Versions, the product's own codes, the lifecycle's single use.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findEntry } from '../../src/saf/catalog.js';
import type { RunningServer } from '../../src/server.js';
import { serverMock, VALID_CERT } from '../helpers/mock.js';
import { AK, call, control, safAnswer, SDK_MODES, V2017, V2019, type Body, type CallOptions, type SdkMode } from './clients.js';

const SCENE = '1000000006';
const INIT = { method: 'init', sceneId: SCENE, outerOrderNo: 'e0c34a77f5ac40a5aa5e6ed20c353888', bizCode: 'FACE', identityType: 'CERT_INFO', certType: 'IDENTITY_CARD', certNo: VALID_CERT, certName: '张三', returnUrl: 'https://www.aliyun.com' };

let held: RunningServer;
beforeAll(async () => {
  held = await serverMock({ completeAfterMs: null });
});
afterAll(async () => {
  await held.close();
});

async function ask(mode: SdkMode, o: Omit<CallOptions, 'service'>): Promise<Body> {
  return safAnswer(mode, await call(mode, held.url, { service: 'fin_face_verify', ...o }));
}

describe.each(SDK_MODES)('fin_face_verify via %s', (mode) => {
  it.each([V2017, V2019])('init → query 424 → complete → query passed T, materialInfo with a pictureUrl (Version %s)', async (version) => {
    const init = await ask(mode, { version, serviceParameters: INIT });
    expect(init.Code).toBe(200);
    expect(init.Message).toBe('OK');
    const { certifyId, certifyUrl } = init.Data as { certifyId: string; certifyUrl: string };
    expect(certifyId).toMatch(/^[0-9a-f]{32}$/);
    expect(certifyUrl).toBe(`${held.url}/__saf/pages/certify?certifyId=${certifyId}&accessKeyId=${AK}`);
    const pending = await ask(mode, { version, serviceParameters: { method: 'query', certifyId, sceneId: SCENE } });
    expect(pending.Code).toBe(424);
    expect(pending.Message).toBe(findEntry('fin.424')!.message);
    const done = await control(held.url, 'POST', `/sessions/${certifyId}/complete`, { outcome: 'passed' });
    expect(done.body).toMatchObject({ product: 'fin_face_verify', status: 'passed', queryMethod: 'query' });
    const passed = await ask(mode, { version, serviceParameters: { method: 'query', certifyId, sceneId: SCENE } });
    expect(passed.Code).toBe(200);
    const data = passed.Data as { passed: string; identityInfo: string; materialInfo: string };
    expect(data).toMatchObject({ passed: 'T', identityInfo: '' });
    const picture = await fetch((JSON.parse(data.materialInfo) as { facialPictureFront: { pictureUrl: string } }).facialPictureFront.pictureUrl);
    expect(picture.headers.get('content-type')).toBe('image/jpeg');
  });

  it('completed with 205: passed F; a second submission is refused (409)', async () => {
    const init = await ask(mode, { serviceParameters: INIT });
    const { certifyId } = init.Data as { certifyId: string };
    expect((await control(held.url, 'POST', `/sessions/${certifyId}/complete`, { outcome: '205' })).body).toMatchObject({ outcome: 'fin.SubCode.205' });
    const r = await ask(mode, { serviceParameters: { method: 'query', certifyId, sceneId: SCENE } });
    expect(r.Data).toMatchObject({ passed: 'F' });
    expect(JSON.parse((r.Data as { materialInfo: string }).materialInfo)).toMatchObject({ faceAttack: 'T' });
    expect((await control(held.url, 'POST', `/sessions/${certifyId}/complete`, { outcome: 'passed' })).status).toBe(409);
  });

  it('its own codes: 400 missing field, 401 bad value, 404 unknown scene, 405 under 14, 406 unknown certifyId', async () => {
    const { sceneId: _drop, ...noScene } = INIT;
    expect((await ask(mode, { serviceParameters: noScene })).Code).toBe(400);
    expect((await ask(mode, { serviceParameters: { ...INIT, bizCode: 'APP' } })).Code).toBe(401);
    expect((await ask(mode, { serviceParameters: { ...INIT, certName: 'Tom' } })).Code).toBe(401);
    expect((await ask(mode, { serviceParameters: { ...INIT, sceneId: '42' } })).Code).toBe(404);
    expect((await ask(mode, { serviceParameters: { ...INIT, certNo: '11010520200101001' + '9' } })).Code).toBe(401);
    const child = await ask(mode, { serviceParameters: { ...INIT, certNo: childCert() } });
    expect(child.Code).toBe(405);
    const unknown = await ask(mode, { serviceParameters: { method: 'query', certifyId: 'f'.repeat(32), sceneId: SCENE } });
    expect(unknown).toMatchObject({ Code: 406, Message: '无效的certifyId' });
    const noMethod = await ask(mode, { serviceParameters: { certifyId: 'x' } });
    expect(noMethod).toMatchObject({ Code: 400, Message: '参数不能为空' });
  });
});

/** An ID number with a valid check character, born 2020-01-01 (under 14). */
function childCert(): string {
  const first17 = '11010520200101001';
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * weights[i]!;
  return first17 + '10X98765432'[sum % 11]!;
}
