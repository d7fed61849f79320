import { beforeAll, describe, expect, it } from 'vitest';
import { loadPino } from '../../src/log/logger.js';
import { maskIdNumbers, scrub } from '../../src/log/scrub.js';
import { memoryMock, VALID_CERT } from '../helpers/mock.js';
import { AK, SECRET, signedV1, signedV3 } from '../helpers/sign.js';

const MASKED_CERT = '110105********002X';
const OTHER_CERT = '110101199003070134';

beforeAll(() => loadPino());

/** The Signature a signed request carries (form body or query). */
function signatureOf(req: { path: string; init: RequestInit }): string {
  const text = typeof req.init.body === 'string' ? req.init.body : req.path.slice(2);
  return new URLSearchParams(text).get('Signature')!;
}

/** Requests that carry every kind of sensitive value: signatures, photos, ID numbers, names. */
function sensitiveRequests(photo: string) {
  const match = { method: 'match', name: '张三', certNumber: VALID_CERT, imgbase64: photo };
  return [
    signedV1({ Service: 'face_verify', ServiceParameters: JSON.stringify(match) }),
    signedV1({ Service: 'face_verify', ServiceParameters: JSON.stringify(match) }, { method: 'GET', where: 'query' }),
    // A wrong signature: the journal keeps the server's string-to-sign, which quotes every parameter.
    signedV1({ Service: 'face_verify', ServiceParameters: JSON.stringify({ ...match, certNumber: OTHER_CERT }) }, { where: 'query', method: 'GET', secret: 'wrong' }),
    // ServiceParameters that are not JSON: the product cannot parse them, the journal still masks the number.
    signedV1({ Service: 'face_verify', ServiceParameters: `{"method":"init","certNumber":"${OTHER_CERT}"` }),
  ];
}

describe.each(['text', 'json'] as const)('logs (%s) and journal never show secrets, signatures, photos or ID numbers', (logFormat) => {
  it('with requests that carry all of them, and an error that quotes its input', async () => {
    const { app, rt, logs } = memoryMock({ logRequests: true, logFormat });
    const photo = rt.photos[0]!.toString('base64');
    const requests = sensitiveRequests(photo);
    const statuses: number[] = [];
    for (const req of requests) statuses.push((await app.request(req.path, req.init)).status);
    expect(statuses).toEqual([200, 200, 400, 200]);
    // Error texts may quote input (JSON.parse quotes short texts): one carrying an ID number and a photo.
    const parseError = new SyntaxError(`Unexpected token in {"certNumber":"${VALID_CERT}","imgbase64":"${photo.slice(0, 400)}"`);
    rt.logger.error('unexpected exception', parseError, { requestId: 'R-1' });

    const journal = JSON.stringify(await rt.journal.list());
    const logText = logs.join('\n');
    expect(logs.length).toBe(requests.length + 1);
    for (const [where, text] of [['log', logText], ['journal', journal]] as const) {
      expect(text, where).not.toContain(SECRET);
      for (const req of requests) expect(text, where).not.toContain(signatureOf(req));
      expect(text, where).not.toContain(VALID_CERT);
      expect(text, where).not.toContain(OTHER_CERT);
      expect(text, where).not.toContain(photo.slice(0, 64));
      expect(text, where).not.toContain(encodeURIComponent(photo.slice(0, 64)));
    }
    // What is shown instead: the masked numbers, the photo's size, the key masked in logs.
    expect(journal).toContain(MASKED_CERT);
    expect(journal).toContain(`<photo: ${photo.length} base64 chars>`);
    expect((await rt.journal.list()).find((e) => e.stringToSign)!.stringToSign).toContain('110101********0134');
    expect(logText).not.toContain(AK);
    expect(logText).toContain('test****eyId');
    expect(logText).toContain('1101');
  });
});

describe('log formats', () => {
  it('json: one object a line with time, level, requestId, masked key, service, method, status, code, scenario, durationMs', async () => {
    const { app, logs } = memoryMock({ logRequests: true, logFormat: 'json' });
    const req = signedV1({ Service: 'face_verify', ServiceParameters: JSON.stringify({ method: 'init', name: '张三', certNumber: VALID_CERT, metainfo: '{}' }) });
    const res = await app.request(req.path, req.init);
    expect(res.status).toBe(200);
    expect(logs).toHaveLength(1);
    const line = JSON.parse(logs[0]!) as Record<string, unknown>;
    expect(line).toMatchObject({
      level: 'info',
      requestId: res.headers.get('x-acs-request-id'),
      accessKeyId: 'test****eyId',
      service: 'face_verify',
      method: 'init',
      status: 200,
      code: 200,
      scenario: 'default',
      msg: 'face_verify.init → 200 200',
    });
    expect(typeof line.durationMs).toBe('number');
    expect(Number.isNaN(Date.parse(line.time as string))).toBe(false);
  });

  it('json: gateway errors and unexpected exceptions are objects too, the error with its stack', async () => {
    const { app, rt, logs } = memoryMock({ logRequests: true, logFormat: 'json' });
    const req = signedV1({ Service: 'face_verify', ServiceParameters: '{}' }, { secret: 'wrong' });
    expect((await app.request(req.path, req.init)).status).toBe(400);
    rt.logger.error('unexpected exception', new TypeError('boom'), { requestId: 'R-2' });
    const [request, error] = logs.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(request).toMatchObject({ level: 'info', status: 400, code: 'SignatureDoesNotMatch', scenario: 'gateway.SignatureDoesNotMatch', method: null });
    expect(error).toMatchObject({ level: 'error', msg: 'unexpected exception', requestId: 'R-2', error: { type: 'TypeError', message: 'boom' } });
    expect((error!.error as { stack: string }).stack).toContain('TypeError: boom');
  });

  it('json: pino redacts sensitive fields wherever a caller puts them', () => {
    const { rt, logs } = memoryMock({ logFormat: 'json' });
    rt.logger.info('fields', { Signature: 'abc', certNumber: VALID_CERT, accessKeySecret: 'x' });
    expect(JSON.parse(logs[0]!)).toMatchObject({ Signature: '***', certNumber: '***', accessKeySecret: '***' });
  });

  it('text: the request line as before, the key masked, with the duration', async () => {
    const { app, logs } = memoryMock({ logRequests: true });
    const req = signedV1({ Service: 'face_verify', ServiceParameters: JSON.stringify({ method: 'init', name: '张三', certNumber: VALID_CERT, metainfo: '{}' }) });
    const res = await app.request(req.path, req.init);
    expect(logs[0]).toMatch(new RegExp(`^\\d{4}-\\d\\d-\\d\\dT\\S+Z ${res.headers.get('x-acs-request-id')} test\\*\\*\\*\\*eyId face_verify\\.init → 200 200 \\[default\\] [\\d.]+ ms$`));
  });

  it('without --log-requests there is no request line', async () => {
    const { app, logs } = memoryMock({ logFormat: 'json' });
    const req = signedV1({ Service: 'face_verify', ServiceParameters: '{}' });
    await app.request(req.path, req.init);
    expect(logs).toEqual([]);
  });
});

describe('scrub', () => {
  it('masks ID numbers, blobs, signatures and tokens in free text, leaving other text alone', () => {
    expect(maskIdNumbers(`cert ${VALID_CERT}, old 110105491231002`)).toBe(`cert ${MASKED_CERT}, old 110105*****1002`);
    expect(scrub('/?Signature=abc%3D&x=1 callbackToken=tok')).toBe('/?Signature=***&x=1 callbackToken=***');
    expect(scrub(`photo ${'A'.repeat(300)}== end`)).toBe('photo <302 base64 chars> end');
    expect(scrub('Authorization: ACS3-HMAC-SHA256 Credential=k,SignedHeaders=host,Signature=0123abcdef')).toBe('Authorization: ACS3-HMAC-SHA256 Credential=k,SignedHeaders=host,Signature=***');
    expect(scrub('RequestId 6C0D7A1E-1234-5678-9ABC-DEF012345678 in 12 ms')).toBe('RequestId 6C0D7A1E-1234-5678-9ABC-DEF012345678 in 12 ms');
  });
});

describe('journal masks Cloudauth CertNo as sessions do', () => {
  const INIT = { SceneId: '1000000006', OuterOrderNo: 'o1', ProductCode: 'ID_PRO', CertType: 'IDENTITY_CARD', CertName: '张三', CertNo: VALID_CERT, MetaInfo: '{}' };

  it('in verified entries and in failed signatures (RPC v1 string-to-sign, ACS3 canonical request)', async () => {
    const { app, rt } = memoryMock();
    const requests = [
      signedV1(INIT, { action: 'InitFaceVerify', version: '2019-03-07' }),
      signedV1({ ...INIT, CertNo: OTHER_CERT }, { action: 'InitFaceVerify', version: '2019-03-07', where: 'query', method: 'GET', secret: 'wrong' }),
      signedV3({ action: 'InitFaceVerify', version: '2019-03-07', query: { ...INIT, CertNo: OTHER_CERT }, secret: 'wrong' }),
    ];
    const statuses: number[] = [];
    for (const req of requests) statuses.push((await app.request(req.path, req.init)).status);
    expect(statuses).toEqual([200, 400, 400]);
    const entries = await rt.journal.list();
    const journal = JSON.stringify(entries);
    expect(journal).not.toContain(VALID_CERT);
    expect(journal).not.toContain(OTHER_CERT);
    expect(entries.filter((e) => e.service === 'cloudauth' && e.params.CertNo === MASKED_CERT)).toHaveLength(1);
    const failed = entries.filter((e) => e.stringToSign);
    expect(failed).toHaveLength(2);
    for (const e of failed) expect(e.params.CertNo).toBe('110101********0134');
    // Where the failed signature's text quotes the number: RPC v1's string-to-sign, ACS3's canonical request.
    expect(failed.find((e) => e.scheme === 'HMAC-SHA1')!.stringToSign).toContain('110101********0134');
    expect(failed.find((e) => e.scheme === 'ACS3-HMAC-SHA256')!.canonicalRequest).toContain('110101********0134');
  });
});
