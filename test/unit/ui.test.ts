import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { journalBody } from '../../src/journal-body.js';
import { adminTokenFromCookie, tokenMatches } from '../../src/ui/auth.js';
import { faceVerifyOutcomes, h5Message } from '../../src/ui/outcomes.js';
import { memoryMock, VALID_CERT } from '../helpers/mock.js';
import { execute } from '../helpers/saf.js';

describe('pages and dashboard stay off the cold-start path', () => {
  it('the app and the control API import only the light UI modules (mount, auth, lookup), never the pages', () => {
    for (const file of ['src/app.ts', 'src/control/routes.ts', 'src/ui/mount.ts', 'src/ui/auth.ts', 'src/ui/lookup.ts']) {
      const imports = [...readFileSync(file, 'utf8').matchAll(/^import\s[^;]*?from\s+'([^']+)'/gms)].map((m) => m[1]!);
      for (const spec of imports) {
        expect(spec, `${file} imports ${spec}`).not.toMatch(/hono\/jsx|hono\/html|hono\/streaming|ui\/(app|pages|dashboard|phone|layout)/);
      }
    }
  });

  it('the first page request loads the UI; the gateway answers without it', async () => {
    const { app } = memoryMock({ completeAfterMs: null });
    const init = await execute(app, 'face_verify', { method: 'init', name: '张三', certNumber: VALID_CERT, metainfo: '{}' });
    expect(init.body.Code).toBe(200);
    const res = await app.request('/__saf/ui', { headers: { host: '127.0.0.1' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(await res.text()).toContain('saf-mock dashboard');
  });
});

describe('GET /__saf/sessions pageUrl', () => {
  it('is absolute, on the host the caller used, per flow', async () => {
    const { app } = memoryMock({ completeAfterMs: null });
    const h5 = await execute(app, 'face_verify', { method: 'initH5', name: '张三', certNumber: VALID_CERT, metainfo: '{}' });
    const zimId = (h5.body.Data as { zimId: string }).zimId;
    const appFlow = await execute(app, 'face_verify', { method: 'init', name: '张三', certNumber: VALID_CERT, metainfo: '{}' });
    const queryId = (appFlow.body.Data as { queryId: string }).queryId;
    const res = await app.request('/__saf/sessions', { headers: { host: 'mock.test:8931' } });
    const { sessions } = (await res.json()) as { sessions: { id: string; pageUrl: string }[] };
    expect(sessions.find((s) => s.id === zimId)?.pageUrl).toBe(`http://mock.test:8931/__saf/pages/h5?zimId=${zimId}&accessKeyId=testAccessKeyId`);
    expect(sessions.find((s) => s.id === queryId)?.pageUrl).toBe(`http://mock.test:8931/__saf/pages/app?queryId=${queryId}&accessKeyId=testAccessKeyId`);
    const one = (await (await app.request(`/__saf/sessions/${zimId}`, { headers: { host: 'other:1' } })).json()) as { pageUrl: string };
    expect(one.pageUrl).toBe(`http://other:1/__saf/pages/h5?zimId=${zimId}&accessKeyId=testAccessKeyId`);
  });
});

describe('admin token', () => {
  it('the control API takes the dashboard cookie; the dashboard asks for the token; verification pages stay open', async () => {
    const { app } = memoryMock({ adminToken: 't0ken', completeAfterMs: null });
    expect((await app.request('/__saf/sessions')).status).toBe(401);
    expect((await app.request('/__saf/sessions', { headers: { cookie: 'other=1; saf_mock_admin=t0ken' } })).status).toBe(200);
    expect((await app.request('/__saf/sessions', { headers: { cookie: 'saf_mock_admin=nope' } })).status).toBe(401);

    const ui = await app.request('/__saf/ui');
    expect(ui.status).toBe(401);
    expect(await ui.text()).toContain('Admin token');
    expect((await app.request('/__saf/ui/phone')).status).toBe(401);
    expect((await app.request('/__saf/ui/events')).status).toBe(401);

    const login = await app.request('/__saf/ui/login', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'token=t0ken' });
    expect(login.status).toBe(303);
    expect(login.headers.get('set-cookie')).toBe('saf_mock_admin=t0ken; Path=/__saf; HttpOnly; SameSite=Strict');
    const refused = await app.request('/__saf/ui/login', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'token=x' });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('set-cookie')).toBeNull();
    expect((await app.request('/__saf/ui', { headers: { cookie: 'saf_mock_admin=t0ken' } })).status).toBe(200);

    const h5 = await execute(app, 'face_verify', { method: 'initH5', name: '张三', certNumber: VALID_CERT, metainfo: '{}' });
    const zimId = (h5.body.Data as { zimId: string }).zimId;
    expect((await app.request(`/__saf/pages/h5?zimId=${zimId}`)).status).toBe(200);
  });

  it('reads the cookie among others and compares tokens by value', () => {
    expect(adminTokenFromCookie('a=1; saf_mock_admin=x%20y; b=2')).toBe('x y');
    expect(adminTokenFromCookie('a=1')).toBeUndefined();
    expect(adminTokenFromCookie('saf_mock_admin=%E0%A4%A')).toBeUndefined();
    expect(tokenMatches('abc', 'abc')).toBe(true);
    expect(tokenMatches('abd', 'abc')).toBe(false);
    expect(tokenMatches(undefined, 'abc')).toBe(false);
  });
});

describe('pages completing a verification', () => {
  it('an unknown outcome is refused (400) and changes nothing', async () => {
    const { app } = memoryMock({ completeAfterMs: null });
    const h5 = await execute(app, 'face_verify', { method: 'initH5', name: '张三', certNumber: VALID_CERT, metainfo: '{}' });
    const zimId = (h5.body.Data as { zimId: string }).zimId;
    const res = await app.request(`/__saf/pages/h5?zimId=${zimId}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'outcome=Z9999' });
    expect(res.status).toBe(400);
    const session = (await (await app.request(`/__saf/sessions/${zimId}`)).json()) as { status: string };
    expect(session.status).toBe('pending');
  });

  it('maps each H5 outcome to the message the real page posts', () => {
    const byId = Object.fromEntries(faceVerifyOutcomes('h5').map((o) => [o.id, h5Message(o)]));
    expect(byId.passed).toEqual({ retCode: 1000, retCodeSub: 'Z1140', retMessageSub: '刷脸通过(Z1140)' });
    expect(byId.Z1146).toEqual({ retCode: 2006, retCodeSub: 'Z1146', retMessageSub: '抱歉，没有认出您(Z1146)' });
    expect(byId.cancelled?.retCode).toBe(1003);
    expect(byId['query.500']?.retCodeSub).toBe('Z1141');
    expect(faceVerifyOutcomes('app').map((o) => o.id)).not.toContain('cancelled');
  });

  it('page text is escaped: a name with markup is shown as text', async () => {
    const { app } = memoryMock({ completeAfterMs: null });
    const h5 = await execute(app, 'face_verify', { method: 'initH5', name: '<b>x</b><script>', certNumber: VALID_CERT, metainfo: '{}' });
    const zimId = (h5.body.Data as { zimId: string }).zimId;
    const html = await (await app.request(`/__saf/pages/h5?zimId=${zimId}`)).text();
    expect(html).not.toContain('<script>&');
    expect(html).not.toContain('</b><script>');
  });
});

describe('journal response body', () => {
  it('keeps short bodies as sent, elides photos and full ID numbers, cuts long ones', () => {
    expect(journalBody('{"Code":200}')).toBe('{"Code":200}');
    expect(journalBody(undefined)).toBeUndefined();
    const photo = '_9j_4AAQ' + 'A'.repeat(5000);
    const withPhoto = journalBody(`{"Data":{"image":"${photo}"},"Code":200}`)!;
    expect(withPhoto).toBe(`{"Data":{"image":"<${photo.length} base64 chars elided>"},"Code":200}`);
    expect(journalBody('{"certNo":"11010519491231002X"}')).toBe('{"certNo":"110105********002X"}');
    const long = journalBody('ab, '.repeat(1000))!;
    expect(long.length).toBeLessThan(1100);
    expect(long).toMatch(/more chars>$/);
  });
});
