/**
 * Closed-model HTTP with autocannon: every response recorded by us in µs
 * into per-connection Recorders, outcomes classified from the front's status
 * and headers, queue_job acknowledgements kept for the ledger, bounded by
 * maxOps and by time.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TargetHandle } from '../../harness/contract/target.ts';
import { cumulativeWeights } from '../../harness/driver/schedule.ts';
import { decodeHistogram } from '../../harness/metrics/histogram.ts';
import { AutocannonOptionsError, runAutocannon, runAutocannonClosed } from '../../harness/http/autocannon-run.ts';
import type { DriveOptions } from '../../harness/driver/pool.ts';
import type { AutocannonRunOptions } from '../../harness/http/autocannon-run.ts';
import { frontOriginOf, wrapHttp } from '../../harness/http/wrap.ts';
import { noopTarget } from '../../harness/noop/target.ts';
import type { OpName } from '../../harness/results/types.ts';
import { fakeTarget } from './fixtures/fake-target.ts';

const runDir = mkdtempSync(join(tmpdir(), 'convoy-autocannon-'));
const START = { runId: 'ac', runDir, scale: 0.01, durability: 'relaxed' as const, seed: 7, historicalJobs: 0, threads: 2, engines: { fast: 1, slow: 1 }, log: () => {} };

function options(handle: TargetHandle, overrides: Partial<AutocannonRunOptions> = {}): AutocannonRunOptions {
  return {
    origin: frontOriginOf(handle) ?? 'not wrapped',
    connections: 4,
    weights: cumulativeWeights({ job_status: 4, queue_job: 2, heartbeat: 1 }),
    maxOps: 600,
    requestTimeoutMs: 10_000,
    warmupMs: 100,
    measureMs: 1000,
    seed: 7,
    job: { action: 'helloworld', timeSec: 0, lane: 'fast', callback: null },
    jobids: { historical: [], ownPollShare: 1 },
    statusDictLimit: null,
    timelineBucketMs: 500,
    expectedIntervalUs: 0,
    ...overrides,
  };
}

function sumCounts(results: Awaited<ReturnType<typeof runAutocannonClosed>>['results'], op: OpName, key: 'count' | 'errors' | 'timeouts'): number {
  return results.reduce((n, r) => n + (r.recorder.counts[op]?.[key] ?? 0), 0);
}

describe('autocannon closed-model runs', () => {
  after(() => rmSync(runDir, { recursive: true, force: true }));

  describe('against noop through the front', () => {
    let handle: TargetHandle;
    before(async () => {
      handle = await wrapHttp(noopTarget).start(START);
    });
    after(() => handle.stop());

    test('records every response in µs per connection, bounded by maxOps', async () => {
      const run = await runAutocannonClosed(options(handle));
      assert.equal(run.results.length, 4, 'one recorder per connection');
      assert.deepEqual(run.results.map((r) => r.threadIndex).sort(), [0, 1, 2, 3]);
      assert.equal(run.settings.driver, 'autocannon');
      const recorded = run.results.reduce((n, r) => n + r.recorder.totalEvents + r.recorder.warmupSkipped, 0);
      assert.ok(recorded > 0 && recorded <= 600, `recorded ${recorded} within maxOps`);
      assert.ok(recorded <= run.counters.sent, `ours ${recorded} ≤ autocannon's sent ${run.counters.sent}`);
      assert.equal(run.counters.non2xx, 0);
      for (const op of ['job_status', 'queue_job'] as const) assert.ok(sumCounts(run.results, op, 'count') > 0, `${op} ran`);
      assert.equal(sumCounts(run.results, 'job_status', 'errors'), 0);
      // Microseconds, not whole milliseconds: sub-millisecond replies keep their value.
      const values: number[] = [];
      for (const r of run.results) {
        const encoded = r.recorder.total.job_status;
        if (!encoded) continue;
        const h = decodeHistogram(encoded);
        values.push(h.minNonZeroValue, h.getValueAtPercentile(50));
        h.destroy();
      }
      assert.ok(values.some((v) => v % 1000 !== 0), `µs resolution: ${values.join(', ')}`);
      // queue_job acknowledgements reach the ledger, each jobid once.
      const jobids = run.results.flatMap((r) => r.recorder.submissions.map((s) => s.jobid));
      assert.ok(jobids.length > 0);
      assert.equal(new Set(jobids).size, jobids.length);
    });

    test('as the runner Driver: same result shape as drive(), refusing what autocannon cannot do', async () => {
      const drive = (load: DriveOptions['load'], h: TargetHandle = handle) =>
        runAutocannon({
          handle: h,
          threads: 2,
          seed: 3,
          load,
          warmupMs: 0,
          measureMs: 300,
          maxOps: 100,
          job: { action: 'helloworld', timeSec: 0, lane: 'fast', callback: null },
          jobids: { historical: [], ownPollShare: 1 },
          statusDictLimit: null,
          timelineBucketMs: 100,
          connectTimeoutMs: 10_000,
          graceMs: 1000,
        });
      const closed = { kind: 'closed' as const, users: 3, thinkMs: 0, weights: { job_id_list: 1 }, correctCoordinatedOmission: true };
      const driven = await drive(closed);
      assert.equal(driven.recorders.length, 3, 'one recorder per user, not capped by threads');
      assert.ok(driven.measureStartUs === driven.startUs && driven.endUs > driven.startUs);
      assert.ok(driven.recorders.reduce((n, r) => n + (r.counts.job_id_list?.count ?? 0), 0) > 0);
      await assert.rejects(drive({ ...closed, thinkMs: 5 }), AutocannonOptionsError);
      await assert.rejects(drive({ kind: 'open', arrival: 'constant', ratePerSec: 10, weights: { heartbeat: 1 } }), AutocannonOptionsError);
      const unwrapped = await noopTarget.start(START);
      await assert.rejects(drive(closed, unwrapped), /no HTTP front/);
      await unwrapped.stop();
    });
  });

  test('timeouts and errors from the front are classified from status and headers', async () => {
    const probe = { info: null, started: 0, stopped: 0, threadsAsked: 0 };
    const handle = await wrapHttp(fakeTarget({ prometheusLimit: 30, busyGuard: true, statusDictLimit: null }, probe), { frontThreads: 2 }).start(START);
    try {
      const run = await runAutocannonClosed(
        options(handle, {
          connections: 2,
          weights: cumulativeWeights({ job_status: 1 }),
          maxOps: 300,
          warmupMs: 0,
          measureMs: 700,
          jobids: { historical: ['job-1', 'timeout', 'bad id!'], ownPollShare: 0 },
        }),
      );
      const count = sumCounts(run.results, 'job_status', 'count');
      const timeouts = sumCounts(run.results, 'job_status', 'timeouts');
      const errors = sumCounts(run.results, 'job_status', 'errors');
      assert.ok(count > 10, `ran ${count}`);
      assert.ok(timeouts > 0 && errors > 0 && timeouts + errors < count, `${timeouts} timeouts, ${errors} errors of ${count}`);
      assert.ok(run.results.some((r) => r.errorSamples.includes('HTTP 400: E_INVALID_JOBID')));
      // The fake service's lock wait reaches our lock-wait histogram through the headers.
      const lock = decodeHistogram(run.results[0].recorder.lockWait.job_status!);
      assert.equal(lock.maxValue, 123);
      lock.destroy();
    } finally {
      await handle.stop();
    }
  });
});
