/**
 * The Cloudauth product's handlers, called directly (no HTTP, no signature): validation per ProductCode,
 * the documented codes, deterministic data, the verification lifecycle.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadFaker } from '../../src/saf/data-gen.js';
import { CLOUDAUTH_CATALOG, cloudauthEntry, CODES_BY_ACTION } from '../../src/cloudauth/catalog.js';
import { ageAt, callbackUrlProblem, isLocalHost, sceneProblem } from '../../src/cloudauth/checks.js';
import { answerCloudauthEntry, runCloudauth } from '../../src/cloudauth/product.js';
import type { CloudauthAction } from '../../src/cloudauth/catalog.js';
import type { CloudauthResult } from '../../src/cloudauth/types.js';
import { compileContract } from '../../src/contracts.js';
import { resolveConfig } from '../../src/config.js';
import { createRuntime, type Runtime } from '../../src/runtime.js';
import { withCheckCharacter } from '../../src/saf/id-number.js';
import { VALID_CERT } from '../helpers/mock.js';

const IMAGES = new URL('../../fixtures/images/', import.meta.url);
const FACE_1 = readFileSync(new URL('face-1.jpg', IMAGES)).toString('base64');
const FACE_2 = readFileSync(new URL('face-2.jpg', IMAGES)).toString('base64');
const KEY = 'ak-cloudauth';
const ORIGIN = 'http://127.0.0.1:9999';
const SCENE = '1000000006';
const META = '{"zimVer":"3.0.0","deviceType":"ios"}';
const INIT = { SceneId: SCENE, OuterOrderNo: 'e0c34a77f5ac40a5aa5e6ed20c353888', ProductCode: 'ID_PRO', CertType: 'IDENTITY_CARD', CertName: '张三', CertNo: VALID_CERT, MetaInfo: META };
/** Born 2020-01-01: under 14 on the test clock. */
const CHILD = withCheckCharacter('11010520200101001');

function mock(now = () => Date.UTC(2026, 11, 2)): Runtime {
  return createRuntime(resolveConfig({ port: 0, completeAfterMs: null, seed: 7 }), { now, log: () => {} });
}

function ctx(rt: Runtime, action: CloudauthAction, params: Record<string, string>) {
  return { call: { action, params, accessKeyId: KEY, origin: ORIGIN }, deps: { verifications: rt.verifications, lifecycle: rt.lifecycle, data: rt.data, photos: rt.photos, now: rt.now } };
}

function run(rt: Runtime, action: CloudauthAction, params: Record<string, string>): Promise<CloudauthResult> {
  return runCloudauth(ctx(rt, action, params));
}

function resultValid(action: CloudauthAction, r: CloudauthResult): void {
  const validate = compileContract(`cloudauth.${action}.result.schema.json`);
  expect(validate(r.resultObject), JSON.stringify(validate.errors)).toBe(true);
}

async function init(rt: Runtime, extra: Record<string, string> = {}): Promise<string> {
  const r = await run(rt, 'InitFaceVerify', { ...INIT, ...extra });
  expect(r.code).toBe('200');
  return r.resultObject!.CertifyId as string;
}

beforeAll(() => loadFaker());

describe('Cloudauth catalog', () => {
  it('has every documented body code and SubCode, ids unique', () => {
    const ids = CLOUDAUTH_CATALOG.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const code of ['400', '401', '402', '403', '404', '405', '406', '410', '411', '412', '414', '415', '416', '417', '418', '419', '420', '421', '422', '423', '424', '500']) {
      expect(ids).toContain(`cloudauth.${code}`);
    }
    for (const sub of ['200', '201', '202', '203', '204', '205', '206']) expect(ids).toContain(`cloudauth.SubCode.${sub}`);
  });
  it('Describe has its own codes; Contrast is Init minus 414–416; Compare its documented list', () => {
    expect(CODES_BY_ACTION.DescribeFaceVerify).toEqual(['400', '401', '403', '404', '406', '410', '411', '424', '500']);
    expect(CODES_BY_ACTION.ContrastFaceVerify).not.toContain('414');
    expect(CODES_BY_ACTION.InitFaceVerify).toContain('414');
    expect(CODES_BY_ACTION.CompareFaceVerify).toEqual(['400', '401', '402', '404', '410', '411', '412', '419', '420', '421', '422', '423', '500']);
    expect(cloudauthEntry('cloudauth.424').message).toBe('身份认证记录不存在');
    expect(cloudauthEntry('cloudauth.405').message).toBe('您的年龄未满14周岁，不允许使用此产品');
  });
});

describe('InitFaceVerify', () => {
  it('ID_PRO: a 32-character CertifyId and a CertifyUrl on the mock; a pending verification of product cloudauth', async () => {
    const rt = mock();
    const r = await run(rt, 'InitFaceVerify', INIT);
    expect(r).toMatchObject({ code: '200', message: 'success', decidedBy: 'default' });
    resultValid('InitFaceVerify', r);
    const id = r.resultObject!.CertifyId as string;
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(r.resultObject!.CertifyUrl).toBe(`${ORIGIN}/__saf/pages/certify?certifyId=${id}&accessKeyId=${KEY}`);
    const v = await rt.verifications.find(KEY, id);
    expect(v).toMatchObject({ product: 'cloudauth', status: 'pending', sceneId: SCENE, productCode: 'ID_PRO', bizId: INIT.OuterOrderNo });
  });
  it('the same seed gives the same CertifyId', async () => {
    expect(await init(mock())).toBe(await init(mock()));
  });
  const cases: Array<[string, Record<string, string | undefined>, string]> = [
    ['missing SceneId', { SceneId: undefined }, '400'],
    ['empty CertName (ID_PRO requires it)', { CertName: '' }, '400'],
    ['missing MetaInfo', { MetaInfo: undefined }, '400'],
    ['unknown ProductCode', { ProductCode: 'XX' }, '401'],
    ['SceneId not a number', { SceneId: 'abc' }, '401'],
    ['unknown SceneId', { SceneId: '1' }, '404'],
    ['CertName with Latin letters', { CertName: 'Tom' }, '401'],
    ['CertNo with a wrong check character', { CertNo: VALID_CERT.slice(0, 17) + '1' }, '401'],
    ['CertNo of a child under 14', { CertNo: CHILD }, '405'],
    ['MetaInfo not JSON', { MetaInfo: 'x' }, '401'],
    ['unknown Model', { Model: 'SMILE' }, '401'],
    ['CallbackUrl http on a public host', { CallbackUrl: 'http://example.com/cb' }, '401'],
    ['OuterOrderNo with symbols', { OuterOrderNo: 'a b' }, '401'],
  ];
  for (const [name, change, code] of cases) {
    it(`${name}: ${code}`, async () => {
      const params: Record<string, string> = { ...INIT };
      for (const [k, v] of Object.entries(change)) {
        if (v === undefined) delete params[k];
        else params[k] = v;
      }
      const r = await run(mock(), 'InitFaceVerify', params);
      expect(r.code).toBe(code);
      expect(r.message).toBe(cloudauthEntry(`cloudauth.${code}`).message);
      expect(r.resultObject).toBeUndefined();
      expect(r.reason).toBeTruthy();
    });
  }
  it('SM2: name and ID number are cipher text, not checked', async () => {
    const r = await run(mock(), 'InitFaceVerify', { ...INIT, EncryptType: 'SM2', CertName: 'BASE64CIPHER==', CertNo: 'BAAAAA' });
    expect(r.code).toBe('200');
  });
  it('PV_FV: exactly one picture source, a usable JPEG under 1 MB', async () => {
    const rt = mock();
    const pv = { ...INIT, ProductCode: 'PV_FV', UserId: 'u1' };
    expect((await run(rt, 'InitFaceVerify', pv)).code).toBe('400');
    expect((await run(rt, 'InitFaceVerify', { ...pv, FaceContrastPicture: FACE_1 })).code).toBe('200');
    expect((await run(rt, 'InitFaceVerify', { ...pv, FaceContrastPicture: FACE_1, FaceContrastPictureUrl: 'https://x/y.jpg' })).code).toBe('420');
    expect((await run(rt, 'InitFaceVerify', { ...pv, FaceContrastPicture: Buffer.from('not a jpeg').toString('base64') })).code).toBe('419');
    const big = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(1024 * 1024)]).toString('base64');
    expect((await run(rt, 'InitFaceVerify', { ...pv, FaceContrastPicture: big })).code).toBe('421');
    expect((await run(rt, 'InitFaceVerify', { ...pv, OssBucketName: 'b' })).code).toBe('400');
    expect((await run(rt, 'InitFaceVerify', { ...pv, OssBucketName: 'b', OssObjectName: 'o.jpg' })).code).toBe('200');
    expect((await run(rt, 'InitFaceVerify', { ...pv, UserId: undefined as unknown as string, FaceContrastPicture: FACE_1 })).code).toBe('400');
  });
  it('PV_FV with an earlier CertifyId: 423 unless that verification passed', async () => {
    const rt = mock();
    const earlier = await init(rt);
    const pv = { ...INIT, ProductCode: 'PV_FV', UserId: 'u1', CertifyId: earlier };
    expect((await run(rt, 'InitFaceVerify', pv)).code).toBe('423');
    await rt.lifecycle.submit((await rt.verifications.find(KEY, earlier))!, 'passed');
    expect((await run(rt, 'InitFaceVerify', pv)).code).toBe('200');
  });
  it('a SubCode scenario given at Init is carried: the verification is finished with it', async () => {
    const rt = mock();
    const r = await answerCloudauthEntry(cloudauthEntry('cloudauth.SubCode.204'), ctx(rt, 'InitFaceVerify', INIT));
    const v = await rt.verifications.find(KEY, r.resultObject!.CertifyId as string);
    expect(v).toMatchObject({ status: 'failed', outcomeId: 'cloudauth.SubCode.204' });
  });
});

describe('DescribeFaceVerify', () => {
  it('424 before completion (the chosen answer), 406 for an unknown CertifyId or another scene, 404 unknown scene', async () => {
    const rt = mock();
    const id = await init(rt);
    expect((await run(rt, 'DescribeFaceVerify', { SceneId: SCENE, CertifyId: id })).code).toBe('424');
    expect((await run(rt, 'DescribeFaceVerify', { SceneId: SCENE, CertifyId: 'f'.repeat(32) })).code).toBe('406');
    expect((await run(rt, 'DescribeFaceVerify', { SceneId: '1000000007', CertifyId: id })).code).toBe('406');
    expect((await run(rt, 'DescribeFaceVerify', { SceneId: '42', CertifyId: id })).code).toBe('404');
    expect((await run(rt, 'DescribeFaceVerify', { SceneId: SCENE })).code).toBe('400');
  });
  it('passed: Passed T, SubCode 200, MaterialInfo a JSON string with a pictureUrl served by the mock', async () => {
    const rt = mock();
    const id = await init(rt);
    await rt.lifecycle.submit((await rt.verifications.find(KEY, id))!, 'passed');
    const r = await run(rt, 'DescribeFaceVerify', { SceneId: SCENE, CertifyId: id });
    resultValid('DescribeFaceVerify', r);
    expect(r.resultObject).toMatchObject({ Passed: 'T', SubCode: '200', IdentityInfo: 'null', Success: 'True', UserInfo: '' });
    const info = JSON.parse(r.resultObject!.MaterialInfo as string) as { faceAttack: string; facialPictureFront: Record<string, unknown> };
    expect(info.faceAttack).toBe('F');
    expect(info.facialPictureFront.pictureUrl).toMatch(new RegExp(`^${ORIGIN}/__saf/pictures/${id}\\.jpg\\?accessKeyId=${KEY}&Expires=\\d+$`));
    expect(info.facialPictureFront.verifyScore as number).toBeGreaterThanOrEqual(80);
    expect(info.facialPictureFront.ossObjectName).toMatch(new RegExp(`^verify/1\\d{15}/${id}\\.jpeg$`));
    // The same verification describes the same way every time.
    expect((await run(rt, 'DescribeFaceVerify', { SceneId: SCENE, CertifyId: id })).resultObject).toEqual(r.resultObject);
  });
  for (const [sub, attack] of [['204', 'F'], ['205', 'T'], ['201', 'F']] as const) {
    it(`completed with ${sub}: Passed F, SubCode ${sub}, faceAttack ${attack}`, async () => {
      const rt = mock();
      const id = await init(rt);
      await rt.lifecycle.submit((await rt.verifications.find(KEY, id))!, sub);
      const r = await run(rt, 'DescribeFaceVerify', { SceneId: SCENE, CertifyId: id });
      expect(r.resultObject).toMatchObject({ Passed: 'F', SubCode: sub });
      const info = JSON.parse(r.resultObject!.MaterialInfo as string) as { faceAttack: string; facialPictureFront: { verifyScore: number } };
      expect(info.faceAttack).toBe(attack);
      if (sub === '204') expect(info.facialPictureFront.verifyScore).toBeLessThan(60);
    });
  }
  it('a SubCode scenario answers with that result, also for a CertifyId the mock never issued', async () => {
    const r = await answerCloudauthEntry(cloudauthEntry('cloudauth.SubCode.206'), ctx(mock(), 'DescribeFaceVerify', { SceneId: SCENE, CertifyId: 'x'.repeat(32) }));
    expect(r).toMatchObject({ code: '200', decidedBy: 'cloudauth.SubCode.206', resultObject: { Passed: 'F', SubCode: '206' } });
  });
  it('a body-code scenario answers its Code and Message only', async () => {
    const r = await answerCloudauthEntry(cloudauthEntry('cloudauth.403'), ctx(mock(), 'DescribeFaceVerify', { SceneId: SCENE, CertifyId: 'x' }));
    expect(r).toEqual({ code: '403', message: '认证未完成', decidedBy: 'cloudauth.403' });
  });
});

describe('server-side actions', () => {
  const contrast = { SceneId: SCENE, OuterOrderNo: 'o1', ProductCode: 'ID_MIN', CertType: 'IDENTITY_CARD', CertName: '张三', CertNo: VALID_CERT, FaceContrastPicture: FACE_1 };
  it('ContrastFaceVerify: passed, deterministic scores from the picture and the ID number, a reusable CertifyId', async () => {
    const rt = mock();
    const a = await run(rt, 'ContrastFaceVerify', contrast);
    const b = await run(mock(), 'ContrastFaceVerify', contrast);
    resultValid('ContrastFaceVerify', a);
    expect(a.resultObject).toMatchObject({ Passed: 'T', SubCode: '200', IdentityInfo: 'null' });
    expect(a.resultObject!.MaterialInfo).toBe(b.resultObject!.MaterialInfo);
    const other = await run(rt, 'ContrastFaceVerify', { ...contrast, FaceContrastPicture: FACE_2 });
    expect(other.resultObject!.MaterialInfo).not.toBe(a.resultObject!.MaterialInfo);
    const v = await rt.verifications.find(KEY, a.resultObject!.CertifyId as string);
    expect(v).toMatchObject({ product: 'cloudauth', status: 'passed', productCode: 'ID_MIN' });
  });
  it('ContrastFaceVerify: codes for a bad identity, missing or duplicate pictures', async () => {
    const rt = mock();
    expect((await run(rt, 'ContrastFaceVerify', { ...contrast, ProductCode: 'ID_PRO' })).code).toBe('401');
    expect((await run(rt, 'ContrastFaceVerify', { ...contrast, CertNo: CHILD })).code).toBe('405');
    expect((await run(rt, 'ContrastFaceVerify', { ...contrast, FaceContrastPicture: '' })).code).toBe('400');
    expect((await run(rt, 'ContrastFaceVerify', { ...contrast, FaceContrastFile: 'https://x/v.mp4' })).code).toBe('420');
  });
  it('CompareFaceVerify: VerifyScore a number, 100 for the same picture, symmetric', async () => {
    const rt = mock();
    const base = { SceneId: SCENE, OuterOrderNo: 'o2', ProductCode: 'PV_FC' };
    const same = await run(rt, 'CompareFaceVerify', { ...base, SourceFaceContrastPicture: FACE_1, TargetFaceContrastPicture: FACE_1 });
    resultValid('CompareFaceVerify', same);
    expect(same.resultObject).toMatchObject({ Passed: 'T', VerifyScore: 100 });
    const ab = await run(rt, 'CompareFaceVerify', { ...base, SourceFaceContrastPicture: FACE_1, TargetFaceContrastPicture: FACE_2 });
    const ba = await run(rt, 'CompareFaceVerify', { ...base, SourceFaceContrastPicture: FACE_2, TargetFaceContrastPicture: FACE_1 });
    expect(typeof ab.resultObject!.VerifyScore).toBe('number');
    expect(ab.resultObject!.VerifyScore).toBe(ba.resultObject!.VerifyScore);
    expect((await run(rt, 'CompareFaceVerify', { ...base, SourceFaceContrastPicture: FACE_1 })).code).toBe('400');
    const mismatch = await answerCloudauthEntry(cloudauthEntry('cloudauth.SubCode.204'), ctx(rt, 'CompareFaceVerify', { ...base, SourceFaceContrastPicture: FACE_1, TargetFaceContrastPicture: FACE_2 }));
    expect(mismatch.resultObject!.Passed).toBe('F');
    expect(mismatch.resultObject!.VerifyScore as number).toBeLessThan(60);
  });
  it('LivenessFaceVerify: Passed T with a quality score; 205 means a face attack', async () => {
    const rt = mock();
    const p = { SceneId: SCENE, OuterOrderNo: 'o3', ProductCode: 'LR_FR_MIN', FaceContrastPicture: FACE_2 };
    const r = await run(rt, 'LivenessFaceVerify', p);
    resultValid('LivenessFaceVerify', r);
    expect(r.resultObject).toMatchObject({ Passed: 'T', SubCode: '200' });
    const attack = await answerCloudauthEntry(cloudauthEntry('cloudauth.SubCode.205'), ctx(rt, 'LivenessFaceVerify', p));
    expect(attack.resultObject).toMatchObject({ Passed: 'F', SubCode: '205' });
    expect(JSON.parse(attack.resultObject!.MaterialInfo as string)).toMatchObject({ faceAttack: 'T' });
  });
});

describe('checks', () => {
  it('scenes: ten digits starting with 1 are configured; other numbers 404; the rest 401', () => {
    expect(sceneProblem('1000000006')).toBeUndefined();
    expect(sceneProblem('2000000006')?.code).toBe('404');
    expect(sceneProblem('10000000061')?.code).toBe('404');
    expect(sceneProblem('12a')?.code).toBe('401');
  });
  it('callback URLs: https anywhere, http only on loopback and private addresses', () => {
    expect(callbackUrlProblem('https://example.com/cb')).toBeUndefined();
    for (const ok of ['http://127.0.0.1:8080/cb', 'http://localhost/cb', 'http://10.1.2.3/', 'http://192.168.1.1/', 'http://172.20.0.1/', 'http://[::1]:9/']) expect(callbackUrlProblem(ok), ok).toBeUndefined();
    for (const bad of ['http://example.com/cb', 'http://8.8.8.8/', 'http://172.32.0.1/', 'ftp://127.0.0.1/', 'not a url']) expect(callbackUrlProblem(bad), bad).toBeDefined();
    expect(isLocalHost('fd00::1')).toBe(true);
  });
  it('age in completed years', () => {
    expect(ageAt(withCheckCharacter('11010520120602001'), Date.UTC(2026, 5, 1))).toBe(13);
    expect(ageAt(withCheckCharacter('11010520120602001'), Date.UTC(2026, 5, 2))).toBe(14);
  });
});
