/**
 * SAF product flows end to end through each official SDK mode: init → query (pending, then passed by
 * itself or by the control API), returnImage, initH5 → queryH5, match, intl_face_verify with real JPEGs,
 * and the product's own validation answers.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findEntry } from '../../src/saf/catalog.js';
import type { RunningServer } from '../../src/server.js';
import { serverMock, VALID_CERT } from '../helpers/mock.js';
import { call, control, header, safAnswer, SDK_MODES, sleep, V2019, type Body, type CallOptions, type SdkMode } from './clients.js';

const IMAGES = new URL('../../fixtures/images/', import.meta.url);
const photo = (name: string): Buffer => readFileSync(new URL(name, IMAGES));
const FACE_1 = photo('face-1.jpg').toString('base64');
const FACE_2 = photo('face-2.jpg').toString('base64');
const ALL_PHOTOS = readdirSync(IMAGES)
  .filter((f) => f.endsWith('.jpg'))
  .map((f) => photo(f));

// Long enough that init + query finish before it even on a loaded 2-core CI machine; each test then
// sleeps only until the deadline, not a full period.
const COMPLETE_AFTER_MS = 1500;
// `created`: a moment after the init's answer arrived, so after the server stamped the verification.
const sleepPast = (created: number) => sleep(Math.max(0, created + COMPLETE_AFTER_MS + 50 - Date.now()));
const INIT = { method: 'init', name: '张三', certNumber: VALID_CERT, metainfo: '{"zimVer":"3.0.0"}' };
const INIT_H5 = { ...INIT, method: 'initH5' };

let timed: RunningServer;
let held: RunningServer;

beforeAll(async () => {
  [timed, held] = await Promise.all([serverMock({ completeAfterMs: COMPLETE_AFTER_MS }), serverMock({ completeAfterMs: null })]);
});
afterAll(async () => {
  await Promise.all([timed.close(), held.close()]);
});

async function ask(mode: SdkMode, server: RunningServer, o: CallOptions): Promise<Body> {
  return safAnswer(mode, await call(mode, server.url, o));
}

function dataObject(body: Body): Record<string, unknown> {
  expect(typeof body.Data).toBe('object');
  return body.Data as Record<string, unknown>;
}

function intlData(body: Body): { passed: string; retCode: string; retCodeSub: string; retMessage: string; extInfo?: { score: string; result: string } } {
  expect(typeof body.Data).toBe('string');
  return JSON.parse(body.Data as string) as ReturnType<typeof intlData>;
}

const PENDING = findEntry('300')!;
const Z8301 = findEntry('Z8301')!;
const Z1146 = findEntry('Z1146')!;

describe.each(SDK_MODES)('flows via %s', (mode) => {
  // retry: on a machine loaded past the guard's margin the first attempt can be inconclusive; a real fault fails all three.
  it('init → query is pending (300) until completeAfterMs, then passes', { retry: 2 }, async () => {
    const started = Date.now();
    const init = await ask(mode, timed, { serviceParameters: INIT });
    const created = Date.now();
    expect(init.Code).toBe(200);
    const { queryId, bizId } = dataObject(init) as { queryId: string; bizId: string };
    const pending = await ask(mode, timed, { serviceParameters: { method: 'query', queryId, bizId } });
    expect(Date.now() - started, 'init and query took longer than completeAfterMs').toBeLessThan(COMPLETE_AFTER_MS);
    expect(pending.Code).toBe(300);
    expect(pending.Message).toBe('刷脸认证未完成，请稍后再试。');
    expect(pending.Message).toBe(PENDING.message);
    await sleepPast(created);
    const passed = await ask(mode, timed, { serviceParameters: { method: 'query', queryId, bizId } });
    expect(passed.Code).toBe(200);
    expect(passed.Message).toBe('OK');
  });

  it('held verification stays pending until POST /__saf/sessions/{id}/complete', async () => {
    const init = await ask(mode, held, { serviceParameters: INIT });
    const { queryId, bizId } = dataObject(init) as { queryId: string; bizId: string };
    await sleep(100);
    expect((await ask(mode, held, { serviceParameters: { method: 'query', queryId, bizId } })).Code).toBe(300);
    const done = await control(held.url, 'POST', `/sessions/${queryId}/complete`, { outcome: 'passed' });
    expect(done.status).toBe(200);
    expect((done.body as { status: string }).status).toBe('passed');
    const passed = await ask(mode, held, { serviceParameters: { method: 'query', queryId, bizId } });
    expect(passed.Code).toBe(200);
    // Completing with a failure outcome makes query answer that catalog entry.
    const failed = await control(held.url, 'POST', `/sessions/${queryId}/complete`, { outcome: 'Z1146' });
    expect(failed.status).toBe(200);
    const z = await ask(mode, held, { serviceParameters: { method: 'query', queryId, bizId } });
    expect(z.Code).toBe(Z1146.code);
    expect(z.Message).toBe(Z1146.message);
  });

  it('returnImage gives URL-safe base64 of a JPEG (starts _9j_)', async () => {
    const init = await ask(mode, held, { serviceParameters: INIT });
    const { queryId, bizId } = dataObject(init) as { queryId: string; bizId: string };
    await control(held.url, 'POST', `/sessions/${queryId}/complete`, { outcome: 'passed' });
    const body = await ask(mode, held, { serviceParameters: { method: 'query', queryId, bizId, returnImage: 1 } });
    expect(body.Code).toBe(200);
    const image = dataObject(body).image as string;
    expect(image.startsWith('_9j_')).toBe(true);
    expect(image).not.toMatch(/[+/]/);
    const bytes = Buffer.from(image.replace(/_/g, '/').replace(/-/g, '+'), 'base64');
    expect([...bytes.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
    expect([...bytes.subarray(-2)]).toEqual([0xff, 0xd9]);
    expect(ALL_PHOTOS.some((p) => p.equals(bytes))).toBe(true);
    // Without returnImage there is no image.
    const plain = await ask(mode, held, { serviceParameters: { method: 'query', queryId, bizId, returnImage: '0' } });
    expect(plain.Code).toBe(200);
    expect((plain.Data as Record<string, unknown> | undefined)?.image).toBeUndefined();
  });

  it('initH5 → queryH5 by zimId; the app-flow query does not know a zimId', { retry: 2 }, async () => {
    const started = Date.now();
    const init = await ask(mode, timed, { serviceParameters: INIT_H5 });
    const created = Date.now();
    expect(init.Code).toBe(200);
    const data = dataObject(init) as { zimId: string; bizId: string; queryId?: string };
    expect(data.zimId).toMatch(/^[0-9a-f]{32}$/);
    expect(data.queryId).toBeUndefined();
    const pending = await ask(mode, timed, { serviceParameters: { method: 'queryH5', zimId: data.zimId, bizId: data.bizId } });
    expect(Date.now() - started, 'initH5 and queryH5 took longer than completeAfterMs').toBeLessThan(COMPLETE_AFTER_MS);
    expect(pending.Code).toBe(300);
    await sleepPast(created);
    const passed = await ask(mode, timed, { serviceParameters: { method: 'queryH5', zimId: data.zimId, bizId: data.bizId, returnImage: '1' } });
    expect(passed.Code).toBe(200);
    expect((dataObject(passed).image as string).startsWith('_9j_')).toBe(true);
    const crossed = await ask(mode, timed, { serviceParameters: { method: 'query', queryId: data.zimId, bizId: data.bizId } });
    expect(crossed.Code).toBe(Z8301.code);
    expect(crossed.Message).toBe(Z8301.message);
  });

  it('match scores a photo against the identity, the same inputs always the same score', async () => {
    const sp = { method: 'match', name: '张三', certNumber: VALID_CERT, imgbase64: FACE_1 };
    const a = await ask(mode, timed, { serviceParameters: sp });
    expect(a.Code).toBe(200);
    const data = dataObject(a) as { passed: string; score: number };
    expect(data.passed).toBe('true');
    expect(data.score).toBeGreaterThanOrEqual(60);
    expect(data.score).toBeLessThanOrEqual(99.99);
    const b = await ask(mode, timed, { serviceParameters: sp });
    expect((dataObject(b) as { score: number }).score).toBe(data.score);
  });

  it('intl_face_verify (2019-05-21) compares two real JPEGs; Data is a JSON string', async () => {
    const verify = (ref: string, auth: string, resourceCode = '00840000'): Promise<Body> =>
      ask(mode, timed, { service: 'intl_face_verify', version: V2019, serviceParameters: { refFaceContent: ref, authFaceContent: auth, resourceCode } });
    const pair = await verify(FACE_1, FACE_2);
    expect(pair.Code).toBe(200);
    expect(pair.Message).toBe('OK');
    const d = intlData(pair);
    expect(d).toMatchObject({ passed: 'true', retCode: 'OK_SUCCESS', retCodeSub: 'Z1140', retMessage: '刷脸通过(Z1140)' });
    expect(d.extInfo!.score).toMatch(/^\d{2}\.\d{10}$/);
    expect(Number(d.extInfo!.score)).toBeGreaterThanOrEqual(60);
    expect(intlData(await verify(FACE_1, FACE_2)).extInfo!.score).toBe(d.extInfo!.score);
    const same = intlData(await verify(FACE_1, FACE_1));
    expect(same.extInfo!.score).toBe('100.0');

    const bad = await verify(FACE_1, FACE_2, 'VN');
    expect(bad.Code).toBe(500);
    expect(bad.Message).toBe('system error');
    expect(intlData(bad)).toMatchObject({ passed: 'false', retCode: 'SYSTEM_ERROR', retCodeSub: 'Z1141', retMessage: 'resourceCode值不合法' });
  });

  it('validation answers: missing name, unknown method, invalid JSON, unknown Service, bad check digit', async () => {
    const { certNumber, metainfo } = INIT;
    const missingName = await ask(mode, timed, { serviceParameters: { method: 'init', certNumber, metainfo } });
    expect([missingName.Code, missingName.Message]).toEqual([400, 'name不能为空']);
    const unknownMethod = await ask(mode, timed, { serviceParameters: { method: 'frobnicate' } });
    expect([unknownMethod.Code, unknownMethod.Message]).toEqual([400, '参数method不合法']);
    const badJson = await ask(mode, timed, { serviceParameters: '{"method":"init",' });
    expect([badJson.Code, badJson.Message]).toEqual([400, '参数ServiceParameters不合法']);
    const badService = await ask(mode, timed, { service: 'face_verify_pro', serviceParameters: INIT });
    expect([badService.Code, badService.Message]).toEqual([404, '参数Service不合法']);
    const badCert = await ask(mode, timed, { serviceParameters: { ...INIT, certNumber: '110105194912310021' } });
    expect([badCert.Code, badCert.Message]).toEqual([520, '请求参数中的用户身份信息无效，请填写正确的身份信息']);
  });

  it('unknown queryId or a bizId of another verification → Z8301', async () => {
    const unknown = await ask(mode, timed, { serviceParameters: { method: 'query', queryId: 'f'.repeat(32), bizId: 'ZSTP0' } });
    expect([unknown.Code, unknown.Message]).toEqual([500, 'query接口调用失败，INVALID_PARAMETER：抱歉，系统出错了，请您稍后再试(Z8301)（Z8301）']);
    const init = await ask(mode, timed, { serviceParameters: INIT });
    const { queryId } = dataObject(init) as { queryId: string };
    const mismatched = await ask(mode, timed, { serviceParameters: { method: 'query', queryId, bizId: 'ZSTP-someone-else' } });
    expect([mismatched.Code, mismatched.Message]).toEqual([Z8301.code, Z8301.message]);
  });
});

describe('what pop-core does with SAF codes', () => {
  it('throws `<Code>Error` for a 200-HTTP body whose Code is 300, with the body in err.data', async () => {
    const r = await call('pop-post', held.url, { serviceParameters: INIT });
    const { queryId, bizId } = (r.body as { Data: { queryId: string; bizId: string } }).Data;
    const q = await call('pop-post', held.url, { serviceParameters: { method: 'query', queryId, bizId } });
    expect(q.status).toBe(200);
    expect(q.body).toBeUndefined();
    expect(q.error!.name).toBe('300Error');
    expect(q.error!.code).toBe(300);
    expect((q.error!.data as Body).Code).toBe(300);
    expect(q.error!.message).toBe(`${PENDING.message}, URL: ${held.url}/`);
    expect(header(q, 'x-saf-mock-scenario')).toBe('300');
  });

  it('Tea returns the same 300 answer as data, HTTP 200', async () => {
    const r = await call('v2-body', held.url, { serviceParameters: INIT });
    const { queryId, bizId } = (r.body as { Data: { queryId: string; bizId: string } }).Data;
    const q = await call('v2-body', held.url, { serviceParameters: { method: 'query', queryId, bizId } });
    expect(q.error).toBeUndefined();
    expect(q.status).toBe(200);
    expect((q.body as Body).Code).toBe(300);
  });
});
