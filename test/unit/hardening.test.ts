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
