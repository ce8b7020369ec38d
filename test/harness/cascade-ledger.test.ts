/** Cascade detection on synthetic timeout streams; the job ledger's counts. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { emptyTrace } from '../../harness/contract/job-service.ts';
import type { JobService, JobStatus } from '../../harness/contract/job-service.ts';
import { detectCascades } from '../../harness/metrics/cascade.ts';
import { computeLedger, drainLedger } from '../../harness/metrics/ledger.ts';
import type { FinalObservation } from '../../harness/metrics/ledger.ts';
import type { Submission, TimeoutIncident } from '../../harness/metrics/recorder.ts';

function timeout(thread: number, endMs: number, socketRebuilt = true): TimeoutIncident {
  return { thread, op: 'job_status', startMs: endMs - 1200, endMs, socketRebuilt };
}

describe('cascade detection', () => {
  test('no timeouts, no cascades; a lone timeout is not a cascade', () => {
    assert.deepEqual(detectCascades([], { maxGapMs: 1200 }), []);
    assert.deepEqual(detectCascades([timeout(0, 5000)], { maxGapMs: 1200 }), []);
  });

  test('timeouts that follow one another within the gap form one episode', () => {
    const stream = [timeout(0, 2000), timeout(1, 2100), timeout(2, 3200, false), timeout(1, 4300), timeout(5, 20_000), timeout(6, 20_500), timeout(7, 40_000)];
    const cascades = detectCascades(stream, { maxGapMs: 1200 });
    assert.equal(cascades.length, 2);
    assert.deepEqual(cascades[0], { startMs: 800, endMs: 4300, timeouts: 4, threadsHit: [0, 1, 2], socketRebuilds: 3 });
    assert.deepEqual(cascades[1], { startMs: 18_800, endMs: 20_500, timeouts: 2, threadsHit: [5, 6], socketRebuilds: 2 });
  });

  test('order of the input does not matter; minTimeouts is honoured', () => {
    const stream = [timeout(3, 1500), timeout(2, 1000), timeout(1, 500)];
    assert.equal(detectCascades(stream, { maxGapMs: 600 })[0].timeouts, 3);
    assert.deepEqual(detectCascades(stream, { maxGapMs: 600, minTimeouts: 4 }), []);
    assert.equal(detectCascades(stream, { maxGapMs: 400 }).length, 0);
  });
});

function sub(jobid: string, jobcounter: number, thread = 0): Submission {
  return { jobid, jobcounter, thread, tMs: 0 };
}

describe('job ledger', () => {
  test('counts completed, failed, pending, lost and duplicated', () => {
    const submissions = [sub('a', 1), sub('b', 2), sub('c', 3), sub('d', 4), sub('e', 5), sub('b', 6, 1), sub('f', 7)];
    const observed = new Map<string, FinalObservation>([
      ['a', 'completed'],
      ['b', 'completed'],
      ['c', 'exception'],
      ['d', null],
      ['e', 'working'],
      ['f', 'unreadable'],
    ]);
    assert.deepEqual(computeLedger(submissions, observed), { submitted: 7, completed: 2, failed: 1, pending: 2, lost: 1, duplicated: 1 });
  });

  test('drain polls until final, and calls a job unknown to the target lost', async () => {
    const polls = new Map<string, number>();
    const states: Record<string, (JobStatus | null)[]> = { a: ['received', 'working', 'completed'], b: [null, null, null, null], c: ['exception'] };
    const svc = {
      trace: emptyTrace(),
      jobStatus: async (jobid: string) => {
        const n = polls.get(jobid) ?? 0;
        polls.set(jobid, n + 1);
        const seq = states[jobid];
        return seq[Math.min(n, seq.length - 1)];
      },
    } as unknown as JobService;
    const observed = await drainLedger(svc, [sub('a', 1), sub('b', 2), sub('c', 3)], { deadlineMs: 300, pollIntervalMs: 5 });
    assert.equal(observed.get('a'), 'completed');
    assert.equal(observed.get('c'), 'exception');
    assert.equal(observed.get('b'), null);
    assert.equal(polls.get('c'), 1);
    assert.deepEqual(computeLedger([sub('a', 1), sub('b', 2), sub('c', 3)], observed), { submitted: 3, completed: 1, failed: 1, pending: 0, lost: 1, duplicated: 0 });
  });
});
