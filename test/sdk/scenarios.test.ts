/**
 * Scenarios chosen from an official SDK: one test per catalog entry with the x-saf-mock-scenario
 * header (generated from CATALOG, the SDK mode rotating over all six), the unified-code rendering of
 * each entry for a key without detailed codes, the errors for unknown or misapplied ids, and magic values.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATALOG, findEntry, type CatalogEntry, type MethodName } from '../../src/saf/catalog.js';
import type { RunningServer } from '../../src/server.js';
import { MAGIC_CERT_NUMBERS } from '../../src/scenarios/magic.js';
import { serverMock, VALID_CERT } from '../helpers/mock.js';
import { AK, call, header, isPop, journal, safAnswer, SDK_MODES, SECRET, V2017, V2019, type Body, type SdkMode, type SdkResult } from './clients.js';

const FACE_1 = readFileSync(new URL('../../fixtures/images/face-1.jpg', import.meta.url)).toString('base64');
const FACE_2 = readFileSync(new URL('../../fixtures/images/face-2.jpg', import.meta.url)).toString('base64');
const INIT = { method: 'init', name: '张三', certNumber: VALID_CERT, metainfo: '{}' };
const UNIFIED_KEY = { id: 'unifiedKey', secret: 'unifiedSecret', codes: 'unified' as const };

let server: RunningServer;
let url: string;
/** Real verifications to query, so query scenarios are asked about ids that exist. */
const ids = { app: { queryId: '', bizId: '' }, h5: { zimId: '', bizId: '' }, fin: { certifyId: '' } };
const SCENE = '1000000006';
const FIN_INIT = { method: 'init', sceneId: SCENE, outerOrderNo: 'order1', bizCode: 'FACE', identityType: 'CERT_INFO', certType: 'IDENTITY_CARD', certNo: VALID_CERT, certName: '张三', returnUrl: '' };

beforeAll(async () => {
  server = await serverMock({ accessKeys: [{ id: AK, secret: SECRET }, UNIFIED_KEY] });
  url = server.url;
  for (const accessKey of [{ id: AK, secret: SECRET }]) {
    const app = await call('v2-query', url, { serviceParameters: INIT, accessKeyId: accessKey.id, accessKeySecret: accessKey.secret });
    ids.app = (app.body as { Data: typeof ids.app }).Data;
    const h5 = await call('v2-query', url, { serviceParameters: { ...INIT, method: 'initH5' }, accessKeyId: accessKey.id, accessKeySecret: accessKey.secret });
    ids.h5 = (h5.body as { Data: typeof ids.h5 }).Data;
    const fin = await call('v2-query', url, { service: 'fin_face_verify', serviceParameters: FIN_INIT, accessKeyId: accessKey.id, accessKeySecret: accessKey.secret });
    ids.fin = (fin.body as { Data: typeof ids.fin }).Data;
  }
  expect(ids.fin.certifyId).toMatch(/^[0-9a-f]{32}$/);
  expect(ids.app.queryId).toMatch(/^[0-9a-f]{32}$/);
  expect(ids.h5.zimId).toMatch(/^[0-9a-f]{32}$/);
});
afterAll(async () => {
  await server.close();
});

/** Valid ServiceParameters for a method, so success entries (200, Z1140) run the real handler. */
function paramsFor(method: MethodName, service = 'face_verify'): Record<string, unknown> {
  if (service === 'fin_face_verify') return method === 'init' ? FIN_INIT : { method, certifyId: ids.fin.certifyId, sceneId: SCENE };
  switch (method) {
    case 'init':
    case 'initH5':
      return { ...INIT, method };
    case 'query':
      return { method, ...ids.app };
    case 'queryH5':
      return { method, ...ids.h5 };
    case 'match':
      return { method, name: '张三', certNumber: VALID_CERT, imgbase64: FACE_1 };
    case 'verify':
      return { refFaceContent: FACE_1, authFaceContent: FACE_2, resourceCode: '00840000' };
  }
}

function target(entry: CatalogEntry): { service: string; version: string; method: MethodName } {
  const method = entry.methods[0]!;
  if (entry.service === 'fin_face_verify') return { service: entry.service, version: V2017, method };
  return method === 'verify'
    ? { service: 'intl_face_verify', version: V2019, method }
    : { service: 'face_verify', version: V2017, method };
}

function sendScenario(mode: SdkMode, entry: CatalogEntry, key?: { id: string; secret: string }): Promise<SdkResult> {
  const t = target(entry);
  return call(mode, url, {
    service: t.service,
    version: t.version,
    serviceParameters: paramsFor(t.method, t.service),
    headers: { 'x-saf-mock-scenario': entry.id },
    ...(key ? { accessKeyId: key.id, accessKeySecret: key.secret } : {}),
  });
}

function checkData(entry: CatalogEntry, body: Body): void {
  if (entry.intl) {
    expect(typeof body.Data).toBe('string');
    const data = JSON.parse(body.Data as string) as Record<string, unknown>;
    expect(data).toMatchObject({ passed: String(entry.intl.passed), retCode: entry.intl.retCode, retCodeSub: entry.intl.retCodeSub, retMessage: entry.intl.retMessage });
    if (entry.id === 'Z1140') expect((data.extInfo as { score: string }).score).toMatch(/^\d{2}\.\d{10}$/);
  } else if (entry.passed) {
    // A fin_face_verify result: the verification's data with that outcome.
    expect(body.Data).toMatchObject({ passed: entry.passed, identityInfo: '' });
    expect(JSON.parse((body.Data as { materialInfo: string }).materialInfo)).toMatchObject({ faceAttack: entry.subCode === '205' ? 'T' : 'F' });
  } else if (entry.outcome === 'success') {
    // The success entry runs the real init: Data carries fresh ids.
    expect((body.Data as { queryId: string }).queryId).toMatch(/^[0-9a-f]{32}$/);
  } else {
    expect(body.Data).toBeUndefined();
  }
}

describe('x-saf-mock-scenario: every catalog entry, detailed codes', () => {
  CATALOG.forEach((entry, i) => {
    const mode = SDK_MODES[i % SDK_MODES.length]!;
    const t = target(entry);
    it(`${entry.id} on ${t.service} ${t.method} via ${mode}`, async () => {
      const r = await sendScenario(mode, entry);
      expect(r.status).toBe(200);
      expect(header(r, 'x-saf-mock-scenario')).toBe(entry.id);
      const body = safAnswer(mode, r);
      expect(body.Code).toBe(entry.code);
      expect(body.Message).toBe(entry.message);
      if (isPop(mode) && entry.code !== 200) expect(r.error!.name).toBe(`${entry.code}Error`);
      checkData(entry, body);
    });
  });
});

describe('x-saf-mock-scenario: every catalog entry, unified codes (a key without detailed codes)', () => {
  CATALOG.forEach((entry, i) => {
    const mode = SDK_MODES[(i + 3) % SDK_MODES.length]!;
    const t = target(entry);
    it(`${entry.id} on ${t.service} ${t.method} via ${mode} → ${entry.unified.code}`, async () => {
      const r = await sendScenario(mode, entry, UNIFIED_KEY);
      expect(header(r, 'x-saf-mock-scenario')).toBe(entry.id);
      const body = safAnswer(mode, r);
      expect(body.Code).toBe(entry.unified.code);
      expect(body.Message).toBe(entry.unified.message);
    });
  });
});

describe('scenario ids that cannot fire', () => {
  it.each(SDK_MODES)('an unknown id → 400 SafMock.UnknownScenario naming it and /__saf/scenarios (%s)', async (mode) => {
    const r = await call(mode, url, { serviceParameters: INIT, headers: { 'x-saf-mock-scenario': 'Z1147' } });
    expect(r.error).toBeDefined();
    expect(r.error!.code).toBe('SafMock.UnknownScenario');
    expect(r.error!.statusCode).toBe(400);
    const data = r.error!.data as { Code: string; Message: string };
    expect(data.Code).toBe('SafMock.UnknownScenario');
    expect(data.Message).toBe('Unknown scenario "Z1147" in x-saf-mock-scenario; GET /__saf/scenarios lists every id.');
    if (isPop(mode)) expect(r.error!.name).toBe('SafMock.UnknownScenarioError');
  });

  it('a malformed x-saf-mock-delay is still SafMock.InvalidHeader', async () => {
    const r = await call('v2-query', url, { serviceParameters: INIT, headers: { 'x-saf-mock-delay': 'soon' } });
    expect(r.error!.code).toBe('SafMock.InvalidHeader');
    expect((r.error!.data as { Message: string }).Message).toContain('"soon"');
  });

  it.each(SDK_MODES)('a query-only scenario on init → 400 SafMock.ScenarioNotApplicable (%s)', async (mode) => {
    const r = await call(mode, url, { serviceParameters: INIT, headers: { 'x-saf-mock-scenario': 'Z1146' } });
    expect(r.error!.code).toBe('SafMock.ScenarioNotApplicable');
    expect(r.error!.statusCode).toBe(400);
    const message = (r.error!.data as { Message: string }).Message;
    expect(message).toContain('"Z1146"');
    expect(message).toContain('face_verify init');
    expect(message).toContain('face_verify query/queryH5');
  });

  it('an intl entry on face_verify → ScenarioNotApplicable; nothing was created', async () => {
    const before = (await journal(url)).length;
    const r = await call('acs3-body', url, { serviceParameters: INIT, headers: { 'x-saf-mock-scenario': 'Z1141' } });
    expect(r.error!.code).toBe('SafMock.ScenarioNotApplicable');
    const rows = await journal(url);
    expect(rows.length).toBe(before + 1);
    expect(rows.at(-1)).toMatchObject({ status: 400, outcome: 'gateway-error', code: 'SafMock.ScenarioNotApplicable' });
  });
});

describe('magic values (for callers that cannot add headers)', () => {
  const Z1108 = findEntry('Z1108')!;
  const Z1146 = findEntry('Z1146')!;

  it.each(['pop-post', 'v2-body', 'acs3-query'] as const)("name 'SAF_MOCK_Z1108' on init answers Z1108 (%s)", async (mode) => {
    const r = await call(mode, url, { serviceParameters: { ...INIT, name: 'SAF_MOCK_Z1108' } });
    expect(header(r, 'x-saf-mock-scenario')).toBe('Z1108');
    const body = safAnswer(mode, r);
    expect([body.Code, body.Message]).toEqual([Z1108.code, Z1108.message]);
  });

  it("an unknown magic name 'SAF_MOCK_Z0000' → SafMock.UnknownScenario", async () => {
    const r = await call('v2-query', url, { serviceParameters: { ...INIT, name: 'SAF_MOCK_Z0000' } });
    expect(r.error!.code).toBe('SafMock.UnknownScenario');
    expect((r.error!.data as { Message: string }).Message).toContain('"Z0000"');
  });

  it.each(['pop-post', 'v2-query', 'acs3-body'] as const)('the Z1146 certNumber: init succeeds, the later query answers Z1146 (%s)', async (mode) => {
    const magic = MAGIC_CERT_NUMBERS.find((m) => m.scenario === 'Z1146')!;
    const init = await call(mode, url, { serviceParameters: { ...INIT, certNumber: magic.certNumber } });
    expect(init.error).toBeUndefined();
    expect(header(init, 'x-saf-mock-scenario')).toBe('Z1146');
    const { queryId, bizId } = (init.body as { Data: { queryId: string; bizId: string } }).Data;
    expect(queryId).toMatch(/^[0-9a-f]{32}$/);
    const query = await call(mode, url, { serviceParameters: { method: 'query', queryId, bizId } });
    const body = safAnswer(mode, query);
    expect([body.Code, body.Message]).toEqual([Z1146.code, Z1146.message]);
    if (isPop(mode)) expect(query.error!.name).toBe('500Error');
  });
});
