import { launchChromium } from '../../scripts/chromium.mjs';
import type { BrowserContext } from 'playwright-core';
import { serverMock } from '../helpers/mock.js';
import type { RunningServer } from '../../src/server.js';
import type { SafMockConfig } from '../../src/config.js';
import { popCorePost, safAnswer, type Body, type CallOptions } from '../sdk/clients.js';

/**
 * One Chromium (Debian's, through playwright-core) per test file. When it is missing the launch throws
 * ChromiumMissingError and every test of the file fails with its message: never a silent skip.
 */
export async function openBrowser(): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  return launchChromium({ viewport: { width: 1280, height: 900 } });
}

export function startMock(overrides: Partial<SafMockConfig> = {}): Promise<RunningServer> {
  // Held pending: the pages decide the outcome.
  return serverMock({ completeAfterMs: null, ...overrides });
}

/** An ExecuteRequest through the official pop-core SDK (POST), returning the SAF answer. */
export async function saf(baseUrl: string, serviceParameters: CallOptions['serviceParameters'], extra: Partial<CallOptions> = {}): Promise<Body> {
  return safAnswer('pop-post', await popCorePost(baseUrl, { serviceParameters, ...extra }));
}

export const PERSON = { name: '张三', certNumber: '11010519491231002X', metainfo: '{"deviceType":"H5"}' };

/**
 * Basic accessibility checks run inside the page: every visible form control has a label, every button a
 * name, and text (buttons, links, cells, labels, headings, paragraphs) has at least 4.5:1 contrast with the
 * background it is drawn on (WCAG AA for normal text). Returns the problems found.
 */
export async function a11yProblems(page: import('playwright-core').Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const visible = (el: Element) => {
      const r = (el as HTMLElement).getBoundingClientRect();
      return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden';
    };
    for (const el of Array.from(document.querySelectorAll('input:not([type=hidden]), select, textarea'))) {
      const c = el as HTMLInputElement;
      if (visible(c) && (c.labels?.length ?? 0) === 0 && !c.getAttribute('aria-label')) problems.push(`unlabelled ${c.tagName} #${c.id}`);
    }
    for (const b of Array.from(document.querySelectorAll('button'))) {
      if (visible(b) && !(b.getAttribute('aria-label') || b.textContent || '').trim()) problems.push('button without a name');
    }
    const rgb = (s: string) => (s.match(/[\d.]+/g) ?? []).map(Number);
    const lum = ([r, g, b]: number[]) => {
      const f = (v: number) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
      return 0.2126 * f(r!) + 0.7152 * f(g!) + 0.0722 * f(b!);
    };
    const background = (el: Element | null): number[] => {
      for (let e = el; e; e = e.parentElement) {
        const c = rgb(getComputedStyle(e).backgroundColor);
        if (c.length >= 3 && (c.length < 4 || c[3]! > 0.5)) return c;
      }
      return [255, 255, 255];
    };
    for (const el of Array.from(document.querySelectorAll('button, a, td, dd, dt, label, h1, h2, h3, p, li, summary, span, pre, code'))) {
      if (!visible(el) || !Array.from(el.childNodes).some((n) => n.nodeType === 3 && n.textContent!.trim())) continue;
      const fg = rgb(getComputedStyle(el).color);
      const [l1, l2] = [lum(fg), lum(background(el))].sort((a, b) => b - a);
      const ratio = (l1! + 0.05) / (l2! + 0.05);
      if (ratio < 4.5) problems.push(`contrast ${ratio.toFixed(2)} on ${el.tagName} "${el.textContent!.trim().slice(0, 30)}"`);
    }
    return problems;
  });
}
