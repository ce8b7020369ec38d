/** writeReport on the synthetic fixture: the files, what they say, the runs index, comparison. */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ledgerVerdict } from '../../harness/report/ledger.ts';
import { compareResults } from '../../harness/report/shape/compare.ts';
import { buildView } from '../../harness/report/view-model.ts';
import { writeReport } from '../../harness/report/write.ts';
import { checkSchema, loadResultsSchema } from '../../harness/results/schema-check.ts';
import type { ResultsFile } from '../../harness/results/types.ts';
import { buildFixture } from './fixtures/results-fixture.ts';

const root = mkdtempSync(join(tmpdir(), 'report-write-'));
after(() => rmSync(root, { recursive: true, force: true }));

describe('writeReport', () => {
  let results: ResultsFile;
  let html: string;
  let summary: string;
  let written: { htmlPath: string; summaryPath: string };

  before(async () => {
    results = buildFixture();
    written = await writeReport(results, join(root, 'run-a'));
    html = readFileSync(written.htmlPath, 'utf8');
    summary = readFileSync(written.summaryPath, 'utf8');
  });

  test('writes index.html and summary.md into outDir', () => {
    assert.equal(written.htmlPath, join(root, 'run-a', 'index.html'));
    assert.equal(written.summaryPath, join(root, 'run-a', 'summary.md'));
  });

  test('the page is self-contained: Chart.js inlined, nothing fetched', () => {
    assert.match(html, /Chart\.js v4/);
    assert.doesNotMatch(html, /<script[^>]+src=/i);
    assert.doesNotMatch(html, /<link[^>]+href=/i);
    assert.doesNotMatch(html, /(src|href)="https?:/i);
    // Only the three scripts of ours; none is closed early by inlined text.
    assert.equal(html.match(/<script\b/g)?.length, 3);
    assert.equal(html.match(/<\/script>/g)?.length, 3);
  });

  test('verdict header: the question, the headline ratio, every gate with actual vs limit', () => {
    assert.ok(html.includes('Does the heartbeat stay fast while the collector is paused for 4 s?'));
    assert.ok(html.includes('heartbeat p99, legacy ÷ sqlite'));
    for (const g of results.gates) assert.ok(html.includes(g.name), g.name);
    assert.ok(html.includes('1 of 3 gates failed'));
    assert.ok(html.includes('3 (limit 0)'));
    assert.ok(html.includes('1 gate was not evaluated') && html.includes('bullmq heartbeat ratio: bullmq did not run'));
    assert.ok(html.includes('E_TIMEOUT: no reply within 1200 ms'), 'error samples shown');
  });

  test('every chart kind is on the page, one convoy chart per working target', () => {
    for (const kind of ['hdr', 'latency', 'convoy', 'cascades', 'throughput', 'split', 'queueing']) assert.ok(html.includes(`data-chart="${kind}"`), kind);
    assert.equal(html.match(/data-chart="convoy"/g)?.length, 2);
    assert.match(html, /Threads were busy \d+ % of the time, waiting for the lock \d+ %/);
    assert.equal(html.match(/data-chart="queueing"/g)?.length, 1, 'only legacy has a server');
    assert.ok(html.includes('PREDICTION'), 'the overlay is labelled a prediction');
  });

  test('a failed target shows its error, not empty charts', () => {
    assert.ok(html.includes('Failed: redis is not reachable at 127.0.0.1:6379'));
    const view = buildView(results);
    const failed = view.targets.find((t) => t.name === 'bullmq');
    assert.ok(failed && failed.error !== null);
    assert.ok(!html.includes('data-target="2"'), 'no canvas for the failed target');
  });

  test('configuration: seed, scale with production and scaled constants, load model labelled, machine', () => {
    assert.ok(html.includes('open model: poisson arrivals at 80/s'));
    assert.ok(html.includes('RCVTIMEO'));
    assert.ok(html.includes('2 min') && html.includes('1.2 s'), 'RCVTIMEO at production (120 s) and as run (1.2 s)');
    assert.ok(html.includes('fixture CPU'));
    assert.ok(html.includes('<td>seed</td><td>42</td>'));
  });

  test('summary.md: headline, gate table, per-target numbers', () => {
    assert.match(summary, /^## Does the heartbeat stay fast/);
    assert.match(summary, /\*\*heartbeat p99, legacy ÷ sqlite: [\d,]+×\*\*/);
    assert.match(summary, /\| ❌ FAILED \| sqlite-no-timeouts \| 3 \| 0 \|/);
    assert.match(summary, /\| legacy \| 1,200 \| 0 \| 3 \|/);
    assert.ok(summary.includes('not run: redis is not reachable'));
    assert.ok(summary.includes('- bullmq heartbeat ratio: bullmq did not run (fixture)'));
    assert.ok(summary.includes('- legacy: `E_TIMEOUT: no reply within 1200 ms (fixture)`'));
  });

  test('the runs index one folder up lists the run, newest first', async () => {
    const later = { ...buildFixture({ seed: 9, opsPerTarget: 200 }), createdAt: '2026-12-05T00:00:00.000Z' };
    const { writeFile } = await import('node:fs/promises');
    await writeReport(later, join(root, 'run-b'));
    await writeFile(join(root, 'run-b', 'results.json'), JSON.stringify(later));
    await writeFile(join(root, 'run-a', 'results.json'), JSON.stringify(results));
    await writeReport(results, join(root, 'run-a'));
    const index = readFileSync(join(root, 'index.html'), 'utf8');
    const a = index.indexOf('href="./run-a/index.html"');
    const b = index.indexOf('href="./run-b/index.html"');
    assert.ok(a > 0 && b > 0, 'both runs linked');
    assert.ok(b < a, 'newest first');
    assert.ok(index.includes('1 of 3 failed'));
  });
});

describe('arrivals that never started', () => {
  test('are flagged wherever latency is drawn; a target with no measured operation gets no charts', async () => {
    const results = buildFixture({ opsPerTarget: 300 });
    results.targets[1].unservedArrivals = 17;
    const legacy = results.targets[0];
    legacy.unservedArrivals = 655;
    legacy.ops = {};
    legacy.lockWait = {};
    legacy.roundTrip = {};
    legacy.events = { total: 0, sampled: [] };
    legacy.lanes = { threads: 16, segments: Array.from({ length: 16 }, () => []), downsampled: false };
    legacy.timeline = { bucketMs: 100, buckets: [] };
    const { htmlPath, summaryPath } = await writeReport(results, join(root, 'unserved'), { refreshIndex: false });
    const html = readFileSync(htmlPath, 'utf8');
    assert.ok(html.includes('No operation was measured: 655 scheduled arrivals never started'));
    assert.ok(!html.includes('data-chart="convoy" data-target="0"'), 'no idle-looking lanes for a target that measured nothing');
    assert.ok(html.includes('17 scheduled arrivals never started before the run ended'));
    assert.match(readFileSync(summaryPath, 'utf8'), /\| sqlite \| 300 \| 17 \|/);
    assert.match(readFileSync(summaryPath, 'utf8'), /\| legacy \| nothing measured \|/);
  });
});

describe('the ledger verdict', () => {
  test('"nothing lost" only when lost and duplicated are both 0', () => {
    const base = { submitted: 10, completed: 9, failed: 0, pending: 1, lost: 0, duplicated: 0 };
    assert.equal(ledgerVerdict(base).ok, true);
    assert.match(ledgerVerdict(base).text, /nothing lost/);
    assert.equal(ledgerVerdict({ ...base, lost: 1 }).ok, false);
    assert.doesNotMatch(ledgerVerdict({ ...base, lost: 1 }).text, /nothing lost/);
    assert.match(ledgerVerdict({ ...base, duplicated: 2 }).text, /2 DUPLICATED/);
  });

  test('a run with a lost job says so on the page', async () => {
    const results = buildFixture({ opsPerTarget: 200 });
    results.targets[1].ledger = { ...results.targets[1].ledger, lost: 2 };
    const { htmlPath, summaryPath } = await writeReport(results, join(root, 'lost'), { refreshIndex: false });
    const html = readFileSync(htmlPath, 'utf8');
    assert.ok(html.includes('2 LOST of'));
    assert.ok(readFileSync(summaryPath, 'utf8').includes('2 LOST of'));
  });
});

describe('baseline comparison', () => {
  test('per metric: both values, ratio, change, better or worse', () => {
    const baseline = buildFixture({ seed: 1, opsPerTarget: 400 });
    const candidate = buildFixture({ seed: 1, opsPerTarget: 400 });
    candidate.runId = 'candidate';
    const sqlite = candidate.targets[1];
    sqlite.ops.heartbeat = { ...sqlite.ops.heartbeat!, p99Us: sqlite.ops.heartbeat!.p99Us * 2 };
    sqlite.wrongReplies = 0;
    sqlite.ops.job_status = { ...sqlite.ops.job_status!, p99Us: Math.round(sqlite.ops.job_status!.p99Us * 1.05) };
    const comparison = compareResults(baseline, candidate);
    const noise = comparison.rows.find((r) => r.target === 'sqlite' && r.metric === 'job_status p99');
    assert.equal(noise?.better, null, 'a 5 % change is within noise');
    const row = comparison.rows.find((r) => r.target === 'sqlite' && r.metric === 'heartbeat p99');
    assert.ok(row);
    assert.equal(row.candidate, row.baseline * 2);
    assert.equal(row.ratio, 2);
    assert.equal(row.change, 1);
    assert.equal(row.better, false);
    const same = comparison.rows.find((r) => r.target === 'legacy' && r.metric === 'heartbeat p99');
    assert.equal(same?.ratio, 1);
    assert.equal(same?.better, null);
    assert.deepEqual(comparison.notCompared, [{ target: 'bullmq', reason: 'failed in the baseline run' }]);
  });

  test('the comparison page and summary carry the table and dashed baseline lines', async () => {
    const baseline = buildFixture({ seed: 1, opsPerTarget: 300 });
    const candidate = buildFixture({ seed: 2, opsPerTarget: 300 });
    const { htmlPath, summaryPath } = await writeReport(candidate, join(root, 'cmp'), { baseline, refreshIndex: false });
    const html = readFileSync(htmlPath, 'utf8');
    assert.ok(html.includes('Candidate against baseline'));
    assert.ok(html.includes('"baseline":{"runId":"fixture-1-300"'));
    const summary = readFileSync(summaryPath, 'utf8');
    assert.match(summary, /### Candidate `fixture-2-300` against baseline `fixture-1-300`/);
    assert.match(summary, /\| legacy \| heartbeat p99 \|/);
  });
});

describe('the fixture is real-shaped', () => {
  test('the synthetic results pass harness/results.schema.json', () => {
    const fixture = JSON.parse(JSON.stringify(buildFixture({ opsPerTarget: 300 }))) as unknown;
    assert.deepEqual(checkSchema(fixture, loadResultsSchema()), []);
  });
});
