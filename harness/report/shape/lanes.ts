/**
 * Lane merging for the convoy chart: one web thread's segments (lock wait,
 * round trip, timeout) reduced to what a chart a few hundred pixels wide can
 * show. Every timeout segment is kept exactly; the rest of the lane is cut
 * into equal time buckets, each shown as the state that filled most of it
 * (idle included), and equal neighbours are joined.
 */
import type { LaneSegment, OpName } from '../../results/types.ts';

export type LaneState = LaneSegment['state'];

/** A merged segment; `op` is null when it joins segments of several operations. */
export interface MergedSegment {
  startMs: number;
  endMs: number;
  state: LaneState;
  op: OpName | null;
}

export interface MergedLane {
  segments: MergedSegment[];
  /** False when the lane was already small enough and is returned exactly. */
  merged: boolean;
}

export interface MergeLaneOptions {
  startMs: number;
  endMs: number;
  /** Above this many segments the lane is merged into `buckets` buckets. */
  maxSegments: number;
  /** Time buckets of the merged lane (default: maxSegments / 2). */
  buckets?: number;
}

const BUSY_STATES = ['lock-wait', 'round-trip'] as const;
type BusyState = (typeof BUSY_STATES)[number];

export function mergeLane(segments: readonly LaneSegment[], options: MergeLaneOptions): MergedLane {
  const sorted = [...segments].sort((a, b) => a.startMs - b.startMs || a.endMs - b.endMs);
  if (sorted.length <= options.maxSegments) {
    return { segments: sorted.map((s) => ({ startMs: s.startMs, endMs: s.endMs, state: s.state, op: s.op })), merged: false };
  }
  const bucketCount = Math.max(1, options.buckets ?? Math.floor(options.maxSegments / 2));
  const t0 = Math.min(options.startMs, sorted[0].startMs);
  let t1 = options.endMs;
  for (const s of sorted) t1 = Math.max(t1, s.endMs);
  const width = Math.max((t1 - t0) / bucketCount, 1e-9);
  // Per bucket: time spent in each busy state, and per state which op spent most.
  const busyMs: Record<BusyState, Float64Array> = { 'lock-wait': new Float64Array(bucketCount), 'round-trip': new Float64Array(bucketCount) };
  const timeoutMs = new Float64Array(bucketCount);
  const opMs: Map<string, number>[] = Array.from({ length: bucketCount }, () => new Map());
  const timeouts: MergedSegment[] = [];
  for (const s of sorted) {
    if (s.state === 'timeout') timeouts.push({ startMs: s.startMs, endMs: s.endMs, state: s.state, op: s.op });
    const first = Math.max(0, Math.floor((s.startMs - t0) / width));
    const last = Math.min(bucketCount - 1, Math.floor((s.endMs - t0) / width));
    for (let b = first; b <= last; b++) {
      const overlap = Math.min(s.endMs, t0 + (b + 1) * width) - Math.max(s.startMs, t0 + b * width);
      if (overlap <= 0) continue;
      if (s.state === 'timeout') {
        timeoutMs[b] += overlap;
        continue;
      }
      busyMs[s.state][b] += overlap;
      const key = `${s.state}|${s.op}`;
      opMs[b].set(key, (opMs[b].get(key) ?? 0) + overlap);
    }
  }
  const out: MergedSegment[] = [];
  for (let b = 0; b < bucketCount; b++) {
    const idleMs = width - timeoutMs[b] - busyMs['lock-wait'][b] - busyMs['round-trip'][b];
    let state: BusyState | 'idle' = 'idle';
    let best = idleMs;
    for (const candidate of BUSY_STATES) {
      if (busyMs[candidate][b] > best) {
        best = busyMs[candidate][b];
        state = candidate;
      }
    }
    if (state === 'idle') continue;
    const op = dominantOp(opMs[b], state);
    const startMs = t0 + b * width;
    const prev = out[out.length - 1];
    if (prev && prev.state === state && Math.abs(prev.endMs - startMs) < width * 1e-6) {
      prev.endMs = startMs + width;
      if (prev.op !== op) prev.op = null;
    } else {
      out.push({ startMs, endMs: startMs + width, state, op });
    }
  }
  out.push(...timeouts);
  out.sort((a, b) => a.startMs - b.startMs);
  return { segments: out, merged: true };
}

function dominantOp(spent: Map<string, number>, state: BusyState): OpName | null {
  let best: OpName | null = null;
  let bestMs = -1;
  for (const [key, ms] of spent) {
    const [keyState, op] = key.split('|');
    if (keyState === state && ms > bestMs) {
      bestMs = ms;
      best = op as OpName;
    }
  }
  return best;
}
