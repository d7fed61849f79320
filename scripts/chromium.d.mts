import type { BrowserContext } from 'playwright-core';

export const CHROMIUM_PATH: string;
export const CHROMIUM_ARGS: readonly string[];
export class ChromiumMissingError extends Error {}
export interface LaunchOptions {
  viewport?: { width: number; height: number };
  deviceScaleFactor?: number;
  isMobile?: boolean;
  hasTouch?: boolean;
}
export function launchChromium(options?: LaunchOptions): Promise<{ context: BrowserContext; close(): Promise<void> }>;
