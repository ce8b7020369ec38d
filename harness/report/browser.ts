/**
 * Debian's Chromium driven by playwright-core, for the browser test and the
 * README screenshot. Never a downloaded browser: /usr/bin/chromium only
 * (`apt-get install -y chromium`; .ci/run installs it).
 */
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] as const;

export function chromiumInstalled(): boolean {
  return existsSync(CHROMIUM_PATH);
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS] });
}

/**
 * Open a report from file:// with every non-file request refused (recorded
 * in `errors` with console errors and page errors), and wait until its
 * charts are built and two frames drawn.
 */
export async function openReport(page: Page, htmlPath: string, errors: string[]): Promise<void> {
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  await page.route(/^(?!file:).*/, (route) => {
    errors.push(`network request: ${route.request().url()}`);
    return route.abort();
  });
  await page.goto(pathToFileURL(htmlPath).href);
  await page.waitForFunction('window.__reportReady !== undefined', undefined, { timeout: 30_000 });
  await page.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))');
}
