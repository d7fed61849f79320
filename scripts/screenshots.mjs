#!/usr/bin/env node
// Makes the README's screenshots (docs/screenshots/*.png) with the browser tests' own setup: Debian's
// Chromium through playwright-core (scripts/chromium.mjs), a seeded mock on a free 127.0.0.1 port, the
// official pop-core and Cloudauth clients for the requests. Run: npm run screenshots.
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { launchChromium } from './chromium.mjs';

const OUT = new URL('../docs/screenshots/', import.meta.url);
mkdirSync(OUT, { recursive: true });
const out = (name) => new URL(name, OUT).pathname;

try {
  if (!execFileSync('fc-list', [':lang=zh'], { encoding: 'utf8' }).trim()) {
    console.warn('screenshots: no Chinese font installed (e.g. apt-get install fonts-wqy-microhei): Chinese text will show as boxes');
  }
} catch {
  /* no fontconfig tools: nothing to check */
}

const { startServer } = await import('../dist/server.js');
const { resolveConfig } = await import('../dist/config.js');
const PopCore = (await import('@alicloud/pop-core')).default;
const RPCClient = PopCore.RPCClient ?? PopCore;

const server = await startServer(resolveConfig({ port: 0, host: '127.0.0.1', completeAfterMs: null, seed: 7 }), { log: () => {} });
const pop = (secret = 'testAccessKeySecret') =>
  new RPCClient({ endpoint: server.url, apiVersion: '2017-03-31', accessKeyId: 'testAccessKeyId', accessKeySecret: secret });
const person = { name: '张三', certNumber: '11010519491231002X' };
const exec = (client, sp, service = 'face_verify') =>
  client.request('ExecuteRequest', { Service: service, ServiceParameters: JSON.stringify(sp) }, { method: 'POST' }).catch((e) => e);

const h5 = await exec(pop(), { method: 'initH5', ...person, metainfo: '{"deviceType":"H5"}' });
// The demo host completes its own verification, so the phone shot still shows a pending one.
const h5Demo = await exec(pop(), { method: 'initH5', ...person, metainfo: '{"deviceType":"H5"}' });
const app = await exec(pop(), { method: 'init', ...person, metainfo: '{"deviceType":"ios"}' });
await exec(pop(), { method: 'query', queryId: app.Data.queryId, bizId: app.Data.bizId });
const fin = await exec(
  pop(),
  { method: 'init', sceneId: '1000000006', outerOrderNo: 'e0c34a77f5ac40a5aa5e6ed20c353888', bizCode: 'FACE', identityType: 'CERT_INFO', certType: 'IDENTITY_CARD', certName: '张三', certNo: person.certNumber, returnUrl: 'https://example.com/back' },
  'fin_face_verify',
);
await exec(pop('wrong-secret'), { method: 'query', queryId: app.Data.queryId, bizId: app.Data.bizId });

const shots = [];
const desktop = await launchChromium({ viewport: { width: 1440, height: 1000 } });
try {
  const page = await desktop.context.newPage();
  await page.goto(`${server.url}/__saf/ui`);
  await page.locator('#live.ok').waitFor();
  await page.locator('#journal-rows tr').filter({ hasText: 'SignatureDoesNotMatch' }).getByRole('button').click();
  await page.locator('#session-rows tr').first().waitFor();
  await page.screenshot({ path: out('dashboard.png'), fullPage: true });
  shots.push('dashboard.png');

  await page.goto(`${server.url}/__saf/pages/h5-demo?zimId=${h5Demo.Data.zimId}`);
  await page.frameLocator('iframe').getByRole('button', { name: /^Z1146/ }).click();
  await page.locator('#messages li[data-retcode]').waitFor();
  await page.setViewportSize({ width: 1100, height: 820 });
  await page.screenshot({ path: out('h5-demo-host.png') });
  shots.push('h5-demo-host.png');
} finally {
  await desktop.close();
}

const phone = await launchChromium({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
try {
  const page = await phone.context.newPage();
  await page.goto(`${server.url}/__saf/pages/h5?zimId=${h5.Data.zimId}`);
  await page.screenshot({ path: out('h5-phone.png') });
  shots.push('h5-phone.png');
  await page.goto(fin.Data.certifyUrl);
  await page.screenshot({ path: out('certify-phone.png') });
  shots.push('certify-phone.png');
} finally {
  await phone.close();
  await server.close();
}
console.log(`screenshots: ${shots.map((s) => `docs/screenshots/${s}`).join(', ')}`);
