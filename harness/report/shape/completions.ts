/**
 * Throughput as users saw it: operations counted in the time bucket in which
 * they ended (intended start + latency), not when they were scheduled. From
 * the sampled events: exact when every operation was sampled; otherwise an
 * estimate, flagged as such. The harness's sample (harness/metrics/recorder.ts)
 * keeps every failed operation up to a cap plus a uniform reservoir of the
 * rest, so when all failures are in the sample they count once each and only
 * the ok events are scaled up; otherwise every event is scaled alike.
 */
import type { SampledEvent } from '../../results/types.ts';
import type { CompletionsView } from '../view-types.ts';
import { sig } from './round.ts';

export interface CompletionCounts {
  /** Operations in the run (`events.total`). */
  total: number;
  /** Failed operations in the run (timeouts, errors, wrong replies), when known. */
  notOk?: number;
}

/** Operations finished per second, in buckets of at least `minBucketMs`, at most about `maxBuckets` of them. */
export function completionsOf(events: readonly SampledEvent[], counts: CompletionCounts, maxBuckets: number, minBucketMs: number): CompletionsView {
  const { total } = counts;
  const exact = events.length >= total;
  let endMs = 0;
  let sampledNotOk = 0;
  for (const e of events) {
    endMs = Math.max(endMs, e.tMs + e.latencyUs / 1000);
    if (e.outcome !== 'ok') sampledNotOk++;
  }
  const bucketMs = Math.max(minBucketMs, niceCeil(endMs / maxBuckets));
  const count = Math.max(1, Math.ceil(endMs / bucketMs));
  let okWeight = 1;
  let notOkWeight = 1;
  if (!exact && events.length > 0) {
    const sampledOk = events.length - sampledNotOk;
    if (counts.notOk !== undefined && sampledNotOk === counts.notOk && sampledOk > 0) okWeight = (total - counts.notOk) / sampledOk;
    else okWeight = notOkWeight = total / events.length;
  }
  const hits = new Float64Array(count);
  for (const e of events) {
    hits[Math.min(count - 1, Math.max(0, Math.floor((e.tMs + e.latencyUs / 1000) / bucketMs)))] += e.outcome === 'ok' ? okWeight : notOkWeight;
  }
  const perSec = Array.from(hits, (n) => sig((n * 1000) / bucketMs, 4));
  return { bucketMs, tMs: perSec.map((_v, i) => i * bucketMs), perSec, exact, sampled: events.length, total };
}

/** The next 1, 2 or 5 × 10^k at or above x. */
function niceCeil(x: number): number {
  if (!(x > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(x));
  for (const m of [1, 2, 5, 10]) if (m * p >= x) return m * p;
  return 10 * p;
}
