import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../../src/store/store.js';
import { NonceStore } from '../../src/gateway/replay.js';
import { Journal } from '../../src/journal.js';

describe('MemoryStore', () => {
  it('keeps records per scope, newest first', () => {
    const s = new MemoryStore<number>(1000, 10);
    s.set('a', 'x', 1);
    s.set('b', 'x', 2);
    s.set('a', 'y', 3);
    expect(s.get('a', 'x')).toBe(1);
    expect(s.get('b', 'x')).toBe(2);
    expect(s.list('a')).toEqual([3, 1]);
    expect(s.list()).toEqual([3, 2, 1]);
    s.clear('a');
    expect(s.list()).toEqual([2]);
  });
  it('expires records after the TTL', () => {
    let now = 0;
    const s = new MemoryStore<string>(100, 10, () => now);
    s.set('a', 'k', 'v');
    now = 99;
    expect(s.get('a', 'k')).toBe('v');
    now = 100;
    expect(s.get('a', 'k')).toBeUndefined();
    expect(s.list()).toEqual([]);
  });
  it('is bounded: the oldest record goes first', () => {
    const s = new MemoryStore<number>(1_000_000, 3);
    for (let i = 0; i < 10; i++) s.set('a', String(i), i);
    expect(s.size).toBe(3);
    expect(s.list('a')).toEqual([9, 8, 7]);
  });
});

describe('NonceStore', () => {
  it('refuses a repeat within the TTL, per scope', () => {
    const n = new NonceStore(10_000, 100);
    const t0 = Date.now();
    expect(n.use('a', 'x', t0)).toBe(true);
    expect(n.use('a', 'x', t0 + 9_000)).toBe(false);
    expect(n.use('b', 'x', t0 + 9_000)).toBe(true);
    expect(n.use('a', 'x', t0 + 11_000)).toBe(true);
  });
  it('sweeps expired nonces and stays bounded under a flood', () => {
    const n = new NonceStore(1000, 3000);
    const t0 = Date.now();
    for (let i = 0; i < 100_000; i++) n.use('a', `n${i}`, t0 + i);
    expect(n.size).toBeLessThanOrEqual(3000);
  });
});

describe('Journal', () => {
  const base = { time: '', requestId: '', accessKeyId: 'a', httpMethod: 'POST', client: null, scheme: 'none' as const, signatureVerified: false, action: null, version: null, service: null, method: null, params: {}, scenario: 'default', retryAttempts: null, status: 200, code: 200, outcome: 'success' as const, durationMs: 0 };
  it('is bounded and newest first', () => {
    const j = new Journal(2);
    for (let i = 0; i < 5; i++) j.add({ ...base, requestId: String(i) });
    expect(j.list().map((e) => e.requestId)).toEqual(['4', '3']);
  });
  it('keeps entries of any size across slot chunks, in order, through wrap-around and clear', () => {
    const j = new Journal(600);
    const big = '张'.repeat(1500); // over one slot in UTF-8: kept aside, not truncated
    for (let i = 0; i < 700; i++) j.add({ ...base, requestId: String(i), accessKeyId: i % 2 ? 'odd' : 'even', client: i % 50 === 0 ? big : 'ua' });
    const all = j.list();
    expect(all).toHaveLength(600);
    expect(all[0]!.requestId).toBe('699');
    expect(all[599]!.requestId).toBe('100');
    expect(all.find((e) => e.requestId === '650')!.client).toBe(big);
    j.clear('odd');
    expect(j.list().every((e) => e.accessKeyId === 'even')).toBe(true);
    expect(j.size).toBe(300);
    j.add({ ...base, requestId: 'new' });
    expect(j.list()[0]!.requestId).toBe('new');
  });
  it('reads back every entry exactly when its text ends at or around the end of a slot, in 1- to 4-byte characters', () => {
    // Texts of every length near 2048 and 4096 bytes or UTF-16 units (a slot's size), ending in characters of
    // each UTF-8 width: each fits its slot or is kept aside, whole either way.
    const j = new Journal(1000);
    const clients: string[] = [];
    const bareLength = JSON.stringify({ id: 1, ...base, client: '' }).length;
    for (const tail of ['a', 'é', '张', '😀']) {
      for (const end of [1024, 2048, 4096]) for (let pad = end - bareLength - 12; pad <= end - bareLength + 4; pad++) clients.push('x'.repeat(pad) + tail);
    }
    for (const client of clients) j.add({ ...base, client });
    expect(j.list().map((e) => e.client).reverse()).toEqual(clients);
  });
});
