/**
 * The report writer others call: `writeReport(results, outDir)` writes
 * `index.html` (self-contained) and `summary.md` into outDir (and, against a
 * baseline, `comparison.json`), then refreshes the runs index one folder up
 * (`reports/index.html`).
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ResultsFile } from '../results/types.ts';
import { renderPage } from './html/page.ts';
import { writeRunsIndex } from './runs-index.ts';
import { compareResults } from './shape/compare.ts';
import { renderSummary } from './summary.ts';
import { validateResults } from './validate.ts';
import { buildView } from './view-model.ts';

export interface WrittenReport {
  htmlPath: string;
  summaryPath: string;
}

export interface WriteReportOptions {
  /** Render `results` as a candidate against this baseline run. */
  baseline?: ResultsFile;
  /** Refresh `outDir/../index.html` (default true). */
  refreshIndex?: boolean;
}

/** The page's drawing script, in load order: base.js first (shared helpers), main.js last (builds the charts). */
const CLIENT_FILES = ['base.js', 'latency-charts.js', 'time-charts.js', 'bar-charts.js', 'main.js'] as const;

let assets: Promise<{ chartJs: string; clientJs: string }> | null = null;

function loadAssets(): Promise<{ chartJs: string; clientJs: string }> {
  if (assets) return assets;
  const loading = (async () => {
    // chart.js does not export its UMD build; find it beside the package's main file.
    const chartMain = createRequire(import.meta.url).resolve('chart.js');
    const chartJs = await readFile(join(dirname(chartMain), 'chart.umd.js'), 'utf8');
    const parts = await Promise.all(CLIENT_FILES.map((name) => readFile(fileURLToPath(new URL(`./client/${name}`, import.meta.url)), 'utf8')));
    return { chartJs, clientJs: parts.join('\n') };
  })();
  // A failed read is not cached: the next call tries again.
  loading.catch(() => {
    assets = null;
  });
  assets = loading;
  return loading;
}

/**
 * Write `outDir/index.html` (self-contained: Chart.js and the drawing script
 * inlined, no network) and `outDir/summary.md`; with `options.baseline`,
 * render `results` as the candidate against it and also write
 * `comparison.json`. Then rewrite `outDir/../index.html`, the list of every
 * run in that folder (unless `refreshIndex` is false).
 *
 * Throws ReportInputError (code `E_REPORT_INPUT`) naming the first field
 * that is not the shape of harness/results/types.ts.
 */
export async function writeReport(results: ResultsFile, outDir: string, options: WriteReportOptions = {}): Promise<WrittenReport> {
  validateResults(results);
  if (options.baseline) validateResults(options.baseline);
  const dir = resolve(outDir);
  await mkdir(dir, { recursive: true });
  const baseline = options.baseline ?? null;
  const comparison = baseline ? compareResults(baseline, results) : null;
  const { chartJs, clientJs } = await loadAssets();
  const html = renderPage({ results, view: buildView(results, baseline), comparison, chartJs, clientJs });
  const htmlPath = join(dir, 'index.html');
  const summaryPath = join(dir, 'summary.md');
  await writeFile(htmlPath, html);
  await writeFile(summaryPath, renderSummary(results, comparison));
  if (comparison) await writeFile(join(dir, 'comparison.json'), `${JSON.stringify(comparison, null, 1)}\n`);
  if (options.refreshIndex ?? true) await writeRunsIndex(dirname(dir));
  return { htmlPath, summaryPath };
}
