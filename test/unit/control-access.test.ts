import { describe, expect, it } from 'vitest';
import { controlAccess, scopeFor } from '../../src/control/access.js';
import { CredentialStore } from '../../src/gateway/credentials.js';
import { memoryMock, VALID_CERT } from '../helpers/mock.js';
import { execute } from '../helpers/saf.js';

const INIT = { method: 'init', name: '张三', certNumber: VALID_CERT, metainfo: '{}' };
const KEYS = [
  { id: 'a1', secret: 's1' },
  { id: 'a2', secret: 's2' },
];
type Json = Record<string, unknown>;
const basic = (id: string, secret: string): Record<string, string> => ({ authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}` });

async function control(app: ReturnType<typeof memoryMock>['app'], method: string, path: string, headers: Record<string, string>, body?: unknown): Promise<{ status: number; json: Json }> {
  const res = await app.request(path, { method, headers: { 'content-type': 'application/json', ...headers }, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, json: (await res.json()) as Json };
}

/** A shared mock with two keys, each with a session and journal entries. */
async function sharedMock(adminToken?: string) {
  const mock = memoryMock({ accessKeys: KEYS, adminToken, completeAfterMs: null });
  for (const k of KEYS) await execute(mock.app, 'face_verify', INIT, { accessKeyId: k.id, secret: k.secret });
  return mock;
}

describe('per-key control credentials', () => {
  for (const adminToken of ['T0ken', undefined]) {
    it(`HTTP Basic AccessKeyId:secret reads and changes that key only (admin token ${adminToken ? 'set' : 'not set'})`, async () => {
      const { app, rt } = await sharedMock(adminToken);
      const a1 = basic('a1', 's1');
      const requests = await control(app, 'GET', '/__saf/requests', a1);
      expect(requests.status).toBe(200);
      expect(new Set((requests.json.requests as Json[]).map((e) => e.accessKeyId))).toEqual(new Set(['a1']));
      expect((await control(app, 'GET', '/__saf/requests?accessKeyId=a2', a1)).status).toBe(403);
      const sessions = (await control(app, 'GET', '/__saf/sessions', a1)).json.sessions as Json[];
      expect(sessions.map((s) => s.accessKeyId)).toEqual(['a1']);
      const other = rt.verifications.list('a2')[0]!;
      expect((await control(app, 'GET', `/__saf/sessions/${other.id}`, a1)).status).toBe(404);
      expect((await control(app, 'POST', `/__saf/sessions/${other.id}/complete`, a1, { outcome: 'passed', accessKeyId: 'a2' })).status).toBe(403);
      expect((await control(app, 'POST', `/__saf/sessions/${other.id}/complete`, a1, { outcome: 'passed' })).status).toBe(404);
      // Fixture rules put with a key credential go to that key, never to the global scope.
      const put = await control(app, 'PUT', '/__saf/fixtures', a1, [{ id: 'mine', scenario: '402' }]);
      expect(put.json).toMatchObject({ scope: 'a1' });
      expect((await control(app, 'PUT', '/__saf/fixtures?accessKeyId=a2', a1, [{ id: 'theirs', scenario: '402' }])).status).toBe(403);
      expect((await execute(app, 'face_verify', INIT, { accessKeyId: 'a2', secret: 's2' })).body.Code).toBe(200);
      expect((await execute(app, 'face_verify', INIT, { accessKeyId: 'a1', secret: 's1' })).body.Code).toBe(402);
      expect((await control(app, 'POST', '/__saf/fixtures/reload', a1)).status).toBe(403);
      // A reset with a key credential forgets that key only.
      expect((await control(app, 'POST', '/__saf/reset', a1)).json).toEqual({ reset: 'a1' });
      expect(rt.verifications.list('a1')).toHaveLength(0);
      expect(rt.verifications.list('a2').length).toBeGreaterThan(0);
      expect((await control(app, 'POST', '/__saf/reset?accessKeyId=a2', a1)).status).toBe(403);
    });
  }

  it('a wrong secret, an unknown key or a malformed Basic header is 401; no credential is 401 when an admin token is set', async () => {
    const { app } = await sharedMock('T0ken');
    for (const headers of [basic('a1', 's2'), basic('nobody', 's1'), { authorization: 'Basic !!!' }, {}]) {
      expect((await control(app, 'GET', '/__saf/requests', headers)).status).toBe(401);
    }
  });

  it('the admin token sees every key; without any token the API stays open', async () => {
    const admin = await sharedMock('T0ken');
    const all = (await control(admin.app, 'GET', '/__saf/sessions', { 'x-saf-mock-admin-token': 'T0ken' })).json.sessions as Json[];
    expect(new Set(all.map((s) => s.accessKeyId))).toEqual(new Set(['a1', 'a2']));
    expect((await control(admin.app, 'GET', '/__saf/sessions', { authorization: 'Bearer T0ken' })).status).toBe(200);
    const open = await sharedMock();
    expect(((await control(open.app, 'GET', '/__saf/sessions', {})).json.sessions as Json[]).length).toBe(2);
  });
});

describe('controlAccess, the rule the dashboard follows', () => {
  const policy = { adminToken: 'T', credentials: new CredentialStore(KEYS) };
  const headers = (h: Record<string, string>) => (name: string) => h[name];
  it('decides admin, key, open or denied from the headers', () => {
    expect(controlAccess(policy, headers({ 'x-saf-mock-admin-token': 'T' }))).toEqual({ kind: 'admin' });
    expect(controlAccess(policy, headers(basic('a2', 's2')))).toEqual({ kind: 'key', accessKeyId: 'a2' });
    expect(controlAccess(policy, headers({})).kind).toBe('denied');
    expect(controlAccess({ credentials: policy.credentials }, headers({}))).toEqual({ kind: 'open' });
    expect(controlAccess({ credentials: policy.credentials }, headers(basic('a2', 'nope'))).kind).toBe('denied');
  });
  it('scopes a key credential to its own key', () => {
    expect(scopeFor({ kind: 'key', accessKeyId: 'a1' }, undefined)).toEqual({ ok: true, scope: 'a1' });
    expect(scopeFor({ kind: 'key', accessKeyId: 'a1' }, 'a2').ok).toBe(false);
    expect(scopeFor({ kind: 'admin' }, undefined)).toEqual({ ok: true, scope: undefined });
  });
});
