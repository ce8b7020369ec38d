/**
 * Candidate against baseline, metric by metric, for the targets both runs
 * have: both values, the ratio candidate ÷ baseline and the relative change.
 * Latencies and bad counts improve downwards, throughput upwards.
 */
import type { ResultsFile, TargetResult } from '../../results/types.ts';
import { OP_NAMES } from '../../results/types.ts';

export type MetricUnit = 'us' | 'count' | 'per-sec';

/**
 * One run on each side gives no spread to test against, so a change smaller
 * than this fraction is called neither better nor worse (`better: null`).
 */
export const NOISE_FRACTION = 0.1;

export interface ComparisonRow {
  target: string;
  metric: string;
  unit: MetricUnit;
  baseline: number;
  candidate: number;
  /** candidate ÷ baseline; null when the baseline is 0. */
  ratio: number | null;
  /** (candidate − baseline) ÷ baseline; null when the baseline is 0. */
  change: number | null;
  /** Whether the candidate is better; null when equal or within NOISE_FRACTION. */
  better: boolean | null;
}

export interface Comparison {
  baselineRunId: string;
  candidateRunId: string;
  rows: ComparisonRow[];
  /** Targets present in only one of the runs, or failed in either. */
  notCompared: { target: string; reason: string }[];
}

function metricsOf(t: TargetResult, measureMs: number): { metric: string; unit: MetricUnit; value: number; higherIsBetter: boolean }[] {
  const out: { metric: string; unit: MetricUnit; value: number; higherIsBetter: boolean }[] = [];
  let ops = 0;
  for (const op of OP_NAMES) {
    const s = t.ops[op];
    if (!s) continue;
    ops += s.count;
    out.push({ metric: `${op} p50`, unit: 'us', value: s.p50Us, higherIsBetter: false });
    out.push({ metric: `${op} p99`, unit: 'us', value: s.p99Us, higherIsBetter: false });
    out.push({ metric: `${op} p99.9`, unit: 'us', value: s.p999Us, higherIsBetter: false });
    out.push({ metric: `${op} max`, unit: 'us', value: s.maxUs, higherIsBetter: false });
    out.push({ metric: `${op} timeouts`, unit: 'count', value: s.timeouts, higherIsBetter: false });
  }
  out.push({ metric: 'throughput', unit: 'per-sec', value: measureMs > 0 ? ops / (measureMs / 1000) : 0, higherIsBetter: true });
  if (t.unservedArrivals !== undefined) out.push({ metric: 'arrivals never started', unit: 'count', value: t.unservedArrivals, higherIsBetter: false });
  out.push({ metric: 'wrong replies', unit: 'count', value: t.wrongReplies, higherIsBetter: false });
  out.push({ metric: 'socket rebuilds', unit: 'count', value: t.socketRebuilds, higherIsBetter: false });
  out.push({ metric: 'cascades', unit: 'count', value: t.cascades.length, higherIsBetter: false });
  out.push({ metric: 'jobs lost', unit: 'count', value: t.ledger.lost, higherIsBetter: false });
  out.push({ metric: 'jobs duplicated', unit: 'count', value: t.ledger.duplicated, higherIsBetter: false });
  return out;
}

export function compareResults(baseline: ResultsFile, candidate: ResultsFile): Comparison {
  const rows: ComparisonRow[] = [];
  const notCompared: { target: string; reason: string }[] = [];
  const names = [...new Set([...baseline.targets.map((t) => t.name), ...candidate.targets.map((t) => t.name)])];
  for (const name of names) {
    const b = baseline.targets.find((t) => t.name === name);
    const c = candidate.targets.find((t) => t.name === name);
    if (!b || !c) {
      notCompared.push({ target: name, reason: b ? 'not in the candidate run' : 'not in the baseline run' });
      continue;
    }
    if (b.error !== undefined || c.error !== undefined) {
      notCompared.push({ target: name, reason: `failed in the ${b.error !== undefined ? 'baseline' : 'candidate'} run` });
      continue;
    }
    const baseMetrics = new Map(metricsOf(b, baseline.phases.measureMs).map((m) => [m.metric, m] as const));
    for (const m of metricsOf(c, candidate.phases.measureMs)) {
      const base = baseMetrics.get(m.metric);
      if (!base) continue;
      const ratio = base.value !== 0 ? m.value / base.value : null;
      const change = ratio === null ? null : ratio - 1;
      const withinNoise = m.value === base.value || (change !== null && Math.abs(change) < NOISE_FRACTION);
      const better = withinNoise ? null : m.higherIsBetter === m.value > base.value;
      rows.push({ target: name, metric: m.metric, unit: m.unit, baseline: base.value, candidate: m.value, ratio, change, better });
    }
  }
  return { baselineRunId: baseline.runId, candidateRunId: candidate.runId, rows, notCompared };
}
