/**
 * One conformance suite for every target (issue 4 item 4): the same job
 * submitted to any of them ends in the same observable states. Each target
 * runs with its own schema / file / key prefix and cleans up after itself.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { errorCodeOf } from '../../harness/contract/errors.ts';
import type { JsonObject } from '../../harness/contract/json.ts';
import type { JobService, JobStatus, StatusRow } from '../../harness/contract/job-service.ts';
import { HISTORICAL_JOBS, UserPool, pollToFinal, planTargets, startTarget } from './support.ts';
import type { Started } from './support.ts';

const LIFECYCLE: JobStatus[] = ['received', 'accepted', 'queued', 'working', 'publishing', 'completed'];
const STATUS_ROW_KEYS: (keyof StatusRow)[] = [
  'status',
  'jobcounter',
  'action',
  'endpoint',
  'function',
  'time_received',
  'time_started',
  'time_runtime',
  'time_updated',
  'time_completed',
  'time_turnaround',
  'time_runtime_sec',
  'time_turnaround_sec',
];
const SPAN_RE = /^\d+ hours \d+ min\. \d+ sec\. \(total: \d+ sec\.\)$/;

/** Awkward but valid JSON: unicode (astral, combining, lone surrogate), escapes, nesting, extreme doubles. */
const AWKWARD_ECHO: JsonObject = {
  'ünïcödé ключ 键': 'é (e\u0301) 😀 \u2028\u2029 "quoted" \\ back\\slash </script> \t\n\r \u0000 \ud800',
  nested: [[[{ a: [1, { b: null, c: [true, false, ''] }] }]], { deeper: { deeper: { deeper: { deeper: 'end' } } } }],
  max: Number.MAX_VALUE,
  minSubnormal: 5e-324,
  maxSafe: Number.MAX_SAFE_INTEGER,
  minSafe: Number.MIN_SAFE_INTEGER,
  beyondSafe: 2 ** 60,
  pointOneTwo: 0.1 + 0.2,
  negExp: -1.5e-300,
  emptyObject: {},
  emptyArray: [],
  '': 'empty key',
  '10': 'numeric-looking key',
};

const plans = await planTargets();
const USERS = 16;
let pool: UserPool | null = null;
after(async () => {
  await pool?.close();
});

for (const plan of plans) {
  describe(`conformance: ${plan.name}`, { skip: plan.skip || undefined }, () => {
    let started: Started;
    let service: JobService;

    before(async () => {
      assert.ok(plan.definition);
      started = await startTarget(plan.definition, plan.name.replace(/[^a-z0-9]/g, ''));
      service = await started.service(0);
    });

    after(async () => {
      await started?.stop();
    });

    /**
     * Legacy's faithful message-order race (legacy-sim/README.md, "Status order
     * is not guaranteed"): the engine queue's `metadata`/`queued` and the
     * engine's `working` reach the collector through different pipes of the
     * proxy's ROUTER, so on a busy machine `working` can be handled first —
     * statuses then step back, and the late `metadata` write wipes
     * `times.started`. WBIA does the same; the new targets must not.
     */
    const orderRaces = plan.name.startsWith('legacy');

    test('a helloworld job goes through the lifecycle to completed, with times', async (t) => {
      const queued = await service.queueJob({ action: 'helloworld', args: [1, 'two'], kwargs: { time_: 1 }, lane: 'fast' });
      assert.equal(typeof queued.jobid, 'string');
      assert.ok(Number.isInteger(queued.jobcounter) && queued.jobcounter > 0, `jobcounter ${queued.jobcounter}`);
      const seen = await pollToFinal(service, queued.jobid);
      const indexes = seen.filter((s) => s !== null).map((s) => LIFECYCLE.indexOf(s as JobStatus));
      assert.ok(indexes.every((i) => i >= 0), `unexpected status in ${seen.join(' → ')}`);
      const inOrder = indexes.every((v, i) => i === 0 || indexes[i - 1] <= v);
      if (orderRaces && !inOrder) t.diagnostic(`legacy order race seen: ${seen.join(' → ')}`);
      else assert.ok(inOrder, `statuses out of order: ${seen.join(' → ')}`);
      assert.equal(seen[seen.length - 1], 'completed');

      const metadata = await service.jobMetadata(queued.jobid);
      assert.ok(metadata, 'metadata of a finished job');
      assert.equal(metadata.jobcounter, queued.jobcounter);
      assert.equal(metadata.action, 'helloworld');
      assert.deepEqual(metadata.args, [1, 'two']);
      assert.deepEqual(metadata.kwargs, { time_: 1 });
      assert.equal(metadata.lane, 'fast');
      // Without `started` there is no runtime: the race takes all three with it.
      const startedWiped = orderRaces && metadata.times.started === null;
      if (startedWiped) t.diagnostic('legacy order race seen: metadata landed after working, times.started (and runtime) wiped');
      const raced = startedWiped ? ['started', 'runtime'] : [];
      for (const key of ['received', 'started', 'updated', 'completed', 'runtime', 'turnaround'].filter((k) => !raced.includes(k))) {
        assert.equal(typeof metadata.times[key], 'string', `times.${key} = ${JSON.stringify(metadata.times[key])}`);
      }
      if (!startedWiped) assert.match(String(metadata.times.runtime), SPAN_RE);
      assert.match(String(metadata.times.turnaround), SPAN_RE);
      const runtimeSec = startedWiped ? 0 : metadata.times.runtime_sec;
      const turnaroundSec = metadata.times.turnaround_sec;
      assert.ok(typeof runtimeSec === 'number' && runtimeSec >= 0, `runtime_sec ${runtimeSec}`);
      assert.ok(typeof turnaroundSec === 'number' && turnaroundSec >= runtimeSec, `turnaround_sec ${turnaroundSec}`);

      const result = await service.jobResult(queued.jobid);
      assert.equal(result.status, 'completed');
      assert.deepEqual(result.jsonResult, { helloworld: true, echo: null });
    });

    test('the result is byte-identical after the round trip (awkward JSON in kwargs.echo)', async () => {
      const queued = await service.queueJob({ action: 'helloworld', args: [], kwargs: { time_: 1, echo: AWKWARD_ECHO }, lane: 'slow' });
      await pollToFinal(service, queued.jobid);
      const result = await service.jobResult(queued.jobid);
      assert.equal(result.status, 'completed');
      assert.equal(JSON.stringify(result.jsonResult), JSON.stringify({ helloworld: true, echo: AWKWARD_ECHO }));
      const metadata = await service.jobMetadata(queued.jobid);
      assert.equal(JSON.stringify(metadata?.kwargs.echo), JSON.stringify(AWKWARD_ECHO));
    });

    test('exception jobs end in exception with the error as result', async () => {
      for (const action of ['exception', 'no_such_action']) {
        const queued = await service.queueJob({ action, args: [], kwargs: { time_: 0.5 }, lane: 'fast' });
        const seen = await pollToFinal(service, queued.jobid);
        assert.equal(seen[seen.length - 1], 'exception', `${action}: ${seen.join(' → ')}`);
        const result = await service.jobResult(queued.jobid);
        assert.equal(result.status, 'exception', action);
        assert.equal(typeof (result.jsonResult as JsonObject | null)?.exception, 'string', `${action}: ${JSON.stringify(result.jsonResult)}`);
      }
    });

    test('an invalid jobid rejects with E_INVALID_JOBID on every per-job call', async () => {
      const invalid = ['has space', 'a'.repeat(40), '../../etc/passwd', 'semi;colon', ''];
      for (const jobid of invalid) {
        for (const call of [() => service.jobStatus(jobid), () => service.jobResult(jobid), () => service.jobMetadata(jobid)]) {
          await assert.rejects(call(), (error: unknown) => errorCodeOf(error) === 'E_INVALID_JOBID', `jobid ${JSON.stringify(jobid)}`);
        }
      }
    });

    test('an unknown but valid jobid answers null status, null result, null metadata', async () => {
      for (const jobid of [randomUUID(), 'never_submitted_42']) {
        assert.equal(await service.jobStatus(jobid), null);
        assert.deepEqual(await service.jobResult(jobid), { status: null, jsonResult: null });
        assert.equal(await service.jobMetadata(jobid), null);
      }
    });

    test('status dict without limit holds every job; with a limit, the newest N', async () => {
      const a = await service.queueJob({ action: 'helloworld', args: [], kwargs: { time_: 1 }, lane: 'fast' });
      const b = await service.queueJob({ action: 'helloworld', args: [], kwargs: { time_: 1 }, lane: 'slow' });
      await pollToFinal(service, a.jobid);
      await pollToFinal(service, b.jobid);

      const all = await service.jobStatusDict();
      assert.ok(Object.keys(all).length >= HISTORICAL_JOBS + 2, `dict has ${Object.keys(all).length} rows`);
      for (const queued of [a, b]) {
        const row = all[queued.jobid];
        assert.ok(row, `job ${queued.jobid} in the status dict`);
        assert.deepEqual(Object.keys(row).sort(), [...STATUS_ROW_KEYS].sort());
        assert.equal(row.status, 'completed');
        assert.equal(row.jobcounter, queued.jobcounter);
        assert.equal(row.action, 'helloworld');
        assert.equal(typeof row.time_turnaround_sec, 'number');
      }
      const historical = Object.values(all).filter((r) => r.status === 'completed' || r.status === 'exception');
      assert.ok(historical.length >= HISTORICAL_JOBS, 'historical jobs are finished jobs');

      const limited = await service.jobStatusDict({ limit: 5 });
      const rows = Object.values(limited);
      assert.equal(rows.length, 5);
      const newest = Object.values(all)
        .map((r) => r.jobcounter)
        .sort((x, y) => y - x)
        .slice(0, 5);
      assert.deepEqual(rows.map((r) => r.jobcounter).sort((x, y) => y - x), newest);
      assert.ok(limited[b.jobid], 'the newest job is within the limit');
    });

    test('id list: sorted, no duplicates, every submitted job in it', async () => {
      const queued = await service.queueJob({ action: 'helloworld', args: [], kwargs: { time_: 1 }, lane: 'fast' });
      const ids = await service.jobIdList();
      assert.ok(ids.length >= HISTORICAL_JOBS + 1);
      assert.equal(new Set(ids).size, ids.length, 'no duplicate ids');
      assert.deepEqual(ids, [...ids].sort(), 'sorted');
      assert.ok(ids.includes(queued.jobid));
      await pollToFinal(service, queued.jobid);
    });

    test('heartbeat: one refresh per PROMETHEUS_LIMIT calls, counting the jobs', async () => {
      const limit = started.handle.heartbeatPolicy.prometheusLimit;
      const replies = [];
      for (let i = 0; i < limit; i++) replies.push(await service.heartbeat());
      const refreshed = replies.filter((r) => r.refreshed);
      assert.equal(refreshed.length, 1, `refreshes in ${limit} calls`);
      assert.ok((refreshed[0].jobsCounted ?? 0) >= HISTORICAL_JOBS, `counted ${refreshed[0].jobsCounted}`);
    });

    test('16 users in 16 threads submit and poll at once: no job lost or duplicated', async (t) => {
      const perUser = 4;
      pool ??= new UserPool(USERS);
      const byUser = await pool.run(started, perUser);
      const worst = (key: 'connectMs' | 'submitMs' | 'pollMs') => Math.max(...byUser.map((u) => u.timings[key])).toFixed(0);
      t.diagnostic(`slowest user: connect ${worst('connectMs')} ms, submit ${worst('submitMs')} ms, poll to final ${worst('pollMs')} ms`);
      const jobs = byUser.flatMap((u) => u.jobs);
      assert.equal(jobs.length, USERS * perUser);
      assert.equal(new Set(jobs.map((j) => j.jobid)).size, jobs.length, 'distinct jobids');
      assert.equal(new Set(jobs.map((j) => j.jobcounter)).size, jobs.length, 'distinct jobcounters');
      const notCompleted = jobs.filter((j) => j.finalStatus !== 'completed');
      assert.deepEqual(notCompleted, [], 'every job completed');
      const ids = new Set(await service.jobIdList());
      assert.deepEqual(jobs.filter((j) => !ids.has(j.jobid)), [], 'every job in the id list');
      const dict = await service.jobStatusDict();
      for (const job of jobs) {
        assert.equal(dict[job.jobid]?.jobcounter, job.jobcounter, `status row of ${job.jobid}`);
        assert.equal(dict[job.jobid]?.status, 'completed');
      }
      // One call in flight per JobService (its contract): ask one after another.
      for (const job of jobs) assert.equal((await service.jobResult(job.jobid)).status, 'completed');
    });
  });
}
