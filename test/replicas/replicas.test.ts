import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AK, SECRET, signedV1, signedV3 } from '../helpers/sign.js';
import { VALID_CERT } from '../helpers/mock.js';
import { startRedis, type TestRedis } from '../helpers/redis.js';
import { control, runCli, send, startReplica, type HttpAnswer, type Replica } from '../helpers/replica.js';

// Two saf-mock processes sharing one real redis-server (with its own persistence on): they behave as one mock.

const K2 = 'k2';
const S2 = 'k2secret';
const INIT = { method: 'init', name: '张三', certNumber: VALID_CERT, metainfo: '{}' };

let redis: TestRedis;
let a: Replica;
let b: Replica;
const replicaArgs = (): string[] => ['--store', redis.url, '--access-key', `${AK}:${SECRET}`, '--access-key', `${K2}:${S2}`, '--complete-after', 'never', '--store-timeout', '500'];

beforeAll(async () => {
  redis = await startRedis({ persist: true });
  [a, b] = await Promise.all([startReplica(replicaArgs()), startReplica(replicaArgs())]);
}, 60_000);

afterAll(async () => {
  await Promise.all([a?.stop('SIGKILL'), b?.stop('SIGKILL')]);
  await redis?.close();
});

type Signed = { path: string; init: RequestInit };

function sendSigned(replica: Replica, req: Signed): Promise<HttpAnswer> {
  return send(replica.url, req.path, { method: req.init.method ?? 'GET', headers: req.init.headers as Record<string, string>, body: req.init.body === undefined ? undefined : String(req.init.body) });
}

function safCall(params: Record<string, unknown>, o: { accessKeyId?: string; secret?: string; format?: string } = {}): Signed {
  return signedV1({ Service: 'face_verify', ServiceParameters: JSON.stringify(params) }, { accessKeyId: o.accessKeyId, secret: o.secret, format: o.format });
}

function json(r: HttpAnswer): { Code: string | number; Data?: Record<string, string>; RequestId: string } {
  return JSON.parse(r.text) as { Code: string | number; Data?: Record<string, string>; RequestId: string };
}

async function init(replica: Replica, o: { accessKeyId?: string; secret?: string } = {}): Promise<{ queryId: string; bizId: string; requestId: string }> {
  const r = await sendSigned(replica, safCall(INIT, o));
  expect(r.status, r.text).toBe(200);
  const body = json(r);
  expect(body.Code).toBe(200);
  return { queryId: body.Data!.queryId!, bizId: body.Data!.bizId!, requestId: body.RequestId };
}

/** What a query answered: the catalog entry that decided it (300 pending, Z8301 unknown, Z1146 failed…) or 200. */
async function query(replica: Replica, v: { queryId: string; bizId: string }, o: { accessKeyId?: string; secret?: string } = {}): Promise<string> {
  const r = await sendSigned(replica, safCall({ method: 'query', queryId: v.queryId, bizId: v.bizId }, o));
  expect(r.status, r.text).toBe(200);
  return json(r).Code === 200 ? '200' : String(r.headers['x-saf-mock-scenario']);
}

describe('two replicas on one Redis', () => {
  it('init on A, query on B: the same verification; completed through B’s control API, A’s query sees it', async () => {
    const v = await init(a);
    expect(await query(b, v)).toBe('300'); // found, pending (held until completed)
    const done = await control(b.url, 'POST', `/__saf/sessions/${v.queryId}/complete`, { outcome: 'Z1146' });
    expect(done.status).toBe(200);
    expect(await query(a, v)).toBe('Z1146');
    const passed = await init(b);
    await control(a.url, 'POST', `/__saf/sessions/${passed.queryId}/complete`, { outcome: 'passed' });
    expect(await query(b, passed)).toBe('200');
    expect(await query(a, { queryId: 'f'.repeat(32), bizId: passed.bizId })).toBe('Z8301');
  });

  it('the same signed request sent to A and B at the same moment, 100 times: exactly one 200 per pair', async () => {
    const pairs = 100;
    let accepted = 0;
    let nonceUsed = 0;
    let duplicates = 0;
    for (let batch = 0; batch < pairs; batch += 10) {
      const results = await Promise.all(
        Array.from({ length: 10 }, async (_, i) => {
          // Half RPC v1, half ACS3: both schemes claim the nonce in the store.
          const req: Signed = (batch + i) % 2 === 0
            ? safCall(INIT)
            : signedV3({ version: '2019-05-21', query: { Service: 'face_verify', ServiceParameters: JSON.stringify(INIT) } });
          return Promise.all([sendSigned(a, req), sendSigned(b, req)]);
        }),
      );
      for (const [ra, rb] of results) {
        const ok = [ra, rb].filter((r) => r.status === 200).length;
        const used = [ra, rb].filter((r) => r.status === 400 && json(r).Code === 'SignatureNonceUsed').length;
        accepted += ok;
        nonceUsed += used;
        if (ok > 1) duplicates++;
      }
    }
    console.log(`replica race: ${pairs} pairs of the same signed request to A and B at once: ${accepted} accepted, ${nonceUsed} SignatureNonceUsed, ${duplicates} duplicates accepted`);
    expect(duplicates).toBe(0);
    expect(accepted).toBe(pairs);
    expect(nonceUsed).toBe(pairs);
  });

  it('a times: 2 rule set through A’s control API fires twice in total across A and B', async () => {
    const put = await control(a.url, 'PUT', `/__saf/fixtures?accessKeyId=${K2}`, [{ id: 'twice', times: 2, match: { method: 'init' }, scenario: '520' }]);
    expect(put.status, JSON.stringify(put.json)).toBe(200);
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => sendSigned(i % 2 ? a : b, safCall(INIT, { accessKeyId: K2, secret: S2 }))));
    const fired = answers.filter((r) => r.headers['x-saf-mock-scenario'] === 'twice');
    console.log(`replica times: 20 concurrent inits across A and B with a times: 2 rule: fired ${fired.length} times`);
    expect(fired).toHaveLength(2);
    expect(fired.every((r) => json(r).Code === 520)).toBe(true);
    const view = await control(b.url, 'GET', `/__saf/fixtures?accessKeyId=${K2}`);
    expect((view.json.rules as Array<{ id: string; remaining: number }>).find((r) => r.id === 'twice')?.remaining).toBe(0);
    // Replaced through B: fresh counters, seen by A.
    await control(b.url, 'PUT', `/__saf/fixtures?accessKeyId=${K2}`, [{ id: 'twice', times: 1, match: { method: 'init' }, scenario: '520' }]);
    expect((await sendSigned(a, safCall(INIT, { accessKeyId: K2, secret: S2 }))).headers['x-saf-mock-scenario']).toBe('twice');
    await control(a.url, 'DELETE', `/__saf/fixtures?accessKeyId=${K2}`);
    expect((await sendSigned(b, safCall(INIT, { accessKeyId: K2, secret: S2 }))).headers['x-saf-mock-scenario']).toBe('default');
  });

  it('the journal read from B shows A’s requests; a reset of one key on A empties it on B and leaves the other key', async () => {
    const mine = await init(a);
    const other = await init(a, { accessKeyId: K2, secret: S2 });
    const journal = await control(b.url, 'GET', `/__saf/requests?accessKeyId=${AK}`);
    expect((journal.json.requests as Array<{ requestId: string }>).map((e) => e.requestId)).toContain(mine.requestId);
    expect((await control(a.url, 'POST', '/__saf/reset', { accessKeyId: AK })).status).toBe(200);
    expect((await control(b.url, 'GET', `/__saf/requests?accessKeyId=${AK}`)).json.requests).toEqual([]);
    expect((await control(b.url, 'GET', `/__saf/sessions?accessKeyId=${AK}`)).json.sessions).toEqual([]);
    expect(await query(b, mine)).toBe('Z8301');
    const kept = (await control(b.url, 'GET', `/__saf/requests?accessKeyId=${K2}`)).json.requests as Array<{ requestId: string }>;
    expect(kept.map((e) => e.requestId)).toContain(other.requestId);
    expect(await query(b, other, { accessKeyId: K2, secret: S2 })).toBe('300');
  });

  it('kill -9 A in the middle of a run of inits, restart it: every verification created before is still found', async () => {
    const created: Array<{ queryId: string; bizId: string }> = [];
    let failed = 0;
    const run = (async () => {
      for (let i = 0; i < 400; i++) {
        try {
          const r = await sendSigned(a, safCall(INIT));
          if (r.status === 200) created.push(json(r).Data as { queryId: string; bizId: string });
        } catch {
          failed++;
          break;
        }
      }
    })();
    await new Promise((r) => setTimeout(r, 300));
    await a.stop('SIGKILL');
    await run;
    expect(created.length).toBeGreaterThan(0);
    a = await startReplica(replicaArgs());
    const codes = await Promise.all(created.map((v, i) => query(i % 2 ? a : b, v)));
    const lost = codes.filter((c) => c !== '300').length;
    console.log(`replica kill -9: ${created.length} verifications created before A was killed (${failed} request cut), ${lost} lost after the restart`);
    expect(lost).toBe(0);
  });

  it('Redis restarted with its persistence on: state survives; Redis stopped: 503s in the requested Format, then recovery without restarting the mocks', async () => {
    const v = await init(a);
    await redis.stop('SIGTERM');
    // Down: a well-formed ServiceUnavailable in JSON and in XML, and health says so.
    const down = await sendSigned(b, safCall({ method: 'query', ...v }));
    expect(down.status).toBe(503);
    expect(json(down).Code).toBe('ServiceUnavailable');
    const downXml = await sendSigned(a, safCall({ method: 'query', ...v }, { format: 'XML' }));
    expect(downXml.status).toBe(503);
    expect(downXml.text).toMatch(/^<\?xml[^>]*\?><Error><RequestId>[0-9A-F-]{36}<\/RequestId>[\s\S]*<Code>ServiceUnavailable<\/Code>/);
    const health = await control(a.url, 'GET', '/__saf/health');
    expect(health.status).toBe(503);
    expect(health.json.store).toMatchObject({ kind: 'redis', connected: false });
    expect((await control(b.url, 'GET', '/__saf/sessions')).status).toBe(503);
    await redis.start();
    // Back: both replicas reconnect by themselves, and what was written before the restart is there.
    await expect.poll(async () => (await control(a.url, 'GET', '/__saf/health')).status, { timeout: 10_000, interval: 100 }).toBe(200);
    await expect.poll(async () => (await control(b.url, 'GET', '/__saf/health')).status, { timeout: 10_000, interval: 100 }).toBe(200);
    expect(await query(b, v)).toBe('300');
    expect(await query(a, await init(b))).toBe('300');
    expect(a.child.exitCode).toBeNull();
    expect(b.child.exitCode).toBeNull();
  });
});

describe('start-up without Redis', () => {
  it('exits 2 with one line naming the URL, password masked', async () => {
    const r = await runCli(['--port', '0', '--store', 'redis://admin:s3cret@127.0.0.1:1/2']);
    expect(r.code).toBe(2);
    expect(r.out.trim().split('\n')).toHaveLength(1);
    expect(r.out).toContain('redis://admin:***@127.0.0.1:1/2');
    expect(r.out).not.toContain('s3cret');
  });
});
