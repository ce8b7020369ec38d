/**
 * Evaluate a scenario's gates against a run's results (the runner does it
 * after the run; `npm run gate` re-does it from results.json). A gate whose
 * targets did not run is skipped, not failed, and said so.
 */
import type { GateResult, ResultsFile } from '../results/types.ts';
import type { GateSpec, HeadlineSpec } from '../scenario/types.ts';
import { describeRef, formatMetric, metricOf, targetMetric } from './metric.ts';

export interface GateOutcome {
  results: GateResult[];
  /** One line per gate that could not be evaluated, and why. */
  skipped: string[];
}

/** Why a metric has no data: a target that fell behind never started its measured arrivals. */
function noDataWhy(results: Pick<ResultsFile, 'targets'>, name: string): string {
  const unserved = results.targets.find((x) => x.name === name)?.unservedArrivals ?? 0;
  return unserved > 0 ? `; ${name} left ${unserved} measured arrivals unserved: it fell behind the schedule` : '';
}

function ran(results: Pick<ResultsFile, 'targets'>, name: string): boolean {
  const t = results.targets.find((x) => x.name === name);
  return t !== undefined && !t.error;
}

export function evaluateGates(specs: readonly GateSpec[], results: Pick<ResultsFile, 'targets'>): GateOutcome {
  const out: GateResult[] = [];
  const skipped: string[] = [];
  for (const g of specs) {
    if (g.kind === 'ratio') {
      const missing = [g.smaller.target, g.larger.target].filter((t) => !ran(results, t));
      if (missing.length > 0) {
        skipped.push(`${g.name}: skipped (${[...new Set(missing)].join(', ')} did not run)`);
        continue;
      }
      const small = metricOf(results, g.smaller);
      const large = metricOf(results, g.larger);
      const description = `${describeRef(g.smaller)} × ${g.factor} ≤ ${describeRef(g.larger)}`;
      if (small === null || large === null) {
        const missingRef = small === null ? g.smaller : g.larger;
        out.push({ name: g.name, passed: false, actual: 0, limit: g.factor, description: `${description} (no data: ${describeRef(missingRef)}${noDataWhy(results, missingRef.target)})` });
        continue;
      }
      // actual = the measured ratio larger ÷ smaller; the gate wants it ≥ factor.
      const actual = small > 0 ? large / small : large > 0 ? Number.MAX_VALUE : 0;
      out.push({
        name: g.name,
        passed: large >= small * g.factor,
        actual: round(actual),
        limit: g.factor,
        description: `${description} (${formatMetric(g.smaller.metric, small)} vs ${formatMetric(g.larger.metric, large)})`,
      });
    } else {
      for (const target of g.targets) {
        if (!ran(results, target)) {
          skipped.push(`${g.name}[${target}]: skipped (${target} did not run)`);
          continue;
        }
        const t = results.targets.find((x) => x.name === target);
        const value = t ? targetMetric(t, g.metric.metric, g.metric.op) : null;
        const description = `${describeRef({ ...g.metric, target })} ${g.cmp} ${g.value}`;
        const passed = value !== null && (g.cmp === '<=' ? value <= g.value : g.cmp === '>=' ? value >= g.value : value === g.value);
        out.push({
          name: `${g.name}[${target}]`,
          passed,
          actual: value === null ? 0 : round(value),
          limit: g.value,
          description: value === null ? `${description} (no data${noDataWhy(results, target)})` : `${description} (${formatMetric(g.metric.metric, value)})`,
        });
      }
    }
  }
  return { results: out, skipped };
}

export function evaluateHeadline(specs: readonly HeadlineSpec[], results: Pick<ResultsFile, 'targets'>): ResultsFile['headline'] {
  for (const h of specs) {
    if (!ran(results, h.numerator.target) || !ran(results, h.denominator.target)) continue;
    const n = metricOf(results, h.numerator);
    const d = metricOf(results, h.denominator);
    return { label: h.label, ratio: n !== null && d !== null && d > 0 ? round(n / d) : null, numerator: describeRef(h.numerator), denominator: describeRef(h.denominator) };
  }
  return null;
}

/** How far a failed gate missed, one line: "needs ≥ 50, measured 12.3 (4.07× short)". */
export function shortfall(g: GateResult, spec: GateSpec | undefined): string {
  if (g.passed) return '';
  if (!spec || spec.kind === 'ratio') {
    const by = g.actual > 0 ? `${round(g.limit / g.actual)}× short` : 'no ratio';
    return `needs ratio ≥ ${g.limit}, measured ${g.actual} (${by})`;
  }
  const diff = round(g.actual - g.limit);
  return `needs ${spec.cmp} ${g.limit}, measured ${g.actual} (off by ${diff > 0 ? '+' : ''}${diff})`;
}

function round(x: number): number {
  if (!Number.isFinite(x)) return x;
  return Math.abs(x) >= 100 ? Math.round(x * 10) / 10 : Math.round(x * 1000) / 1000;
}
