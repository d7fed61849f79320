import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext } from 'playwright-core';
import { resolveConfig } from '../../src/config.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { callCloudauth, type Fields } from '../sdk/cloudauth-client.js';
import { VALID_CERT } from '../helpers/mock.js';
import { openBrowser, saf } from './setup.js';

let browser: { context: BrowserContext; close(): Promise<void> };
let mock: RunningServer;
/** The mock's clock runs this much ahead of the real one (to reach a CertifyId's 30-minute expiry). */
let clockAhead = 0;

/** "Your server": the ReturnUrl page and the CallbackUrl receiver. */
let app: Server;
let appUrl = '';
const callbacks: URL[] = [];

beforeAll(async () => {
  browser = await openBrowser();
  mock = await startServer(resolveConfig({ port: 0, host: '127.0.0.1', completeAfterMs: null }), { log: () => {}, now: () => Date.now() + clockAhead });
  app = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === '/callback') callbacks.push(url);
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(url.pathname === '/return' ? '<!doctype html><title>Your app</title><h1>Back in your app</h1>' : 'ok');
  });
  await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
  appUrl = `http://127.0.0.1:${(app.address() as AddressInfo).port}`;
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await mock?.close();
  await new Promise<void>((resolve) => (app ? app.close(() => resolve()) : resolve()));
});

const SCENE = 1000000006;
const INIT: Fields = { sceneId: SCENE, outerOrderNo: 'e0c34a77f5ac40a5aa5e6ed20c353888', productCode: 'ID_PRO', model: 'LIVENESS', certType: 'IDENTITY_CARD', certName: '张三', certNo: VALID_CERT, metaInfo: '{"zimVer":"3.0.0","deviceType":"ios"}' };

async function initFaceVerify(extra: Fields): Promise<{ certifyId: string; certifyUrl: string }> {
  const r = await callCloudauth(mock.url, 'initFaceVerify', { ...INIT, ...extra }, { signing: 'acs3' });
  expect(r.error, r.error?.message).toBeUndefined();
  expect(r.code, r.message).toBe('200');
  return r.resultObject as { certifyId: string; certifyUrl: string };
}

async function waitFor<T>(probe: () => T | undefined, what: string): Promise<T> {
  for (let i = 0; i < 100; i++) {
    const v = probe();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('CertifyUrl page (Cloudauth InitFaceVerify)', () => {
  it('passed: lands on ReturnUrl with certifyId/passed/subCode, the callback arrives, DescribeFaceVerify says Passed "T"', async () => {
    const { certifyId, certifyUrl } = await initFaceVerify({ returnUrl: `${appUrl}/return?order=42`, callbackUrl: `${appUrl}/callback`, callbackToken: 'tok-1' });
    const page = await browser.context.newPage();
    await page.goto(certifyUrl);
    const text = (await page.textContent('body')) ?? '';
    expect(text).toContain('simulated verification page');
    expect(text).toContain('*三');
    expect(text).not.toContain(VALID_CERT);
    await page.getByRole('button', { name: /^passed/ }).click();
    await page.waitForURL((u) => u.pathname === '/return');
    await expect(page.getByRole('heading').textContent()).resolves.toBe('Back in your app');
    const landed = new URL(page.url());
    expect(Object.fromEntries(landed.searchParams)).toEqual({ order: '42', certifyId, passed: 'T', subCode: '200' });

    const callback = await waitFor(() => callbacks.find((u) => u.searchParams.get('certifyId') === certifyId), 'the callback');
    expect(callback.searchParams.get('passed')).toBe('200');
    expect(callback.searchParams.get('callbackToken')).toBe('tok-1');

    const described = await callCloudauth(mock.url, 'describeFaceVerify', { sceneId: SCENE, certifyId }, { signing: 'acs3' });
    expect(described.code).toBe('200');
    expect(described.resultObject).toMatchObject({ passed: 'T', subCode: '200' });

    // A CertifyUrl is usable for one submission: opening it again shows that state.
    const again = await page.goto(certifyUrl);
    expect(again?.status()).toBe(409);
    await expect(page.getByRole('alert').textContent()).resolves.toContain('already used');
    await page.close();
  });

  it('SubCode 204: Passed "F", ReturnUrl gets passed=F&subCode=204, the callback passed=204', async () => {
    const { certifyId, certifyUrl } = await initFaceVerify({ returnUrl: `${appUrl}/return`, callbackUrl: `${appUrl}/callback` });
    const page = await browser.context.newPage();
    await page.goto(certifyUrl);
    await page.getByRole('button', { name: /^204\b/ }).click();
    await page.waitForURL((u) => u.pathname === '/return');
    expect(new URL(page.url()).searchParams.get('subCode')).toBe('204');
    expect(new URL(page.url()).searchParams.get('passed')).toBe('F');
    const callback = await waitFor(() => callbacks.find((u) => u.searchParams.get('certifyId') === certifyId), 'the callback');
    expect(callback.searchParams.get('passed')).toBe('204');
    const described = await callCloudauth(mock.url, 'describeFaceVerify', { sceneId: SCENE, certifyId }, { signing: 'acs3' });
    expect(described.resultObject).toMatchObject({ passed: 'F', subCode: '204' });
    await page.close();
  });

  it('offers passed and every failing SubCode (201–206) as buttons named by their id', async () => {
    const { certifyUrl } = await initFaceVerify({ returnUrl: `${appUrl}/return` });
    const page = await browser.context.newPage();
    await page.goto(certifyUrl);
    for (const id of ['passed', '201', '202', '203', '204', '205', '206']) {
      await expect(page.getByRole('button', { name: new RegExp(`^${id}\\b`) }).count()).resolves.toBe(1);
    }
    await page.close();
  });

  it('an expired CertifyId (over 30 minutes) and an unknown one show their state, not a crash', async () => {
    const { certifyUrl } = await initFaceVerify({ returnUrl: `${appUrl}/return` });
    const page = await browser.context.newPage();
    clockAhead = 31 * 60_000;
    try {
      const expired = await page.goto(certifyUrl);
      expect(expired?.status()).toBe(410);
      await expect(page.getByRole('alert').textContent()).resolves.toContain('expired');
      await expect(page.getByRole('button', { name: /^passed/ }).count()).resolves.toBe(0);
    } finally {
      clockAhead = 0;
    }
    const unknown = await page.goto(`${mock.url}/__saf/pages/certify?certifyId=ffffffffffffffffffffffffffffffff&accessKeyId=testAccessKeyId`);
    expect(unknown?.status()).toBe(404);
    await expect(page.getByRole('alert').textContent()).resolves.toContain('406');
    await page.close();
  });
});

describe('CertifyUrl page (SAF fin_face_verify)', () => {
  it('init → certifyUrl → 205 → returnUrl, and query answers passed "F"', async () => {
    const init = await saf(mock.url, { method: 'init', sceneId: String(SCENE), outerOrderNo: 'e0c34a77f5ac40a5aa5e6ed20c353889', bizCode: 'FACE', identityType: 'CERT_INFO', certType: 'IDENTITY_CARD', certName: '张三', certNo: VALID_CERT, returnUrl: `${appUrl}/return` }, { service: 'fin_face_verify' });
    const { certifyId, certifyUrl } = init.Data as { certifyId: string; certifyUrl: string };
    const page = await browser.context.newPage();
    await page.goto(certifyUrl);
    await page.getByRole('button', { name: /^205\b/ }).click();
    await page.waitForURL((u) => u.pathname === '/return');
    expect(new URL(page.url()).searchParams.get('certifyId')).toBe(certifyId);
    const query = await saf(mock.url, { method: 'query', certifyId, sceneId: String(SCENE) }, { service: 'fin_face_verify' });
    expect(query.Data).toMatchObject({ passed: 'F' });
    await page.close();
  });
});
