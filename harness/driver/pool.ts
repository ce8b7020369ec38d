/**
 * The main-thread side of the driver: piscina owns the web threads' lifecycle
 * (N workers, one long task each), this module hands each its connection,
 * holds them at a start barrier until all have connected, releases them
 * together, stops them when the run's time is up, and collects their
 * recorders.
 */
import { Piscina } from 'piscina';
import { PrometheusGate } from '../contract/prometheus-gate.ts';
import type { TargetHandle } from '../contract/target.ts';
import type { OpName } from '../results/types.ts';
import type { RecorderExport } from '../metrics/recorder.ts';
import { nowUs } from '../metrics/recorder.ts';
import { Control, waitForChange } from './control.ts';
import type { JobidPool, JobTemplate, LoadPlan, WorkerResult, WorkerTask } from './plan.ts';
import { buildSchedule, cumulativeWeights } from './schedule.ts';

const WORKER = new URL('./worker.ts', import.meta.url).href;

export type LoadSpec =
  | { kind: 'open'; arrival: 'constant' | 'poisson'; ratePerSec: number; weights: Partial<Record<OpName, number>> }
  | { kind: 'closed'; users: number; thinkMs: number; weights: Partial<Record<OpName, number>>; correctCoordinatedOmission: boolean };

export interface DriveOptions {
  handle: Pick<TargetHandle, 'connection' | 'heartbeatPolicy'>;
  threads: number;
  seed: number;
  load: LoadSpec;
  warmupMs: number;
  measureMs: number;
  /** Upper bound on operations, whatever the rate. */
  maxOps: number;
  job: JobTemplate;
  jobids: JobidPool;
  statusDictLimit: number | null;
  timelineBucketMs: number;
  /** All threads must have connected within this. */
  connectTimeoutMs: number;
  /**
   * After warm-up + measure, in-flight calls get this long before the stop
   * flag. After the flag, threads are terminated (and their measurements
   * lost) only when none has finished an operation for this long, or
   * `maxDrainMs` after the flag: threads queued on a shared lock finish one
   * by one, and each finish is a measurement worth waiting for.
   */
  graceMs: number;
  /** Hard bound on the wait after the stop flag; default max(60 s, 10 × graceMs). */
  maxDrainMs?: number;
  /** Called once with the absolute start (µs) when threads are released. */
  onStart?: (startUs: number) => void;
  /** Called once when every thread has returned its recorder (or was terminated), before the pool is torn down. */
  onThreadsDone?: () => void;
  /** Called about every `progressEveryMs` while running. */
  onProgress?: (p: { elapsedMs: number; ops: number; timeouts: number; errors: number; p99Us: number }) => void;
  progressEveryMs?: number;
}

export interface DriveResult {
  recorders: RecorderExport[];
  errorSamples: string[];
  /** Threads that failed (connect or loop), with the reason. */
  failures: string[];
  startUs: number;
  measureStartUs: number;
  endUs: number;
  /** Arrivals scheduled (open model) or the op cap (closed). */
  planned: number;
  /** True when the hard stop had to terminate threads. */
  terminated: boolean;
  /** Open model: arrivals intended in the measured window never started. */
  unservedArrivals: number;
}

export class DriverError extends Error {
  readonly code = 'E_DRIVER';
  constructor(message: string) {
    super(message);
    this.name = 'DriverError';
  }
}

/** Arrivals at index ≥ claimed whose intended start falls in the measured window (times are sorted). */
function unservedOf(plan: LoadPlan, claimed: number, warmupMs: number): number {
  if (plan.kind !== 'open') return 0;
  const times = new Float64Array(plan.arrivalsUs);
  let n = 0;
  for (let i = Math.max(0, claimed); i < plan.count; i++) if (times[i] >= warmupMs * 1000) n++;
  return n;
}

function loadPlan(options: DriveOptions): { plan: LoadPlan; expectedIntervalUs: number; planned: number } {
  const load = options.load;
  if (load.kind === 'open') {
    const s = buildSchedule({
      arrival: load.arrival,
      ratePerSec: load.ratePerSec,
      weights: load.weights,
      spanMs: options.warmupMs + options.measureMs,
      maxOps: options.maxOps,
      seed: options.seed,
    });
    return { plan: { kind: 'open', arrivalsUs: s.arrivalsUs, arrivalOps: s.arrivalOps, count: s.count }, expectedIntervalUs: 0, planned: s.count };
  }
  const users = Math.min(load.users, options.threads);
  return {
    plan: { kind: 'closed', users, thinkMs: load.thinkMs, weights: cumulativeWeights(load.weights), maxOps: options.maxOps },
    expectedIntervalUs: load.correctCoordinatedOmission ? Math.round(load.thinkMs * 1000) : 0,
    planned: options.maxOps,
  };
}

export async function drive(options: DriveOptions): Promise<DriveResult> {
  const threads = options.threads;
  const control = Control.create(threads);
  const gate = PrometheusGate.create(options.handle.heartbeatPolicy);
  const { plan, expectedIntervalUs, planned } = loadPlan(options);
  const pool = new Piscina<WorkerTask, WorkerResult>({ filename: WORKER, minThreads: threads, maxThreads: threads, idleTimeout: 60_000, concurrentTasksPerWorker: 1 });
  const failures: string[] = [];
  let terminated = false;
  try {
    const tasks = Array.from({ length: threads }, (_, i) => {
      const conn = options.handle.connection(i);
      const task: WorkerTask = {
        type: 'run',
        threadIndex: i,
        threads,
        seed: options.seed,
        serviceModule: conn.serviceModule,
        info: conn.info,
        gateInit: gate.init,
        control: control.buffer,
        load: plan,
        warmupMs: options.warmupMs,
        measureMs: options.measureMs,
        job: options.job,
        jobids: options.jobids,
        statusDictLimit: options.statusDictLimit,
        timelineBucketMs: options.timelineBucketMs,
        expectedIntervalUs,
      };
      return pool.run(task, { transferList: conn.transfer }).then(
        (r): WorkerResult | null => r,
        (error: unknown): WorkerResult | null => {
          failures.push(`thread ${i}: ${error instanceof Error ? error.message : String(error)}`);
          return null;
        },
      );
    });

    // Start barrier: every thread connected (or failed) before anyone starts.
    const ints = new Int32Array(control.buffer, 0, 1);
    const connectDeadline = performance.now() + options.connectTimeoutMs;
    while (control.ready < threads) {
      if (performance.now() > connectDeadline) {
        control.stop();
        throw new DriverError(`only ${control.ready} of ${threads} web threads connected within ${options.connectTimeoutMs} ms`);
      }
      await waitForChange(ints, 0, control.ready, 100);
    }
    if (failures.length > 0) {
      control.stop();
      await Promise.all(tasks);
      throw new DriverError(`web threads failed to connect: ${failures.join('; ')}`);
    }
    // A short lead so every thread is parked on the barrier before the first arrival.
    const startUs = nowUs() + 20_000;
    control.go(startUs);
    options.onStart?.(startUs);
    const runMs = options.warmupMs + options.measureMs;
    const progressTimer = options.onProgress
      ? setInterval(() => options.onProgress?.({ elapsedMs: (nowUs() - startUs) / 1000, ...control.snapshot() }), options.progressEveryMs ?? 500)
      : null;
    const stopAtMs = performance.now() + runMs + 20 + options.graceMs;
    const stopTimer = setTimeout(() => control.stop(), runMs + 20 + options.graceMs);
    const maxDrainMs = options.maxDrainMs ?? Math.max(60_000, 10 * options.graceMs);
    let killTimer: NodeJS.Timeout | null = null;
    let lastProgress = -1;
    let lastProgressAtMs = performance.now();
    const killed = new Promise<string>((resolve) => {
      killTimer = setInterval(() => {
        const now = performance.now();
        const progress = control.finished + control.done;
        if (progress !== lastProgress) {
          lastProgress = progress;
          lastProgressAtMs = now;
        }
        if (now < stopAtMs) return;
        if (now - lastProgressAtMs > options.graceMs) resolve(`no operation finished for ${options.graceMs} ms after the run ended`);
        else if (now - stopAtMs > maxDrainMs) resolve(`threads were still draining ${maxDrainMs} ms after the run ended`);
      }, 100);
    });
    try {
      const settled = await Promise.race([Promise.all(tasks), killed]);
      options.onThreadsDone?.();
      if (typeof settled === 'string') {
        terminated = true;
        failures.push(`${settled}: ${threads - control.done} of ${threads} threads terminated, their measurements lost`);
        const done = await Promise.race([Promise.all(tasks), pool.destroy().then(() => Promise.all(tasks))]);
        return collect(done, failures, startUs, options, planned, terminated, unservedOf(plan, control.claimedArrivals, options.warmupMs));
      }
      return collect(settled, failures, startUs, options, planned, terminated, unservedOf(plan, control.claimedArrivals, options.warmupMs));
    } finally {
      if (progressTimer) clearInterval(progressTimer);
      clearTimeout(stopTimer);
      if (killTimer) clearInterval(killTimer);
    }
  } finally {
    control.stop();
    await pool.destroy().catch(() => undefined);
  }
}

function collect(
  results: (WorkerResult | null)[],
  allFailures: string[],
  startUs: number,
  options: DriveOptions,
  planned: number,
  terminated: boolean,
  unservedArrivals: number,
): DriveResult {
  let failures = allFailures;
  const ok = results.filter((r): r is WorkerResult => r !== null);
  // After a termination every killed thread reports the same rejection; the summary line says it once.
  if (terminated) failures = failures.filter((f) => !/Terminating worker thread/.test(f));
  const errorSamples = [...new Set(ok.flatMap((r) => r.errorSamples))].slice(0, 10);
  return {
    recorders: ok.map((r) => r.recorder),
    errorSamples,
    failures,
    startUs,
    measureStartUs: startUs + options.warmupMs * 1000,
    endUs: nowUs(),
    planned,
    terminated,
    unservedArrivals,
  };
}
