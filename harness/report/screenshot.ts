/**
 * `npx tsx harness/report/screenshot.ts <index.html> <out.png> [--full]`:
 * a PNG of a report in Chromium, from the top down to the end of the convoy
 * chart (or the whole page with --full). Used for docs/report-screenshot.png.
 */
import { resolve } from 'node:path';
import { chromiumInstalled, CHROMIUM_PATH, launchChromium, openReport } from './browser.ts';

const args = process.argv.slice(2);
const full = args.includes('--full');
const [htmlPath, outPath] = args.filter((a) => !a.startsWith('--'));
if (!htmlPath || !outPath) {
  console.error('usage: screenshot.ts <index.html> <out.png> [--full]');
  process.exit(2);
}
if (!chromiumInstalled()) {
  console.error(`${CHROMIUM_PATH} is not installed (apt-get install -y chromium)`);
  process.exit(2);
}
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const errors: string[] = [];
  await openReport(page, resolve(htmlPath), errors);
  if (errors.length > 0) console.warn(`page reported: ${errors.join('; ')}`);
  if (full) {
    await page.screenshot({ path: outPath, fullPage: true });
  } else {
    const bottom = await page.evaluate<number>("(() => { const s = document.querySelector('#convoy'); return s ? s.getBoundingClientRect().bottom + window.scrollY + 8 : 900; })()");
    await page.screenshot({ path: outPath, fullPage: true, clip: { x: 0, y: 0, width: 1400, height: Math.ceil(bottom) } });
  }
  console.log(outPath);
} finally {
  await browser.close();
}
