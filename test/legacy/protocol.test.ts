/**
 * The ZeroMQ protocol of LEGACY.md, spoken with plain zeromq DEALERs (as a
 * pyzmq client of the real WBIA would): every collector action, the engine
 * queue, every error path, malformed frames, the crash switch, and the
 * collector blocking on a callback.
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { JsonObject } from '../../harness/contract/json.ts';
import { RawClient, startTestEngine } from './support.ts';
import type { TestEngine } from './support.ts';

const SCALE = 0.01;

async function pollStatus(client: RawClient, jobid: string, wanted: string[]): Promise<string | null> {
  // Bounded by the count, ordered by replies; no sleeps needed: each poll is a round trip.
  for (let i = 0; i < 5_000; i += 1) {
    const reply = await client.ask({ action: 'job_status', jobid });
    const status = reply.jobstatus as string | null;
    if (status !== null && wanted.includes(status)) return status;
  }
  return null;
}

describe('legacy-sim protocol (raw DEALER frames)', () => {
  let engine: TestEngine;
  let collect: RawClient;
  let queue: RawClient;

  before(async () => {
    engine = await startTestEngine('protocol', { scale: SCALE, historicalJobs: 3 });
    collect = new RawClient(engine.handle.ports.collect_pull_url, 'client77.collect.DEALER');
    queue = new RawClient(engine.handle.ports.engine_pull_url, 'client77.engine.DEALER');
  });

  after(async () => {
    collect?.close();
    queue?.close();
    await engine?.stop();
  });

  test('job_id_list: sorted ids of the registered historical jobs', async () => {
    const reply = await collect.ask({ action: 'job_id_list' });
    assert.equal(reply.status, 'ok');
    assert.equal(reply.jobid, null);
    const ids = reply.jobid_list as string[];
    assert.equal(ids.length, 3);
    assert.deepEqual(ids, [...ids].sort());
  });

  test('asking makes a job known: null status, corrupted input, null result, then listed for good', async () => {
    const jobid = 'made_up_probe_1';
    assert.deepEqual(await collect.ask({ action: 'job_status', jobid }), { status: 'ok', jobid, jobstatus: null });
    assert.deepEqual(await collect.ask({ action: 'job_input', jobid }), { status: 'corrupted', jobid, json_result: null });
    assert.deepEqual(await collect.ask({ action: 'job_result', jobid }), { status: null, jobid, json_result: null });
    const list = await collect.ask({ action: 'job_id_list' });
    assert.ok((list.jobid_list as string[]).includes(jobid));
    const dict = (await collect.ask({ action: 'job_status_dict' })).json_result as Record<string, JsonObject>;
    assert.equal(dict[jobid].status, null);
    assert.equal(dict[jobid].jobcounter, -1);
  });

  test('an invalid jobid gets status "error" and nothing else happens', async () => {
    for (const action of ['job_status', 'job_input', 'job_result', 'notification', 'store', 'metadata', 'register']) {
      for (const jobid of ['has space', 'x'.repeat(40), '../etc', 42]) {
        assert.deepEqual(await collect.ask({ action, jobid, status: 'received' }), { status: 'error', jobid }, `${action} ${jobid}`);
      }
    }
    const list = (await collect.ask({ action: 'job_id_list' })).jobid_list as string[];
    assert.ok(!list.includes('has space'));
  });

  test('an unknown action gets status "error"', async () => {
    assert.deepEqual(await collect.ask({ action: 'no_such_action' }), { status: 'error', jobid: null });
    assert.deepEqual(await collect.ask({ jobid: null }), { status: 'error', jobid: null });
  });

  test('an exception inside a handler answers {} and the loop goes on', async () => {
    // notification completed reads the .pkl record, which a raw client never writes.
    assert.deepEqual(await collect.ask({ action: 'notification', jobid: 'no_record_job', status: 'completed' }), {});
    // store without engine_result; a JSON value that is not an object.
    assert.deepEqual(await collect.ask({ action: 'store', jobid: 'no_record_job' }), {});
    assert.deepEqual(await collect.ask(42), {});
    assert.deepEqual(await collect.ask({ action: 'job_status', jobid: 'no_record_job' }), { status: 'ok', jobid: 'no_record_job', jobstatus: 'completed' });
  });

  test('metadata, register and job_status_dict with limit', async () => {
    const metadata = { jobcounter: 900, action: 'helloworld', args: [], kwargs: {}, request: { endpoint: '/api/x/', function: 'x' }, times: { received: 'r' }, lane: 'fast' };
    assert.deepEqual(await collect.ask({ action: 'metadata', jobid: 'meta_job', metadata }), { status: 'ok', jobid: 'meta_job' });
    assert.deepEqual((await collect.ask({ action: 'job_input', jobid: 'meta_job' })).json_result, metadata);
    // A completed job whose shelves are missing registers as corrupted.
    assert.deepEqual(await collect.ask({ action: 'register', jobid: 'ghost_job', status: 'completed' }), { status: 'ok', jobid: 'ghost_job' });
    assert.equal((await collect.ask({ action: 'job_status', jobid: 'ghost_job' })).jobstatus, 'corrupted');
    const limited = (await collect.ask({ action: 'job_status_dict', limit: 2 })).json_result as Record<string, JsonObject>;
    assert.equal(Object.keys(limited).length, 2);
    assert.equal(limited.meta_job.endpoint, '/api/x/');
    assert.equal(limited.meta_job.lane, 'fast');
  });

  test('engine queue: __set_jobcounter__, a job through both lanes, unknown lane → slow, four+four notifications', async () => {
    assert.deepEqual(await queue.ask({ __set_jobcounter__: 500 }), { jobcounter: 500 });
    const request = { action: 'helloworld', args: [], kwargs: { time_: 0.5, echo: 'é' }, callback_url: null, callback_method: null, request: {}, lane: 'warp' };
    const reply = await queue.ask(request);
    assert.equal(reply.jobcounter, 501);
    assert.equal(reply.status, 'received');
    assert.equal(reply.action, 'notification');
    const jobid = reply.jobid as string;
    assert.match(jobid, /^[0-9a-f-]{36}$/);
    assert.equal(await pollStatus(collect, jobid, ['completed', 'exception']), 'completed');
    const result = await collect.ask({ action: 'job_result', jobid });
    assert.deepEqual(result, { status: 'completed', jobid, json_result: { helloworld: true, echo: 'é' } });
    const input = (await collect.ask({ action: 'job_input', jobid })).json_result as JsonObject;
    assert.equal(input.lane, 'slow');
    assert.equal(input.jobcounter, 501);
    const times = input.times as JsonObject;
    assert.equal(typeof times.received, 'string');
    // No .pkl record from a raw client: `notification completed` raised, so completed stays null.
    assert.equal(times.completed, null);
    assert.equal(times.turnaround, null);
    const fast = await queue.ask({ ...request, lane: 'fast' });
    assert.equal(fast.jobcounter, 502);
    assert.equal(await pollStatus(collect, fast.jobid as string, ['completed']), 'completed');
  });

  test('malformed messages never kill the collector by default', async () => {
    await collect.sendFrames(['not json{']);
    assert.deepEqual(await collect.receiveJson(), {});
    await collect.sendFrames([Buffer.from([0xff, 0xfe, 0x00, 0x80])]);
    assert.deepEqual(await collect.receiveJson(), {});
    await collect.sendFrames(['']);
    assert.deepEqual(await collect.receiveJson(), {});
    // Extra frames: WBIA reads frame 2 (the payload) and ignores the rest.
    await collect.sendFrames([JSON.stringify({ action: 'job_id_list' }), 'trailing']);
    assert.equal((await collect.receiveJson()).status, 'ok');
    // Garbage to the engine queue is dropped; it keeps working.
    await queue.sendFrames(['garbage']);
    assert.deepEqual(await queue.ask({ __set_jobcounter__: 600 }), { jobcounter: 600 });
    assert.ok(engine.handle.backend.supervisor.isAlive('collector'));
    const stats = await engine.handle.backend.supervisor.collectorStats();
    assert.ok(stats && stats.badFrames >= 3, `badFrames ${stats?.badFrames}`);
  });

  test('the collector blocks on a callback: a job_status sent just after the store waits for it', async () => {
    let release: () => void = () => undefined;
    let callbackArrived: (req: IncomingMessage) => void = () => undefined;
    const arrived = new Promise<IncomingMessage>((resolve) => (callbackArrived = resolve));
    let releasedAtMs = 0;
    const server = createServer((req: IncomingMessage, res: ServerResponse) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        (req as IncomingMessage & { body?: string }).body = body;
        callbackArrived(req);
        release = () => {
          releasedAtMs = performance.now();
          res.end('ok');
        };
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    try {
      const jobid = 'callback_job';
      const engineResult = { exec_status: 'completed', json_result: JSON.stringify({ ok: 1 }), jobid };
      const storer = new RawClient(engine.handle.ports.collect_pull_url, 'engine.test.collect.DEALER');
      await storer.sendFrames([JSON.stringify({ action: 'store', jobid, engine_result: engineResult, callback_url: `http://127.0.0.1:${port}/cb`, callback_method: 'post', callback_detailed: true })]);
      const req = await arrived;
      const body = new URLSearchParams((req as IncomingMessage & { body?: string }).body ?? '');
      assert.equal(req.method, 'POST');
      assert.equal(body.get('jobid'), jobid);
      assert.equal(body.get('status'), 'completed');
      // The collector is now inside the callback. Ask; hold the callback D ms; the answer cannot come sooner.
      const holdMs = 300;
      const askedAtMs = performance.now();
      const answer = collect.ask({ action: 'job_status', jobid });
      const timer = setTimeout(() => release(), holdMs);
      const reply = await answer;
      const answeredAtMs = performance.now();
      clearTimeout(timer);
      assert.equal(reply.jobstatus, null);
      assert.ok(releasedAtMs > 0 && answeredAtMs >= releasedAtMs, 'answered only after the callback returned');
      assert.ok(answeredAtMs - askedAtMs >= holdMs - 5, `waited ${(answeredAtMs - askedAtMs).toFixed(1)} ms`);
      assert.equal((await storer.receiveJson()).status, 'ok');
      storer.close();
    } finally {
      server.close();
    }
  });
});

describe('legacy-sim crashOnBadFrame', () => {
  let engine: TestEngine;
  before(async () => {
    engine = await startTestEngine('crash', { scale: SCALE, options: { crashOnBadFrame: true }, engines: { fast: 0, slow: 0 } });
  });
  after(async () => {
    await engine?.stop();
  });

  test('a frame that is not JSON kills the collector, and later requests wait out their timeout', async () => {
    const client = new RawClient(engine.handle.ports.collect_pull_url, 'client88.collect.DEALER', 300);
    assert.equal((await client.ask({ action: 'job_id_list' })).status, 'ok');
    await client.sendFrames(['not json']);
    assert.equal(await engine.handle.backend.supervisor.exited('collector'), 1);
    await assert.rejects(client.ask({ action: 'job_id_list' }), (e: unknown) => (e as { code?: string }).code === 'EAGAIN');
    client.close();
  });
});
