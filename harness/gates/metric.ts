/**
 * Read one named metric of one target from results.json. Returns null when
 * the run holds no such data (target absent or failed, operation never run).
 */
import type { LatencySummary, OpName, ResultsFile, TargetResult } from '../results/types.ts';
import { OP_NAMES } from '../results/types.ts';
import type { MetricName, MetricRef } from '../scenario/types.ts';

function latency(summary: LatencySummary | undefined, field: 'p50' | 'p90' | 'p99' | 'p999' | 'max' | 'mean'): number | null {
  if (!summary || summary.count === 0) return null;
  switch (field) {
    case 'p50':
      return summary.p50Us;
    case 'p90':
      return summary.p90Us;
    case 'p99':
      return summary.p99Us;
    case 'p999':
      return summary.p999Us;
    case 'max':
      return summary.maxUs;
    case 'mean':
      return summary.meanUs;
  }
}

function sumOps(t: TargetResult, op: OpName | undefined, pick: (s: LatencySummary) => number): number {
  const ops = op ? [op] : OP_NAMES;
  return ops.reduce((acc, o) => acc + (t.ops[o] ? pick(t.ops[o]) : 0), 0);
}

export function targetMetric(t: TargetResult, metric: MetricName, op: OpName | undefined): number | null {
  if (t.error) return null;
  const [family, field] = metric.includes('.') ? (metric.split('.') as [string, 'p50' | 'p99' | 'max']) : [null, null];
  if (family === 'lockWait' && op && field) return latency(t.lockWait[op], field);
  if (family === 'roundTrip' && op && field) return latency(t.roundTrip[op], field);
  switch (metric) {
    case 'p50':
    case 'p90':
    case 'p99':
    case 'p999':
    case 'max':
    case 'mean':
      return op ? latency(t.ops[op], metric) : null;
    case 'count':
      return sumOps(t, op, (s) => s.count);
    case 'errors':
      return sumOps(t, op, (s) => s.errors);
    case 'timeouts':
      return sumOps(t, op, (s) => s.timeouts);
    case 'lockWaitShare': {
      // Share of the time inside calls spent waiting for the shared lock
      // rather than on the wire: Σ lock wait ÷ Σ (lock wait + round trip).
      // (Waiting for a free web thread is outside the call; under overload it
      // dominates total latency on any target, so it would not tell the convoy.)
      const ops = op ? [op] : OP_NAMES;
      let wait = 0;
      let wire = 0;
      for (const o of ops) {
        const w = t.lockWait[o];
        const r = t.roundTrip[o];
        if (!w || !r) continue;
        wait += w.meanUs * w.count;
        wire += r.meanUs * r.count;
      }
      return wait + wire > 0 ? wait / (wait + wire) : null;
    }
    case 'cascades':
      return t.cascades.length;
    case 'wrongReplies':
      return t.wrongReplies;
    case 'socketRebuilds':
      return t.socketRebuilds;
    case 'lost':
    case 'duplicated':
    case 'pending':
    case 'submitted':
    case 'completed':
    case 'failed':
      return t.ledger[metric];
    default:
      return null;
  }
}

export function metricOf(results: Pick<ResultsFile, 'targets'>, ref: MetricRef): number | null {
  const t = results.targets.find((x) => x.name === ref.target);
  return t ? targetMetric(t, ref.metric, ref.op) : null;
}

/** e.g. "sqlite heartbeat p99". */
export function describeRef(ref: MetricRef): string {
  return [ref.target, ref.op, ref.metric].filter(Boolean).join(' ');
}

/** Human units for a metric value: µs latencies as ms, shares as %. */
export function formatMetric(metric: MetricName, value: number | null): string {
  if (value === null) return 'n/a';
  if (metric === 'lockWaitShare') return `${(value * 100).toFixed(1)}%`;
  if (/^(p\d+|max|mean)$|\./.test(metric)) return value >= 1000 ? `${(value / 1000).toFixed(2)} ms` : `${value} µs`;
  return String(value);
}
