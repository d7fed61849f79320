import { describe, expect, it } from 'vitest';
import { PackedStore } from '../../src/store/packed.js';
import { NonceStore } from '../../src/gateway/replay.js';
import { Journal } from '../../src/journal.js';
import { CompactRecord, entryOfFacts, isCompact, type RequestFacts } from '../../src/journal-record.js';
import { addJsonBodyParams, decodeForm, decodeSmallRequest } from '../../src/gateway/params.js';

describe('PackedStore', () => {
  it('keeps records per scope, newest first', () => {
    const s = new PackedStore(1000, 10);
    s.set('a', 'x', '1');
    s.set('b', 'x', '2');
    s.set('a', 'y', '3');
    expect(s.get('a', 'x')).toBe('1');
    expect(s.get('b', 'x')).toBe('2');
    expect(s.get('b', 'y')).toBeUndefined();
    expect(s.list('a')).toEqual(['3', '1']);
    expect(s.list()).toEqual(['3', '2', '1']);
    s.clear('a');
    expect(s.list()).toEqual(['2']);
    expect(s.size).toBe(1);
  });
  it('gives back any text as it was set: Chinese, emoji, a lone surrogate pair and control characters', () => {
    const s = new PackedStore(1000, 10);
    const texts = ['{"name":"张三"}', '😀 ok', '\u0000\u0001\n', 'é'.repeat(3000), ''];
    texts.forEach((t, i) => s.set('a', String(i), t));
    texts.forEach((t, i) => expect(s.get('a', String(i))).toBe(t));
  });
  it('expires records after the TTL', () => {
    let now = 0;
    const s = new PackedStore(100, 10, () => now);
    s.set('a', 'k', 'v');
    now = 99;
    expect(s.get('a', 'k')).toBe('v');
    now = 100;
    expect(s.get('a', 'k')).toBeUndefined();
    expect(s.list()).toEqual([]);
    expect(s.size).toBe(0);
  });
  it('is bounded: the oldest record goes first, through many wraps of the ring', () => {
    const s = new PackedStore(1_000_000, 3);
    for (let i = 0; i < 10; i++) s.set('a', String(i), String(i));
    expect(s.size).toBe(3);
    expect(s.list('a')).toEqual(['9', '8', '7']);
    expect(s.get('a', '6')).toBeUndefined();
    for (let i = 10; i < 3000; i++) s.set(i % 2 ? 'odd' : 'even', String(i), String(i));
    expect(s.list()).toEqual(['2999', '2998', '2997']);
  });
  it('an update keeps the record\'s place and expiry', () => {
    let now = 0;
    const s = new PackedStore(100, 3, () => now);
    s.set('a', 'x', 'old');
    now = 50;
    s.set('a', 'y', 'y');
    s.set('a', 'x', 'new');
    expect(s.list()).toEqual(['y', 'new']);
    now = 100;
    expect(s.get('a', 'x')).toBeUndefined();
    expect(s.get('a', 'y')).toBe('y');
  });
  it('after a scope is cleared or a record deleted, holds its bound of live records again', () => {
    const s = new PackedStore(1_000_000, 4);
    for (let i = 0; i < 4; i++) s.set(i % 2 ? 'b' : 'a', String(i), String(i));
    s.clear('a');
    expect(s.list()).toEqual(['3', '1']);
    for (let i = 4; i < 6; i++) s.set('c', String(i), String(i));
    // Four live records fit: none of b's was dropped to make room.
    expect(s.list()).toEqual(['5', '4', '3', '1']);
    expect(s.delete('b', '1')).toBe(true);
    expect(s.delete('b', '1')).toBe(false);
    s.set('c', '6', '6');
    s.set('c', '7', '7');
    expect(s.list()).toEqual(['7', '6', '5', '4']);
    expect(s.size).toBe(4);
    s.clear();
    expect(s.size).toBe(0);
    s.set('a', 'z', 'z');
    expect(s.list()).toEqual(['z']);
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

describe('Journal: compact records', () => {
  const FORM = 'application/x-www-form-urlencoded';
  /** The facts of a request as the gateway decoded it (journal-record.ts). */
  function facts(rawQuery: string, body: Buffer, contentType: string, acs3 = false, over: Partial<RequestFacts> = {}): RequestFacts {
    const params = decodeSmallRequest(decodeForm(rawQuery), body, contentType);
    if (acs3) addJsonBodyParams(body, contentType, params);
    const sp = params.get('ServiceParameters');
    return {
      time: Date.UTC(2026, 11, 2, 18, 0, 0, 123), requestId: 'RID', accessKeyId: 'ak', httpMethod: 'POST', client: 'ua/1 "quoted"', scheme: 'HMAC-SHA1',
      authenticated: true, stringToSign: 'POST&%2F&x', canonicalRequest: undefined, action: 'ExecuteRequest', version: '2017-03-31', service: 'face_verify',
      method: 'init', scenario: 'default', retryAttempts: null, status: 200, code: 200, outcome: 'success', durationMs: 0.42, rawQuery, body, contentType, acs3,
      params, parsedServiceParameters: sp === undefined ? undefined : (JSON.parse(sp) as Record<string, string>), large: undefined,
      responseText: '{"Code":200,"Data":{"certNo":"110101199003070011"}}', ...over,
    };
  }
  const sp = JSON.stringify({ method: 'init', name: '张三', certNumber: '110101199003070011', imgbase64: 'A'.repeat(300), nested: { certNo: '110101199003070011' } });
  const cases: Array<[string, RequestFacts]> = [
    ['a form body with a Chinese name, an ID number, a photo and the signature', facts('', Buffer.from(`Signature=c2lnbmF0dXJl&AccessKeyId=ak&ServiceParameters=${encodeURIComponent(sp)}&Service=face_verify`), FORM)],
    ['parameters in the query (GET)', facts(`Action=ExecuteRequest&Signature=abc%2B%2F&ServiceParameters=${encodeURIComponent(sp)}`, Buffer.alloc(0), '', false, { httpMethod: 'GET', code: '200' })],
    ['an ACS3 JSON body', facts('Service=face_verify', Buffer.from(JSON.stringify({ ServiceParameters: sp, SecurityToken: 'sts-token', n: 3, o: { a: 1 } })), 'application/json', true, { scheme: 'ACS3-HMAC-SHA256', client: null, retryAttempts: '2' })],
    ['a body of bytes that are not UTF-8, with control characters', facts('', Buffer.concat([Buffer.from([0x41, 0x3d, 0xff, 0xfe, 0x00, 0x0a, 0x80]), Buffer.from('&B=%E5%BC%A0')]), FORM)],
    ['a body that is not a form', facts('', Buffer.from('ignored=1'), 'text/plain', false, { responseText: undefined, status: 0, code: null, outcome: 'fault' })],
  ];
  for (const [name, f] of cases) {
    it(`reads back exactly the entry built at once, elided: ${name}`, () => {
      expect(isCompact(f)).toBe(true);
      const j = new Journal(10);
      j.add(new CompactRecord(f));
      j.add(entryOfFacts(f));
      const [eager, compact] = j.list();
      expect({ ...compact, id: 0 }).toStrictEqual({ ...eager, id: 0 });
      // Read again: the same (built once, then kept as text).
      expect(j.list()[1]).toStrictEqual(compact);
      const text = JSON.stringify(compact);
      for (const secret of ['c2lnbmF0dXJl', 'sts-token', '110101199003070011', 'A'.repeat(300)]) expect(text).not.toContain(secret);
    });
  }
  it('keeps a request as its record only when it is verified and small', () => {
    const f = cases[0]![1];
    expect(isCompact({ ...f, authenticated: false })).toBe(false);
    expect(isCompact({ ...f, body: Buffer.alloc(2000, 0x41) })).toBe(false);
    expect(isCompact({ ...f, large: new Map() })).toBe(false);
  });
});

