/**
 * Size: a run of a million operations gives a report under 5 MB (timelines,
 * events and lanes downsampled; histograms exact). The synthetic results
 * keep every lane segment and 200 000 sampled events, far more than the page
 * can use, so the downsampling is what keeps it small.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { writeReport } from '../../harness/report/write.ts';
import { buildFixture } from './fixtures/results-fixture.ts';

const dir = mkdtempSync(join(tmpdir(), 'report-size-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('a million-operation run gives index.html under 5 MB', async () => {
  const results = buildFixture({ seed: 7, opsPerTarget: 500_000, sampledEvents: 200_000, fullLanes: true });
  const ops = results.targets.reduce((sum, t) => sum + Object.values(t.ops).reduce((s, x) => s + (x?.count ?? 0), 0), 0);
  assert.equal(ops, 1_000_000);
  const segments = results.targets.reduce((sum, t) => sum + t.lanes.segments.reduce((s, lane) => s + lane.length, 0), 0);
  assert.ok(segments > 1_000_000, `the input really is big: ${segments} lane segments`);
  const { htmlPath } = await writeReport(results, join(dir, 'run'));
  const bytes = statSync(htmlPath).size;
  console.log(`# 1M-op report: ${(bytes / 1e6).toFixed(2)} MB, ${segments} lane segments in, ${results.targets[0].events.sampled.length} sampled events per target in`);
  assert.ok(bytes < 5_000_000, `index.html is ${bytes} bytes`);
});

test('a target failing 100 000 requests still gives a report under 5 MB', async () => {
  const results = buildFixture({ seed: 8, opsPerTarget: 200_000, sampledEvents: 50_000, fullLanes: false, errorRate: 0.5 });
  const sampledErrors = results.targets[1].events.sampled.filter((e) => e.outcome === 'error').length;
  assert.ok(sampledErrors > 90_000, `${sampledErrors} error events in results.json`);
  const { htmlPath } = await writeReport(results, join(dir, 'failing'));
  const bytes = statSync(htmlPath).size;
  console.log(`# report with ${sampledErrors} sampled errors: ${(bytes / 1e6).toFixed(2)} MB`);
  assert.ok(bytes < 5_000_000, `index.html is ${bytes} bytes`);
  assert.match(readFileSync(htmlPath, 'utf8'), /failed requests not drawn \(more than 20,000/);
});
