import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../src/gateway/errors.js';
import { NonceStore } from '../../src/gateway/nonce-store.js';

const MIN = 60_000;
const TTL = 16 * MIN;

describe('the nonce store never forgets inside the window', () => {
  it('a nonce is remembered until its Timestamp + TTL, however many others arrive', () => {
    const store = new NonceStore(TTL, 5_000);
    const t0 = Date.now();
    expect(store.claim('k', 'first', t0, t0)).toBe(true);
    for (let i = 0; i < 4_999; i++) expect(store.claim('k', `n${i}`, t0, t0)).toBe(true);
    expect(store.claim('k', 'first', t0, t0 + 10 * MIN)).toBe(false);
    expect(store.claim('k', 'first', t0, t0 + TTL - 1000)).toBe(false);
    // Past Timestamp + TTL it is forgotten (the timestamp check refuses such a replay by itself).
    expect(store.claim('k', 'first', t0 + TTL + 1000, t0 + TTL + 1000)).toBe(true);
  });

  it('the expiry follows the request Timestamp, also one from the future', () => {
    const store = new NonceStore(TTL, 100);
    const now = Date.now();
    expect(store.claim('k', 'past', now - 10 * MIN, now)).toBe(true);
    expect(store.claim('k', 'past', now - 10 * MIN, now + 5 * MIN)).toBe(false);
    expect(store.claim('k', 'past', now + 7 * MIN, now + 7 * MIN)).toBe(true);
    expect(store.claim('k', 'future', now + 15 * MIN, now)).toBe(true);
    expect(store.claim('k', 'future', now + 15 * MIN, now + 30 * MIN)).toBe(false);
  });

  it('when full it fails closed with Throttling.User and one log line, and recovers as nonces expire', () => {
    const logs: string[] = [];
    const store = new NonceStore(TTL, 1_000, (l) => logs.push(l));
    const now = Date.now();
    for (let i = 0; i < 1_000; i++) store.claim('k', `n${i}`, now, now);
    let thrown: unknown;
    try {
      store.claim('k', 'one-too-many', now, now);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(GatewayError);
    expect((thrown as GatewayError).code).toBe('Throttling.User');
    expect(() => store.claim('k', 'again', now, now + 10)).toThrow(GatewayError);
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatch(/nonce store full: 1000 .*Throttling\.User/);
    // A replay is still refused as used, never accepted, when full.
    expect(store.claim('k', 'n0', now, now)).toBe(false);
    // Once they left the window there is room again.
    const later = now + TTL + 2000;
    for (let i = 0; i < 1_000; i++) expect(store.claim('k', `fresh${i}`, later, later)).toBe(true);
    expect(store.size).toBe(1_000);
  });

  it('clear(scope) forgets one key and keeps the others', () => {
    const store = new NonceStore(TTL, 10_000);
    const now = Date.now();
    for (let i = 0; i < 3_000; i++) {
      store.claim('a', `n${i}`, now, now);
      store.claim('b', `n${i}`, now, now);
    }
    store.clear('a');
    expect(store.size).toBe(3_000);
    for (let i = 0; i < 3_000; i++) {
      expect(store.claim('b', `n${i}`, now, now)).toBe(false);
      expect(store.claim('a', `n${i}`, now, now)).toBe(true);
    }
    store.clear();
    expect(store.size).toBe(0);
  });

  it('behaves like a map of nonce → expiry under any sequence of claims, clears and clock moves', () => {
    type Op = { kind: 'claim'; scope: string; nonce: number; ageS: number } | { kind: 'tick'; seconds: number } | { kind: 'clear'; scope?: string };
    const op: fc.Arbitrary<Op> = fc.oneof(
      { weight: 8, arbitrary: fc.record({ kind: fc.constant('claim' as const), scope: fc.constantFrom('a', 'b'), nonce: fc.integer({ min: 0, max: 300 }), ageS: fc.integer({ min: -900, max: 900 }) }) },
      { weight: 2, arbitrary: fc.record({ kind: fc.constant('tick' as const), seconds: fc.integer({ min: 0, max: 400 }) }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('clear' as const), scope: fc.option(fc.constantFrom('a', 'b'), { nil: undefined }) }) },
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 600 }), (ops) => {
        // A small table (1024 slots) so chains wrap around and deletions shift entries.
        const store = new NonceStore(TTL, 600);
        const model = new Map<string, number>();
        let now = Math.floor(Date.now() / 1000) * 1000;
        for (const o of ops) {
          if (o.kind === 'tick') now += o.seconds * 1000;
          else if (o.kind === 'clear') {
            store.clear(o.scope);
            for (const k of [...model.keys()]) if (o.scope === undefined || k.startsWith(o.scope + ':')) model.delete(k);
          } else {
            const ts = now - o.ageS * 1000;
            const key = `${o.scope}:${o.nonce}`;
            const until = model.get(key);
            const expected = !(until !== undefined && until > now);
            expect(store.claim(o.scope, String(o.nonce), ts, now)).toBe(expected);
            if (expected) model.set(key, Math.ceil((ts + TTL) / 1000) * 1000);
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  it('holds 1 000 000 nonces in a table of under 64 MB, which starts small and grows with the nonces held', () => {
    const store = new NonceStore(TTL, 1_000_000);
    expect(store.maxBytes).toBeLessThanOrEqual(64 * 1024 * 1024);
    expect(store.bytes).toBeLessThanOrEqual(256 * 1024);
    const now = Date.now();
    for (let i = 0; i < 50_000; i++) store.claim('k', `n${i}`, now, now);
    expect(store.bytes).toBeGreaterThan(50_000 * 14);
    expect(store.bytes).toBeLessThan(store.maxBytes);
    for (let i = 0; i < 50_000; i++) expect(store.claim('k', `n${i}`, now, now + 1000)).toBe(false);
    expect(store.size).toBe(50_000);
  });

  it('growing keeps every nonce, also those whose probe chains wrapped around the smaller table', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 5_000 }), { maxLength: 3_000 }), fc.integer({ min: 0, max: 600 }), (nonces, ageS) => {
        // Starts at 1024 slots and grows twice (to 8192).
        const store = new NonceStore(TTL, 3_000, () => {}, 1024);
        const now = Math.floor(Date.now() / 1000) * 1000;
        const seen = new Set<number>();
        for (const n of nonces) {
          expect(store.claim('k', String(n), now - ageS * 1000, now)).toBe(!seen.has(n));
          seen.add(n);
        }
        for (const n of seen) expect(store.claim('k', String(n), now, now + 1000)).toBe(false);
        expect(store.size).toBe(seen.size);
      }),
      { numRuns: 50 },
    );
  });
});
