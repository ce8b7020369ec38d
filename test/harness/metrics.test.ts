/**
 * Recorder and merge: histograms merged across threads equal one histogram
 * of every value; warm-up is excluded; bounded parts stay bounded.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { PROGRESS_BUCKETS, progressBucket } from '../../harness/driver/control.ts';
import { seededRandom } from '../../harness/driver/random.ts';
import { BufferedHistogram, decodeHistogram, encodeHistogram, newHistogram } from '../../harness/metrics/histogram.ts';
import { mergeRecorders } from '../../harness/metrics/merge.ts';
import { Recorder } from '../../harness/metrics/recorder.ts';
import type { Outcome } from '../../harness/results/types.ts';

const T0 = 1_000_000_000;

function latencies(seed: number, n: number): number[] {
  const rng = seededRandom(seed);
  // Log-uniform from 1 µs to ~10 s, so every histogram bucket range is exercised.
  return Array.from({ length: n }, () => Math.max(1, Math.round(Math.exp(rng() * Math.log(10_000_000)))));
}

describe('histogram merge', () => {
  test('merged per-thread histograms equal one histogram of all values', () => {
    const threads = 8;
    const all = newHistogram();
    const exports = [];
    for (let t = 0; t < threads; t++) {
      const rec = new Recorder({ thread: t, measureStartUs: T0 });
      let at = T0;
      for (const v of latencies(100 + t, 5000)) {
        all.recordValue(v);
        at += 10;
        rec.record({ thread: t, op: 'job_status', intendedStartUs: at, lockWaitUs: 0, roundTripUs: 0, endUs: at + v, outcome: 'ok', socketRebuilt: false });
      }
      exports.push(rec.export());
    }
    const merged = mergeRecorders(exports);
    const s = merged.ops.job_status;
    assert.ok(s);
    const h = decodeHistogram(s.histogram);
    // Compare with the single histogram as results.json would carry it
    // (encoded): encoding keeps bucket counts, so max and mean become the
    // bucket's highest equivalent value on both sides.
    const one = decodeHistogram(encodeHistogram(all));
    assert.equal(h.totalCount, one.totalCount);
    assert.equal(h.maxValue, one.maxValue);
    assert.equal(h.minNonZeroValue, one.minNonZeroValue);
    assert.equal(h.mean, one.mean);
    for (const p of [0, 1, 10, 25, 50, 75, 90, 99, 99.9, 99.99, 100]) {
      assert.equal(h.getValueAtPercentile(p), all.getValueAtPercentile(p), `p${p}`);
      assert.equal(h.getValueAtPercentile(p), one.getValueAtPercentile(p), `p${p}`);
    }
    assert.equal(s.p99Us, all.getValueAtPercentile(99));
    assert.equal(s.count, 40_000);
  });

  test('counts errors, timeouts and wrong replies exactly, and excludes warm-up', () => {
    const rec = new Recorder({ thread: 0, measureStartUs: T0 });
    const outcomes: Outcome[] = ['ok', 'timeout', 'error', 'wrong-reply', 'ok'];
    assert.equal(rec.record({ thread: 0, op: 'heartbeat', intendedStartUs: T0 - 1, lockWaitUs: 0, roundTripUs: 0, endUs: T0 + 5, outcome: 'ok', socketRebuilt: false }), false);
    outcomes.forEach((outcome, i) => {
      rec.record({ thread: 0, op: 'heartbeat', intendedStartUs: T0 + i * 100, lockWaitUs: 50, roundTripUs: 20, endUs: T0 + i * 100 + 90, outcome, socketRebuilt: outcome === 'timeout' });
    });
    const m = mergeRecorders([rec.export()]);
    const s = m.ops.heartbeat;
    assert.ok(s);
    assert.equal(s.count, 5);
    assert.equal(s.timeouts, 1);
    assert.equal(s.errors, 2); // error + wrong-reply
    assert.equal(m.wrongReplies, 1);
    assert.equal(m.socketRebuilds, 1);
    assert.equal(m.warmupSkipped, 1);
    assert.equal(m.incidents.length, 1);
    assert.equal(m.lockWait.heartbeat?.p50Us, 50);
    assert.equal(m.roundTrip.heartbeat?.p50Us, 20);
  });

  test('samples, lanes and incidents stay bounded while counts stay exact', () => {
    const rec = new Recorder({ thread: 3, measureStartUs: T0, sampleCapacity: 100, anomalyCapacity: 10, laneCapacity: 200, maxIncidents: 5 });
    const rng = seededRandom(5);
    for (let i = 0; i < 20_000; i++) {
      const at = T0 + i * 1000;
      const lw = Math.round(rng() * 500);
      rec.record({ thread: 3, op: 'job_result', intendedStartUs: at, lockWaitUs: lw, roundTripUs: 100, endUs: at + lw + 120, outcome: i % 1000 === 0 ? 'timeout' : 'ok', socketRebuilt: false });
    }
    const e = rec.export();
    assert.equal(e.totalEvents, 20_000);
    assert.equal(e.counts.job_result?.timeouts, 20);
    assert.equal(e.incidents.length, 5);
    assert.equal(e.incidentsDropped, 15);
    assert.ok(e.sampled.length <= 110);
    assert.ok(e.lanes.length <= 200);
    assert.equal(e.lanesDownsampled, true);
    // The kept lanes are the longest ones.
    const kept = Math.min(...e.lanes.map((s) => s.endMs - s.startMs));
    assert.ok(kept > 0.1, `shortest kept lane ${kept} ms`);
  });

  test('closed model: recordValueWithExpectedInterval back-fills missed samples', () => {
    const rec = new Recorder({ thread: 0, measureStartUs: T0, expectedIntervalUs: 1000 });
    rec.record({ thread: 0, op: 'job_status', intendedStartUs: T0, lockWaitUs: 0, roundTripUs: 0, endUs: T0 + 10_000, outcome: 'ok', socketRebuilt: false });
    const h = decodeHistogram(mergeRecorders([rec.export()]).ops.job_status?.histogram ?? '');
    // 10 000 µs at a 1 000 µs expected interval: the value plus 9 back-filled ones.
    assert.equal(h.totalCount, 10);
  });
});

describe('buffered histogram', () => {
  test('flushed, it equals a histogram that recorded every value directly', () => {
    for (const digits of [2, 3] as const) {
      const direct = newHistogram(digits);
      const buffered = new BufferedHistogram(digits, 256);
      for (const v of [...latencies(7, 20_000), ...Array.from({ length: 5000 }, () => 3)]) {
        direct.recordValue(v);
        buffered.record(v);
      }
      buffered.recordWithExpectedInterval(5000, 1000);
      direct.recordValueWithExpectedInterval(5000, 1000);
      buffered.recordWithExpectedInterval(800, 1000);
      direct.recordValueWithExpectedInterval(800, 1000);
      assert.equal(encodeHistogram(buffered.flush()), encodeHistogram(direct), `${digits} digits`);
      assert.equal(buffered.histogram.totalCount, direct.totalCount);
    }
  });
});

describe('progress buckets', () => {
  test('progressBucket is floor(4·log2(µs)), capped', () => {
    const rng = seededRandom(11);
    for (const v of [0, 0.5, 1, 1.5, 2, 3, 1000, 2 ** 30, 2 ** 40, ...latencies(3, 5000).map((x) => x + rng())]) {
      const expected = v <= 1 ? 0 : Math.min(PROGRESS_BUCKETS - 1, Math.floor(4 * Math.log2(v)));
      assert.equal(progressBucket(v), expected, `${v} µs`);
    }
  });
});
