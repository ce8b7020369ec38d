/**
 * Downsampling that keeps the extremes, so a million-operation run fits a
 * small report without hiding what matters: merged timeline buckets keep
 * their highest max and p99 and their exact counts; sampled events keep
 * every timeout, wrong reply and error, and the slowest event of each time
 * slice.
 */
import type { SampledEvent, TimelineBucket } from '../../results/types.ts';

export interface DownsampledTimeline {
  bucketMs: number;
  buckets: TimelineBucket[];
  /** How many source buckets each bucket merges (1: untouched). */
  factor: number;
}

/**
 * Merge runs of `factor` consecutive buckets so at most `maxBuckets` remain.
 * Counts are summed (exact); `maxUs` and `p99Us` take the highest of the
 * merged buckets (an upper bound, never an average of percentiles);
 * `p50Us` takes the ops-weighted median of the merged p50s.
 */
export function downsampleTimeline(buckets: readonly TimelineBucket[], bucketMs: number, maxBuckets: number): DownsampledTimeline {
  if (maxBuckets < 1) throw new RangeError(`maxBuckets must be ≥ 1, got ${maxBuckets}`);
  const sorted = [...buckets].sort((a, b) => a.tMs - b.tMs);
  if (sorted.length <= maxBuckets) return { bucketMs, buckets: sorted, factor: 1 };
  const factor = Math.ceil(sorted.length / maxBuckets);
  const merged: TimelineBucket[] = [];
  for (let i = 0; i < sorted.length; i += factor) merged.push(mergeBuckets(sorted.slice(i, i + factor)));
  return { bucketMs: bucketMs * factor, buckets: merged, factor };
}

function mergeBuckets(group: readonly TimelineBucket[]): TimelineBucket {
  const out: TimelineBucket = { tMs: group[0].tMs, ops: 0, errors: 0, timeouts: 0, wrongReplies: 0, p50Us: 0, p99Us: 0, maxUs: 0 };
  for (const b of group) {
    out.ops += b.ops;
    out.errors += b.errors;
    out.timeouts += b.timeouts;
    out.wrongReplies += b.wrongReplies;
    out.p99Us = Math.max(out.p99Us, b.p99Us);
    out.maxUs = Math.max(out.maxUs, b.maxUs);
  }
  out.p50Us = weightedMedian(group.map((b) => ({ value: b.p50Us, weight: b.ops })));
  return out;
}

function weightedMedian(items: { value: number; weight: number }[]): number {
  const withWeight = items.filter((i) => i.weight > 0).sort((a, b) => a.value - b.value);
  if (withWeight.length === 0) return 0;
  const half = withWeight.reduce((s, i) => s + i.weight, 0) / 2;
  let seen = 0;
  for (const item of withWeight) {
    seen += item.weight;
    if (seen >= half) return item.value;
  }
  return withWeight[withWeight.length - 1].value;
}

export interface DownsampledEvents {
  events: SampledEvent[];
  /** Events in the input. */
  inputCount: number;
  /** True when some events were dropped. */
  downsampled: boolean;
  /** Non-ok events dropped because there were more than `maxNotOk` (0 in any sane run). */
  notOkDropped: number;
}

/** Which non-ok events go first when even they must be thinned: timeouts, then wrong replies, then errors. */
const NOT_OK_PRIORITY: readonly SampledEvent['outcome'][] = ['timeout', 'wrong-reply', 'error'];

/**
 * Keep at most about `maxPoints` events: every event whose outcome is not
 * `ok` is kept (up to `maxNotOk`, a guard for a target that fails every
 * request: then timeouts, wrong replies and errors are kept in that order,
 * the last group thinned by an even stride); the `ok` events share what is
 * left, spread over `slices` time slices, each slice keeping its slowest
 * event first and then an even stride of the rest. Deterministic.
 */
export function downsampleEvents(events: readonly SampledEvent[], maxPoints: number, slices = 200, maxNotOk = 20_000): DownsampledEvents {
  const inputCount = events.length;
  if (inputCount <= maxPoints) return { events: [...events].sort(byTime), inputCount, downsampled: false, notOkDropped: 0 };
  const kept: SampledEvent[] = [];
  let notOkCount = 0;
  for (const outcome of NOT_OK_PRIORITY) {
    const group = events.filter((e) => e.outcome === outcome);
    notOkCount += group.length;
    const room = maxNotOk - kept.length;
    if (group.length <= room) kept.push(...group);
    else if (room > 0) kept.push(...stride(group.sort(byTime), room));
  }
  const notOkDropped = notOkCount - kept.length;
  const ok = events.filter((e) => e.outcome === 'ok').sort(byTime);
  const budget = Math.max(slices, maxPoints - kept.length);
  if (ok.length > 0) {
    const t0 = ok[0].tMs;
    const span = Math.max(ok[ok.length - 1].tMs - t0, 1e-9);
    const bySlice: SampledEvent[][] = Array.from({ length: slices }, () => []);
    for (const e of ok) bySlice[Math.min(slices - 1, Math.floor(((e.tMs - t0) / span) * slices))].push(e);
    const perSlice = Math.max(1, Math.floor(budget / slices));
    for (const slice of bySlice) kept.push(...pickFromSlice(slice, perSlice));
  }
  return { events: kept.sort(byTime), inputCount, downsampled: true, notOkDropped };
}

function stride<T>(items: readonly T[], count: number): T[] {
  const step = items.length / count;
  return Array.from({ length: count }, (_v, k) => items[Math.floor(k * step)]);
}

function pickFromSlice(slice: SampledEvent[], quota: number): SampledEvent[] {
  if (slice.length <= quota) return slice;
  let slowest = 0;
  for (let i = 1; i < slice.length; i++) if (slice[i].latencyUs > slice[slowest].latencyUs) slowest = i;
  const picked = [slice[slowest]];
  const rest = quota - 1;
  if (rest <= 0) return picked;
  const stride = slice.length / rest;
  for (let k = 0; k < rest; k++) {
    const i = Math.floor(k * stride);
    if (i !== slowest) picked.push(slice[i]);
  }
  return picked;
}

function byTime(a: SampledEvent, b: SampledEvent): number {
  return a.tMs - b.tMs;
}
