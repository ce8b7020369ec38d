/**
 * wrapHttp and the HTTP client service: a wrapped target starts the inner
 * target and the front, hands web threads the HTTP client, maps envelope
 * errors to harness/contract/errors.ts by code, and fills the CallTrace from
 * the server's headers. Also end to end over the real `noop` target.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PrometheusGate } from '../../harness/contract/prometheus-gate.ts';
import type { JobService } from '../../harness/contract/job-service.ts';
import type { TargetHandle, TargetStartOptions } from '../../harness/contract/target.ts';
import {
  InvalidJobIdError,
  RemoteError,
  ServiceClosedError,
  ServiceTimeoutError,
  ServiceUnavailableError,
} from '../../harness/contract/errors.ts';
import { CLIENT_SERVICE_MODULE, frontOriginOf, wrapHttp } from '../../harness/http/wrap.ts';
import { HttpJobService } from '../../harness/http/client-service.ts';
import { noopTarget } from '../../harness/noop/target.ts';
import { CELL, FAKE_LOCK_WAIT_US, FAKE_ROUND_TRIP_US } from './fixtures/fake-service.ts';
import { fakeTarget } from './fixtures/fake-target.ts';
import type { FakeTargetProbe } from './fixtures/fake-target.ts';
import { waitForCell } from './fixtures/wait.ts';
import { loadJobService } from '../../harness/contract/load-service.ts';

const POLICY = { prometheusLimit: 1, busyGuard: false, statusDictLimit: null };

function startOptions(runDir: string, threads: number): TargetStartOptions {
  return { runId: 'http-test', runDir, scale: 0.01, durability: 'relaxed', seed: 1, historicalJobs: 3, threads, engines: { fast: 1, slow: 1 }, log: () => {} };
}

async function clientOf(handle: TargetHandle, threadIndex: number): Promise<JobService> {
  const conn = handle.connection(threadIndex);
  return loadJobService(conn.serviceModule, conn.info, { threadIndex, prometheus: PrometheusGate.create(POLICY) });
}

describe('wrapHttp over a fake target', () => {
  const probe: FakeTargetProbe = { info: null, started: 0, stopped: 0, threadsAsked: 0 };
  const runDir = mkdtempSync(join(tmpdir(), 'convoy-http-'));
  let handle: TargetHandle;
  let svc: JobService;
  before(async () => {
    handle = await wrapHttp(fakeTarget(POLICY, probe), { frontThreads: 3 }).start(startOptions(runDir, 16));
    svc = await clientOf(handle, 0);
  });
  after(async () => {
    await svc.close();
    await handle.stop();
    await handle.stop();
    rmSync(runDir, { recursive: true, force: true });
    assert.equal(probe.stopped, 1, 'stop is idempotent and stops the inner target once');
  });

  test('the wrapped target keeps the inner name, records mode http, and hands out the HTTP client', async () => {
    assert.equal(handle.name, 'fake');
    assert.equal(handle.settings.mode, 'http');
    assert.equal(handle.settings.frontThreads, 3);
    assert.equal(probe.threadsAsked, 3, 'the inner target is asked for the front threads');
    assert.equal(handle.connection(5).serviceModule, CLIENT_SERVICE_MODULE);
    assert.match(frontOriginOf(handle) ?? '', /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.deepEqual(handle.faults.components(), ['engine'], 'faults delegate to the inner target');
    const stats = await handle.collectStats!();
    assert.equal(stats.fake, true);
    assert.equal((stats.front as { threads: number }).threads, 3);
    assert.ok(svc instanceof HttpJobService);
  });

  test('calls decode the envelope and fill the trace from the server split', async () => {
    assert.equal(await svc.jobStatus('job-1'), 'completed');
    assert.equal(svc.trace.lockWaitUs, FAKE_LOCK_WAIT_US);
    assert.equal(svc.trace.roundTripUs, FAKE_ROUND_TRIP_US);
    assert.equal(await svc.jobStatus('nope'), null);
    // Would decode to the number 100000 if sent bare in the query.
    assert.equal(await svc.jobStatus('1e5'), null);
    assert.deepEqual(await svc.jobResult('job-2'), { status: 'completed', jsonResult: { helloworld: true, echo: 'job-2' } });
    assert.deepEqual(await svc.jobResult('nope'), { status: null, jsonResult: null });
    assert.equal((await svc.jobMetadata('job-2'))?.action, 'helloworld');
    assert.equal(await svc.jobMetadata('nope'), null);
    assert.deepEqual(Object.keys(await svc.jobStatusDict({ limit: 2 })), ['job-1', 'job-2']);
    assert.deepEqual(Object.keys(await svc.jobStatusDict()), ['job-1', 'job-2', 'job-3']);
    assert.deepEqual(await svc.jobIdList(), ['job-1', 'job-2', 'job-3']);
    assert.deepEqual(await svc.heartbeat(), { refreshed: true, skippedBusy: false, jobsCounted: 3 });
    const queued = await svc.queueJob({ action: 'helloworld', args: [], kwargs: { time_: 0, echo: 'zz' }, lane: 'fast', callback: { url: 'http://127.0.0.1:9/cb', method: 'PUT', detailed: true } });
    assert.match(queued.jobid, /^job-\d+-helloworld-fast-zz$/);
    assert.equal(queued.jobid.split('-')[1], String(queued.jobcounter));
    await svc.jobStatus('wrong');
    assert.equal(svc.trace.wrongReply, true);
  });

  test('errors map to the contract classes by code', async () => {
    await assert.rejects(svc.jobStatus('bad id!'), InvalidJobIdError);
    await assert.rejects(svc.jobResult('x'.repeat(40)), InvalidJobIdError);
    await assert.rejects(svc.jobStatus('timeout'), (e: unknown) => e instanceof ServiceTimeoutError && e.code === 'E_TIMEOUT');
    await assert.rejects(svc.jobStatus('remote'), RemoteError);
    await assert.rejects(svc.jobStatus('gone'), ServiceUnavailableError);
    assert.equal(await svc.jobStatus('job-1'), 'completed', 'the connection still works');
  });

  test('a reply slower than requestTimeoutMs is a client-side timeout with the socket rebuilt', async () => {
    const conn = handle.connection(1);
    const impatient = new HttpJobService({ ...(conn.info as { origin: string }), requestTimeoutMs: 300 });
    const cells = new Int32Array(probe.info!.cells);
    try {
      const blocked = impatient.jobStatus('block');
      await waitForCell(cells, CELL.entered, 1);
      await assert.rejects(blocked, ServiceTimeoutError);
      assert.equal(impatient.trace.socketRebuilt, true);
    } finally {
      Atomics.store(cells, CELL.gate, 1);
      Atomics.notify(cells, CELL.gate);
    }
    assert.equal(await impatient.jobStatus('job-1'), 'completed', 'a new connection after the timeout');
    await impatient.close();
    await assert.rejects(impatient.jobStatus('job-1'), ServiceClosedError);
  });
});

describe('wrapHttp end to end', () => {
  test('noop through the front: submit, then every read sees the job', async () => {
    const runDir = mkdtempSync(join(tmpdir(), 'convoy-http-'));
    const handle = await wrapHttp(noopTarget).start(startOptions(runDir, 2));
    const svc = await clientOf(handle, 0);
    try {
      assert.equal(handle.name, 'noop');
      const { jobid } = await svc.queueJob({ action: 'helloworld', args: [], kwargs: { time_: 0 }, lane: 'slow' });
      assert.equal(await svc.jobStatus(jobid), 'completed');
      assert.equal((await svc.jobResult(jobid)).status, 'completed');
      assert.ok((await svc.jobIdList()).includes(jobid));
      await assert.rejects(svc.jobStatus('not valid!'), InvalidJobIdError);
    } finally {
      await svc.close();
      await handle.stop();
      rmSync(runDir, { recursive: true, force: true });
    }
    await assert.rejects(clientOf(handle, 1), ServiceUnavailableError, 'connecting fails at once when the front is gone');
  });
});
