/**
 * The HTTP front against a fake JobService: envelope and routes, 4xx/5xx for
 * bad input and service failures with the server still up, and the FIFO
 * dispatch of gunicorn's gthread model (ordered by Atomics gates, not sleeps).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Pool } from 'undici';
import { startFront } from '../../harness/http/front.ts';
import type { Front } from '../../harness/http/front.ts';
import { HEADER, readSplit } from '../../harness/http/headers.ts';
import { isEnvelope } from '../../harness/http/envelope.ts';
import type { Envelope } from '../../harness/http/envelope.ts';
import { CELL, FAKE_LOCK_WAIT_US, FAKE_ROUND_TRIP_US, newFakeInfo } from './fixtures/fake-service.ts';
import type { FakeInfo } from './fixtures/fake-service.ts';
import { FAKE_SERVICE_MODULE } from './fixtures/fake-target.ts';
import { waitForCell, waitForQueued } from './fixtures/wait.ts';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  envelope: Envelope;
}

async function call(pool: Pool, method: 'GET' | 'POST' | 'PUT', path: string, body?: string, contentType = 'application/json'): Promise<Reply> {
  const res = await pool.request({ method, path, body, headers: body === undefined ? {} : { 'content-type': contentType } });
  const parsed: unknown = JSON.parse(await res.body.text());
  assert.ok(isEnvelope(parsed), `not an envelope: ${JSON.stringify(parsed)}`);
  return { status: res.statusCode, headers: res.headers, envelope: parsed };
}

function frontOver(info: FakeInfo, threads: number, prometheusLimit = 2): Promise<Front> {
  return startFront({
    threads,
    connection: () => ({ serviceModule: FAKE_SERVICE_MODULE, info, transfer: [] }),
    heartbeatPolicy: { prometheusLimit, busyGuard: true, statusDictLimit: null },
  });
}

describe('HTTP front: routes and envelope', () => {
  const info = newFakeInfo();
  let front: Front;
  let pool: Pool;
  before(async () => {
    front = await frontOver(info, 2);
    pool = new Pool(front.origin, { connections: 4 });
  });
  after(async () => {
    await pool.close();
    await front.stop();
    assert.equal(Atomics.load(new Int32Array(info.cells), CELL.closed), 2, 'every thread closed its JobService');
  });

  test('id list, status, status dict, metadata, result, heartbeat', async () => {
    const list = await call(pool, 'GET', '/api/engine/job/');
    assert.equal(list.status, 200);
    assert.deepEqual(list.envelope, { status: { success: true, code: 200, message: '', cache: -1 }, response: ['job-1', 'job-2', 'job-3'] });

    const status = await call(pool, 'GET', '/api/engine/job/status/?jobid=job-1');
    assert.deepEqual(status.envelope.response, { status: 'ok', jobid: 'job-1', jobstatus: 'completed' });
    const unknown = await call(pool, 'POST', '/api/engine/job/status/', JSON.stringify({ jobid: 'nope' }));
    assert.deepEqual(unknown.envelope.response, { status: 'ok', jobid: 'nope', jobstatus: null });

    const dict = await call(pool, 'GET', '/api/engine/job/status');
    assert.deepEqual(Object.keys((dict.envelope.response as { json_result: object }).json_result), ['job-1', 'job-2', 'job-3']);
    const limited = await call(pool, 'POST', '/api/engine/job/status/', 'limit=2', 'application/x-www-form-urlencoded');
    assert.deepEqual(Object.keys((limited.envelope.response as { json_result: object }).json_result), ['job-1', 'job-2']);

    const metadata = await call(pool, 'GET', '/api/engine/job/metadata/?jobid=job-2');
    assert.equal((metadata.envelope.response as { json_result: { action: string } }).json_result.action, 'helloworld');
    const result = await call(pool, 'GET', '/api/engine/job/result/?jobid=%22job-3%22');
    assert.deepEqual(result.envelope.response, { status: 'completed', jobid: 'job-3', json_result: { helloworld: true, echo: 'job-3' } });

    // PROMETHEUS_LIMIT 2, one gate shared by both threads: every second beat refreshes.
    const beats = [];
    for (let i = 0; i < 4; i++) beats.push((await call(pool, 'GET', '/api/test/heartbeat/')).envelope.response);
    assert.deepEqual(beats.map((b) => (b as { refreshed: boolean }).refreshed), [false, true, false, true]);
    assert.equal((beats[1] as { jobs_counted: number }).jobs_counted, 3);
  });

  test('job submission by helloworld (query and JSON) and the generic queue route', async () => {
    const viaQuery = await call(pool, 'GET', '/api/engine/helloworld/?time_=0.5&echo=hi&lane=fast');
    assert.equal(viaQuery.status, 200);
    assert.match(viaQuery.envelope.response as string, /^job-\d+-helloworld-fast-hi$/);
    assert.ok(Number(viaQuery.headers[HEADER.jobcounter]) >= 1);
    const viaJson = await call(pool, 'POST', '/api/engine/helloworld/', JSON.stringify({ echo: 'yo', lane: 'nonsense' }));
    assert.match(viaJson.envelope.response as string, /-helloworld-slow-yo$/, 'an unknown lane falls back to slow');
    const generic = await call(pool, 'POST', '/api/engine/job/queue/', JSON.stringify({ action: 'exception', kwargs: { echo: 'e' }, lane: 'fast' }));
    assert.match(generic.envelope.response as string, /-exception-fast-e$/);
  });

  test('every response carries the server-side split', async () => {
    const r = await call(pool, 'GET', '/api/engine/job/status/?jobid=job-1');
    const split = readSplit(r.headers);
    assert.equal(split.lockWaitUs, FAKE_LOCK_WAIT_US);
    assert.equal(split.roundTripUs, FAKE_ROUND_TRIP_US);
    assert.equal(split.outcome, 'ok');
    assert.ok(split.thread === 0 || split.thread === 1);
    assert.ok(split.queueWaitUs >= 0 && split.serviceUs > 0);
  });

  test('bad input gets a 4xx envelope and the server stays up', async () => {
    const cases: [method: 'GET' | 'POST' | 'PUT', path: string, body: string | undefined, status: number, code: string][] = [
      ['GET', '/api/engine/job/status/?jobid=bad%20id!', undefined, 400, 'E_INVALID_JOBID'],
      ['GET', `/api/engine/job/result/?jobid=${'a'.repeat(40)}`, undefined, 400, 'E_INVALID_JOBID'],
      ['POST', '/api/engine/job/metadata/', JSON.stringify({ jobid: { x: 1 } }), 400, 'E_INVALID_JOBID'],
      ['GET', '/api/engine/job/result/', undefined, 400, 'E_BAD_PARAMETER'],
      ['GET', '/api/engine/job/status/?limit=abc', undefined, 400, 'E_BAD_PARAMETER'],
      ['GET', '/api/engine/job/status/?limit=-1', undefined, 400, 'E_BAD_PARAMETER'],
      ['GET', '/api/engine/job/status/?jobid=job-1&jobid=job-2', undefined, 400, 'E_BAD_PARAMETER'],
      ['POST', '/api/engine/job/status/', '{"jobid": ', 400, 'E_BAD_BODY'],
      ['POST', '/api/engine/job/status/', '[1,2]', 400, 'E_BAD_BODY'],
      ['GET', '/api/engine/helloworld/?time_=soon', undefined, 400, 'E_BAD_PARAMETER'],
      ['POST', '/api/engine/helloworld/', JSON.stringify({ callback_url: 'ftp://x' }), 400, 'E_BAD_PARAMETER'],
      ['POST', '/api/engine/job/queue/', JSON.stringify({ args: [] }), 400, 'E_BAD_PARAMETER'],
      ['GET', '/api/engine/nothing/', undefined, 404, 'E_NOT_FOUND'],
      ['PUT', '/api/engine/job/', '{}', 405, 'E_METHOD'],
    ];
    for (const [method, path, body, status, code] of cases) {
      const r = await call(pool, method, path, body);
      assert.equal(r.status, status, `${method} ${path}`);
      assert.equal(r.envelope.status.success, false);
      assert.equal(r.envelope.status.code, status);
      assert.equal((r.envelope.response as { error_code: string }).error_code, code, `${method} ${path}`);
      assert.equal(r.headers[HEADER.outcome], 'error');
    }
    assert.equal((await call(pool, 'GET', '/api/engine/job/')).status, 200, 'still serving');
  });

  test('service failures map to 5xx envelopes: timeout 504, engine error 502, unreachable 503', async () => {
    const timeout = await call(pool, 'GET', '/api/engine/job/status/?jobid=timeout');
    assert.equal(timeout.status, 504);
    assert.match(timeout.envelope.status.message, /timeout/);
    assert.equal(timeout.headers[HEADER.outcome], 'timeout');
    assert.equal((await call(pool, 'GET', '/api/engine/job/status/?jobid=remote')).status, 502);
    assert.equal((await call(pool, 'GET', '/api/engine/job/status/?jobid=gone')).status, 503);
    const wrong = await call(pool, 'GET', '/api/engine/job/status/?jobid=wrong');
    assert.equal(wrong.status, 200);
    assert.equal(wrong.headers[HEADER.outcome], 'wrong-reply');
    assert.equal(wrong.headers[HEADER.wrongReply], '1');
  });
});

describe('HTTP front: a thread that dies', () => {
  test('answers 500 for its request; the other threads go on serving', async () => {
    const info = newFakeInfo();
    const front = await frontOver(info, 2);
    const pool = new Pool(front.origin, { connections: 2 });
    try {
      const crashed = await call(pool, 'GET', '/api/engine/job/status/?jobid=crash');
      assert.equal(crashed.status, 500);
      assert.equal((crashed.envelope.response as { error_code: string }).error_code, 'E_INTERNAL');
      assert.equal(front.stats().alive, 1);
      for (let i = 0; i < 3; i++) assert.equal((await call(pool, 'GET', '/api/engine/job/')).status, 200);
    } finally {
      await pool.close();
      await front.stop();
    }
  });
});

describe('HTTP front: start-up failures', () => {
  test('a connection the target refuses ends the threads already started', async () => {
    const info = newFakeInfo();
    await assert.rejects(
      startFront({
        threads: 2,
        connection: (i) => {
          if (i === 1) throw new Error('no second connection');
          return { serviceModule: FAKE_SERVICE_MODULE, info, transfer: [] };
        },
        heartbeatPolicy: { prometheusLimit: 1, busyGuard: false, statusDictLimit: null },
      }),
      /no second connection/,
    );
    assert.equal(Atomics.load(new Int32Array(info.cells), CELL.closed), 1, 'the thread already started closed its service');
  });

  test('a service module that fails to build is reported with the thread index', async () => {
    await assert.rejects(
      startFront({
        threads: 2,
        connection: () => ({ serviceModule: FAKE_SERVICE_MODULE, info: { not: 'fake info' }, transfer: [] }),
        heartbeatPolicy: { prometheusLimit: 1, busyGuard: false, statusDictLimit: null },
      }),
      /front thread \d: fake service: info must be/,
    );
  });
});

describe('HTTP front: FIFO dispatch over worker threads', () => {
  test('17 slow requests on 16 threads: the 17th waits for a free thread', async () => {
    const info = newFakeInfo();
    const cells = new Int32Array(info.cells);
    const front = await frontOver(info, 16);
    const pool = new Pool(front.origin, { connections: 17 });
    try {
      const first = Array.from({ length: 16 }, () => call(pool, 'GET', '/api/engine/job/status/?jobid=block'));
      await waitForCell(cells, CELL.entered, 16);
      assert.equal(front.stats().busy, 16);
      const seventeenth = call(pool, 'GET', '/api/engine/job/status/?jobid=block');
      await waitForQueued(front, 1);
      const queuedSeenMs = performance.now();
      assert.equal(Atomics.load(cells, CELL.entered), 16, 'the 17th did not reach a JobService while all threads were busy');
      const gateOpenedMs = performance.now();
      Atomics.store(cells, CELL.gate, 1);
      Atomics.notify(cells, CELL.gate);
      const replies = await Promise.all(first);
      const last = await seventeenth;
      assert.equal(Atomics.load(cells, CELL.entered), 17);
      const threads = new Set(replies.map((r) => readSplit(r.headers).thread));
      assert.equal(threads.size, 16, 'the first 16 went to 16 different threads');
      const lastSplit = readSplit(last.headers);
      assert.ok(lastSplit.thread >= 0 && lastSplit.thread < 16);
      // The front runs in this process, on this clock: the 17th arrived before we saw it queued
      // and was dispatched after the gate opened, so it waited at least that long.
      const minWaitUs = (gateOpenedMs - queuedSeenMs) * 1000;
      assert.ok(lastSplit.queueWaitUs >= minWaitUs && lastSplit.queueWaitUs > 0, `17th queue wait ${lastSplit.queueWaitUs} µs ≥ ${minWaitUs.toFixed(0)} µs`);
      const stats = front.stats();
      assert.equal(stats.maxQueueDepth, 1);
      assert.equal(stats.queueWait.count, 17);
      assert.ok(stats.queueWait.maxUs >= lastSplit.queueWaitUs * 0.99, 'the front keeps its own queue-wait percentiles');
    } finally {
      Atomics.store(cells, CELL.gate, 1);
      Atomics.notify(cells, CELL.gate);
      await pool.close();
      await front.stop();
    }
  });

  test('waiting requests are served in arrival order', async () => {
    const info = newFakeInfo();
    const cells = new Int32Array(info.cells);
    const front = await frontOver(info, 1);
    const pool = new Pool(front.origin, { connections: 4 });
    try {
      const blocker = call(pool, 'GET', '/api/engine/job/status/?jobid=block');
      await waitForCell(cells, CELL.entered, 1);
      const order: string[] = [];
      const waiting: Promise<void>[] = [];
      for (const name of ['a', 'b', 'c']) {
        waiting.push(call(pool, 'POST', '/api/engine/helloworld/', JSON.stringify({ echo: name })).then((r) => void order.push(r.envelope.response as string)));
        await waitForQueued(front, waiting.length);
      }
      Atomics.store(cells, CELL.gate, 1);
      Atomics.notify(cells, CELL.gate);
      await blocker;
      await Promise.all(waiting);
      assert.deepEqual(order.map((jobid) => jobid.slice(-1)), ['a', 'b', 'c']);
      // Counters were handed out in the same order.
      assert.deepEqual(order.map((jobid) => Number(jobid.split('-')[1])), [1, 2, 3]);
    } finally {
      Atomics.store(cells, CELL.gate, 1);
      Atomics.notify(cells, CELL.gate);
      await pool.close();
      await front.stop();
    }
  });
});
