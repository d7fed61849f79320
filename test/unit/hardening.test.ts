import { describe, expect, it } from 'vitest';
import { memoryMock } from '../helpers/mock.js';
import { execute } from '../helpers/saf.js';
import { signedV3 } from '../helpers/sign.js';

describe('odd value shapes never become a 500', () => {
  it('a method that is an object with its own toString is the documented 参数method不合法', async () => {
    const { app, logs } = memoryMock();
    for (const method of [{ toString: 1 }, { toString: {} }, { valueOf: 1, toString: 1 }, [1], 12, true]) {
      const r = await execute(app, 'face_verify', { method });
      expect(r.status, JSON.stringify(method)).toBe(200);
      expect(r.body.Code).toBe(400);
      expect(r.body.Message).toBe('参数method不合法');
    }
    expect(logs.filter((l) => l.startsWith('ERROR'))).toEqual([]);
  });

  it('fin_face_verify too: an object method is its documented invalid-method answer, never a 500', async () => {
    const { app, logs } = memoryMock();
    for (const method of [{ toString: 1 }, { toString: '' }, [1], 7]) {
      const r = await execute(app, 'fin_face_verify', { method });
      expect(r.status, JSON.stringify(method)).toBe(200);
      expect(r.body.Code).toBe(401);
    }
    expect(logs.filter((l) => l.startsWith('ERROR'))).toEqual([]);
  });

  it('the same with mock headers set: a delay still applies, a scenario for every method still answers', async () => {
    const { app } = memoryMock();
    const delayed = await execute(app, 'face_verify', { method: { toString: 1 } }, { headers: { 'x-saf-mock-delay': '1' } });
    expect(delayed.body.Message).toBe('参数method不合法');
    const throttled = await execute(app, 'face_verify', { method: { toString: 1 } }, { headers: { 'x-saf-mock-fault': 'throttle' } });
    expect(throttled.status).toBe(400);
    expect(throttled.text).toContain('Throttling.User');
  });

  it('{"toString":{}} in other fields is a field error of the schema', async () => {
    const { app } = memoryMock();
    const r = await execute(app, 'face_verify', { method: 'init', name: { toString: {} }, certNumber: { toString: 1 }, metainfo: '{}' });
    expect(r.status).toBe(200);
    expect(r.body.Code).toBe(400);
    expect(String(r.body.Message)).toMatch(/^参数(name|certNumber)不合法$/);
  });
});

describe('nesting too deep to handle', () => {
  it('an ACS3 JSON body with ServiceParameters nested 200 000 levels is RequestParameterMalformed, not a 500', async () => {
    const { app, logs } = memoryMock();
    const deep = '['.repeat(200_000) + ']'.repeat(200_000);
    const req = signedV3({ body: `{"Service":"face_verify","ServiceParameters":{"method":"init","name":${deep}}}` });
    const res = await app.request(req.path, req.init);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { Code: string }).Code).toBe('RequestParameterMalformed');
    expect(logs.filter((l) => l.startsWith('ERROR'))).toEqual([]);
  });
});

describe('fixture regexes run in linear time', () => {
  it('^(a+)+$ against 10 000 "a" and "!" answers at once and does not match', async () => {
    const { app, rt } = memoryMock();
    await rt.fixtures.put('', [{ id: 'redos', match: { params: { name: { regex: '^(a+)+$' } } }, scenario: '400' }]);
    const started = performance.now();
    const r = await execute(app, 'face_verify', { method: 'init', name: 'a'.repeat(10_000) + '!', certNumber: '11010519491231002X', metainfo: '{}' });
    const elapsed = performance.now() - started;
    // The rule did not match: the product answered by itself.
    expect(r.scenario).not.toBe('redos');
    expect(r.body.Code).not.toBe(undefined);
    // Backtracking would take longer than the universe's age; RE2 takes milliseconds. (A loose bound, not a benchmark.)
    expect(elapsed).toBeLessThan(5_000);
    const hit = await execute(app, 'face_verify', { method: 'init', name: 'a'.repeat(10_000), certNumber: '11010519491231002X', metainfo: '{}' });
    expect(hit.scenario).toBe('redos');
  });

  it('lookaround and backreferences are refused when the rule is loaded, with a clear reason', async () => {
    const { rt } = memoryMock();
    const { FixtureError } = await import('../../src/scenarios/rules.js');
    for (const regex of ['(?=a)b', '(a)\\1']) {
      try {
        await rt.fixtures.put('', [{ id: 'x', match: { params: { name: { regex } } }, scenario: '400' }]);
        expect.unreachable(regex);
      } catch (e) {
        expect(e).toBeInstanceOf(FixtureError);
        expect((e as Error).message).toMatch(/invalid regular expression for RE2/);
      }
    }
  });

  it('values longer than 64 KiB never match a regex rule', async () => {
    const { compileLinearRegex, MAX_REGEX_INPUT_CHARS } = await import('../../src/scenarios/linear-regex.js');
    const any = compileLinearRegex('a');
    expect(any.test('a'.repeat(MAX_REGEX_INPUT_CHARS))).toBe(true);
    expect(any.test('a'.repeat(MAX_REGEX_INPUT_CHARS + 1))).toBe(false);
  });
});

describe('forged requests stay out of a key state', () => {
  const INIT = { method: 'init', name: '张三', certNumber: '11010519491231002X', metainfo: '{}' };

  it('1 100 forged requests claiming a key do not evict its verified journal entries; they are listed apart, marked unauthenticated', async () => {
    const { app, rt } = memoryMock({ journalMaxEntries: 1000 });
    const verified = await execute(app, 'face_verify', INIT);
    expect(verified.body.Code).toBe(200);
    for (let i = 0; i < 1100; i++) {
      const forged = await execute(app, 'face_verify', INIT, { secret: 'not-the-secret' });
      expect(forged.status).toBe(400);
    }
    const entries = await rt.journal.list({ accessKeyId: 'testAccessKeyId' });
    const mine = entries.filter((e) => e.signatureVerified);
    expect(mine.map((e) => e.requestId)).toEqual([verified.body.RequestId]);
    const forged = entries.filter((e) => !e.signatureVerified);
    expect(forged).toHaveLength(1000);
    expect(forged.every((e) => e.unauthenticated === true)).toBe(true);
    expect(mine[0]!.unauthenticated).toBeUndefined();
    // Newest first across both rings.
    expect(entries[0]!.id).toBeGreaterThan(entries[entries.length - 1]!.id);
  });

  it('forged requests do not draw from the key seeded sequence: --seed stays repeatable', async () => {
    const ids = async (withForgeries: boolean): Promise<string[]> => {
      const { app } = memoryMock({ seed: 42 });
      const out: string[] = [];
      for (let i = 0; i < 3; i++) {
        if (withForgeries) await execute(app, 'face_verify', INIT, { secret: 'forged' });
        const r = await execute(app, 'face_verify', INIT);
        out.push(r.body.RequestId, JSON.stringify(r.body.Data));
      }
      return out;
    };
    const { loadFaker } = await import('../../src/saf/data-gen.js');
    await loadFaker();
    expect(await ids(true)).toEqual(await ids(false));
  });
});

describe('decoding megabyte values', () => {
  it('decodes like decodeURIComponent, and refuses what it refuses', async () => {
    const { decodeForm } = await import('../../src/gateway/params.js');
    const { percentEncode } = await import('../../src/gateway/encode.js');
    const { GatewayError } = await import('../../src/gateway/errors.js');
    const big = 'x'.repeat(70_000) + '张三 🙂 "a&b=c" %';
    expect(decodeForm(`v=${percentEncode(big)}`).get('v')).toBe(big);
    expect(decodeForm(`v=${'a'.repeat(70_000)}+%E5%BC%A0张`).get('v')).toBe('a'.repeat(70_000) + ' 张张');
    for (const bad of ['%zz', '%E4%B8', '%ED%A0%80', '%']) {
      expect(() => decodeForm(`v=${'a'.repeat(70_000)}${bad}`), bad).toThrow(GatewayError);
    }
  });
});
