/**
 * results.json → the compact data the page's charts draw (embedded in the
 * HTML as JSON). All shaping happens here, in Node, with the pure modules
 * under shape/; the browser script only draws. Limits keep a
 * million-operation run's report small (LIMITS).
 */
import type { OpName, Outcome, ResultsFile, TargetResult } from '../results/types.ts';
import { OP_NAMES } from '../results/types.ts';
import { completionsOf } from './shape/completions.ts';
import { downsampleEvents, downsampleTimeline } from './shape/downsample.ts';
import type { LaneState } from './shape/lanes.ts';
import { mergeLane } from './shape/lanes.ts';
import { percentileSeriesFromEncoded } from './shape/percentiles.ts';
import { predictSingleServer } from './shape/queueing.ts';
import { sig } from './shape/round.ts';
import type { EventsView, LanesView, PercentilePair, QueueingView, ReportView, SplitRow, TargetView, TimelineView } from './view-types.ts';


export const LIMITS = {
  /** Timeline buckets per target after merging. */
  timelineBuckets: 600,
  /** Scatter points per target, before the timeouts/errors/wrong replies that are always kept. */
  eventPoints: 6000,
  /** Timeouts, wrong replies and errors drawn per target, at most (all of them in any sane run). */
  notOkEvents: 20_000,
  /** A lane with more segments than this is merged into `laneBuckets` buckets. */
  laneMaxSegments: 800,
  laneBuckets: 400,
} as const;

export const LANE_STATES: readonly LaneState[] = ['lock-wait', 'round-trip', 'timeout'];
export const OUTCOMES: readonly Outcome[] = ['ok', 'timeout', 'error', 'wrong-reply'];

const usToMs = (us: number): number => sig(us / 1000, 4);

function percentilesOf(target: TargetResult): Partial<Record<OpName, PercentilePair[]>> {
  const out: Partial<Record<OpName, PercentilePair[]>> = {};
  for (const op of OP_NAMES) {
    const summary = target.ops[op];
    if (!summary || summary.count === 0) continue;
    out[op] = percentileSeriesFromEncoded(summary.histogram).map((p) => [sig(p.percentile, 6), usToMs(p.valueUs)]);
  }
  return out;
}

function timelineOf(target: TargetResult): TimelineView {
  const { bucketMs, buckets, factor } = downsampleTimeline(target.timeline.buckets, target.timeline.bucketMs, LIMITS.timelineBuckets);
  const perSec = bucketMs > 0 ? 1000 / bucketMs : 0;
  return {
    bucketMs,
    factor,
    tMs: buckets.map((b) => sig(b.tMs, 6)),
    opsPerSec: buckets.map((b) => sig(b.ops * perSec, 4)),
    p50Ms: buckets.map((b) => usToMs(b.p50Us)),
    p99Ms: buckets.map((b) => usToMs(b.p99Us)),
    maxMs: buckets.map((b) => usToMs(b.maxUs)),
    timeouts: buckets.map((b) => b.timeouts),
    wrongReplies: buckets.map((b) => b.wrongReplies),
    errors: buckets.map((b) => b.errors),
  };
}

function eventsOf(target: TargetResult, opIndex: Map<OpName, number>): EventsView {
  const { events, inputCount, downsampled, notOkDropped } = downsampleEvents(target.events.sampled, LIMITS.eventPoints, 200, LIMITS.notOkEvents);
  return {
    total: target.events.total,
    sampledInput: inputCount,
    downsampled,
    notOkDropped,
    tMs: events.map((e) => sig(e.tMs, 6)),
    latencyMs: events.map((e) => usToMs(e.latencyUs)),
    outcome: events.map((e) => OUTCOMES.indexOf(e.outcome)),
    op: events.map((e) => opIndex.get(e.op) ?? -1),
    thread: events.map((e) => e.thread),
  };
}

function lanesOf(target: TargetResult, measureMs: number, opIndex: Map<OpName, number>): LanesView {
  let merged = false;
  const timeoutEnds: [number, number][] = [];
  let endMs = measureMs;
  let busyMs = 0;
  let lockWaitMs = 0;
  for (const lane of target.lanes.segments) {
    for (const s of lane) {
      endMs = Math.max(endMs, s.endMs);
      busyMs += s.endMs - s.startMs;
      if (s.state === 'lock-wait') lockWaitMs += s.endMs - s.startMs;
    }
  }
  const laneTimeMs = Math.max(1e-9, target.lanes.threads * endMs);
  const segments = target.lanes.segments.map((lane, thread) => {
    const result = mergeLane(lane, { startMs: 0, endMs: measureMs, maxSegments: LIMITS.laneMaxSegments, buckets: LIMITS.laneBuckets });
    merged ||= result.merged;
    const flat: number[] = [];
    for (const s of result.segments) {
      flat.push(sig(s.startMs, 6), sig(s.endMs, 6), LANE_STATES.indexOf(s.state), s.op === null ? -1 : (opIndex.get(s.op) ?? -1));
      if (s.state === 'timeout') timeoutEnds.push([sig(s.endMs, 6), thread]);
    }
    return flat;
  });
  return {
    threads: target.lanes.threads,
    downsampledAtSource: target.lanes.downsampled,
    merged,
    segments,
    timeoutEnds,
    busyShare: sig(busyMs / laneTimeMs, 3),
    lockWaitShare: sig(lockWaitMs / laneTimeMs, 3),
  };
}

function splitOf(target: TargetResult): SplitRow[] {
  const rows: SplitRow[] = [];
  for (const op of OP_NAMES) {
    const total = target.ops[op];
    if (!total || total.count === 0) continue;
    const lockWaitMs = usToMs(target.lockWait[op]?.meanUs ?? 0);
    const roundTripMs = usToMs(target.roundTrip[op]?.meanUs ?? 0);
    const meanMs = usToMs(total.meanUs);
    rows.push({ op, count: total.count, lockWaitMs, roundTripMs, otherMs: sig(Math.max(0, meanMs - lockWaitMs - roundTripMs), 4), meanMs });
  }
  return rows;
}

/** Count-weighted mean over operations of a per-op mean. */
function weightedMeanUs(target: TargetResult, which: 'lockWait' | 'roundTrip'): number {
  let sum = 0;
  let count = 0;
  for (const op of OP_NAMES) {
    const s = target[which][op];
    if (!s || s.count === 0) continue;
    sum += s.meanUs * s.count;
    count += s.count;
  }
  return count > 0 ? sum / count : 0;
}

function queueingOf(target: TargetResult): QueueingView | null {
  if (!target.server) return null;
  const { arrivalsPerSec, meanServiceUs, utilisation } = target.server;
  const lockWaitUs = weightedMeanUs(target, 'lockWait');
  const roundTripUs = weightedMeanUs(target, 'roundTrip');
  return {
    arrivalsPerSec,
    meanServiceMs: usToMs(meanServiceUs),
    utilisationMeasured: utilisation,
    prediction: predictSingleServer(arrivalsPerSec, meanServiceUs),
    measuredWaitMs: usToMs(lockWaitUs + Math.max(0, roundTripUs - meanServiceUs)),
    measuredLockWaitMs: usToMs(lockWaitUs),
  };
}

/** Timeouts, errors and wrong replies over every operation. */
function notOkCount(target: TargetResult): number {
  let n = target.wrongReplies;
  for (const op of OP_NAMES) n += (target.ops[op]?.timeouts ?? 0) + (target.ops[op]?.errors ?? 0);
  return n;
}

const EMPTY_TIMELINE: TimelineView = { bucketMs: 0, factor: 1, tMs: [], opsPerSec: [], p50Ms: [], p99Ms: [], maxMs: [], timeouts: [], wrongReplies: [], errors: [] };

function targetView(target: TargetResult, measureMs: number, opIndex: Map<OpName, number>): TargetView {
  if (target.error !== undefined) {
    return {
      name: target.name,
      error: target.error,
      measuredOps: 0,
      unservedArrivals: 0,
      percentiles: {},
      timeline: EMPTY_TIMELINE,
      completions: { bucketMs: 0, tMs: [], perSec: [], exact: true, sampled: 0, total: 0 },
      events: { total: 0, sampledInput: 0, downsampled: false, notOkDropped: 0, tMs: [], latencyMs: [], outcome: [], op: [], thread: [] },
      lanes: { threads: 0, downsampledAtSource: false, merged: false, segments: [], timeoutEnds: [], busyShare: 0, lockWaitShare: 0 },
      split: [],
      cascades: [],
      queueing: null,
    };
  }
  let measuredOps = 0;
  for (const op of OP_NAMES) measuredOps += target.ops[op]?.count ?? 0;
  return {
    name: target.name,
    error: null,
    measuredOps,
    unservedArrivals: target.unservedArrivals ?? 0,
    percentiles: percentilesOf(target),
    timeline: timelineOf(target),
    completions: completionsOf(target.events.sampled, { total: target.events.total, notOk: notOkCount(target) }, 120, target.timeline.bucketMs),
    events: eventsOf(target, opIndex),
    lanes: lanesOf(target, measureMs, opIndex),
    split: splitOf(target),
    cascades: target.cascades,
    queueing: queueingOf(target),
  };
}

export function opNamesOf(results: ResultsFile): OpName[] {
  return OP_NAMES.filter((op) => results.targets.some((t) => t.error === undefined && (t.ops[op]?.count ?? 0) > 0));
}

export function buildView(results: ResultsFile, baseline: ResultsFile | null = null): ReportView {
  const opNames = opNamesOf(results);
  const opIndex = new Map(opNames.map((op, i) => [op, i] as const));
  return {
    runId: results.runId,
    measureMs: results.phases.measureMs,
    opNames,
    laneStates: LANE_STATES,
    outcomes: OUTCOMES,
    targets: results.targets.map((t) => targetView(t, results.phases.measureMs, opIndex)),
    baseline: baseline
      ? {
          runId: baseline.runId,
          targets: baseline.targets.filter((t) => t.error === undefined).map((t) => ({ name: t.name, percentiles: percentilesOf(t) })),
        }
      : null,
  };
}
