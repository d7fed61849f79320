// The one way this project starts a browser (browser tests and the README screenshots): Debian's Chromium
// driven by playwright-core, never a downloaded browser. SAF_MOCK_CHROMIUM overrides the executable path.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const CHROMIUM_PATH = process.env.SAF_MOCK_CHROMIUM || '/usr/bin/chromium';

/** Without the background-networking flags Chromium's own connections are refused on a closed network. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export class ChromiumMissingError extends Error {
  constructor() {
    super(
      `No Chromium at ${CHROMIUM_PATH}. The browser tests need Debian's chromium: run "bash scripts/ensure-test-deps.sh" ` +
        `(as root it runs apt-get install -y chromium), or set SAF_MOCK_CHROMIUM to a Chromium executable.`,
    );
    this.name = 'ChromiumMissingError';
  }
}

/**
 * A fresh browser context in a throw-away profile (--user-data-dir). Throws ChromiumMissingError when the
 * executable is absent: callers fail with that message, they never skip.
 */
export async function launchChromium(options = {}) {
  if (!existsSync(CHROMIUM_PATH)) throw new ChromiumMissingError();
  const { chromium } = await import('playwright-core');
  const profile = mkdtempSync(join(tmpdir(), 'saf-mock-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: options.viewport ?? { width: 1280, height: 900 },
    deviceScaleFactor: options.deviceScaleFactor ?? 1,
    isMobile: options.isMobile ?? false,
    hasTouch: options.hasTouch ?? false,
    timeout: 60_000,
  });
  return {
    context,
    async close() {
      await context.close().catch(() => {});
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
