/**
 * The live target, pointed at a second mock standing in for live SAF (our machines reach no real
 * endpoint): live-safe cases run, mock-only ones are skipped with their reason, snapshots are written
 * normalised, and a mock run afterwards shows where its answers differ from them.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CASES } from '../../src/client/cases.js';
import { runContractCli } from '../../src/client/contract-cli.js';
import { runSuite } from '../../src/client/runner.js';
import { readSnapshot, writeSnapshots, type SnapshotFile } from '../../src/client/snapshots.js';
import { openTarget } from '../../src/client/targets.js';
import type { RunningServer } from '../../src/server.js';
import { serverMock } from '../helpers/mock.js';

const LIVE_ID = 'LTAI5tStandInForLiveKey';
const LIVE_SECRET = 'StandInLiveSecret0123456789abcdef';
const LIVE_TOKEN = 'CAIS+StandIn/STS/token==';

async function cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runContractCli(args, { out: (l) => out.push(l), err: (l) => err.push(l), env });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const liveEnv = { ALIBABA_CLOUD_ACCESS_KEY_ID: LIVE_ID, ALIBABA_CLOUD_ACCESS_KEY_SECRET: LIVE_SECRET };
const liveSafe = CASES.filter((c) => c.live === 'safe');
const mockOnly = CASES.filter((c) => c.live === 'mock-only');

describe('live target against a stand-in', () => {
  let live: RunningServer;
  let dir: string;

  beforeAll(async () => {
    live = await serverMock({ accessKeys: [{ id: LIVE_ID, secret: LIVE_SECRET }] });
    dir = mkdtempSync(join(tmpdir(), 'saf-contract-snapshots-'));
  });

  afterAll(async () => {
    await live.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs the live-safe cases, skips the mock-only ones with their reason, and writes one snapshot per live-safe case', async () => {
    const r = await cli(['--target', 'live', '--endpoint', live.url, '--snapshots', dir], liveEnv);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    for (const c of mockOnly) expect(r.out).toContain(`SKIP  ${c.id} [${c.clients[0]}]  mock-only: ${c.reason}`);
    for (const c of liveSafe) expect(r.out).toMatch(new RegExp(`PASS  ${c.id.replace(/\./g, '\\.')} \\[${c.clients[0]}\\]  \\d+ ms`));
    const runs = liveSafe.reduce((n, c) => n + c.clients.length, 0);
    const skipped = mockOnly.reduce((n, c) => n + c.clients.length, 0);
    expect(r.out).toContain(`${runs} passed, 0 failed, ${skipped} skipped (mock-only cases do not run against live)`);
    expect(r.out).toContain(`snapshots: ${liveSafe.length} written to ${dir}`);
    expect(readdirSync(dir).sort()).toEqual(liveSafe.map((c) => `${c.id}.json`).sort());
    // The live mock saw only the live key: nothing mock-only was sent to it.
    const journal = await live.runtime.journal.list();
    expect(journal.length).toBeGreaterThan(0);
    expect(journal.some((e) => e.method === 'init' && e.outcome === 'success')).toBe(false);
  });

  it('normalises snapshots: no RequestId, host, port, key, nonce or time survives', () => {
    const port = String(new URL(live.url).port);
    for (const file of readdirSync(dir)) {
      const text = readFileSync(join(dir, file), 'utf8');
      expect(text, file).not.toMatch(/[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}/);
      expect(text, file).not.toContain(port);
      expect(text, file).not.toContain(LIVE_ID);
      expect(text, file).not.toContain(LIVE_SECRET);
      expect(text, file).not.toMatch(/\d{4}-\d\d-\d\dT\d\d/);
      const snap = JSON.parse(text) as SnapshotFile;
      expect(snap.source).toBe('stand-in');
      expect(snap.lastValidated).toBeNull();
      expect(snap.recordedAt).toMatch(/^\d{4}-\d\d-\d\d$/);
    }
    const sig = readSnapshot(dir, 'gateway.signature-mismatch')!;
    const body = sig.exchanges['pop-core']!.call!.body as Record<string, string>;
    expect(body.RequestId).toBe('<RequestId>');
    expect(body.HostId).toBe('<host>');
    expect(body.Message).toContain('AccessKeyId%3D<AccessKeyId>%26');
    expect(body.Message).toContain('SignatureNonce%3D<nonce>%26');
    expect(body.Message).toContain('Timestamp%3D<time>%26');
    expect(body.Recommend).toContain('requestId=<RequestId>');
    expect(sig.exchanges['pop-core']!.call!.sdkError).toEqual({ name: 'SignatureDoesNotMatchError', code: 'SignatureDoesNotMatch' });
  });

  it('a mock with the same behaviour shows no difference', async () => {
    const r = await cli(['--target', 'mock', '--snapshots', dir]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/parity: \d+ answers compared with .*: no differences/);
  });

  it('a change in the mock\'s answer shows up as a readable diff (a warning against stand-in snapshots)', async () => {
    const r = await cli(['--target', 'mock', '--codes', 'unified', '--snapshots', dir]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('parity face_verify.query.unknown-id [pop-core] differs from a saf-mock stand-in recording');
    expect(r.out).toMatch(/call\.body\.Code +live: 500\n +mock: 400/);
    expect(r.out).toMatch(/call\.body\.Message +live: "query接口调用失败，INVALID_PARAMETER：.*（Z8301）"\n +mock: "参数ServiceParameters不合法"/);
    expect(r.out).toMatch(/parity: \d+ answers compared with .*: \d+ differ \(0 failing, \d+ warnings\)/);
    const strict = await cli(['--target', 'mock', '--codes', 'unified', '--snapshots', dir, '--strict-parity']);
    expect(strict.code).toBe(1);
  });

  it('a difference from a snapshot validated against live fails the run', async () => {
    const file = join(dir, 'face_verify.query.unknown-id.json');
    const snap = JSON.parse(readFileSync(file, 'utf8')) as SnapshotFile;
    writeFileSync(file, JSON.stringify({ ...snap, source: 'live', recordedFrom: 'saf.cn-shanghai.aliyuncs.com', lastValidated: '2026-01-02' }, null, 2));
    const r = await cli(['--target', 'mock', '--codes', 'unified', '--snapshots', dir, '--case', 'query.unknown-id']);
    expect(r.code).toBe(1);
    expect(r.out).toContain('PARITY face_verify.query.unknown-id [openapi-v2] differs from live saf.cn-shanghai.aliyuncs.com, last validated 2026-01-02:');
    expect(r.out).toContain('(3 failing, 0 warnings)');
  });

  it('a stand-in run keeps snapshots validated against live unless forced', async () => {
    const file = join(dir, 'face_verify.query.unknown-id.json');
    const before = readFileSync(file, 'utf8');
    const kept = await cli(['--target', 'live', '--endpoint', live.url, '--snapshots', dir, '--case', 'query.unknown-id'], liveEnv);
    expect(kept.code).toBe(0);
    expect(kept.out).toContain('snapshots: 1 validated against live kept');
    expect(readFileSync(file, 'utf8')).toBe(before);
    const forced = await cli(['--target', 'live', '--endpoint', live.url, '--snapshots', dir, '--case', 'query.unknown-id', '--force-snapshots'], liveEnv);
    expect(forced.code).toBe(0);
    expect(readSnapshot(dir, 'face_verify.query.unknown-id')!.source).toBe('stand-in');
  });

  it('an STS token is sent, never printed, and replaced in snapshots', async () => {
    const r = await cli(['--target', 'live', '--endpoint', live.url, '--snapshots', dir, '--case', 'signature-mismatch', '--verbose'], {
      ...liveEnv,
      ALIBABA_CLOUD_SECURITY_TOKEN: LIVE_TOKEN,
    });
    expect(r.code).toBe(0);
    expect(r.out).toContain('· STS token');
    expect(r.out).not.toContain(LIVE_TOKEN);
    expect(r.out).not.toContain(LIVE_SECRET);
    const text = readFileSync(join(dir, 'gateway.signature-mismatch.json'), 'utf8');
    expect(text).not.toContain('StandIn/STS');
    expect(text).toContain('SecurityToken%3D<SecurityToken>');
  });

  it('without credentials in env the live target refuses to start, naming the variables', async () => {
    const r = await cli(['--target', 'live', '--endpoint', live.url, '--snapshots', dir], {});
    expect(r.code).toBe(2);
    expect(r.err).toContain('ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET');
  });
});

describe('snapshots from real live', () => {
  it('record the host and the date each case was last validated', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'saf-contract-live-'));
    const standIn = await serverMock({ accessKeys: [{ id: LIVE_ID, secret: LIVE_SECRET }] });
    try {
      const target = await openTarget({ kind: 'live', endpoint: standIn.url, env: liveEnv });
      const report = await runSuite({ target, only: ['saf.unknown-service'] });
      // Real live sends no x-saf-mock-scenario header: without it the answers count as live.
      for (const run of report.runs) for (const step of run.steps) delete step.result?.headers['x-saf-mock-scenario'];
      const outcome = writeSnapshots(report, target, { dir, date: '2026-03-04' });
      expect(outcome).toEqual({ written: ['saf.unknown-service'], kept: [], source: 'live' });
      const snap = readSnapshot(dir, 'saf.unknown-service')!;
      expect(snap).toMatchObject({ source: 'live', recordedFrom: new URL(standIn.url).host, lastValidated: '2026-03-04', recordedAt: '2026-03-04' });
      expect(Object.keys(snap.exchanges)).toEqual(['pop-core', 'openapi-v2', 'openapi-v3']);
      expect(snap.exchanges['openapi-v3']!.call).toEqual({
        status: 200,
        contentType: 'application/json;charset=utf-8',
        format: 'json',
        body: { Message: '参数Service不合法', Code: 404, RequestId: '<RequestId>' },
        sdkError: null,
      });
    } finally {
      await standIn.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
