import { describe, expect, it } from 'vitest';
import { DURATION_BUCKETS, MAX_SERIES, METRIC_LIST, METRICS, OVERFLOW } from '../../src/metrics/catalog.js';
import { LabelledCounter } from '../../src/metrics/recorder.js';
import { createMemoryState } from '../../src/store/memory.js';
import { StoreUnavailableError } from '../../src/store/types.js';
import { resolveConfig } from '../../src/config.js';
import { createApp } from '../../src/app.js';
import { createRuntime } from '../../src/runtime.js';
import { memoryMock, VALID_CERT } from '../helpers/mock.js';
import { parsePrometheusText, sampleValue, type Family } from '../helpers/prom-text.js';
import { execute } from '../helpers/saf.js';

const INIT = { method: 'init', name: '张三', certNumber: VALID_CERT, metainfo: '{}' };
type App = ReturnType<typeof memoryMock>['app'];

async function scrape(app: App, headers: Record<string, string> = {}): Promise<{ status: number; contentType: string | null; text: string }> {
  const res = await app.request('/__saf/metrics', { headers });
  return { status: res.status, contentType: res.headers.get('content-type'), text: await res.text() };
}

async function families(app: App): Promise<Map<string, Family>> {
  const s = await scrape(app);
  expect(s.status).toBe(200);
  expect(s.contentType).toBe('text/plain; version=0.0.4; charset=utf-8');
  return parsePrometheusText(s.text);
}

const R = METRICS.requests.name;
const H = METRICS.duration.name;

describe('GET /__saf/metrics', () => {
  it('counts signed requests by service, method, status, Code and scenario; gateway errors by code; latency; store gauges', async () => {
    const { app } = memoryMock({ completeAfterMs: null });
    const ok = await execute(app, 'face_verify', INIT);
    expect(ok.body.Code).toBe(200);
    const bad = await execute(app, 'face_verify', INIT, { secret: 'not-the-secret' });
    expect(bad.body).toMatchObject({ Code: 'SignatureDoesNotMatch' });
    const chosen = await execute(app, 'face_verify', INIT, { headers: { 'x-saf-mock-scenario': 'Z1108' } });
    expect(chosen.scenario).toBe('Z1108');
    const slow = await execute(app, 'face_verify', { method: 'query', queryId: 'nope', bizId: 'x' }, { headers: { 'x-saf-mock-delay': '300' } });
    // A client's own Service value never becomes a label.
    const unknown = await execute(app, 'evil-service-1234', INIT);
    expect(unknown.status).toBe(200);

    const f = await families(app);
    for (const spec of METRIC_LIST) expect(f.get(spec.name)?.type, spec.name).toBe(spec.type);
    expect(sampleValue(f, R, { service: 'face_verify', method: 'init', status: '200', code: '200', scenario: 'default' })).toBe(1);
    expect(sampleValue(f, R, { service: 'face_verify', method: 'none', status: String(bad.status), code: 'SignatureDoesNotMatch', scenario: 'gateway.SignatureDoesNotMatch' })).toBe(1);
    expect(sampleValue(f, R, { service: 'face_verify', method: 'init', status: String(chosen.status), code: String(chosen.body.Code), scenario: 'Z1108' })).toBe(1);
    expect(sampleValue(f, R, { service: 'face_verify', method: 'query', status: String(slow.status), code: String(slow.body.Code), scenario: slow.scenario! })).toBe(1);
    expect(sampleValue(f, R, { service: 'none', method: 'none', status: '200', code: String(unknown.body.Code), scenario: unknown.scenario! })).toBe(1);
    const requests = f.get(R)!.samples;
    expect(requests.reduce((n, s) => n + s.value, 0)).toBe(5);
    expect(requests.some((s) => Object.values(s.labels).some((v) => v.includes('evil')))).toBe(false);
    expect(f.get(METRICS.gatewayErrors.name)!.samples).toEqual([{ name: METRICS.gatewayErrors.name, labels: { code: 'SignatureDoesNotMatch' }, value: 1 }]);

    // The latency histogram: cumulative buckets, +Inf = count; the 300 ms delay lands between 0.25 s and 0.5 s.
    const init = { service: 'face_verify', method: 'init' };
    expect(sampleValue(f, `${H}_count`, init)).toBe(2);
    expect(sampleValue(f, `${H}_bucket`, { ...init, le: '+Inf' })).toBe(2);
    const buckets = DURATION_BUCKETS.map((le) => sampleValue(f, `${H}_bucket`, { ...init, le: String(le) })!);
    expect(buckets.every((v, i) => v >= (buckets[i - 1] ?? 0))).toBe(true);
    const query = { service: 'face_verify', method: 'query' };
    expect(sampleValue(f, `${H}_bucket`, { ...query, le: '0.25' })).toBe(0);
    expect(sampleValue(f, `${H}_bucket`, { ...query, le: '0.5' })).toBe(1);
    expect(sampleValue(f, `${H}_sum`, query)).toBeGreaterThanOrEqual(0.3);
    expect(sampleValue(f, `${H}_count`, { service: 'face_verify', method: 'none' })).toBe(1);

    // Gauges from the store, checked against what the control API lists.
    const sessions = (await (await app.request('/__saf/sessions')).json()) as { sessions: unknown[] };
    const journal = (await (await app.request('/__saf/requests')).json()) as { requests: unknown[] };
    expect(sessions.sessions.length).toBeGreaterThan(0);
    expect(sampleValue(f, METRICS.verifications.name)).toBe(sessions.sessions.length);
    expect(sampleValue(f, METRICS.journalEntries.name)).toBe(5);
    expect(journal.requests).toHaveLength(5);
    // Every request but the forged one claimed its SignatureNonce.
    expect(sampleValue(f, METRICS.nonces.name)).toBe(4);
    expect(sampleValue(f, METRICS.storeUp.name)).toBe(1);
    // The process's own metrics (prom-client's defaults) come along.
    expect(sampleValue(f, 'process_resident_memory_bytes')).toBeGreaterThan(0);

    // Counters are monotonic: a reset forgets state (gauges drop), not what was served.
    await app.request('/__saf/reset', { method: 'POST' });
    const after = await families(app);
    expect(sampleValue(after, R, { service: 'face_verify', method: 'init', status: '200', code: '200', scenario: 'default' })).toBe(1);
    expect(sampleValue(after, METRICS.verifications.name)).toBe(0);
    expect(sampleValue(after, METRICS.journalEntries.name)).toBe(0);
    expect(sampleValue(after, METRICS.nonces.name)).toBe(0);
  });

  it('each mock counts its own requests (two in one process)', async () => {
    const a = memoryMock();
    const b = memoryMock();
    await execute(a.app, 'face_verify', INIT);
    await execute(a.app, 'face_verify', INIT);
    const fa = await families(a.app);
    const fb = await families(b.app);
    expect(sampleValue(fa, `${H}_count`, { service: 'face_verify', method: 'init' })).toBe(2);
    expect(fb.get(R)!.samples).toEqual([]);
  });

  it('while the store cannot answer: saf_mock_store_up 0 and no store gauges, the counters still served', async () => {
    const config = resolveConfig({ port: 0 });
    const store = createMemoryState(config);
    const down = async (): Promise<number> => {
      throw new StoreUnavailableError('test: down');
    };
    const rt = createRuntime(config, { log: () => {}, store: { ...store, journal: Object.assign(Object.create(store.journal) as typeof store.journal, { count: down }) } });
    const app = createApp(rt);
    await execute(app, 'face_verify', INIT);
    const f = await families(app);
    expect(sampleValue(f, METRICS.storeUp.name)).toBe(0);
    expect(f.get(METRICS.journalEntries.name)).toBeUndefined();
    expect(f.get(METRICS.verifications.name)).toBeUndefined();
    expect(sampleValue(f, `${H}_count`, { service: 'face_verify', method: 'init' })).toBe(1);
  });

  it('the admin token protects it like the rest of the control API; a per-key credential gets 403', async () => {
    const keys = [{ id: 'a1', secret: 's1' }];
    const { app } = memoryMock({ adminToken: 'T0ken', accessKeys: keys });
    const none = await scrape(app);
    expect(none.status).toBe(401);
    expect(JSON.parse(none.text)).toMatchObject({ error: { code: 'Unauthorized' } });
    expect((await scrape(app, { 'x-saf-mock-admin-token': 'wrong' })).status).toBe(401);
    expect((await scrape(app, { 'x-saf-mock-admin-token': 'T0ken' })).status).toBe(200);
    expect((await scrape(app, { authorization: 'Bearer T0ken' })).status).toBe(200);
    const key = await scrape(app, { authorization: `Basic ${Buffer.from('a1:s1').toString('base64')}` });
    expect(key.status).toBe(403);
    expect(JSON.parse(key.text)).toEqual({ error: { code: 'Forbidden', message: expect.stringContaining('admin token') } });
    // Open without a token configured, as the control API is on loopback; a key's credential is still not enough.
    const open = memoryMock({ accessKeys: keys });
    expect((await scrape(open.app)).status).toBe(200);
    expect((await scrape(open.app, { authorization: `Basic ${Buffer.from('a1:s1').toString('base64')}` })).status).toBe(403);
  });
});

describe('metric series are bounded', () => {
  it(`past ${MAX_SERIES} label sets new ones are counted under "${OVERFLOW}"`, () => {
    const c = new LabelledCounter();
    for (let i = 0; i < MAX_SERIES + 5; i++) c.inc([`v${i}`, 'x']);
    c.inc(['v0', 'x']);
    const series = [...c.values()];
    expect(series).toHaveLength(MAX_SERIES + 1);
    expect(series.find((s) => s.labels[0] === OVERFLOW)).toEqual({ labels: [OVERFLOW, OVERFLOW], value: 5 });
    expect(series.find((s) => s.labels[0] === 'v0')!.value).toBe(2);
  });

  it('the exposition parser is strict (it would catch a malformed scrape)', () => {
    expect(() => parsePrometheusText('x 1\n')).toThrow(/before its # TYPE/);
    expect(() => parsePrometheusText('# TYPE x counter\nx{a="1} 1\n')).toThrow(/unterminated/);
    expect(() => parsePrometheusText('# TYPE x counter\nx one\n')).toThrow(/bad value/);
    expect(sampleValue(parsePrometheusText('# TYPE x counter\nx{a="q\\"\\n"} 2\n'), 'x', { a: 'q"\n' })).toBe(2);
  });
});
