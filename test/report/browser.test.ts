/**
 * The report in a real browser: Debian's Chromium (/usr/bin/chromium, never
 * a downloaded one) driven by playwright-core opens the report from file://,
 * with no console error, and every chart canvas drawn (non-blank pixels).
 * Saves a screenshot under reports/ (git-ignored). Without Chromium the test
 * skips with a message, except under CI=true, where it fails.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { CHROMIUM_PATH, chromiumInstalled, launchChromium, openReport } from '../../harness/report/browser.ts';
import { writeReport } from '../../harness/report/write.ts';
import { buildFixture } from './fixtures/results-fixture.ts';

const CHROMIUM = CHROMIUM_PATH;
const present = chromiumInstalled();
if (!present && process.env.CI === 'true') throw new Error(`${CHROMIUM} is missing and CI=true refuses to skip the browser test (.ci/run installs it with apt)`);
const skip = present ? false : `${CHROMIUM} is not installed: the browser test was SKIPPED (apt-get install -y chromium)`;
if (skip) console.warn(`# ${skip}`);

interface PageCheck {
  errors: string[];
  ready: { charts: number; failures: string[] };
  canvases: { chart: string; width: number; height: number; inked: number }[];
}

/** Runs in the page (a string: this project's TypeScript has no DOM types). */
const INSPECT_CANVASES = `(() => {
  const canvases = [...document.querySelectorAll('canvas[data-chart]')].map((canvas) => {
    const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    let inked = 0;
    for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) inked++;
    return { chart: canvas.dataset.chart || '?', width: canvas.width, height: canvas.height, inked };
  });
  return { ready: window.__reportReady, canvases };
})()`;

describe('the report in Chromium', { skip }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'report-browser-'));
  let browser: Browser;

  before(async () => {
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function open(htmlPath: string, screenshot: string | null, charts = true): Promise<PageCheck> {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const errors: string[] = [];
    if (!charts) {
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(pathToFileURL(htmlPath).href);
      const rows = await page.locator('table tbody tr').count();
      await page.close();
      return { errors, ready: { charts: 0, failures: [] }, canvases: Array.from({ length: rows }, () => ({ chart: 'row', width: 0, height: 0, inked: 0 })) };
    }
    await openReport(page, htmlPath, errors);
    const result = await page.evaluate<Pick<PageCheck, 'ready' | 'canvases'>>(INSPECT_CANVASES);
    if (screenshot) await page.screenshot({ path: screenshot, fullPage: true });
    await page.close();
    return { errors, ...result };
  }

  function assertDrawn(check: PageCheck): void {
    assert.deepEqual(check.errors, [], 'no console error');
    assert.deepEqual(check.ready.failures, []);
    assert.equal(check.ready.charts, check.canvases.length, 'every canvas got a chart');
    for (const c of check.canvases) {
      assert.ok(c.width > 100 && c.height > 100, `${c.chart} canvas has a size: ${c.width}×${c.height}`);
      assert.ok(c.inked > 2000, `${c.chart} canvas drawn: ${c.inked} non-blank pixels`);
    }
  }

  test('a run report: no console error, every chart canvas drawn, screenshot saved', async () => {
    const { htmlPath } = await writeReport(buildFixture(), join(dir, 'run'));
    const shots = resolve('reports');
    mkdirSync(shots, { recursive: true });
    const check = await open(htmlPath, join(shots, 'report-browser-test.png'));
    assertDrawn(check);
    const kinds = new Set(check.canvases.map((c) => c.chart));
    for (const kind of ['hdr', 'latency', 'convoy', 'cascades', 'throughput', 'split', 'queueing']) assert.ok(kinds.has(kind), `a ${kind} chart`);
    assert.ok(existsSync(join(shots, 'report-browser-test.png')));
  });

  test('a comparison report and the runs index open cleanly too', async () => {
    const { htmlPath } = await writeReport(buildFixture({ seed: 5, opsPerTarget: 400 }), join(dir, 'cmp'), { baseline: buildFixture({ seed: 6, opsPerTarget: 400 }) });
    assertDrawn(await open(htmlPath, null));
    const index = await open(join(dir, 'index.html'), null, false);
    assert.deepEqual(index.errors, []);
    assert.equal(index.canvases.length, 2, 'the runs index lists both runs');
  });
});
