/**
 * Merge the recorders of one target's threads into the per-target fields of
 * results.json. Histograms merge exactly (decode + add); counts add; samples
 * and lanes stay bounded.
 */
import type { LatencySummary, OpName, SampledEvent, TargetResult, TimelineBucket } from '../results/types.ts';
import { OP_NAMES } from '../results/types.ts';
import { decodeHistogram, mergeEncoded, newHistogram, summarize } from './histogram.ts';
import type { RecorderExport, Submission, TimeoutIncident } from './recorder.ts';

export interface MergedMetrics {
  ops: Partial<Record<OpName, LatencySummary>>;
  lockWait: Partial<Record<OpName, LatencySummary>>;
  roundTrip: Partial<Record<OpName, LatencySummary>>;
  wrongReplies: number;
  socketRebuilds: number;
  timeline: TargetResult['timeline'];
  lanes: TargetResult['lanes'];
  events: TargetResult['events'];
  incidents: TimeoutIncident[];
  incidentsDropped: number;
  submissions: Submission[];
  warmupSkipped: number;
  /** Mean µs per operation spent in the call outside lock wait and round trip. */
  meanCallOverheadUs: number;
  /** Mean µs per operation between intended and actual start. */
  meanQueueDelayUs: number;
}

export interface MergeOptions {
  /** Sampled events kept across all threads; default 5000. Non-ok ones are kept first. */
  sampleCapacity?: number;
}

function mergeSummaries(exports: readonly RecorderExport[], pick: (e: RecorderExport) => Partial<Record<OpName, string>>): Partial<Record<OpName, LatencySummary>> {
  const out: Partial<Record<OpName, LatencySummary>> = {};
  for (const op of OP_NAMES) {
    const encoded = exports.map((e) => pick(e)[op]).filter((x): x is string => x !== undefined);
    if (encoded.length === 0) continue;
    let errors = 0;
    let timeouts = 0;
    for (const e of exports) {
      errors += e.counts[op]?.errors ?? 0;
      timeouts += e.counts[op]?.timeouts ?? 0;
    }
    const h = mergeEncoded(encoded);
    out[op] = summarize(h, errors, timeouts);
    h.destroy();
  }
  return out;
}

function mergeTimeline(exports: readonly RecorderExport[]): TargetResult['timeline'] {
  const bucketMs = exports[0]?.timelineBucketMs ?? 1000;
  const cells = new Map<number, { ops: number; errors: number; timeouts: number; wrongReplies: number; encoded: string[] }>();
  for (const e of exports) {
    for (const b of e.timeline) {
      let c = cells.get(b.index);
      if (!c) {
        c = { ops: 0, errors: 0, timeouts: 0, wrongReplies: 0, encoded: [] };
        cells.set(b.index, c);
      }
      c.ops += b.ops;
      c.errors += b.errors;
      c.timeouts += b.timeouts;
      c.wrongReplies += b.wrongReplies;
      c.encoded.push(b.histogram);
    }
  }
  const buckets: TimelineBucket[] = [];
  for (const [index, c] of [...cells].sort((a, b) => a[0] - b[0])) {
    const h = newHistogram(2);
    for (const enc of c.encoded) {
      const d = decodeHistogram(enc);
      h.add(d);
      d.destroy();
    }
    buckets.push({
      tMs: index * bucketMs,
      ops: c.ops,
      errors: c.errors,
      timeouts: c.timeouts,
      wrongReplies: c.wrongReplies,
      p50Us: h.totalCount ? h.getValueAtPercentile(50) : 0,
      p99Us: h.totalCount ? h.getValueAtPercentile(99) : 0,
      maxUs: h.totalCount ? h.maxValue : 0,
    });
    h.destroy();
  }
  return { bucketMs, buckets };
}

/** Keep every non-ok event first, then an even stride over the ok ones. */
function boundSamples(all: SampledEvent[], capacity: number): SampledEvent[] {
  if (all.length <= capacity) return all.sort((a, b) => a.tMs - b.tMs);
  const anomalies = all.filter((e) => e.outcome !== 'ok').slice(0, capacity);
  const ok = all.filter((e) => e.outcome === 'ok').sort((a, b) => a.tMs - b.tMs);
  const room = capacity - anomalies.length;
  const kept: SampledEvent[] = [...anomalies];
  if (room > 0) {
    const stride = ok.length / room;
    for (let i = 0; i < room && Math.floor(i * stride) < ok.length; i++) kept.push(ok[Math.floor(i * stride)]);
  }
  return kept.sort((a, b) => a.tMs - b.tMs);
}

export function mergeRecorders(exports: readonly RecorderExport[], options: MergeOptions = {}): MergedMetrics {
  const sorted = [...exports].sort((a, b) => a.thread - b.thread);
  const threads = sorted.length === 0 ? 0 : Math.max(...sorted.map((e) => e.thread)) + 1;
  const segments = Array.from({ length: threads }, (_, i) => sorted.find((e) => e.thread === i)?.lanes ?? []);
  let totalEvents = 0;
  let overhead = 0;
  let queueDelay = 0;
  let wrongReplies = 0;
  for (const e of sorted) {
    totalEvents += e.totalEvents;
    overhead += e.callOverheadUsSum;
    queueDelay += e.queueDelayUsSum;
    for (const op of OP_NAMES) wrongReplies += e.counts[op]?.wrongReplies ?? 0;
  }
  return {
    ops: mergeSummaries(sorted, (e) => e.total),
    lockWait: mergeSummaries(sorted, (e) => e.lockWait),
    roundTrip: mergeSummaries(sorted, (e) => e.roundTrip),
    wrongReplies,
    socketRebuilds: sorted.reduce((s, e) => s + e.socketRebuilds, 0),
    timeline: mergeTimeline(sorted),
    lanes: { threads, segments, downsampled: sorted.some((e) => e.lanesDownsampled) },
    events: { total: totalEvents, sampled: boundSamples(sorted.flatMap((e) => e.sampled), options.sampleCapacity ?? 5000) },
    incidents: sorted.flatMap((e) => e.incidents).sort((a, b) => a.endMs - b.endMs),
    incidentsDropped: sorted.reduce((s, e) => s + e.incidentsDropped, 0),
    submissions: sorted.flatMap((e) => e.submissions),
    warmupSkipped: sorted.reduce((s, e) => s + e.warmupSkipped, 0),
    meanCallOverheadUs: totalEvents ? overhead / totalEvents : 0,
    meanQueueDelayUs: totalEvents ? queueDelay / totalEvents : 0,
  };
}
