import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext } from 'playwright-core';
import type { RunningServer } from '../../src/server.js';
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

async function initH5(): Promise<string> {
  const init = await saf(mock.url, { method: 'initH5', ...PERSON });
  return (init.Data as { zimId: string }).zimId;
}

async function queryH5(zimId: string) {
  const { bizId } = (await (await fetch(`${mock.url}/__saf/sessions/${zimId}`)).json()) as { bizId: string };
  return saf(mock.url, { method: 'queryH5', zimId, bizId });
}

describe('H5 page (initH5 by zimId) in the demo host page', () => {
  it('a click on Z1146 posts {retCode, retCodeSub, retMessageSub} to the host page, and queryH5 then answers Z1146', async () => {
    const zimId = await initH5();
    const page = await browser.context.newPage();
    await page.goto(`${mock.url}/__saf/pages/h5-demo?zimId=${zimId}`);
    const frame = page.frameLocator('iframe[title="Face verification page (H5)"]');
    await frame.getByText(zimId).waitFor();
    await frame.getByRole('button', { name: /Z1146/ }).click();
    const item = page.locator('#messages li[data-retcode]');
    await item.first().waitFor();
    const received = JSON.parse((await item.first().textContent()) ?? '');
    expect(received).toEqual({ retCode: 2006, retCodeSub: 'Z1146', retMessageSub: '抱歉，没有认出您(Z1146)' });

    const answer = await queryH5(zimId);
    expect(answer.Code).toBe(500);
    expect(answer.Message).toBe('query接口调用失败，NOT_SAME_PERSON：抱歉，没有认出您(Z1146)（Z1146）');
    await page.close();
  });

  it('passed posts retCode 1000 / Z1140 and queryH5 answers 200; leaving the page posts 1003 and keeps it pending (300)', async () => {
    const page = await browser.context.newPage();
    const passedId = await initH5();
    await page.goto(`${mock.url}/__saf/pages/h5-demo?zimId=${passedId}`);
    await page.frameLocator('iframe').getByRole('button', { name: /^passed/ }).click();
    await page.locator('#messages li[data-retcode="1000"]').waitFor();
    expect(JSON.parse((await page.locator('#messages li').first().textContent()) ?? '')).toEqual({ retCode: 1000, retCodeSub: 'Z1140', retMessageSub: '刷脸通过(Z1140)' });
    expect((await queryH5(passedId)).Code).toBe(200);

    const leftId = await initH5();
    await page.goto(`${mock.url}/__saf/pages/h5-demo?zimId=${leftId}`);
    await page.frameLocator('iframe').getByRole('button', { name: /cancelled/ }).click();
    await page.locator('#messages li[data-retcode="1003"]').waitFor();
    expect((await queryH5(leftId)).Code).toBe(300);
    await page.close();
  });

  it('GET /__saf/sessions gives pageUrl, absolute on the host used; the page shows the name and ID masked and one button per outcome id', async () => {
    const zimId = await initH5();
    const host = `localhost:${mock.port}`;
    const res = await fetch(`http://${host}/__saf/sessions`);
    const { sessions } = (await res.json()) as { sessions: { id: string; pageUrl: string }[] };
    const pageUrl = sessions.find((s) => s.id === zimId)!.pageUrl;
    expect(pageUrl).toBe(`http://${host}/__saf/pages/h5?zimId=${zimId}&accessKeyId=testAccessKeyId`);

    const page = await browser.context.newPage();
    await page.goto(pageUrl.replace('localhost', '127.0.0.1'));
    const body = (await page.textContent('body')) ?? '';
    expect(body).toContain('*三');
    expect(body).toContain('110105********002X');
    expect(body).not.toContain(PERSON.certNumber);
    for (const id of ['passed', 'Z1146', 'Z8301', 'Z8302', 'Z8399', 'query.500', 'cancelled']) {
      await expect(page.getByRole('button', { name: new RegExp(`^${id.replace('.', '\\.')}\\b`) }).count()).resolves.toBe(1);
    }
    await page.close();
  });

  it('an unknown zimId shows a not-found page (404), not a crash', async () => {
    const page = await browser.context.newPage();
    const res = await page.goto(`${mock.url}/__saf/pages/h5?zimId=00000000000000000000000000000000`);
    expect(res?.status()).toBe(404);
    await expect(page.getByRole('alert').textContent()).resolves.toContain('00000000000000000000000000000000');
    await page.close();
  });

  it('keyboard only: Tab reaches the outcome buttons, the focus ring is visible, Enter completes', async () => {
    const zimId = await initH5();
    const page = await browser.context.newPage();
    await page.goto(`${mock.url}/__saf/pages/h5?zimId=${zimId}`);
    let focused = '';
    for (let i = 0; i < 10 && !focused.startsWith('passed'); i++) {
      await page.keyboard.press('Tab');
      focused = await page.evaluate(() => (document.activeElement as HTMLElement | null)?.innerText ?? '');
    }
    expect(focused).toMatch(/^passed/);
    const outline = await page.evaluate(() => {
      const s = getComputedStyle(document.activeElement!);
      return { style: s.outlineStyle, width: parseFloat(s.outlineWidth) };
    });
    expect(outline.style).not.toBe('none');
    expect(outline.width).toBeGreaterThanOrEqual(2);
    await page.keyboard.press('Enter');
    await page.getByRole('status').waitFor();
    expect((await queryH5(zimId)).Code).toBe(200);
    await page.close();
  });
});

describe('accessibility basics', () => {
  it('H5 page, demo host, app page and phone list: labelled controls, named buttons, 4.5:1 contrast', async () => {
    const zimId = await initH5();
    const init = await saf(mock.url, { method: 'init', ...PERSON });
    const queryId = (init.Data as { queryId: string }).queryId;
    const page = await browser.context.newPage();
    for (const path of [`/__saf/pages/h5?zimId=${zimId}`, `/__saf/pages/h5-demo?zimId=${zimId}`, `/__saf/pages/app?queryId=${queryId}`, '/__saf/ui/phone?accessKeyId=testAccessKeyId']) {
      await page.goto(mock.url + path);
      expect(await a11yProblems(page), path).toEqual([]);
    }
    // The checker itself finds what it looks for.
    await page.evaluate(() => document.body.insertAdjacentHTML('beforeend', '<p style="color:#b0b0b0">faint text</p><input id="nolabel"><button></button>'));
    expect(await a11yProblems(page)).toEqual(['unlabelled INPUT #nolabel', 'button without a name', expect.stringMatching(/^contrast 2\.\d+ on P "faint text"/)]);
    await page.close();
  });
});

describe('native "phone" page', () => {
  it("lists the key's pending app-flow verifications; a tap on Z1146 completes one and query answers Z1146", async () => {
    const init = await saf(mock.url, { method: 'init', ...PERSON, metainfo: '{"deviceType":"ios"}' });
    const { queryId, bizId } = init.Data as { queryId: string; bizId: string };
    const page = await browser.context.newPage();
    await page.goto(`${mock.url}/__saf/ui/phone?accessKeyId=testAccessKeyId`);
    const card = page.getByRole('article', { name: `Verification ${queryId}` });
    await card.getByRole('button', { name: /^Z1146/ }).click();
    await expect(page.getByRole('status').textContent()).resolves.toContain(`${queryId} completed as Z1146`);
    const answer = await saf(mock.url, { method: 'query', queryId, bizId });
    expect(answer.Code).toBe(500);
    expect(String(answer.Message)).toContain('Z1146');

    const { sessions } = (await (await fetch(`${mock.url}/__saf/sessions`)).json()) as { sessions: { id: string; pageUrl: string }[] };
    const pageUrl = sessions.find((s) => s.id === queryId)!.pageUrl;
    expect(pageUrl).toBe(`${mock.url}/__saf/pages/app?queryId=${queryId}&accessKeyId=testAccessKeyId`);
    await page.goto(pageUrl);
    await page.getByRole('button', { name: /^passed/ }).click();
    await expect(page.getByRole('status').textContent()).resolves.toContain('Completed as passed');
    expect((await saf(mock.url, { method: 'query', queryId, bizId })).Code).toBe(200);
    await page.close();
  });
});
