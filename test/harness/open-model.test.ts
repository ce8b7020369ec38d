/**
 * The open model counts queueing delay (coordinated-omission correction):
 * a service that stalls for D while arrivals keep coming must show the
 * arrivals scheduled during the stall waiting out its remainder.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PRODUCTION_HEARTBEAT } from '../../harness/contract/prometheus-gate.ts';
import { drive } from '../../harness/driver/pool.ts';
import { mergeRecorders } from '../../harness/metrics/merge.ts';
import type { StallInfo } from './fixtures/stall-service.ts';

const STALL_MODULE = new URL('./fixtures/stall-service.ts', import.meta.url).href;

test('arrivals scheduled during a stall of D ms wait out its remainder', async () => {
  const stallMs = 150;
  const intervalMs = 2; // 500 arrivals/s, constant
  const info: StallInfo = { cells: new SharedArrayBuffer(16), stallAtCall: 150, stallMs };
  const result = await drive({
    handle: { heartbeatPolicy: PRODUCTION_HEARTBEAT, connection: () => ({ serviceModule: STALL_MODULE, info, transfer: [] }) },
    threads: 1,
    seed: 7,
    load: { kind: 'open', arrival: 'constant', ratePerSec: 1000 / intervalMs, weights: { job_status: 1 } },
    warmupMs: 100,
    measureMs: 700,
    maxOps: 10_000,
    job: { action: 'helloworld', timeSec: 0, lane: 'fast', callback: null },
    jobids: { historical: ['a'], ownPollShare: 0 },
    statusDictLimit: null,
    timelineBucketMs: 50,
    connectTimeoutMs: 30_000,
    graceMs: 2000,
  });
  assert.deepEqual(result.failures, []);
  const merged = mergeRecorders(result.recorders);
  const events = merged.events.sampled.filter((e) => e.op === 'job_status');
  // Every arrival of the measured window was served and sampled (well under the reservoir size).
  assert.equal(merged.events.total, 350);
  assert.equal(events.length, 350);
  const stalled = events.reduce((a, b) => (b.latencyUs > a.latencyUs ? b : a));
  assert.ok(stalled.latencyUs >= stallMs * 1000 * 0.95, `the stalled call took ${stalled.latencyUs} µs`);
  // Arrivals intended during the stall: latency ≥ what was left of it at their intended start.
  const stallEndMs = stalled.tMs + stallMs;
  const during = events.filter((e) => e.tMs > stalled.tMs && e.tMs < stallEndMs - 5);
  assert.ok(during.length >= (stallMs / intervalMs) * 0.9, `${during.length} arrivals fell in the stall`);
  for (const e of during) {
    const leftUs = (stallEndMs - e.tMs) * 1000;
    assert.ok(e.latencyUs >= leftUs * 0.95 - 2000, `arrival at ${e.tMs.toFixed(1)} ms waited ${e.latencyUs} µs, stall had ${leftUs.toFixed(0)} µs left`);
  }
  // …and the histogram holds them: at least a third of the stall's arrivals above D/2.
  const p = merged.ops.job_status;
  assert.ok(p && p.maxUs >= stallMs * 1000 * 0.95);
  assert.ok(events.filter((e) => e.latencyUs > (stallMs * 1000) / 2).length >= stallMs / intervalMs / 2 - 5);
});
