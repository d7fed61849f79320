import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isValidIdNumber, withCheckCharacter } from '../../src/saf/id-number.js';
import { compileContract } from '../../src/contracts.js';
import { loadFaker } from '../../src/saf/data-gen.js';
import { memoryMock, VALID_CERT } from '../helpers/mock.js';
import { execute } from '../helpers/saf.js';

const photo = (n: number): string => readFileSync(new URL(`../../fixtures/images/face-${n}.jpg`, import.meta.url)).toString('base64');
const INIT = { method: 'init', name: '张三', certNumber: VALID_CERT, metainfo: '{"zimVer":"3.0.0"}' };
const responseSchema = compileContract('response.schema.json');

describe('GB 11643 ID numbers', () => {
  it('accepts the standard\'s examples and rejects bad check digits, dates and shapes', () => {
    expect(isValidIdNumber('11010519491231002X')).toBe(true);
    expect(isValidIdNumber('11010519491231002x')).toBe(true);
    expect(isValidIdNumber('440524188001010014')).toBe(true);
    expect(isValidIdNumber('33010320180101010X')).toBe(false);
    expect(isValidIdNumber('330103199001011234')).toBe(false);
    expect(isValidIdNumber(withCheckCharacter('11010519491331002'))).toBe(false);
    expect(isValidIdNumber(withCheckCharacter('11010530000101002'))).toBe(false);
    expect(isValidIdNumber('1101051949123100')).toBe(false);
    expect(isValidIdNumber('')).toBe(false);
  });
});

describe('face_verify init → query', () => {
  it('init creates a verification that query finds; returnImage gives URL-safe base64 of a JPEG', async () => {
    const { app } = memoryMock();
    const init = await execute(app, 'face_verify', INIT);
    expect(responseSchema(init.body)).toBe(true);
    expect(compileContract('face_verify.init.data.schema.json')(init.body.Data)).toBe(true);
    const { queryId, bizId } = init.body.Data as { queryId: string; bizId: string };
    const plain = await execute(app, 'face_verify', { method: 'query', bizId, queryId });
    expect(plain.body).toEqual({ Message: 'OK', Code: 200, RequestId: plain.body.RequestId });
    for (const returnImage of ['1', 1]) {
      const q = await execute(app, 'face_verify', { method: 'query', bizId, queryId, returnImage });
      const image = (q.body.Data as { image: string }).image;
      expect(image.startsWith('_9j_4AAQ')).toBe(true);
      expect(image).not.toMatch(/[+/]/);
      const bytes = Buffer.from(image.replace(/_/g, '/').replace(/-/g, '+'), 'base64');
      expect([...bytes.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
      expect([...bytes.subarray(-2)]).toEqual([0xff, 0xd9]);
    }
  });
  it('pending until the configured delay, then passed', async () => {
    let now = Date.now();
    const { app } = memoryMock({ completeAfterMs: 5000 }, () => now);
    const ts = (): string => new Date(now).toISOString();
    const init = await execute(app, 'face_verify', INIT, { timestamp: ts() });
    const { queryId, bizId } = init.body.Data as { queryId: string; bizId: string };
    const pending = await execute(app, 'face_verify', { method: 'query', bizId, queryId }, { timestamp: ts() });
    expect(pending.body.Code).toBe(300);
    expect(pending.body.Message).toBe('刷脸认证未完成，请稍后再试。');
    now += 5000;
    expect((await execute(app, 'face_verify', { method: 'query', bizId, queryId }, { timestamp: ts() })).body.Code).toBe(200);
  });
  it('held pending (completeAfterMs null) until completed by hand, with any query outcome', async () => {
    const { app, rt } = memoryMock({ completeAfterMs: null });
    const init = await execute(app, 'face_verify', INIT);
    const { queryId, bizId } = init.body.Data as { queryId: string; bizId: string };
    expect((await execute(app, 'face_verify', { method: 'query', bizId, queryId })).body.Code).toBe(300);
    await rt.verifications.complete('testAccessKeyId', queryId, { status: 'failed', outcomeId: 'Z1146' });
    const failed = await execute(app, 'face_verify', { method: 'query', bizId, queryId });
    expect(failed.body.Code).toBe(500);
    expect(failed.body.Message).toBe('query接口调用失败，NOT_SAME_PERSON：抱歉，没有认出您(Z1146)（Z1146）');
  });
  it('unknown id, mismatched bizId and the other flow\'s id answer Z8301', async () => {
    const { app } = memoryMock();
    const init = await execute(app, 'face_verify', INIT);
    const { queryId, bizId } = init.body.Data as { queryId: string; bizId: string };
    const z8301 = 'query接口调用失败，INVALID_PARAMETER：抱歉，系统出错了，请您稍后再试(Z8301)（Z8301）';
    expect((await execute(app, 'face_verify', { method: 'query', bizId, queryId: 'f'.repeat(32) })).body.Message).toBe(z8301);
    expect((await execute(app, 'face_verify', { method: 'query', bizId: 'ZSTP1', queryId })).body.Message).toBe(z8301);
    expect((await execute(app, 'face_verify', { method: 'queryH5', bizId, zimId: queryId })).body.Message).toBe(z8301);
  });
  it('verifications are scoped by AccessKeyId', async () => {
    const { app } = memoryMock({ accessKeys: [{ id: 'ak1', secret: 's1' }, { id: 'ak2', secret: 's2' }] });
    const init = await execute(app, 'face_verify', INIT, { accessKeyId: 'ak1', secret: 's1' });
    const { queryId, bizId } = init.body.Data as { queryId: string; bizId: string };
    expect((await execute(app, 'face_verify', { method: 'query', bizId, queryId }, { accessKeyId: 'ak1', secret: 's1' })).body.Code).toBe(200);
    expect((await execute(app, 'face_verify', { method: 'query', bizId, queryId }, { accessKeyId: 'ak2', secret: 's2' })).body.Code).toBe(500);
  });
  it('initH5 → queryH5 by zimId', async () => {
    const { app } = memoryMock();
    const init = await execute(app, 'face_verify', { ...INIT, method: 'initH5' });
    expect(compileContract('face_verify.initH5.data.schema.json')(init.body.Data)).toBe(true);
    const { zimId, bizId } = init.body.Data as { zimId: string; bizId: string };
    expect((await execute(app, 'face_verify', { method: 'queryH5', bizId, zimId })).body.Code).toBe(200);
  });
  it('--seed makes ids repeatable across runs', async () => {
    await loadFaker();
    const a = memoryMock({ seed: 42 });
    const b = memoryMock({ seed: 42 });
    const c = memoryMock({ seed: 43 });
    const ra = await execute(a.app, 'face_verify', INIT);
    const rb = await execute(b.app, 'face_verify', INIT);
    const rc = await execute(c.app, 'face_verify', INIT);
    expect(ra.body.Data).toEqual(rb.body.Data);
    expect(ra.body.RequestId).toBe(rb.body.RequestId);
    expect(ra.body.Data).not.toEqual(rc.body.Data);
  });
});

describe('match and intl_face_verify', () => {
  it('match answers a deterministic score for the same inputs', async () => {
    const { app } = memoryMock();
    const params = { method: 'match', name: '张三', certNumber: VALID_CERT, imgbase64: photo(3) };
    const a = await execute(app, 'face_verify', params);
    const b = await execute(app, 'face_verify', params);
    expect(a.body.Code).toBe(200);
    expect(compileContract('face_verify.match.data.schema.json')(a.body.Data)).toBe(true);
    expect(a.body.Data).toEqual(b.body.Data);
  });
  it('intl: Data is a JSON string; identical photos score 100.0; the same pair always scores the same', async () => {
    const { app } = memoryMock();
    const same = await execute(app, 'intl_face_verify', { refFaceContent: photo(1), authFaceContent: photo(1), resourceCode: '00840000' });
    expect(same.body.Code).toBe(200);
    expect(typeof same.body.Data).toBe('string');
    const data = JSON.parse(same.body.Data as string) as Record<string, unknown>;
    expect(compileContract('intl_face_verify.verify.data.schema.json')(data)).toBe(true);
    expect(data).toEqual({ passed: 'true', retCode: 'OK_SUCCESS', retCodeSub: 'Z1140', retMessage: '刷脸通过(Z1140)', extInfo: { result: 'true', score: '100.0', faceAttack: 'false' } });
    const ab = await execute(app, 'intl_face_verify', { refFaceContent: photo(1), authFaceContent: photo(2), resourceCode: '00840000' });
    const ba = await execute(app, 'intl_face_verify', { refFaceContent: photo(2), authFaceContent: photo(1), resourceCode: '00840000' });
    const score = (r: typeof ab): string => (JSON.parse(r.body.Data as string) as { extInfo: { score: string } }).extInfo.score;
    expect(score(ab)).toMatch(/^\d{2}\.\d{10}$/);
    expect(score(ab)).toBe(score(ba));
  });
  it('intl: invalid resourceCode answers the documented 500 / Z1141', async () => {
    const { app } = memoryMock();
    const r = await execute(app, 'intl_face_verify', { refFaceContent: photo(1), authFaceContent: photo(2), resourceCode: 'VN' });
    expect(r.body.Code).toBe(500);
    expect(r.body.Message).toBe('system error');
    expect(JSON.parse(r.body.Data as string)).toEqual({ passed: 'false', retCode: 'SYSTEM_ERROR', retCodeSub: 'Z1141', retMessage: 'resourceCode值不合法' });
  });
  it('dataShape sdk: a string Data for 2017-03-31, an object for 2019-05-21', async () => {
    const { app } = memoryMock({ dataShape: 'sdk' });
    const init = await execute(app, 'face_verify', INIT);
    expect(typeof init.body.Data).toBe('string');
    const intl = await execute(app, 'intl_face_verify', { refFaceContent: photo(1), authFaceContent: photo(2), resourceCode: '00840000' });
    expect(typeof intl.body.Data).toBe('object');
  });
});

describe('validation answers the documented errors, never a crash', () => {
  const cases: [string, string, unknown, number, string | RegExp][] = [
    ['missing name', 'face_verify', { method: 'init', certNumber: VALID_CERT, metainfo: '{}' }, 400, 'name不能为空'],
    ['empty name', 'face_verify', { ...INIT, name: '' }, 400, 'name不能为空'],
    ['missing certNumber', 'face_verify', { method: 'init', name: '张三', metainfo: '{}' }, 400, 'certNumber不能为空'],
    ['missing metainfo', 'face_verify', { method: 'initH5', name: '张三', certNumber: VALID_CERT }, 400, 'metainfo不能为空'],
    ['number name', 'face_verify', { ...INIT, name: 12 }, 400, '参数name不合法'],
    ['object name', 'face_verify', { ...INIT, name: { first: '三' } }, 400, '参数name不合法'],
    ['array certNumber', 'face_verify', { ...INIT, certNumber: [VALID_CERT] }, 400, '参数certNumber不合法'],
    ['null metainfo', 'face_verify', { ...INIT, metainfo: null }, 400, '参数metainfo不合法'],
    ['huge name', 'face_verify', { ...INIT, name: '张'.repeat(100_000) }, 400, '参数name不合法'],
    ['bad check digit', 'face_verify', { ...INIT, certNumber: '330103199001011234' }, 520, '请求参数中的用户身份信息无效，请填写正确的身份信息'],
    ['__proto__ key', 'face_verify', JSON.parse('{"method":"init","__proto__":{"name":"x"},"certNumber":"11010519491231002X","metainfo":"{}"}') as unknown, 400, 'name不能为空'],
    ['missing method', 'face_verify', { name: '张三' }, 400, 'method不能为空'],
    ['unknown method', 'face_verify', { method: 'delete' }, 400, '参数method不合法'],
    ['method not a string', 'face_verify', { method: ['init'] }, 400, '参数method不合法'],
    ['invalid JSON', 'face_verify', '{"method":', 400, '参数ServiceParameters不合法'],
    ['JSON array', 'face_verify', '[1,2]', 400, '参数ServiceParameters不合法'],
    ['JSON string', 'face_verify', '"init"', 400, '参数ServiceParameters不合法'],
    ['unknown Service', 'face_verify_x', INIT, 404, '参数Service不合法'],
    ['empty Service', '', INIT, 404, '参数Service不合法'],
    ['query without queryId', 'face_verify', { method: 'query', bizId: 'x' }, 400, 'queryId不能为空'],
    ['query bad returnImage', 'face_verify', { method: 'query', bizId: 'x', queryId: 'y', returnImage: { a: 1 } }, 400, '参数returnImage不合法'],
    ['match not base64', 'face_verify', { method: 'match', name: '张三', certNumber: VALID_CERT, imgbase64: '***' }, 400, /imgbase64 is not valid base64/],
    ['match not an image', 'face_verify', { method: 'match', name: '张三', certNumber: VALID_CERT, imgbase64: Buffer.from('hello world!').toString('base64') }, 400, /imgbase64/],
    ['intl null fields', 'intl_face_verify', { refFaceContent: null, authFaceContent: 'x', resourceCode: '00840000' }, 400, 'refFaceContent or authFaceContent or resourceCode is null'],
    ['intl missing fields', 'intl_face_verify', {}, 400, 'refFaceContent or authFaceContent or resourceCode is null'],
    ['intl data: prefix', 'intl_face_verify', { refFaceContent: 'data:image/jpeg;base64,' + photo(1), authFaceContent: photo(2), resourceCode: '00840000' }, 400, 'refFaceContent must not start with a data: prefix'],
    ['intl line breaks', 'intl_face_verify', { refFaceContent: photo(1), authFaceContent: photo(2).replace(/(.{76})/g, '$1\r\n'), resourceCode: '00840000' }, 400, 'authFaceContent must not contain \\r or \\n'],
    ['intl not JPEG (PNG header)', 'intl_face_verify', { refFaceContent: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]).toString('base64'), authFaceContent: photo(2), resourceCode: '00840000' }, 400, 'refFaceContent is not a base64 jpg image'],
    ['intl invalid base64 (the docs\' "..." sample)', 'intl_face_verify', { refFaceContent: '/9j/4AAQSkZJRgABAQAAFAAUAAD...', authFaceContent: photo(2), resourceCode: '00840000' }, 400, 'refFaceContent is not valid base64'],
    ['intl number photo', 'intl_face_verify', { refFaceContent: 5, authFaceContent: photo(2), resourceCode: '00840000' }, 400, 'refFaceContent must be a string'],
  ];
  for (const [name, service, params, code, message] of cases) {
    it(name, async () => {
      const { app } = memoryMock();
      const r = await execute(app, service, params);
      expect(r.status).toBe(200);
      expect(responseSchema(r.body)).toBe(true);
      expect(r.body.Code).toBe(code);
      if (typeof message === 'string') expect(r.body.Message).toBe(message);
      else expect(r.body.Message).toMatch(message);
    });
  }
  it('the same bad inputs in XML are well-formed', async () => {
    const { app } = memoryMock();
    for (const [, service, params] of cases) {
      const r = await execute(app, service, params, { format: 'XML' });
      expect(r.text).toMatch(/^<\?xml version='1.0' encoding='UTF-8'\?><ExecuteRequestResponse>.*<Code>\d+<\/Code><RequestId>[0-9A-F-]{36}<\/RequestId><\/ExecuteRequestResponse>$/s);
    }
  });
});

describe('unified codes', () => {
  it('a customer without detailed codes sees the unified code and message; per-key override', async () => {
    const { app, rt } = memoryMock({ codes: 'unified', accessKeys: [{ id: 'testAccessKeyId', secret: 'testAccessKeySecret' }, { id: 'detail', secret: 's', codes: 'detailed' }] });
    const bad = await execute(app, 'face_verify', { ...INIT, certNumber: '330103199001011234' });
    expect(bad.body).toMatchObject({ Code: 400, Message: '参数ServiceParameters不合法' });
    const detailed = await execute(app, 'face_verify', { ...INIT, certNumber: '330103199001011234' }, { accessKeyId: 'detail', secret: 's' });
    expect(detailed.body).toMatchObject({ Code: 520 });
    expect(rt.codesFor('detail')).toBe('detailed');
  });
});
