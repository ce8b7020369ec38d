/**
 * Throughput as users saw it: operations counted in the time bucket in which
 * they ended (intended start + latency), not when they were scheduled. From
 * the sampled events: exact when every operation was sampled, otherwise the
 * uniform sample scaled up to the total, and flagged as such.
 */
import type { SampledEvent } from '../../results/types.ts';
import type { CompletionsView } from '../view-types.ts';
import { sig } from './round.ts';

/** Buckets of end times; the sample is scaled to the total when it is not every operation. */
export function completionsOf(events: readonly SampledEvent[], total: number, maxBuckets: number, minBucketMs: number): CompletionsView {
  const exact = events.length >= total;
  let endMs = 0;
  for (const e of events) endMs = Math.max(endMs, e.tMs + e.latencyUs / 1000);
  const bucketMs = Math.max(minBucketMs, niceCeil(endMs / maxBuckets));
  const count = Math.max(1, Math.ceil(endMs / bucketMs));
  const hits = new Float64Array(count);
  for (const e of events) hits[Math.min(count - 1, Math.max(0, Math.floor((e.tMs + e.latencyUs / 1000) / bucketMs)))]++;
  const weight = exact || events.length === 0 ? 1 : total / events.length;
  const perSec = Array.from(hits, (n) => sig((n * weight * 1000) / bucketMs, 4));
  return { bucketMs, tMs: perSec.map((_v, i) => i * bucketMs), perSec, exact, sampled: events.length, total };
}

/** The next 1, 2 or 5 × 10^k at or above x. */
function niceCeil(x: number): number {
  if (!(x > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(x));
  for (const m of [1, 2, 5, 10]) if (m * p >= x) return m * p;
  return 10 * p;
}

