/**
 * Record and replay: a mock started with --proxy/--record (here startSafMock({ proxy, record })) verifies
 * each request with its own key, re-signs it with the live key from env, forwards it, answers with the live
 * answer and writes it as a fixture rule; a later mock loads those rules and answers without live.
 * "Live" is a second mock with a different key (our machines reach no real endpoint).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, type ExecuteResult, type SafClient } from '../../src/client/adapter.js';
import { ControlApi } from '../../src/client/control.js';
import { startSafMock, type SafMock } from '../../src/client/mock.js';
import { ConfigError, resolveConfig } from '../../src/config.js';
import { AJV_OPTIONS, CONTRACTS_DIR } from '../../src/contracts.js';
import { appendRecordedRule, createProxyFromEnv, fixtureSchemaRef, recordedMatch, resignedParams, RECORD_FILE } from '../../src/proxy-live.js';
import { verifyV1 } from '../../src/gateway/signature-v1.js';
import { loadPhotos } from '../../src/saf/photos.js';
import { loadRules, type FixtureRule } from '../../src/scenarios/rules.js';

const LIVE = { id: 'LTAI5tRecordLiveKey', secret: 'RecordLiveSecret0123456789abcdef' };
const CERT = '11010519491231002X';
const METAINFO = '{"deviceType":"ios"}';

function clientFor(mock: SafMock, kind: 'pop-core' | 'openapi-v2' | 'openapi-v3' | 'raw', key?: { id: string; secret: string }): SafClient {
  return createClient(kind, {
    endpointFor: () => mock.endpoint,
    credentials: { accessKeyId: key?.id ?? mock.accessKeyId, accessKeySecret: key?.secret ?? mock.accessKeySecret },
  });
}

function recordedRules(dir: string): FixtureRule[] {
  const file = join(dir, RECORD_FILE);
  return loadRules(JSON.parse(readFileSync(file, 'utf8')), file, `file:${file}`).map((l) => l.rule);
}

function withoutRequestId(result: ExecuteResult): unknown {
  const { RequestId: _r, ...rest } = result.parsed ?? {};
  return rest;
}

describe('record and replay through --proxy --record', () => {
  let live: SafMock;
  let proxy: SafMock;
  let dir: string;
  const logs: string[] = [];
  const liveControl = (): ControlApi => new ControlApi(live.endpoint);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'saf-record-'));
    live = await startSafMock({ accessKeys: [`${LIVE.id}:${LIVE.secret}`], completeAfter: 'never', seed: 11 });
    proxy = await startSafMock({
      proxy: live.endpoint,
      record: dir,
      env: { ALIBABA_CLOUD_ACCESS_KEY_ID: LIVE.id, ALIBABA_CLOUD_ACCESS_KEY_SECRET: LIVE.secret },
      log: (line) => logs.push(line),
    });
  });

  afterAll(async () => {
    await proxy?.close();
    await live?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  let init: ExecuteResult;

  it('forwards a verified request re-signed with the live key and returns the live answer unchanged', async () => {
    init = await clientFor(proxy, 'pop-core').execute('face_verify', { method: 'init', certNumber: CERT, name: '张三', metainfo: METAINFO });
    expect(init.status).toBe(200);
    expect(init.code).toBe(200);
    const liveJournal = await liveControl().requests();
    expect(liveJournal).toHaveLength(1);
    expect(liveJournal[0]).toMatchObject({ accessKeyId: LIVE.id, signatureVerified: true, method: 'init', status: 200 });
    // The body is live's own, RequestId included.
    expect(liveJournal[0]!.requestId).toBe(init.requestId);
    expect(init.headers['x-saf-mock-scenario']).toMatch(/^proxy:recorded:recorded\.face_verify\.init\./);
    expect(init.contentType).toBe('application/json;charset=utf-8');
  });

  it('answers a request with a bad signature itself, without calling live', async () => {
    const before = (await liveControl().requests()).length;
    const r = await createClient('pop-core', { endpointFor: () => proxy.endpoint, credentials: { accessKeyId: proxy.accessKeyId, accessKeySecret: 'not-the-secret' } }).execute('face_verify', { method: 'query' });
    expect(r.status).toBe(400);
    expect(r.code).toBe('SignatureDoesNotMatch');
    expect((await liveControl().requests()).length).toBe(before);
  });

  it('records a sequence: the same query pending, then passed', async () => {
    const q = { method: 'query', bizId: String((init.data as Record<string, string>).bizId), queryId: String((init.data as Record<string, string>).queryId) };
    const pending = await clientFor(proxy, 'openapi-v2').execute('face_verify', q);
    expect(pending.code).toBe(300);
    await liveControl().completeSession(q.queryId, 'passed', LIVE.id);
    const passed = await clientFor(proxy, 'openapi-v3').execute('face_verify', q);
    expect(passed.code).toBe(200);
    const rules = recordedRules(dir).filter((r) => r.match?.method === 'query');
    expect(rules).toHaveLength(2);
    expect(rules[0]).toMatchObject({ times: 1, status: 200, body: { Code: 300 } });
    expect(rules[1]!.times).toBeUndefined();
    expect(rules[1]).toMatchObject({ match: { service: 'face_verify', method: 'query', params: q }, body: { Code: 200, Message: 'OK' } });
  });

  it('records intl_face_verify without the photos in its match', async () => {
    const [a, b] = loadPhotos().map((p) => p.toString('base64'));
    const r = await clientFor(proxy, 'openapi-v3').execute('intl_face_verify', { refFaceContent: a, authFaceContent: b, resourceCode: '00840000' });
    expect(r.code).toBe(200);
    const rule = recordedRules(dir).find((x) => x.match?.service === 'intl_face_verify')!;
    expect(rule.match).toEqual({ service: 'intl_face_verify', method: 'verify', params: { resourceCode: '00840000' } });
    expect(typeof rule.body?.Data).toBe('string');
    expect(rule.body).not.toHaveProperty('RequestId');
  });

  it('forwards what it cannot record (unknown service, XML), keeping Format, and says why in the log', async () => {
    const unknown = await clientFor(proxy, 'pop-core').execute('saf_mock_no_such_service', {});
    expect(unknown.code).toBe(404);
    const xml = await clientFor(proxy, 'raw').execute('face_verify', { method: 'query', bizId: 'ZSTP1', queryId: 'x' }, { raw: { format: 'XML' } });
    expect(xml.format).toBe('xml');
    expect(xml.xmlRoot).toBe('ExecuteRequestResponse');
    expect(xml.contentType).toBe('text/xml;charset=utf-8');
    expect(logs.some((l) => l.includes('not recorded: saf_mock_no_such_service'))).toBe(true);
    expect(logs.some((l) => l.includes('not recorded: the live answer is not a JSON object'))).toBe(true);
    const liveJournal = await liveControl().requests();
    expect(liveJournal[0]!.params).toMatchObject({ Format: 'XML' });
  });

  it('writes a file that validates against contracts/fixture.schema.json and replays without live', async () => {
    const rules = recordedRules(dir);
    expect(rules.map((r) => r.match?.method)).toEqual(['init', 'query', 'query', 'verify']);
    for (const rule of rules) expect(Object.keys(rule).sort()).toEqual(expect.arrayContaining(['id', 'match', 'body', 'status']));

    const replay = await startSafMock({ fixtures: dir });
    try {
      await live.close();
      const again = await clientFor(replay, 'openapi-v3').execute('face_verify', { method: 'init', certNumber: CERT, name: '张三', metainfo: METAINFO });
      expect(withoutRequestId(again)).toEqual(withoutRequestId(init));
      expect(again.requestId).not.toBe(init.requestId);
      expect(again.headers['x-saf-mock-scenario']).toBe(rules[0]!.id);
      // The recorded sequence: pending once, then passed from then on.
      const q = rules[2]!.match!.params!;
      const codes: Array<number | string | undefined> = [];
      for (let i = 0; i < 3; i++) codes.push((await clientFor(replay, 'openapi-v2').execute('face_verify', q)).code);
      expect(codes).toEqual([300, 200, 200]);
    } finally {
      await replay.close();
    }
  });

  it("writes a $schema that resolves from the file to contracts/fixture.schema.json, which validates the file", () => {
    const file = join(dir, RECORD_FILE);
    const doc = JSON.parse(readFileSync(file, 'utf8')) as { $schema: string; rules: unknown[] };
    expect(doc.$schema).toMatch(/^\.{1,2}\//);
    const schemaFile = resolve(dirname(file), doc.$schema);
    expect(schemaFile).toBe(join(CONTRACTS_DIR, 'fixture.schema.json'));
    expect(existsSync(schemaFile)).toBe(true);
    // What an editor does: load the schema from that path and validate the fixture with it.
    const validate = new Ajv({ ...AJV_OPTIONS }).compile(JSON.parse(readFileSync(schemaFile, 'utf8')) as object);
    expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ ...doc, rules: [{ id: 'x', fault: 'no-such-fault' }] })).toBe(false);
  });

  it('answers ServiceUnavailable (503) when live does not answer', async () => {
    const r = await clientFor(proxy, 'openapi-v2').execute('face_verify', { method: 'init', certNumber: CERT, name: '李四', metainfo: METAINFO });
    expect(r.status).toBe(503);
    expect(r.code).toBe('ServiceUnavailable');
    expect(r.message).toMatch(/saf-mock proxy: 127\.0\.0\.1:\d+ did not answer: ECONNREFUSED/);
  });
});

describe('the live proxy, in parts', () => {
  it('re-signs with a fresh nonce and timestamp, keeps Format and business parameters, drops the caller\'s signature', () => {
    const incoming = new Map([
      ['AccessKeyId', 'testAccessKeyId'],
      ['Signature', 'abc'],
      ['SignatureNonce', 'n1'],
      ['Timestamp', '2020-01-01T00:00:00Z'],
      ['SecurityToken', 'caller-token'],
      ['Format', 'xml'],
      ['Action', 'ExecuteRequest'],
      ['Version', '2019-05-21'],
      ['RegionId', 'cn-shanghai'],
      ['Service', 'face_verify'],
      ['ServiceParameters', '{"method":"init"}'],
    ]);
    const out = resignedParams(incoming, { accessKeyId: LIVE.id, accessKeySecret: LIVE.secret, securityToken: 'live-token' }, 'JSON', new Date('2026-05-06T07:08:09.123Z'));
    expect(out.get('AccessKeyId')).toBe(LIVE.id);
    expect(out.get('Format')).toBe('xml');
    expect(out.get('Version')).toBe('2019-05-21');
    expect(out.get('RegionId')).toBe('cn-shanghai');
    expect(out.get('Timestamp')).toBe('2026-05-06T07:08:09Z');
    expect(out.get('SecurityToken')).toBe('live-token');
    expect(out.get('SignatureNonce')).not.toBe('n1');
    expect(verifyV1('POST', out, LIVE.secret, out.get('Signature')!).ok).toBe(true);
  });

  it('gives an ACS3 caller\'s request the Action, Version and Format RPC v1 needs', () => {
    const out = resignedParams(new Map([['Service', 'intl_face_verify'], ['ServiceParameters', '{}']]), { accessKeyId: LIVE.id, accessKeySecret: LIVE.secret }, 'JSON', new Date());
    expect([out.get('Action'), out.get('Version'), out.get('Format')]).toEqual(['ExecuteRequest', '2019-05-21', 'JSON']);
  });

  it('matches on service, method and short non-photo fields only', () => {
    expect(recordedMatch('face_verify', JSON.stringify({ method: 'match', name: 'a', certNumber: 'b', imgbase64: 'x'.repeat(10), nested: { a: 1 }, flag: true, long: 'y'.repeat(600) }))).toEqual({
      service: 'face_verify',
      method: 'match',
      params: { method: 'match', name: 'a', certNumber: 'b', flag: true },
    });
    expect(recordedMatch('face_verify', '{"method":"nope"}')).toBeUndefined();
    expect(recordedMatch('other', '{}')).toBeUndefined();
    expect(recordedMatch('face_verify', 'not json')).toBeUndefined();
  });

  it("keeps loading a fixture with the old $schema URL, and re-recording into it writes the relative path", () => {
    const dir = mkdtempSync(join(tmpdir(), 'saf-record-old-'));
    try {
      const file = join(dir, RECORD_FILE);
      const old = { $schema: 'https://saf-mock.dev/contracts/fixture.schema.json', rules: [{ id: 'old', match: { service: 'face_verify', method: 'init' }, fault: 'throttle' }] };
      writeFileSync(file, JSON.stringify(old));
      expect(loadRules(old, file, `file:${file}`).map((l) => l.rule.id)).toEqual(['old']);
      appendRecordedRule(dir, { id: 'new', match: { service: 'face_verify', method: 'query' }, body: { Code: 200 } });
      const doc = JSON.parse(readFileSync(file, 'utf8')) as { $schema: string; rules: Array<{ id: string }> };
      expect(doc.rules.map((r) => r.id)).toEqual(['old', 'new']);
      expect(doc.$schema).toBe(fixtureSchemaRef(file));
      expect(resolve(dir, doc.$schema)).toBe(join(CONTRACTS_DIR, 'fixture.schema.json'));
      // From a nested folder the path climbs further; from the contracts folder itself it is beside it.
      expect(fixtureSchemaRef(join(CONTRACTS_DIR, 'x.json'))).toBe('./fixture.schema.json');
      expect(fixtureSchemaRef(join(CONTRACTS_DIR, '..', 'fixtures', 'rules', 'x.json'))).toBe('../../contracts/fixture.schema.json');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('needs the live key in env, and a valid endpoint', () => {
    const config = resolveConfig({ port: 0, proxy: 'saf.cn-shanghai.aliyuncs.com' });
    expect(() => createProxyFromEnv(config, {})).toThrow(ConfigError);
    expect(() => createProxyFromEnv(config, {})).toThrow(/ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET/);
    // An endpoint that is not a host or an http(s) URL is refused with the rest of the configuration.
    expect(() => resolveConfig({ port: 0, proxy: 'ftp://x' })).toThrow(/neither a host name nor an http\(s\) URL/);
  });
});
