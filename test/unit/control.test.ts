import { describe, expect, it } from 'vitest';
import { CLOUDAUTH_CATALOG } from '../../src/cloudauth/catalog.js';
import { CATALOG } from '../../src/saf/catalog.js';
import { memoryMock, VALID_CERT } from '../helpers/mock.js';
import { execute } from '../helpers/saf.js';

const INIT = { method: 'init', name: '张三', certNumber: VALID_CERT, metainfo: '{}' };
type Json = Record<string, unknown>;

async function control(app: ReturnType<typeof memoryMock>['app'], method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: Json }> {
  const res = await app.request(path, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Json };
}

describe('control API', () => {
  it('GET /__saf/health needs no signature and names the version', async () => {
    const { app } = memoryMock();
    const r = await control(app, 'GET', '/__saf/health');
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ status: 'ok', name: 'saf-mock' });
    expect(r.json.version).toMatch(/^\d+\.\d+\.\d+/);
  });
  it('GET /__saf/scenarios lists every catalog entry with the message it renders', async () => {
    const { app } = memoryMock();
    const r = await control(app, 'GET', '/__saf/scenarios');
    const list = r.json.scenarios as Json[];
    expect(list).toHaveLength(CATALOG.length + CLOUDAUTH_CATALOG.length);
    expect(list.find((s) => s.id === 'cloudauth.SubCode.204')).toMatchObject({ service: 'cloudauth', code: '200', subCode: '204', passed: 'F' });
    expect(list.find((s) => s.id === 'fin.424')).toMatchObject({ service: 'fin_face_verify', methods: ['query'], code: 424, message: '身份认证记录不存在' });
    const z1146 = list.find((s) => s.id === 'Z1146')!;
    expect(z1146).toMatchObject({ service: 'face_verify', methods: ['query', 'queryH5'], code: 500, resultCode: 'NOT_SAME_PERSON', subCode: 'Z1146', message: 'query接口调用失败，NOT_SAME_PERSON：抱歉，没有认出您(Z1146)（Z1146）' });
    expect((r.json.faults as Json[]).map((f) => f.id)).toEqual(['reset', 'timeout', 'empty', 'malformed', 'throttle', '5xx', '503']);
  });
  it('GET /__saf/requests: newest first, filtered, secrets and photos elided, string-to-sign on mismatch', async () => {
    const { app } = memoryMock({ accessKeys: [{ id: 'a1', secret: 's1' }, { id: 'a2', secret: 's2' }] });
    await execute(app, 'face_verify', INIT, { accessKeyId: 'a1', secret: 's1', headers: { 'user-agent': 'test-ua', 'x-acs-retry-attempts': '2' } });
    await execute(app, 'face_verify', { method: 'match', name: 'x', certNumber: VALID_CERT, imgbase64: 'A'.repeat(4000) }, { accessKeyId: 'a2', secret: 's2' });
    await execute(app, 'face_verify', INIT, { accessKeyId: 'a1', secret: 'wrong' });
    const all = (await control(app, 'GET', '/__saf/requests')).json.requests as Json[];
    expect(all).toHaveLength(3);
    expect(all[0]).toMatchObject({ accessKeyId: 'a1', outcome: 'gateway-error', code: 'SignatureDoesNotMatch', signatureVerified: false, status: 400 });
    expect(all[0]!.stringToSign).toMatch(/^POST&%2F&AccessKeyId%3Da1/);
    expect(all[2]).toMatchObject({ client: 'test-ua', retryAttempts: '2', scheme: 'HMAC-SHA1', signatureVerified: true, method: 'init', scenario: 'default', code: 200, outcome: 'success' });
    expect((all[2]!.params as Json).Signature).toBe('***');
    expect(((all[1]!.params as Json).ServiceParameters as Json).imgbase64).toBe('<photo: 4000 base64 chars>');
    expect(JSON.stringify(all)).not.toContain('s1');
    const a2 = (await control(app, 'GET', '/__saf/requests?accessKeyId=a2')).json.requests as Json[];
    expect(a2.map((e) => e.method)).toEqual(['match']);
    expect(((await control(app, 'GET', '/__saf/requests?method=init&outcome=success')).json.requests as Json[]).length).toBe(1);
    expect(((await control(app, 'GET', '/__saf/requests?limit=1')).json.requests as Json[]).length).toBe(1);
    expect((await control(app, 'GET', '/__saf/requests?outcome=weird')).status).toBe(400);
    expect((await control(app, 'GET', '/__saf/requests?limit=-1')).status).toBe(400);
  });
  it('the journal is bounded', async () => {
    const { app, rt } = memoryMock({ journalMaxEntries: 3 });
    for (let i = 0; i < 5; i++) await execute(app, 'face_verify', INIT);
    expect(rt.journal.size).toBe(3);
  });
  it('sessions: list, complete with passed / a query entry / pending; bad JSON and unknown ids', async () => {
    const { app } = memoryMock({ completeAfterMs: null });
    const init = await execute(app, 'face_verify', INIT);
    const { queryId, bizId } = init.body.Data as { queryId: string; bizId: string };
    const sessions = (await control(app, 'GET', '/__saf/sessions')).json.sessions as Json[];
    expect(sessions[0]).toMatchObject({ id: queryId, bizId, status: 'pending', queryMethod: 'query', certNumber: '110105********002X' });
    const query = () => execute(app, 'face_verify', { method: 'query', bizId, queryId });
    expect((await control(app, 'POST', `/__saf/sessions/${queryId}/complete`, { outcome: 'Z1146' })).json).toMatchObject({ status: 'failed', outcome: 'Z1146' });
    expect((await query()).body.Message).toContain('Z1146');
    expect((await control(app, 'POST', `/__saf/sessions/${queryId}/complete`, { outcome: 'pending' })).json).toMatchObject({ status: 'pending' });
    expect((await query()).body.Code).toBe(300);
    expect((await control(app, 'POST', `/__saf/sessions/${queryId}/complete`, { outcome: 'passed' })).json).toMatchObject({ status: 'passed' });
    expect((await query()).body.Code).toBe(200);
    expect((await control(app, 'POST', `/__saf/sessions/${queryId}/complete`, '{bad')).status).toBe(400);
    expect((await control(app, 'POST', `/__saf/sessions/${queryId}/complete`, { outcome: 'Z1108' })).status).toBe(400);
    expect((await control(app, 'POST', `/__saf/sessions/${queryId}/complete`)).status).toBe(400);
    const missing = await control(app, 'POST', '/__saf/sessions/nope/complete', { outcome: 'passed' });
    expect(missing.status).toBe(404);
    expect((missing.json.error as Json).code).toBe('SessionNotFound');
    expect((await control(app, 'GET', `/__saf/sessions/${queryId}`)).json).toMatchObject({ id: queryId });
  });
  it('fixtures: PUT per key or global, GET, DELETE, times counters per key', async () => {
    const { app } = memoryMock({ accessKeys: [{ id: 'a1', secret: 's1' }, { id: 'a2', secret: 's2' }] });
    const put = await control(app, 'PUT', '/__saf/fixtures?accessKeyId=a1', { rules: [{ id: 'r1', times: 1, match: { method: 'init' }, scenario: 'Z8102' }] });
    expect(put.json).toEqual({ scope: 'a1', rules: ['r1'] });
    expect((await execute(app, 'face_verify', INIT, { accessKeyId: 'a2', secret: 's2' })).body.Code).toBe(200);
    expect((await execute(app, 'face_verify', INIT, { accessKeyId: 'a1', secret: 's1' })).scenario).toBe('r1');
    expect((await execute(app, 'face_verify', INIT, { accessKeyId: 'a1', secret: 's1' })).scenario).toBe('default');
    await control(app, 'PUT', '/__saf/fixtures', [{ id: 'g', times: 1, scenario: '402' }]);
    expect((await execute(app, 'face_verify', INIT, { accessKeyId: 'a1', secret: 's1' })).body.Code).toBe(402);
    expect((await execute(app, 'face_verify', INIT, { accessKeyId: 'a2', secret: 's2' })).body.Code).toBe(402);
    const listed = (await control(app, 'GET', '/__saf/fixtures?accessKeyId=a1')).json.rules as Json[];
    expect(listed.map((r) => [r.id, r.remaining])).toEqual([['r1', 0], ['g', 0]]);
    expect((await control(app, 'DELETE', '/__saf/fixtures')).json).toEqual({ deleted: 'all' });
    expect(((await control(app, 'GET', '/__saf/fixtures')).json.rules as Json[]).length).toBe(0);
    const bad = await control(app, 'PUT', '/__saf/fixtures', { rules: [{ id: 'x', scenario: 'Z0000' }] });
    expect(bad.status).toBe(400);
    expect(bad.json.error).toMatchObject({ code: 'InvalidFixture', path: 'rules.0.scenario' });
    expect((await control(app, 'PUT', '/__saf/fixtures', 'nope')).status).toBe(400);
  });
  it('POST /__saf/reset clears one key or everything', async () => {
    const { app, rt } = memoryMock({ accessKeys: [{ id: 'a1', secret: 's1' }, { id: 'a2', secret: 's2' }] });
    await execute(app, 'face_verify', INIT, { accessKeyId: 'a1', secret: 's1' });
    await execute(app, 'face_verify', INIT, { accessKeyId: 'a2', secret: 's2' });
    await control(app, 'POST', '/__saf/reset', { accessKeyId: 'a1' });
    expect(rt.verifications.list().map((v) => v.accessKeyId)).toEqual(['a2']);
    expect(rt.journal.list().map((e) => e.accessKeyId)).toEqual(['a2']);
    await control(app, 'POST', '/__saf/reset');
    expect(rt.verifications.list()).toEqual([]);
    expect((await control(app, 'POST', '/__saf/reset', '{x')).status).toBe(400);
  });
  it('identities are valid test identities; contracts are served', async () => {
    const { app } = memoryMock({ seed: 1 });
    const r = await control(app, 'GET', '/__saf/identities?count=3');
    const ids = r.json.identities as { name: string; certNumber: string }[];
    expect(ids).toHaveLength(3);
    const { isValidIdNumber } = await import('../../src/saf/id-number.js');
    for (const id of ids) expect(isValidIdNumber(id.certNumber)).toBe(true);
    expect((await control(app, 'GET', '/__saf/identities?count=0')).status).toBe(400);
    expect((await control(app, 'GET', '/__saf/contracts/fixture.schema.json')).json.title).toContain('fixture');
    expect((await control(app, 'GET', '/__saf/contracts/..%2Fpackage.json')).status).toBe(404);
  });
  it('an admin token guards everything but health', async () => {
    const { app } = memoryMock({ adminToken: 'tok' });
    expect((await control(app, 'GET', '/__saf/health')).status).toBe(200);
    expect((await control(app, 'GET', '/__saf/scenarios')).status).toBe(401);
    expect((await control(app, 'GET', '/__saf/scenarios', undefined, { 'x-saf-mock-admin-token': 'tok' })).status).toBe(200);
    expect((await control(app, 'GET', '/__saf/scenarios', undefined, { authorization: 'Bearer tok' })).status).toBe(200);
  });
  it('unknown control paths answer 404 JSON', async () => {
    const { app } = memoryMock();
    expect((await control(app, 'GET', '/__saf/nope')).status).toBe(404);
  });
});
