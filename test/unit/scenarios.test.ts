import { mkdtempSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CATALOG, entryApplies } from '../../src/saf/catalog.js';
import { parseMockHeaders } from '../../src/scenarios/headers.js';
import { MAGIC_CERT_NUMBERS } from '../../src/scenarios/magic.js';
import { readFixtureDir } from '../../src/scenarios/registry.js';
import { FixtureError } from '../../src/scenarios/rules.js';
import { memoryMock, VALID_CERT } from '../helpers/mock.js';
import { execute } from '../helpers/saf.js';

const INIT = { method: 'init', name: '张三', certNumber: VALID_CERT, metainfo: '{}' };
const FIXTURES = new URL('../../fixtures/rules/', import.meta.url).pathname;
const photo = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 0xff, 0xd9]).toString('base64');

function paramsFor(method: string): Record<string, unknown> {
  switch (method) {
    case 'query':
      return { method, bizId: 'ZSTP1', queryId: 'a'.repeat(32) };
    case 'queryH5':
      return { method, bizId: 'ZSTP1', zimId: 'a'.repeat(32) };
    case 'match':
      return { method, name: '张三', certNumber: VALID_CERT, imgbase64: photo };
    case 'verify':
      return { refFaceContent: photo, authFaceContent: photo, resourceCode: '00840000' };
    case 'fin.init':
      return { method: 'init', sceneId: '1000000006', outerOrderNo: 'o1', bizCode: 'FACE', identityType: 'CERT_INFO', certType: 'IDENTITY_CARD', certNo: VALID_CERT, certName: '张三', returnUrl: '' };
    case 'fin.query':
      return { method: 'query', certifyId: 'a'.repeat(32), sceneId: '1000000006' };
    default:
      return { ...INIT, method };
  }
}

describe('parseMockHeaders', () => {
  const h = (o: Record<string, string>) => (name: string) => o[name];
  it('reads scenario, delay and fault into one typed value', () => {
    expect(parseMockHeaders(h({ 'x-saf-mock-scenario': 'Z1146', 'x-saf-mock-delay': '20', 'x-saf-mock-fault': 'reset' }))).toEqual({ ok: true, value: { scenario: 'Z1146', delayMs: 20, fault: 'reset' } });
    expect(parseMockHeaders(h({}))).toEqual({ ok: true, value: {} });
  });
  it('names the bad value and where the list is', () => {
    const r = parseMockHeaders(h({ 'x-saf-mock-scenario': 'Z9999' }));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toContain('"Z9999"');
    if (!r.ok) expect(r.message).toContain('/__saf/scenarios');
    expect(parseMockHeaders(h({ 'x-saf-mock-delay': 'soon' })).ok).toBe(false);
    expect(parseMockHeaders(h({ 'x-saf-mock-delay': '999999999' })).ok).toBe(false);
    expect(parseMockHeaders(h({ 'x-saf-mock-fault': 'explode' })).ok).toBe(false);
  });
});

describe('x-saf-mock-scenario fires every catalog entry', () => {
  for (const entry of CATALOG) {
    const fin = entry.service === 'fin_face_verify';
    const service = fin ? 'fin_face_verify' : entry.service === 'intl_face_verify' || entry.methods[0] === 'verify' ? (entry.methods.includes('init') ? 'face_verify' : 'intl_face_verify') : 'face_verify';
    const method = service === 'intl_face_verify' ? 'verify' : entry.methods.find((m) => m !== 'verify')!;
    it(`${entry.id} on ${service} ${method}`, async () => {
      const { app } = memoryMock();
      const r = await execute(app, service, paramsFor(fin ? `fin.${method}` : method), { headers: { 'x-saf-mock-scenario': entry.id } });
      expect(r.status).toBe(200);
      expect(r.scenario).toBe(entry.id);
      expect(r.body.Code).toBe(entry.code);
      expect(r.body.Message).toBe(entry.message);
      if (entry.intl) expect(JSON.parse(r.body.Data as string)).toMatchObject({ retCode: entry.intl.retCode, retCodeSub: entry.intl.retCodeSub });
      if (entry.passed) expect(r.body.Data).toMatchObject({ passed: entry.passed, identityInfo: '' });
    });
  }
  it('an entry that does not apply to the method is refused, naming it', async () => {
    const { app } = memoryMock();
    const r = await execute(app, 'face_verify', INIT, { headers: { 'x-saf-mock-scenario': 'Z1146' } });
    expect(r.status).toBe(400);
    expect(JSON.parse(r.text)).toMatchObject({ Code: 'SafMock.ScenarioNotApplicable' });
    expect(r.text).toContain('Z1146');
  });
  it('an unknown id is a 400 naming it, never ignored', async () => {
    const { app } = memoryMock();
    const r = await execute(app, 'face_verify', INIT, { headers: { 'x-saf-mock-scenario': 'Z1147' } });
    expect(r.status).toBe(400);
    expect(JSON.parse(r.text)).toMatchObject({ Code: 'SafMock.UnknownScenario' });
    expect(r.text).toContain('Z1147');
  });
  it('without a scenario the header names the catalog entry the product answered with, else default', async () => {
    const { app } = memoryMock();
    expect((await execute(app, 'nope', INIT)).scenario).toBe('404');
    expect((await execute(app, 'face_verify', '{bad')).scenario).toBe('400');
    expect((await execute(app, 'face_verify', { ...INIT, name: '' })).scenario).toBe('default');
    expect((await execute(app, 'face_verify', { ...INIT, certNumber: '330103199001011234' })).scenario).toBe('520');
    expect((await execute(app, 'intl_face_verify', {})).scenario).toBe('intl.400');
    expect((await execute(app, 'face_verify', INIT, { secret: 'wrong' })).scenario).toBe('gateway.SignatureDoesNotMatch');
  });
  it('the fixture headers are not signed and not required', async () => {
    const { app } = memoryMock();
    expect((await execute(app, 'face_verify', INIT)).scenario).toBe('default');
  });
  it('under unified codes a detailed entry renders its unified form', async () => {
    const { app } = memoryMock({ codes: 'unified' });
    const r = await execute(app, 'face_verify', INIT, { headers: { 'x-saf-mock-scenario': 'Z8102' } });
    expect(r.body).toMatchObject({ Code: 403, Message: '权限不足，服务未开通或已到期' });
    expect(r.scenario).toBe('Z8102');
  });
  it('every entry applies to at least one method', () => {
    for (const e of CATALOG) expect(e.methods.some((m) => entryApplies(e, e.service, m))).toBe(true);
  });
});

describe('magic values', () => {
  it('name SAF_MOCK_<id> selects the entry', async () => {
    const { app } = memoryMock();
    const r = await execute(app, 'face_verify', { ...INIT, name: 'SAF_MOCK_Z1108' });
    expect(r.body.Message).toBe('init接口调用失败，DEVICE_NOT_SUPPORT：当前设备不支持刷脸(Z1108)（Z1108）');
    expect(r.scenario).toBe('Z1108');
  });
  it('an init carries a query outcome to its verification', async () => {
    const { app } = memoryMock();
    const z1146 = MAGIC_CERT_NUMBERS.find((m) => m.scenario === 'Z1146')!.certNumber;
    const init = await execute(app, 'face_verify', { ...INIT, certNumber: z1146 });
    expect(init.body.Code).toBe(200);
    const { queryId, bizId } = init.body.Data as { queryId: string; bizId: string };
    const q = await execute(app, 'face_verify', { method: 'query', bizId, queryId });
    expect(q.body.Message).toContain('(Z1146)（Z1146）');
    const held = await execute(app, 'face_verify', { ...INIT, name: 'SAF_MOCK_300' });
    const d = held.body.Data as { queryId: string; bizId: string };
    expect((await execute(app, 'face_verify', { method: 'query', bizId: d.bizId, queryId: d.queryId })).body.Code).toBe(300);
  });
  it('magic ID numbers have valid check digits; an unknown SAF_MOCK_ id is refused', async () => {
    const { isValidIdNumber } = await import('../../src/saf/id-number.js');
    for (const m of MAGIC_CERT_NUMBERS) expect(isValidIdNumber(m.certNumber)).toBe(true);
    const { app } = memoryMock();
    const r = await execute(app, 'face_verify', { ...INIT, name: 'SAF_MOCK_nope' });
    expect(r.status).toBe(400);
    expect(r.text).toContain('nope');
  });
});

describe('fixture files', () => {
  it('the shipped examples load', () => {
    const rules = readFixtureDir(FIXTURES);
    expect(rules.map((r) => r.rule.id)).toEqual(expect.arrayContaining(['name-not-same-person', 'throttle-twice', 'slow-queries', 'intl-unreadable-photo', 'intl-custom-body']));
  });
  it('rules answer by regex, fault with times, custom body, and fall through', async () => {
    const { app } = memoryMock({ fixturesDir: FIXTURES, accessKeys: [{ id: 'testAccessKeyId', secret: 'testAccessKeySecret' }, { id: 'ci-throttle', secret: 's' }] });
    const init = await execute(app, 'face_verify', { ...INIT, name: '测试不通过一号' });
    expect(init.scenario).toBe('name-not-same-person');
    const { queryId, bizId } = init.body.Data as { queryId: string; bizId: string };
    expect((await execute(app, 'face_verify', { method: 'query', bizId, queryId })).body.Message).toContain('Z1146');
    const statuses: (number | string)[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await execute(app, 'face_verify', INIT, { accessKeyId: 'ci-throttle', secret: 's' });
      statuses.push(r.status === 200 ? r.body.Code : (JSON.parse(r.text) as { Code: string }).Code);
    }
    expect(statuses).toEqual(['Throttling.User', 'Throttling.User', 200]);
    const custom = await execute(app, 'intl_face_verify', { refFaceContent: photo, authFaceContent: photo, resourceCode: '00000002' });
    expect(custom.scenario).toBe('intl-custom-body');
    expect(JSON.parse(custom.body.Data as string)).toMatchObject({ retCodeSub: 'Z1146' });
    expect(custom.body.RequestId).toMatch(/^[0-9A-F-]{36}$/);
  });
  it('an invalid file names the file, the path in it and the reason', () => {
    const dir = mkdtempSync(join(tmpdir(), 'saf-fixtures-'));
    writeFileSync(join(dir, 'bad.yaml'), 'rules:\n  - id: x\n    scenario: Z9999\n');
    expect(() => readFixtureDir(dir)).toThrow(FixtureError);
    try {
      readFixtureDir(dir);
    } catch (e) {
      expect((e as FixtureError).file).toContain('bad.yaml');
      expect((e as FixtureError).path).toBe('rules.0.scenario');
      expect((e as FixtureError).reason).toContain('Z9999');
    }
    writeFileSync(join(dir, 'bad.yaml'), 'rules:\n  - id: x\n    fault: explode\n');
    expect(() => readFixtureDir(dir)).toThrow(/rules\.0\.fault/);
    writeFileSync(join(dir, 'bad.yaml'), 'rules: [ {');
    expect(() => readFixtureDir(dir)).toThrow(/not valid YAML/);
    writeFileSync(join(dir, 'bad.yaml'), 'rules:\n  - id: x\n    match: { params: { name: { regex: "(" } } }\n    scenario: "400"\n');
    expect(() => readFixtureDir(dir)).toThrow(/invalid regular expression/);
  });
  it('files are reloaded when they change; a bad edit keeps the last good rules', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'saf-fixtures-'));
    cpSync(join(FIXTURES, 'intl.json'), join(dir, 'intl.json'));
    const { rt, logs } = memoryMock({ fixturesDir: dir });
    rt.fixtures.watchFiles();
    try {
      writeFileSync(join(dir, 'more.json'), JSON.stringify([{ id: 'added', scenario: '402' }]));
      await expect.poll(() => rt.fixtures.list().map((r) => r.id), { timeout: 3000 }).toContain('added');
      writeFileSync(join(dir, 'more.json'), '{broken');
      await expect.poll(() => logs.join('\n'), { timeout: 3000 }).toContain('NOT reloaded');
      expect(rt.fixtures.list().map((r) => r.id)).toContain('added');
    } finally {
      rt.fixtures.close();
    }
  });
});

describe('faults and delays (in memory)', () => {
  it('throttle carries x-acs-retry-after; 5xx and 503 are the gateway\'s errors; empty and malformed are 200', async () => {
    const { app } = memoryMock();
    const t = await execute(app, 'face_verify', INIT, { headers: { 'x-saf-mock-fault': 'throttle' } });
    expect(t.status).toBe(400);
    expect(JSON.parse(t.text)).toMatchObject({ Code: 'Throttling.User', Message: 'Request was denied due to user flow control.' });
    expect((await execute(app, 'face_verify', INIT, { headers: { 'x-saf-mock-fault': '5xx' } })).status).toBe(500);
    expect((await execute(app, 'face_verify', INIT, { headers: { 'x-saf-mock-fault': '503' } })).status).toBe(503);
    const empty = await execute(app, 'face_verify', INIT, { headers: { 'x-saf-mock-fault': 'empty' } });
    expect([empty.status, empty.text]).toEqual([200, '']);
    const malformed = await execute(app, 'face_verify', INIT, { headers: { 'x-saf-mock-fault': 'malformed' } });
    expect(() => JSON.parse(malformed.text)).toThrow();
  });
  it('x-saf-mock-delay delays the answer', async () => {
    const { app } = memoryMock();
    const started = Date.now();
    await execute(app, 'face_verify', INIT, { headers: { 'x-saf-mock-delay': '150' } });
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });
});
