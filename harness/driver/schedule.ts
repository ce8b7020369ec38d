/**
 * The open model's arrival schedule, fixed in advance from the seed: arrival
 * i has an intended start (µs after the run's start) and an operation. Any
 * thread may serve any arrival, so the schedule lives in shared memory.
 */
import { OP_NAMES } from '../results/types.ts';
import type { OpName } from '../results/types.ts';
import { deriveSeed, seededRandom } from './random.ts';

export interface ScheduleSpec {
  arrival: 'constant' | 'poisson';
  /** Wall operations per second (already divided by the scale). */
  ratePerSec: number;
  /** Relative weight of each operation. */
  weights: Partial<Record<OpName, number>>;
  /** Wall ms the schedule covers (warm-up + measure). */
  spanMs: number;
  /** Upper bound on arrivals, whatever the rate. */
  maxOps: number;
  seed: number;
}

export interface Schedule {
  arrivalsUs: SharedArrayBuffer;
  arrivalOps: SharedArrayBuffer;
  count: number;
}

/** Cumulative weights in OP_NAMES order, normalised to end at 1. */
export function cumulativeWeights(weights: Partial<Record<OpName, number>>): number[] {
  const raw = OP_NAMES.map((op) => Math.max(0, weights[op] ?? 0));
  const total = raw.reduce((a, b) => a + b, 0);
  if (total <= 0) throw new Error('operation mix has no positive weight');
  let acc = 0;
  return raw.map((w) => (acc += w / total));
}

/** Index into OP_NAMES for a uniform draw u in [0, 1). */
export function pickOp(cumulative: readonly number[], u: number): number {
  for (let i = 0; i < cumulative.length; i++) if (u < cumulative[i] && cumulative[i] > (cumulative[i - 1] ?? 0)) return i;
  // u beyond the last boundary through rounding: the last op with weight.
  for (let i = cumulative.length - 1; i >= 0; i--) if (cumulative[i] > (cumulative[i - 1] ?? 0)) return i;
  return 0;
}

export function buildSchedule(spec: ScheduleSpec): Schedule {
  const expected = Math.ceil((spec.ratePerSec * spec.spanMs) / 1000);
  const cap = Math.max(0, Math.min(spec.maxOps, expected * 2 + 16));
  const times = new Float64Array(cap);
  const ops = new Uint8Array(cap);
  const timeRng = seededRandom(deriveSeed(spec.seed, 1));
  const opRng = seededRandom(deriveSeed(spec.seed, 2));
  const cumulative = cumulativeWeights(spec.weights);
  const intervalUs = 1e6 / spec.ratePerSec;
  const spanUs = spec.spanMs * 1000;
  let t = 0;
  let n = 0;
  while (n < cap) {
    if (spec.arrival === 'constant') t = n * intervalUs;
    else t += -Math.log(1 - timeRng()) * intervalUs;
    if (t >= spanUs) break;
    times[n] = t;
    ops[n] = pickOp(cumulative, opRng());
    n++;
  }
  const arrivalsUs = new SharedArrayBuffer(Math.max(8, n * 8));
  const arrivalOps = new SharedArrayBuffer(Math.max(1, n));
  new Float64Array(arrivalsUs).set(times.subarray(0, n));
  new Uint8Array(arrivalOps).set(ops.subarray(0, n));
  return { arrivalsUs, arrivalOps, count: n };
}
