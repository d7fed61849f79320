import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import type { RunningServer } from '../../src/server.js';
import { popCorePost, teaAcs3Body } from '../sdk/clients.js';
import { parsePrometheusText, sampleValue } from '../helpers/prom-text.js';
import { a11yProblems, openBrowser, PERSON, saf, startMock } from './setup.js';

let browser: { context: BrowserContext; close(): Promise<void> };
let mock: RunningServer;

beforeAll(async () => {
  browser = await openBrowser();
  mock = await startMock();
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await mock?.close();
});

async function openDashboard(url = mock.url): Promise<Page> {
  const page = await browser.context.newPage();
  await page.goto(`${url}/__saf/ui`);
  await page.locator('#live.ok').waitFor();
  return page;
}

describe('dashboard /__saf/ui', () => {
  it('shows a signed request made after it was opened, without reload, and the string-to-sign of a wrong-secret request', async () => {
    const page = await openDashboard();
    const navigations: string[] = [];
    page.on('framenavigated', (f) => navigations.push(f.url()));

    const good = await popCorePost(mock.url, { serviceParameters: { method: 'init', ...PERSON } });
    const goodId = String((good.body as { RequestId: string }).RequestId);
    await page.locator(`#journal-rows tr[data-request-id="${goodId}"]`).waitFor();
    expect(await page.locator(`#journal-rows tr[data-request-id="${goodId}"]`).textContent()).toContain('face_verify.init');

    const bad = await popCorePost(mock.url, { serviceParameters: { method: 'init', ...PERSON }, accessKeySecret: 'not-the-secret' });
    expect(bad.error?.code).toBe('SignatureDoesNotMatch');
    // pop-core appends ", URL: …" to the gateway's message.
    const serverSts = bad.error!.message.split('server string to sign is:')[1]!.replace(/, URL: \S+$/, '');
    expect(serverSts.startsWith('POST&%2F&')).toBe(true);
    const badId = (bad.error?.data as { RequestId?: string } | undefined)?.RequestId;
    expect(badId).toMatch(/^[0-9A-F-]{36}$/);
    const badRow = page.locator(`#journal-rows tr[data-request-id="${badId}"]`);
    await badRow.waitFor();
    // Newest first.
    expect(await page.locator('#journal-rows tr').first().getAttribute('data-request-id')).toBe(await badRow.getAttribute('data-request-id'));
    await badRow.getByRole('button', { name: /Details of request/ }).click();
    // The journal shows ID numbers masked, also inside the string-to-sign.
    await expect(page.locator('#detail .string-to-sign').textContent()).resolves.toBe(serverSts.replace(/(%2522\d{6})\d{8}(\d{3}[\dX]%2522)/g, '$1********$2'));
    await expect(page.locator('#detail').textContent()).resolves.toContain('HMAC-SHA1 · not verified');
    await expect(page.locator('#detail .hint').textContent()).resolves.toContain('wrong AccessKeySecret');
    // Secrets are elided in the decoded parameters.
    const params = JSON.parse((await page.locator('#detail .params').textContent()) ?? '{}') as Record<string, unknown>;
    expect(params.Signature).toBe('***');
    expect((params.ServiceParameters as Record<string, unknown>).method).toBe('init');
    await expect(page.locator('#detail .response-body').textContent()).resolves.toContain('"Code":"SignatureDoesNotMatch"');
    expect(navigations).toEqual([]);
    await page.close();
  });

  it('an ACS3 request (openapi-client) with a wrong secret shows the scheme, the canonical request and the string-to-sign', async () => {
    const page = await openDashboard();
    const bad = await teaAcs3Body(mock.url, { service: 'intl_face_verify', version: '2019-05-21', serviceParameters: { resourceCode: '00840000' }, accessKeySecret: 'not-the-secret' });
    expect(bad.error?.code).toBe('SignatureDoesNotMatch');
    // The row of this very request (earlier tests left other mismatches in the journal).
    const requestId = (bad.error?.data as { RequestId?: string } | undefined)?.RequestId;
    expect(requestId).toMatch(/^[0-9A-F-]{36}$/);
    const row = page.locator(`#journal-rows tr[data-request-id="${requestId}"]`);
    await row.waitFor();
    await row.getByRole('button', { name: /Details of request/ }).click();
    await expect(page.locator('#detail').textContent()).resolves.toContain('ACS3-HMAC-SHA256 · not verified');
    const canonical = (await page.locator('#detail .canonical-request').textContent()) ?? '';
    expect(canonical.split('\n')[0]).toBe('POST');
    expect(canonical).toContain('x-acs-action:ExecuteRequest');
    const sts = (await page.locator('#detail .string-to-sign').textContent()) ?? '';
    expect(sts).toMatch(/^ACS3-HMAC-SHA256\n[0-9a-f]{64}$/);
    // The string-to-sign is the hash of exactly that canonical request.
    const { createHash } = await import('node:crypto');
    expect(sts.split('\n')[1]).toBe(createHash('sha256').update(canonical).digest('hex'));
    await expect(page.locator('#detail .hint').textContent()).resolves.toContain('SignedHeaders');
    await page.close();
  });

  it('filters the journal by key, service/method and outcome', async () => {
    const page = await openDashboard();
    await saf(mock.url, { method: 'init', ...PERSON });
    await page.locator('#journal-rows tr').filter({ hasText: 'face_verify.init' }).first().waitFor();
    await page.getByLabel('Outcome').selectOption('gateway-error');
    const outcomes = await page.locator('#journal-rows tr td:nth-child(6)').allTextContents();
    expect(outcomes.length).toBeGreaterThan(0);
    expect(new Set(outcomes)).toEqual(new Set(['gateway-error']));
    await page.getByLabel('Outcome').selectOption('');
    await page.getByLabel('Service / method').fill('face_verify.init');
    const labels = await page.locator('#journal-rows tr td:nth-child(3)').allTextContents();
    expect(labels.length).toBeGreaterThan(0);
    expect(labels.every((l) => l === 'face_verify.init')).toBe(true);
    await page.getByLabel('AccessKeyId', { exact: true }).fill('nobody');
    await expect(page.locator('#journal-rows tr').count()).resolves.toBe(0);
    await page.close();
  });

  it('a session completed from the dashboard answers accordingly on the next query', async () => {
    const init = await saf(mock.url, { method: 'init', ...PERSON });
    const { queryId, bizId } = init.Data as { queryId: string; bizId: string };
    const page = await openDashboard();
    const row = page.locator(`#session-rows tr[data-session-id="${queryId}"]`);
    await row.waitFor();
    await row.getByText('Complete as …').click();
    await row.getByRole('button', { name: `Complete ${queryId} as Z8399` }).click();
    await row.filter({ hasText: 'failed (Z8399)' }).waitFor();
    const answer = await saf(mock.url, { method: 'query', queryId, bizId });
    expect(answer.Code).toBe(500);
    expect(String(answer.Message)).toContain('Z8399');
    await page.close();
  });

  it('adds a fixture rule from the fixture format, which then decides requests, and deletes it', async () => {
    const page = await openDashboard();
    await page.getByLabel('AccessKeyId (empty: every key)').fill('testAccessKeyId');
    await page.getByLabel(/Rule in the fixture format/).fill(JSON.stringify({ id: 'ui-added', match: { method: 'init' }, scenario: 'Z1108' }));
    await page.getByRole('button', { name: 'Add rules' }).click();
    await page.locator('#fixture-rows tr').filter({ hasText: 'ui-added' }).waitFor();
    const refused = await saf(mock.url, { method: 'init', ...PERSON });
    expect(String(refused.Message)).toContain('Z1108');

    await page.getByRole('button', { name: 'Delete rule ui-added' }).click();
    await page.locator('#fixture-rows tr').filter({ hasText: 'ui-added' }).waitFor({ state: 'detached' });
    expect((await saf(mock.url, { method: 'init', ...PERSON })).Code).toBe(200);

    await page.getByLabel(/Rule in the fixture format/).fill('{"id": "bad", "scenario": "NOPE"}');
    await page.getByRole('button', { name: 'Add rules' }).click();
    await page.locator('#fixture-error').filter({ hasText: 'NOPE' }).waitFor();
    await expect(page.locator('#fixture-rows tr').filter({ hasText: 'bad' }).count()).resolves.toBe(0);
    await page.close();
  });

  it('metrics in brief shows the Prometheus counters after a request, with the value /__saf/metrics gives', async () => {
    await saf(mock.url, { method: 'init', ...PERSON });
    const page = await openDashboard();
    const series = 'saf_mock_requests_total{service="face_verify",method="init",status="200",code="200",scenario="default"}';
    const item = page.locator('#metrics li').filter({ has: page.locator('code', { hasText: series }) });
    await item.waitFor();
    // No gateway request since the page loaded its metrics: the scrape shows the same count.
    const scraped = parsePrometheusText(await (await fetch(`${mock.url}/__saf/metrics`)).text());
    const count = sampleValue(scraped, 'saf_mock_requests_total', { service: 'face_verify', method: 'init', status: '200', code: '200', scenario: 'default' });
    expect(count).toBeGreaterThanOrEqual(1);
    await expect(item.textContent()).resolves.toBe(`${series} ${count}`);
    await expect(page.locator('#metrics li').filter({ hasText: /^saf_mock_store_up 1$/ }).count()).resolves.toBe(1);
    await expect(page.locator('#metrics li').filter({ hasText: /^mean latency\{service="face_verify",method="init"\} \d+\.\d ms$/ }).count()).resolves.toBe(1);
    await page.close();
  });

  it('the scenario catalog shows copy-ready headers and the magic values', async () => {
    const page = await openDashboard();
    await page.getByText('All scenarios (header values)').click();
    await expect(page.locator('#scenario-rows').textContent()).resolves.toContain('x-saf-mock-scenario: Z1146');
    await expect(page.locator('#magic').textContent()).resolves.toContain('SAF_MOCK_<scenario id>');
    await expect(page.locator('#magic').textContent()).resolves.toContain('Z1146');
    await page.close();
  });
});

describe('on a phone-sized screen (390 px)', () => {
  for (const path of ['/__saf/ui', '/__saf/pages/h5-demo']) {
    it(`${path} fits the screen's width: nothing to scroll sideways`, async () => {
      await saf(mock.url, { method: 'init', ...PERSON });
      // A phone's browser widens its layout viewport to whatever sticks out: innerWidth shows it.
      const phone = await browser.context.browser()!.newContext({ viewport: { width: 390, height: 844 }, isMobile: true });
      try {
        const page = await phone.newPage();
        await page.goto(`${mock.url}${path}`);
        if (path === '/__saf/ui') await page.locator('#journal-rows tr').first().waitFor();
        await expect(page.evaluate(() => [window.innerWidth, document.documentElement.scrollWidth])).resolves.toEqual([390, 390]);
      } finally {
        await phone.close();
      }
    });
  }
});

describe('dashboard accessibility', () => {
  it('labelled controls, named buttons, 4.5:1 contrast, including an open request detail and session menu', async () => {
    await saf(mock.url, { method: 'init', ...PERSON });
    const page = await openDashboard();
    await page.locator('#journal-rows tr').first().getByRole('button').click();
    await page.locator('#session-rows tr').first().getByText('Complete as …').click();
    await page.getByText('All scenarios (header values)').click();
    expect(await a11yProblems(page)).toEqual([]);
    await page.close();
  });
});

describe('dashboard with --admin-token', () => {
  let guarded: RunningServer;
  beforeAll(async () => {
    guarded = await startMock({
      adminToken: 'sesame-123',
      accessKeys: [
        { id: 'testAccessKeyId', secret: 'testAccessKeySecret' },
        { id: 'job2', secret: 'job2-secret' },
      ],
    });
  });
  afterAll(async () => guarded?.close());

  it('refuses without the token, accepts it once and keeps it in an HttpOnly cookie', async () => {
    const page = await browser.context.newPage();
    const first = await page.goto(`${guarded.url}/__saf/ui`);
    expect(first?.status()).toBe(401);
    await expect(page.locator('#journal-rows').count()).resolves.toBe(0);
    expect((await fetch(`${guarded.url}/__saf/ui/events`)).status).toBe(401);

    await page.getByLabel('Admin token').fill('wrong');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('not the admin token');

    await page.getByLabel('Admin token').fill('sesame-123');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.locator('#live.ok').waitFor();
    const cookies = await browser.context.cookies();
    const cookie = cookies.find((c) => c.name === 'saf_mock_admin');
    expect(cookie?.httpOnly).toBe(true);
    expect(await page.evaluate(() => document.cookie)).not.toContain('saf_mock_admin');

    // The page's control API calls go through with the cookie: sessions load, a request shows up live.
    const init = await popCorePost(guarded.url, { serviceParameters: { method: 'init', ...PERSON } });
    const queryId = (init.body as { Data: { queryId: string } }).Data.queryId;
    await page.getByRole('button', { name: 'Refresh sessions' }).click();
    await page.locator(`#session-rows tr[data-session-id="${queryId}"]`).waitFor();
    await page.locator(`#journal-rows tr[data-request-id="${(init.body as { RequestId: string }).RequestId}"]`).waitFor();
    // The metrics too (they need the admin token): shown after a reload, which fetches them again.
    await page.reload();
    await page.locator('#metrics li').filter({ hasText: /^saf_mock_requests_total\{service="face_verify",method="init",status="200",code="200",scenario="default"\} [1-9]/ }).waitFor();

    // A reload needs no token again; signing out forgets it.
    await page.reload();
    await page.locator('#live.ok').waitFor();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Admin token').waitFor();
    await browser.context.clearCookies();
    await page.close();
  });

  it("signed in with one key's AccessKeyId and secret, it shows that key's requests and sessions only", async () => {
    const mine = await popCorePost(guarded.url, { serviceParameters: { method: 'init', ...PERSON }, accessKeyId: 'job2', accessKeySecret: 'job2-secret' });
    const theirs = await popCorePost(guarded.url, { serviceParameters: { method: 'init', ...PERSON } });
    const page = await browser.context.newPage();
    await page.goto(`${guarded.url}/__saf/ui`);
    await page.getByLabel('AccessKeyId', { exact: true }).fill('job2');
    await page.getByLabel('AccessKeySecret').fill('wrong');
    await page.getByRole('button', { name: 'Sign in with this key' }).click();
    await page.getByRole('alert').waitFor();
    await page.getByLabel('AccessKeyId', { exact: true }).fill('job2');
    await page.getByLabel('AccessKeySecret').fill('job2-secret');
    await page.getByRole('button', { name: 'Sign in with this key' }).click();
    await page.locator('#live.ok').waitFor();
    await expect(page.locator('header').textContent()).resolves.toContain('Signed in for AccessKeyId job2 only');
    await page.locator(`#journal-rows tr[data-request-id="${(mine.body as { RequestId: string }).RequestId}"]`).waitFor();
    await page.locator(`#session-rows tr[data-session-id="${(mine.body as { Data: { queryId: string } }).Data.queryId}"]`).waitFor();
    const keys = new Set(await page.locator('#journal-rows tr td:nth-child(2)').allTextContents());
    expect(keys).toEqual(new Set(['job2']));
    await expect(page.locator(`#session-rows tr[data-session-id="${(theirs.body as { Data: { queryId: string } }).Data.queryId}"]`).count()).resolves.toBe(0);
    // The metrics add up every key: not for one key's sign-in.
    await page.locator('#metrics').filter({ hasText: 'sign in with the admin token' }).waitFor();
    await expect(page.locator('#metrics').textContent()).resolves.not.toContain('saf_mock_');
    await browser.context.clearCookies();
    await page.close();
  });
});
