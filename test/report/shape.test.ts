/** Unit tests on the report's data shaping: pure functions, seeded inputs. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { build } from 'hdr-histogram-js';
import type { LaneSegment, SampledEvent, TimelineBucket } from '../../harness/results/types.ts';
import { downsampleEvents, downsampleTimeline } from '../../harness/report/shape/downsample.ts';
import { mergeLane } from '../../harness/report/shape/lanes.ts';
import { percentileSeries, percentileTicks } from '../../harness/report/shape/percentiles.ts';
import { predictSingleServer } from '../../harness/report/shape/queueing.ts';
import { completionsOf } from '../../harness/report/shape/completions.ts';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

describe('percentile series from a histogram', () => {
  test('ticks run from 0 % to exactly 99.99 %, evenly spaced on the 1/(1−p) log axis', () => {
    const ticks = percentileTicks({ stepsPerDecade: 10 });
    assert.equal(ticks[0], 0);
    assert.equal(ticks[ticks.length - 1], 99.99);
    assert.equal(ticks.length, 41);
    const x = ticks.map((p) => Math.log10(1 / (1 - p / 100)));
    for (let i = 1; i < x.length; i++) assert.ok(Math.abs(x[i] - x[i - 1] - 0.1) < 1e-9, `step ${i}`);
    for (const p of [90, 99, 99.9]) assert.ok(ticks.some((t) => Math.abs(t - p) < 1e-9), `${p} % is a tick`);
  });

  test('values are the histogram’s own percentiles, non-decreasing, ending at the 99.99th', () => {
    const h = build({ lowestDiscernibleValue: 1, highestTrackableValue: 3_600_000_000, numberOfSignificantValueDigits: 3 });
    const next = rng(1);
    for (let i = 0; i < 100_000; i++) h.recordValue(Math.round(100 + 10_000 * -Math.log(1 - next())));
    h.recordValue(5_000_000); // one outlier: must show at the far right, not be averaged away
    const series = percentileSeries(h);
    for (let i = 1; i < series.length; i++) assert.ok(series[i].valueUs >= series[i - 1].valueUs);
    for (const point of series) assert.equal(point.valueUs, h.getValueAtPercentile(point.percentile));
    assert.equal(series[series.length - 1].valueUs, h.getValueAtPercentile(99.99));
    assert.ok(series[0].valueUs <= 110, 'starts at the minimum');
    h.destroy();
  });

  test('an empty histogram gives an empty series', () => {
    const h = build({ lowestDiscernibleValue: 1, highestTrackableValue: 1_000_000, numberOfSignificantValueDigits: 3 });
    assert.deepEqual(percentileSeries(h), []);
    h.destroy();
  });
});

describe('timeline downsampling keeps the extremes', () => {
  const buckets: TimelineBucket[] = Array.from({ length: 1000 }, (_, i) => ({
    tMs: i * 10,
    ops: 10,
    errors: i % 100 === 0 ? 1 : 0,
    timeouts: i === 777 ? 3 : 0,
    wrongReplies: i === 5 ? 1 : 0,
    p50Us: 1000 + i,
    p99Us: i === 777 ? 9_000_000 : 5000,
    maxUs: i === 778 ? 20_000_000 : 8000,
  }));

  test('small timelines are untouched', () => {
    const out = downsampleTimeline(buckets.slice(0, 50), 10, 100);
    assert.equal(out.factor, 1);
    assert.equal(out.buckets.length, 50);
    assert.equal(out.bucketMs, 10);
  });

  test('merged buckets sum counts exactly and keep the highest max and p99', () => {
    const out = downsampleTimeline(buckets, 10, 100);
    assert.equal(out.factor, 10);
    assert.equal(out.bucketMs, 100);
    assert.equal(out.buckets.length, 100);
    const sum = (k: 'ops' | 'errors' | 'timeouts' | 'wrongReplies'): number => out.buckets.reduce((s, b) => s + b[k], 0);
    assert.equal(sum('ops'), 10_000);
    assert.equal(sum('errors'), 10);
    assert.equal(sum('timeouts'), 3);
    assert.equal(sum('wrongReplies'), 1);
    assert.equal(Math.max(...out.buckets.map((b) => b.maxUs)), 20_000_000);
    assert.equal(Math.max(...out.buckets.map((b) => b.p99Us)), 9_000_000);
    assert.equal(out.buckets[77].timeouts, 3);
    assert.equal(out.buckets[77].p99Us, 9_000_000);
    assert.ok(out.buckets[0].p50Us >= 1000 && out.buckets[0].p50Us <= 1009, 'p50 is one of the merged p50s');
  });
});

describe('event downsampling keeps every timeout and the slowest', () => {
  const next = rng(2);
  const events: SampledEvent[] = Array.from({ length: 50_000 }, (_, i) => {
    const outcome = i % 997 === 0 ? 'timeout' : i % 1499 === 0 ? 'wrong-reply' : i % 2003 === 0 ? 'error' : 'ok';
    return { thread: i % 16, op: 'job_status', tMs: i * 0.2, latencyUs: Math.round(100 + 1000 * next()), lockWaitUs: 0, roundTripUs: 100, outcome };
  });
  events[31_337] = { ...events[31_337], outcome: 'ok', latencyUs: 99_000_000 };

  test('every non-ok event survives, the budget holds, the slowest survives, time order kept', () => {
    const out = downsampleEvents(events, 2000, 100);
    assert.equal(out.downsampled, true);
    assert.equal(out.inputCount, 50_000);
    const notOk = events.filter((e) => e.outcome !== 'ok');
    const kept = new Set(out.events);
    for (const e of notOk) assert.ok(kept.has(e), `kept ${e.outcome} at ${e.tMs}`);
    assert.ok(out.events.length <= 2000 + notOk.length, `${out.events.length} events`);
    assert.ok(out.events.length >= 1500, 'uses its budget');
    assert.ok(kept.has(events[31_337]), 'the slowest ok event is kept');
    for (let i = 1; i < out.events.length; i++) assert.ok(out.events[i].tMs >= out.events[i - 1].tMs);
  });

  test('under the budget nothing is dropped', () => {
    const out = downsampleEvents(events.slice(0, 100), 2000);
    assert.equal(out.downsampled, false);
    assert.equal(out.events.length, 100);
  });

  test('past maxNotOk, timeouts are kept first and the rest thinned, and the drop is counted', () => {
    const many: SampledEvent[] = Array.from({ length: 30_000 }, (_, i) => ({
      thread: 0,
      op: 'job_status',
      tMs: i,
      latencyUs: 100,
      lockWaitUs: 0,
      roundTripUs: 100,
      outcome: i % 100 === 0 ? 'timeout' : i % 2 === 0 ? 'error' : 'ok',
    }));
    const out = downsampleEvents(many, 1000, 50, 5000);
    assert.equal(out.events.filter((e) => e.outcome === 'timeout').length, 300, 'every timeout');
    assert.equal(out.events.filter((e) => e.outcome === 'error').length, 4700);
    assert.equal(out.notOkDropped, 14_700 - 4700);
  });

  test('deterministic: the same input gives the same output', () => {
    assert.deepEqual(downsampleEvents(events, 3000), downsampleEvents(events, 3000));
  });
});

describe('lane merging', () => {
  function convoyLane(n: number, seed: number): LaneSegment[] {
    const next = rng(seed);
    const lane: LaneSegment[] = [];
    let t = 0;
    for (let i = 0; i < n; i++) {
      t += next() * 2;
      const waitMs = t > 4000 && t < 6000 ? 20 + next() * 5 : next() * 0.5;
      lane.push({ startMs: t, endMs: t + waitMs, state: 'lock-wait', op: 'job_status' });
      t += waitMs;
      const timedOut = i % 500 === 250;
      const rtMs = timedOut ? 120 : 0.5 + next();
      lane.push({ startMs: t, endMs: t + rtMs, state: timedOut ? 'timeout' : 'round-trip', op: i % 2 ? 'job_status' : 'heartbeat' });
      t += rtMs;
    }
    return lane;
  }

  test('a small lane comes back exactly', () => {
    const lane = convoyLane(50, 3);
    const out = mergeLane(lane, { startMs: 0, endMs: 1000, maxSegments: 800 });
    assert.equal(out.merged, false);
    assert.deepEqual(
      out.segments,
      lane.map((s) => ({ ...s })),
    );
  });

  test('a big lane is bounded, keeps every timeout exactly, and shows the convoy as lock wait', () => {
    const lane = convoyLane(20_000, 4);
    const endMs = lane[lane.length - 1].endMs;
    const out = mergeLane(lane, { startMs: 0, endMs, maxSegments: 800, buckets: 400 });
    assert.equal(out.merged, true);
    const timeouts = lane.filter((s) => s.state === 'timeout');
    const keptTimeouts = out.segments.filter((s) => s.state === 'timeout');
    assert.equal(keptTimeouts.length, timeouts.length);
    assert.deepEqual(
      keptTimeouts.map((s) => [s.startMs, s.endMs]),
      timeouts.map((s) => [s.startMs, s.endMs]),
    );
    assert.ok(out.segments.length <= 400 + timeouts.length, `${out.segments.length} segments`);
    // During the convoy (4–6 s) lock wait fills most of the lane: it must show as lock wait.
    const lockWaitInConvoy = out.segments.filter((s) => s.state === 'lock-wait' && s.startMs < 5500 && s.endMs > 4500);
    assert.ok(lockWaitInConvoy.length > 0, 'convoy shown as lock wait');
    for (let i = 1; i < out.segments.length; i++) assert.ok(out.segments[i].startMs >= out.segments[i - 1].startMs);
    // Joined neighbours: no two consecutive non-timeout segments of one state touch.
    const busy = out.segments.filter((s) => s.state !== 'timeout');
    for (let i = 1; i < busy.length; i++) {
      assert.ok(!(busy[i].state === busy[i - 1].state && Math.abs(busy[i].startMs - busy[i - 1].endMs) < 1e-6), 'neighbours joined');
    }
  });
});

describe('queueing prediction', () => {
  test('M/M/1 and M/D/1 mean waits from λ and S', () => {
    const p = predictSingleServer(50, 10_000); // ρ = 0.5, S = 10 ms
    assert.equal(p.stable, true);
    assert.ok(Math.abs(p.utilisation - 0.5) < 1e-12);
    assert.ok(Math.abs((p.mm1WaitUs ?? 0) - 10_000) < 1e-6);
    assert.ok(Math.abs((p.md1WaitUs ?? 0) - 5_000) < 1e-6);
    assert.ok(Math.abs((p.mm1ResponseUs ?? 0) - 20_000) < 1e-6);
  });

  test('ρ ≥ 1 predicts no finite wait', () => {
    const p = predictSingleServer(200, 10_000);
    assert.equal(p.stable, false);
    assert.equal(p.mm1WaitUs, null);
    assert.equal(p.md1WaitUs, null);
  });
});

describe('throughput from completions', () => {
  const event = (tMs: number, latencyUs: number): SampledEvent => ({ thread: 0, op: 'job_status', tMs, latencyUs, lockWaitUs: 0, roundTripUs: latencyUs, outcome: 'ok' });

  test('every operation sampled: exact counts by end time', () => {
    // 10 operations scheduled in the first 100 ms, all finishing between 1000 and 1100 ms (a stall).
    const events = Array.from({ length: 10 }, (_, i) => event(i * 10, 1_000_000 + 5_000));
    const c = completionsOf(events, { total: 10 }, 100, 100);
    assert.equal(c.exact, true);
    assert.equal(c.bucketMs, 100);
    assert.equal(c.perSec[10], 100, '10 operations in a 100 ms bucket = 100/s');
    assert.equal(c.perSec.slice(0, 10).reduce((s, x) => s + x, 0), 0, 'nothing finished during the stall');
  });

  test('a sample is scaled up to the total and says so', () => {
    const events = Array.from({ length: 10 }, (_, i) => event(i * 10, 1000));
    const c = completionsOf(events, { total: 40 }, 100, 100);
    assert.equal(c.exact, false);
    assert.equal(c.perSec[0] + (c.perSec[1] ?? 0), 400);
  });

  test('failures all in the sample count once; only ok events are scaled', () => {
    const ok = Array.from({ length: 10 }, (_, i) => event(i * 10, 1000));
    const failed = Array.from({ length: 5 }, (_, i) => ({ ...event(500 + i, 1000), outcome: 'timeout' as const }));
    // 105 operations: 5 failures (all sampled) + 100 ok, of which 10 sampled (weight 10 each).
    const c = completionsOf([...ok, ...failed], { total: 105, notOk: 5 }, 100, 100);
    assert.equal(c.perSec[0] + c.perSec[1], 1000, '100 ok in the first 200 ms → 1000/s in 100 ms buckets summed');
    assert.equal(c.perSec[5], 50, '5 failures in one 100 ms bucket');
  });
});
