/**
 * The web side (WBIA `JobInterface`): `_collect_lock` serialises the round
 * trips of 16 callers; the receive timeout; the socket rebuild; and, with
 * the rebuild off, the late reply that answers the wrong request.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { errorCodeOf } from '../../harness/contract/errors.ts';
import { resetTrace } from '../../harness/contract/job-service.ts';
import { RECEIVE_TIMEOUT_MS } from '../../legacy-sim/constants.ts';
import { extraWebProcess, startTestEngine } from './support.ts';
import type { TestEngine } from './support.ts';

// RCVTIMEO 120 s × 0.002 = 240 ms.
const SCALE = 0.002;
const TIMEOUT_MS = RECEIVE_TIMEOUT_MS * SCALE;

describe('legacy-sim JobInterface', () => {
  let engine: TestEngine;

  before(async () => {
    // A per-reply cost of 1 ms (500 production ms × 0.002) makes each request visible.
    engine = await startTestEngine('web', { scale: SCALE, historicalJobs: 5, options: { perReplyCostMs: 500 } });
  });

  after(async () => {
    await engine?.stop();
  });

  test('the lock serialises: 16 callers at once, round trips never overlap', async () => {
    const services = Array.from({ length: 16 }, () => engine.service());
    const intervals: { start: number; end: number; lockWaitUs: number }[] = [];
    await Promise.all(
      services.map(async (service, i) => {
        for (let k = 0; k < 4; k += 1) {
          resetTrace(service.trace);
          const t0 = performance.now();
          await service.jobStatus(`caller_${i}`);
          const start = t0 + service.trace.lockWaitUs / 1000;
          intervals.push({ start, end: start + service.trace.roundTripUs / 1000, lockWaitUs: service.trace.lockWaitUs });
        }
      }),
    );
    assert.equal(intervals.length, 64);
    intervals.sort((a, b) => a.start - b.start);
    const toleranceMs = 0.2; // t0 is read a few µs before the lock wait starts
    for (let i = 1; i < intervals.length; i += 1) {
      assert.ok(intervals[i].start >= intervals[i - 1].end - toleranceMs, `round trips ${i - 1} and ${i} overlap by ${(intervals[i - 1].end - intervals[i].start).toFixed(3)} ms`);
    }
    // threading.Lock is not fair: a caller that just released may take it again at once,
    // so not every call waits; but the lock wait adds up to most of the run.
    const waitedMs = intervals.reduce((sum, x) => sum + x.lockWaitUs / 1000, 0);
    const busyMs = intervals.reduce((sum, x) => sum + (x.end - x.start), 0);
    assert.ok(waitedMs > busyMs, `lock wait ${waitedMs.toFixed(1)} ms, round trips ${busyMs.toFixed(1)} ms`);
  });

  test('a receive timeout rejects with E_TIMEOUT and rebuilds the DEALER; a late reply is flagged, never taken as right', async (t) => {
    const web = extraWebProcess(engine, 4, TIMEOUT_MS, true);
    const service = web.service();
    try {
      const paused = engine.handle.faults.pause('collector', TIMEOUT_MS * 3);
      await assert.rejects(service.jobStatus('timeout_probe'), (e: unknown) => errorCodeOf(e) === 'E_TIMEOUT');
      assert.equal(service.trace.socketRebuilt, true);
      assert.ok(service.trace.roundTripUs / 1000 >= TIMEOUT_MS * 0.9, `gave up after ${service.trace.roundTripUs / 1000} ms`);
      assert.equal(web.owner.counters.rebuilds, 1);
      await paused;
      // The rebuilt DEALER has the same identity (as in WBIA), so ZeroMQ's ROUTER may route
      // the late reply to it: the conversation is then one behind, as with the rebuild off.
      // Whatever happens, every answer is right or flagged as a wrong reply.
      const outcomes: string[] = [];
      for (let k = 0; k < 3; k += 1) {
        resetTrace(service.trace);
        try {
          const ids = await service.jobIdList();
          if (service.trace.wrongReply) outcomes.push('wrong-reply');
          else {
            assert.ok(ids.includes('timeout_probe'), 'a right answer lists the timed-out probe');
            outcomes.push('ok');
          }
        } catch (error) {
          assert.equal(errorCodeOf(error), 'E_TIMEOUT');
          outcomes.push('timeout');
        }
      }
      t.diagnostic(`after the rebuild: ${outcomes.join(', ')}`);
      assert.equal(web.owner.counters.wrongReplies, outcomes.filter((o) => o === 'wrong-reply').length);
    } finally {
      await service.close();
      web.owner.close();
    }
  });

  test('with the rebuild off, the late reply answers the next request (and the next, one behind)', async () => {
    const web = extraWebProcess(engine, 5, TIMEOUT_MS, false);
    const service = web.service();
    try {
      const paused = engine.handle.faults.pause('collector', TIMEOUT_MS * 3);
      await assert.rejects(service.jobStatus('late_probe'), (e: unknown) => errorCodeOf(e) === 'E_TIMEOUT');
      assert.equal(service.trace.socketRebuilt, false);
      await paused;
      resetTrace(service.trace);
      const ids = await service.jobIdList();
      assert.equal(service.trace.wrongReply, true, 'the id list got the job_status reply');
      assert.deepEqual(ids, [], 'a job_status reply read as an id list has no ids');
      resetTrace(service.trace);
      const status = await service.jobStatus('late_probe');
      assert.equal(service.trace.wrongReply, true, 'and this call got the id-list reply');
      assert.equal(status, null);
      assert.equal(web.owner.counters.wrongReplies, 2);
      assert.equal(web.owner.counters.rebuilds, 0);
    } finally {
      await service.close();
      web.owner.close();
    }
  });

  test('queue_job through the engine DEALER writes the .pkl record, so the job completes with times', async () => {
    const service = engine.service();
    const queued = await service.queueJob({ action: 'helloworld', args: [], kwargs: { time_: 10 }, lane: 'fast' });
    assert.equal(queued.jobcounter, 6, 'historical jobs 1..5, then __set_jobcounter__ 5');
    let status = null;
    for (let i = 0; i < 2_000 && status !== 'completed'; i += 1) status = await service.jobStatus(queued.jobid);
    assert.equal(status, 'completed');
    const metadata = await service.jobMetadata(queued.jobid);
    assert.equal(typeof metadata?.times.completed, 'string');
    assert.deepEqual(await service.jobResult(queued.jobid), { status: 'completed', jsonResult: { helloworld: true, echo: null } });
  });
});
