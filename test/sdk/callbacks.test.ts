/**
 * Callbacks for real: a receiver on 127.0.0.1 gets the GET the service sends when a verification completes
 * (callbackToken, certifyId, passed appended), again when it did not answer 200 ("two callbacks within
 * 3 s"), with every attempt journalled and the token masked; a receiver that never answers does not slow
 * the API. Cloudauth through its official client (ACS3 and v2), fin_face_verify through pop-core.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server.js';
import { callbackReceiver, type CallbackReceiver } from '../helpers/callback-receiver.js';
import { serverMock, VALID_CERT } from '../helpers/mock.js';
import { callCloudauth, SIGNINGS } from './cloudauth-client.js';
import { call, control, journal, safAnswer, type JournalRow } from './clients.js';

const SCENE = 1000000006;
const INIT = { sceneId: SCENE, outerOrderNo: 'o1', productCode: 'ID_PRO', certType: 'IDENTITY_CARD', certName: '张三', certNo: VALID_CERT, metaInfo: '{}', callbackToken: 'NMjvQanQgplBSaEI0sL86WnQplB' };

const open: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((o) => o.close()));
});

async function setup(statuses: ReadonlyArray<number | 'hang'>, completeAfterMs: number | null = null): Promise<{ mock: RunningServer; receiver: CallbackReceiver }> {
  const [mock, receiver] = await Promise.all([serverMock({ completeAfterMs }), callbackReceiver(statuses)]);
  open.push(mock, receiver);
  return { mock, receiver };
}

async function callbackRows(url: string, n: number): Promise<JournalRow[]> {
  for (let i = 0; i < 120; i++) {
    const rows = (await journal(url)).filter((r) => r.method === 'callback');
    if (rows.length >= n) return rows;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('callback attempts not journalled');
}

describe.each(SIGNINGS)('Cloudauth callbacks (%s)', (signing) => {
  it('completion → one GET with callbackToken, certifyId and passed (the SubCode); journalled with the token masked', async () => {
    const { mock, receiver } = await setup([200]);
    const init = await callCloudauth(mock.url, 'initFaceVerify', { ...INIT, callbackUrl: `${receiver.url}/cb?app=demo` }, { signing });
    const id = init.resultObject!.certifyId as string;
    expect(receiver.received).toHaveLength(0);
    await control(mock.url, 'POST', `/sessions/${id}/complete`, { outcome: '204' });
    const [got] = await receiver.waitFor(1);
    expect(got!.method).toBe('GET');
    expect(got!.url.pathname).toBe('/cb');
    expect(Object.fromEntries(got!.url.searchParams)).toEqual({ app: 'demo', callbackToken: INIT.callbackToken, certifyId: id, passed: '204' });
    const rows = await callbackRows(mock.url, 1);
    expect(rows[0]).toMatchObject({ status: 200, outcome: 'success', service: 'cloudauth', retryAttempts: '0' });
    expect(rows[0]!.params.url).toBe(`${receiver.url}/cb?app=demo&callbackToken=***&certifyId=${id}&passed=204`);
    expect(JSON.stringify(await journal(mock.url))).not.toContain(INIT.callbackToken);
    // Then the server asks for the result, as the docs advise.
    const r = await callCloudauth(mock.url, 'describeFaceVerify', { sceneId: SCENE, certifyId: id }, { signing });
    expect(r.resultObject).toMatchObject({ passed: 'F', subCode: '204' });
  });

  it('a receiver that answers 500 first is called again within 3 s, and both attempts are journalled', async () => {
    const { mock, receiver } = await setup([500, 200]);
    const init = await callCloudauth(mock.url, 'initFaceVerify', { ...INIT, callbackUrl: `${receiver.url}/cb` }, { signing });
    const id = init.resultObject!.certifyId as string;
    await control(mock.url, 'POST', `/sessions/${id}/complete`, { outcome: 'passed' });
    const [first, second] = await receiver.waitFor(2);
    expect(second!.at - first!.at).toBeLessThan(3000);
    expect(second!.url.searchParams.get('passed')).toBe('200');
    const rows = await callbackRows(mock.url, 2);
    expect(rows.map((r) => [r.status, r.outcome, r.retryAttempts])).toEqual([
      [500, 'failure', '0'],
      [200, 'success', '1'],
    ]);
    await new Promise((r) => setTimeout(r, 1300));
    expect(receiver.received).toHaveLength(2);
  });
});

describe('callbacks never block or fail the API', () => {
  it('a receiver that never answers: the completion and the API answer at once; two attempts journalled as failures', async () => {
    const { mock, receiver } = await setup(['hang']);
    const init = await callCloudauth(mock.url, 'initFaceVerify', { ...INIT, callbackUrl: `${receiver.url}/cb` }, { signing: 'acs3' });
    const id = init.resultObject!.certifyId as string;
    const started = Date.now();
    const done = await control(mock.url, 'POST', `/sessions/${id}/complete`, { outcome: 'passed' });
    expect(done.status).toBe(200);
    const r = await callCloudauth(mock.url, 'describeFaceVerify', { sceneId: SCENE, certifyId: id }, { signing: 'acs3' });
    expect(r.code).toBe('200');
    expect(Date.now() - started).toBeLessThan(900);
    const rows = (await callbackRows(mock.url, 2)).slice(0, 2);
    expect(rows.every((row) => row.status === 0 && row.outcome === 'failure')).toBe(true);
    expect(String(rows[0]!.params.error)).toContain('no answer within');
  });

  it('--complete-after: the verification completes by itself and the callback arrives without a Describe', async () => {
    const { mock, receiver } = await setup([200], 150);
    const init = await callCloudauth(mock.url, 'initFaceVerify', { ...INIT, callbackUrl: `${receiver.url}/cb` }, { signing: 'v2' });
    const [got] = await receiver.waitFor(1, 3000);
    expect(got!.url.searchParams.get('certifyId')).toBe(init.resultObject!.certifyId);
    expect(got!.url.searchParams.get('passed')).toBe('200');
  });

  it('an http CallbackUrl on a public address is refused at Init with 401', async () => {
    const { mock } = await setup([200]);
    const r = await callCloudauth(mock.url, 'initFaceVerify', { ...INIT, callbackUrl: 'http://example.com/cb' }, { signing: 'acs3' });
    expect(r).toMatchObject({ code: '401', message: '参数非法' });
  });
});

describe('fin_face_verify callbacks (pop-core)', () => {
  it('passed is T or F, with callbackToken and certifyId', async () => {
    const { mock, receiver } = await setup([200]);
    const sp = { method: 'init', sceneId: '1000000006', outerOrderNo: 'o9', bizCode: 'FACE', identityType: 'CERT_INFO', certType: 'IDENTITY_CARD', certNo: VALID_CERT, certName: '张三', returnUrl: '', callbackUrl: `${receiver.url}/fin`, callbackToken: 'tok123' };
    const init = safAnswer('pop-post', await call('pop-post', mock.url, { service: 'fin_face_verify', serviceParameters: sp }));
    const { certifyId } = init.Data as { certifyId: string };
    await control(mock.url, 'POST', `/sessions/${certifyId}/complete`, { outcome: '201' });
    const [got] = await receiver.waitFor(1);
    expect(Object.fromEntries(got!.url.searchParams)).toEqual({ callbackToken: 'tok123', certifyId, passed: 'F' });
    const rows = await callbackRows(mock.url, 1);
    expect(rows[0]!.params.url).toContain('callbackToken=***');
    const initRow = (await journal(mock.url)).find((r) => r.method === 'init')!;
    expect(JSON.stringify(initRow.params)).not.toContain('tok123');
  });
});
