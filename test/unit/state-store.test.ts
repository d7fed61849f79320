import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from 'redis';
import { DEFAULT_CONFIG, resolveConfig, type SafMockConfig } from '../../src/config.js';
import { createStateStore, StoreUnavailableError, type StateStore } from '../../src/store/index.js';
import type { JournalEntry } from '../../src/journal.js';
import type { Verification } from '../../src/saf/sessions.js';
import { startRedis, type TestRedis } from '../helpers/redis.js';

// The same contract for both stores: what the memory store does, Redis does across replicas.

let redis: TestRedis;
let prefixes = 0;
const opened: StateStore[] = [];

beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  for (const s of opened) await s.close();
  await redis?.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Factory = (overrides?: Partial<SafMockConfig>) => Promise<StateStore>;
const factories: Array<[string, Factory]> = [
  ['memory', async (o = {}) => createStateStore(resolveConfig({ port: 0, ...o }), () => {})],
  [
    'redis',
    async (o = {}) => {
      const s = await createStateStore(resolveConfig({ port: 0, store: redis.url, storePrefix: `t${++prefixes}:`, accessKeys: [{ id: 'ka', secret: 's' }, { id: 'kb', secret: 's' }], ...o }), () => {});
      opened.push(s);
      return s;
    },
  ],
];

function verification(scope: string, id: string, createdAt = Date.now()): Verification {
  return { id, bizId: 'ZSTP1', accessKeyId: scope, flow: 'app', name: '张三', certNumber: '11010519491231002X', photo: 0, createdAt, status: 'pending' };
}

const entry = (accessKeyId: string | null, requestId: string): Omit<JournalEntry, 'id'> => ({
  time: '',
  requestId,
  accessKeyId,
  httpMethod: 'POST',
  client: null,
  scheme: 'none',
  signatureVerified: false,
  action: null,
  version: null,
  service: null,
  method: requestId.startsWith('q') ? 'query' : 'init',
  params: {},
  scenario: 'default',
  retryAttempts: null,
  status: 200,
  code: 200,
  outcome: 'success',
  durationMs: 0,
});

describe.each(factories)('StateStore contract: %s', (kind, make) => {
  it('reports its kind and a live connection', async () => {
    const s = await make();
    expect(s.kind).toBe(kind);
    expect((await s.status()).connected).toBe(true);
  });

  it('verifications: create once, get, update in one write, list newest first, clear per scope', async () => {
    const s = await make();
    const t = Date.now();
    expect(await s.verifications.create(verification('ka', 'v1', t))).toBe(true);
    expect(await s.verifications.create(verification('ka', 'v1', t))).toBe(false);
    expect(await s.verifications.create(verification('ka', 'v2', t + 1))).toBe(true);
    expect(await s.verifications.create(verification('kb', 'v1', t + 2))).toBe(true);
    expect((await s.verifications.get('ka', 'v1'))?.status).toBe('pending');
    expect(await s.verifications.get('kc', 'v1')).toBeUndefined();
    expect(await s.verifications.update({ ...verification('ka', 'v1', t), status: 'failed', outcomeId: 'Z1146' })).toBe(true);
    expect(await s.verifications.get('ka', 'v1')).toMatchObject({ status: 'failed', outcomeId: 'Z1146' });
    expect(await s.verifications.update(verification('ka', 'gone'))).toBe(false);
    expect(await s.verifications.get('ka', 'gone')).toBeUndefined();
    expect((await s.verifications.list('ka')).map((v) => v.id)).toEqual(['v2', 'v1']);
    expect((await s.verifications.list()).map((v) => `${v.accessKeyId}/${v.id}`)).toEqual(['kb/v1', 'ka/v2', 'ka/v1']);
    expect(await s.verifications.count()).toBe(3);
    await s.verifications.clear('ka');
    expect(await s.verifications.count()).toBe(1);
    expect(await s.verifications.list('ka')).toEqual([]);
    expect(await s.verifications.get('ka', 'v2')).toBeUndefined();
    expect((await s.verifications.list()).map((v) => v.id)).toEqual(['v1']);
    await s.verifications.clear();
    expect(await s.verifications.list()).toEqual([]);
  });

  it('verifications: bounded (oldest evicted) and expiring', async () => {
    const s = await make({ sessionMaxEntries: 3, sessionTtlMs: 1000 });
    const t = Date.now();
    for (let i = 0; i < 6; i++) expect(await s.verifications.create(verification('ka', `v${i}`, t + i))).toBe(true);
    expect((await s.verifications.list()).map((v) => v.id)).toEqual(['v5', 'v4', 'v3']);
    expect(await s.verifications.get('ka', 'v0')).toBeUndefined();
    expect(await s.verifications.count()).toBe(3);
    await sleep(1100);
    expect(await s.verifications.get('ka', 'v5')).toBeUndefined();
    expect(await s.verifications.list()).toEqual([]);
    // Expired ones are not counted (Redis: the index still names them until the next create).
    expect(await s.verifications.count()).toBe(0);
  });

  it('nonces: claimed once per scope, exactly one winner among 50 concurrent claims, cleared per scope', async () => {
    const s = await make();
    const now = Date.now();
    expect(await s.nonces.claim('ka', 'n1', now, now)).toBe(true);
    expect(await s.nonces.claim('ka', 'n1', now, now)).toBe(false);
    expect(await s.nonces.claim('kb', 'n1', now, now)).toBe(true);
    const race = await Promise.all(Array.from({ length: 50 }, () => s.nonces.claim('ka', 'race', now, now)));
    expect(race.filter(Boolean)).toHaveLength(1);
    const long = 'x'.repeat(5000);
    expect(await s.nonces.claim('ka', long, now, now)).toBe(true);
    expect(await s.nonces.claim('ka', long, now, now)).toBe(false);
    expect(await s.nonces.count()).toBe(4);
    await s.nonces.clear('ka');
    expect(await s.nonces.count()).toBe(1);
    expect(await s.nonces.claim('ka', 'n1', now, now)).toBe(true);
    expect(await s.nonces.claim('kb', 'n1', now, now)).toBe(false);
    await s.nonces.clear();
    expect(await s.nonces.claim('kb', 'n1', now, now)).toBe(true);
  });

  it('journal: bounded, newest first', async () => {
    const s = await make({ journalMaxEntries: 3 });
    for (let i = 0; i < 5; i++) await s.journal.add(entry('ka', `a${i}`));
    expect((await s.journal.list()).map((e) => e.requestId)).toEqual(['a4', 'a3', 'a2']);
    expect(await s.journal.count()).toBe(3);
  });

  it('journal: forged requests claiming a key are kept apart and cannot push its verified entries out', async () => {
    const s = await make({ journalMaxEntries: 3 });
    for (let i = 0; i < 3; i++) await s.journal.add(entry('ka', `a${i}`));
    for (let i = 0; i < 5; i++) await s.journal.add({ ...entry('ka', `f${i}`), unauthenticated: true });
    const mine = await s.journal.list({ accessKeyId: 'ka' });
    expect(mine.filter((e) => !e.unauthenticated).map((e) => e.requestId)).toEqual(['a2', 'a1', 'a0']);
    expect(mine.filter((e) => e.unauthenticated).map((e) => e.requestId)).toEqual(['f4', 'f3', 'f2']);
    expect(mine[0]!.requestId).toBe('f4');
  });

  it('journal: ids increase, filters, cleared per key', async () => {
    const s = await make();
    const ids: number[] = [];
    for (let i = 0; i < 5; i++) ids.push(await s.journal.add(entry('ka', `a${i}`)));
    ids.push(await s.journal.add(entry('kb', 'q0')));
    ids.push(await s.journal.add(entry(null, 'x0')));
    expect([...ids].sort((a, b) => a - b)).toEqual(ids);
    expect((await s.journal.list({ accessKeyId: 'ka' })).map((e) => e.requestId)).toEqual(['a4', 'a3', 'a2', 'a1', 'a0']);
    const all = (await s.journal.list()).map((e) => e.requestId);
    expect(all[0]).toBe('x0');
    expect(all).toContain('q0');
    expect((await s.journal.list({ method: 'query' })).map((e) => e.requestId)).toEqual(['q0']);
    expect(await s.journal.list({ limit: 1 })).toHaveLength(1);
    expect(await s.journal.count()).toBe(7);
    await s.journal.clear('ka');
    expect(await s.journal.count()).toBe(2);
    expect(await s.journal.list({ accessKeyId: 'ka' })).toEqual([]);
    expect((await s.journal.list({ accessKeyId: 'kb' })).map((e) => e.requestId)).toEqual(['q0']);
    await s.journal.clear();
    expect(await s.journal.list()).toEqual([]);
  });

  it('rules: put gives a generation and moves the revision; load; delete per scope and all', async () => {
    const s = await make();
    const r0 = await s.rules.revision();
    const g1 = await s.rules.put('', [{ id: 'a' }]);
    const g2 = await s.rules.put('ka', [{ id: 'b' }]);
    expect(g2).toBeGreaterThan(g1);
    expect(await s.rules.revision()).toBeGreaterThan(r0);
    const loaded = await s.rules.load();
    expect(loaded.get('ka')).toEqual({ doc: [{ id: 'b' }], generation: g2 });
    expect(loaded.get('')?.doc).toEqual([{ id: 'a' }]);
    const r1 = await s.rules.revision();
    await s.rules.delete('ka');
    expect(await s.rules.revision()).toBeGreaterThan(r1);
    expect([...(await s.rules.load()).keys()]).toEqual(['']);
    await s.rules.delete();
    expect((await s.rules.load()).size).toBe(0);
  });

  it('counters: exactly `times` uses among 20 concurrent takes; per key; forgotten by prefix', async () => {
    const s = await make();
    const takes = await Promise.all(Array.from({ length: 20 }, () => s.counters.take('ka', 'api:#1:r', 5)));
    expect(takes.filter(Boolean)).toHaveLength(5);
    expect(await s.counters.used('ka', 'api:#1:r')).toBe(5);
    expect(await s.counters.take('kb', 'api:#1:r', 5)).toBe(true);
    expect(await s.counters.take('ka', 'file:x:r', 1)).toBe(true);
    await s.counters.forget('api:#1:');
    expect(await s.counters.used('ka', 'api:#1:r')).toBe(0);
    expect(await s.counters.used('ka', 'file:x:r')).toBe(1);
    await s.counters.clear('ka');
    expect(await s.counters.used('ka', 'file:x:r')).toBe(0);
    expect(await s.counters.take('kb', 'x', 1)).toBe(true);
    await s.counters.clear();
    expect(await s.counters.used('kb', 'x')).toBe(0);
  });
});

describe('Redis store specifics', () => {
  it('every key has a TTL or is one of the bounded bookkeeping keys (layout as the README says)', async () => {
    const prefix = 'layout:';
    const s = await createStateStore(resolveConfig({ port: 0, store: redis.url, storePrefix: prefix, accessKeys: [{ id: 'ka', secret: 's' }] }), () => {});
    opened.push(s);
    const now = Date.now();
    await s.verifications.create(verification('ka', 'v1'));
    await s.nonces.claim('ka', 'n1', now - 60_000, now);
    await s.journal.add(entry('ka', 'a'));
    await s.journal.add(entry('other', 'b'));
    await s.rules.put('ka', [{ id: 'r' }]);
    await s.counters.take('ka', 'api:ka#1:r', 2);
    const c = createClient({ url: redis.url });
    await c.connect();
    try {
      const keys = (await c.keys(`${prefix}*`)).sort();
      expect(keys).toEqual(
        ['j#buckets', 'j#seq', 'j:ka', 'j:~', 'n:ka:n1', 'rules', 'rules#rev', 't:ka:api:ka#1:r', 'v#index', 'v:ka:v1'].map((k) => prefix + k),
      );
      const unbounded = ['j#seq', 'rules', 'rules#rev'].map((k) => prefix + k);
      for (const key of keys) {
        const ttl = await c.pTTL(key);
        if (unbounded.includes(key)) expect(ttl, key).toBe(-1);
        else expect(ttl, key).toBeGreaterThan(0);
      }
      // The nonce lives until its request's timestamp (a minute ago) + the nonce TTL, not a TTL from now.
      const nonceTtl = await c.pTTL(`${prefix}n:ka:n1`);
      expect(nonceTtl).toBeGreaterThan(DEFAULT_CONFIG.nonceTtlMs - 65_000);
      expect(nonceTtl).toBeLessThanOrEqual(DEFAULT_CONFIG.nonceTtlMs - 60_000);
    } finally {
      await c.close();
    }
  });

  it('an unreachable Redis at start is one clear error naming the URL with the password masked', async () => {
    const err = await createStateStore(resolveConfig({ port: 0, store: 'redis://user:hunter2@127.0.0.1:1/0' }), () => {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreUnavailableError);
    expect((err as Error).message).toContain('redis://user:***@127.0.0.1:1/0');
    expect((err as Error).message).not.toContain('hunter2');
  });

  it('commands fail fast with StoreUnavailableError while Redis is down, and work again once it is back', async () => {
    const own = await startRedis();
    try {
      const s = await createStateStore(resolveConfig({ port: 0, store: own.url, storeTimeoutMs: 500 }), () => {});
      opened.push(s);
      expect(await s.nonces.claim('ka', 'a', Date.now(), Date.now())).toBe(true);
      await own.stop('SIGKILL');
      const started = Date.now();
      await expect(s.nonces.claim('ka', 'b', Date.now(), Date.now())).rejects.toBeInstanceOf(StoreUnavailableError);
      expect((await s.status()).connected).toBe(false);
      expect(Date.now() - started).toBeLessThan(1500);
      await own.start();
      let back = false;
      for (let i = 0; i < 100 && !back; i++) {
        await sleep(100);
        back = (await s.status()).connected;
      }
      expect(back).toBe(true);
      expect(await s.nonces.claim('ka', 'c', Date.now(), Date.now())).toBe(true);
    } finally {
      await own.close();
    }
  });
});
