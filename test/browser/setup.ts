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
