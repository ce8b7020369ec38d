/**
 * Closed-model HTTP runs with autocannon (issue 4 item 5): N connections,
 * each one user following the scenario's operation mix, against the front
 * of a target wrapped by harness/http/wrap.ts. Every response's latency is
 * recorded by us, in µs, into the harness's per-thread Recorder (one per
 * connection, merged like web threads' exports). autocannon's own histogram
 * is never reported: it keeps whole milliseconds, its rate mode bursts each
 * second's requests, and its coordinated-omission correction assumes a 1 ms
 * interval. Its counters come back for cross-checking only.
 *
 * autocannon runs in its own worker thread (harness/http/autocannon-worker.ts)
 * so that its response parsing does not share the front's event loop.
 *
 * Two entry points:
 * - {@link runAutocannon}: the runner's `Driver` (harness/runner/run-target.ts),
 *   same options and result as the piscina driver's `drive()`;
 * - {@link runAutocannonClosed}: the same run with explicit options.
 */
import type { JsonObject } from '../contract/json.ts';
import type { DriveOptions, DriveResult } from '../driver/pool.ts';
import type { WorkerResult } from '../driver/plan.ts';
import { cumulativeWeights } from '../driver/schedule.ts';
import { nowUs } from '../metrics/recorder.ts';
import type { AutocannonCounters, AutocannonProgress, AutocannonWorkerData, FromAutocannonWorker, ToAutocannonWorker } from './autocannon-protocol.ts';
import { isHttpServiceInfo } from './client-service.ts';
import { spawnTsWorker } from '../ts-worker.ts';

export type { AutocannonCounters, AutocannonProgress } from './autocannon-protocol.ts';

const WORKER_ENTRY = new URL('./autocannon-worker.ts', import.meta.url);

/** The worker's settings (autocannon-protocol.ts, documented there), plus the caller's hooks. */
export interface AutocannonRunOptions extends Omit<AutocannonWorkerData, 'progressEveryMs'> {
  /** Abort ends the run early; what was recorded so far is returned. */
  signal?: AbortSignal;
  onStart?: (startUs: number) => void;
  onProgress?: (p: AutocannonProgress & { elapsedMs: number }) => void;
  progressEveryMs?: number;
}

export interface AutocannonRunResult {
  /** Absolute µs (recorder clock) at which the connections started. */
  startUs: number;
  /** One per connection (`threadIndex` = connection index), like the piscina driver's per-thread results. */
  results: WorkerResult[];
  /** autocannon's own counters: for cross-checking, never for latency. */
  counters: AutocannonCounters;
  /** `{driver: 'autocannon', connections, pipelining, requestTimeoutMs}`. */
  settings: JsonObject;
}

export class AutocannonOptionsError extends Error {
  readonly code = 'E_AUTOCANNON_OPTIONS';
  constructor(message: string) {
    super(message);
    this.name = 'AutocannonOptionsError';
  }
}

function validate(options: AutocannonRunOptions): void {
  if (!/^http:\/\//.test(options.origin)) throw new AutocannonOptionsError(`origin must be an http:// URL, not ${JSON.stringify(options.origin)}`);
  if (!Number.isInteger(options.connections) || options.connections < 1) throw new AutocannonOptionsError(`connections must be a positive integer, not ${options.connections}`);
  if (!Number.isInteger(options.maxOps) || options.maxOps < 1) throw new AutocannonOptionsError(`maxOps must be a positive integer, not ${options.maxOps}`);
  if (!(options.warmupMs >= 0 && options.measureMs > 0)) throw new AutocannonOptionsError('warmupMs must be ≥ 0 and measureMs > 0');
  if (!(options.requestTimeoutMs > 0)) throw new AutocannonOptionsError('requestTimeoutMs must be > 0');
}

export function runAutocannonClosed(options: AutocannonRunOptions): Promise<AutocannonRunResult> {
  validate(options);
  const data: AutocannonWorkerData = {
    origin: options.origin,
    connections: options.connections,
    weights: options.weights,
    maxOps: options.maxOps,
    warmupMs: options.warmupMs,
    measureMs: options.measureMs,
    seed: options.seed,
    job: options.job,
    jobids: options.jobids,
    statusDictLimit: options.statusDictLimit,
    timelineBucketMs: options.timelineBucketMs,
    expectedIntervalUs: options.expectedIntervalUs,
    requestTimeoutMs: options.requestTimeoutMs,
    progressEveryMs: options.onProgress ? (options.progressEveryMs ?? 500) : 0,
  };
  return new Promise((resolve, reject) => {
    const worker = spawnTsWorker(WORKER_ENTRY, { workerData: data });
    let settled = false;
    let startUs = nowUs();
    const onAbort = () => {
      const message: ToAutocannonWorker = { type: 'stop' };
      worker.postMessage(message);
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });
    if (options.signal?.aborted) onAbort();
    const settle = (action: () => void) => {
      if (settled) return;
      settled = true;
      options.signal?.removeEventListener('abort', onAbort);
      action();
    };
    worker.on('message', (message: FromAutocannonWorker) => {
      switch (message.type) {
        case 'started':
          startUs = message.startUs;
          options.onStart?.(startUs);
          return;
        case 'progress':
          options.onProgress?.({ elapsedMs: (nowUs() - startUs) / 1000, ops: message.ops, timeouts: message.timeouts, errors: message.errors, p99Us: message.p99Us });
          return;
        case 'done':
          settle(() => resolve({ startUs: message.startUs, results: message.results, counters: message.counters, settings: message.settings }));
          return;
        case 'failed':
          settle(() => reject(new Error(`autocannon run failed: ${message.message}`)));
          return;
      }
    });
    worker.on('error', (error) => settle(() => reject(error)));
    worker.on('exit', (code) => settle(() => reject(new Error(`autocannon worker exited with code ${code} before reporting`))));
  });
}

/**
 * The runner's Driver for `--http` with a closed load model. The front is
 * found through the wrapped target's connection (its `info.origin`); each
 * of the scenario's `users` is one autocannon connection (not capped by
 * `threads`: connections beyond the front's threads wait in its FIFO, as
 * gunicorn clients do). autocannon has no think time, so `thinkMs > 0` is
 * refused; open-model HTTP runs use the piscina driver with the HTTP client.
 */
export async function runAutocannon(options: DriveOptions): Promise<DriveResult> {
  const load = options.load;
  if (load.kind !== 'closed') throw new AutocannonOptionsError('autocannon drives closed-model runs only; open-model HTTP runs go through the piscina driver');
  if (load.thinkMs > 0) throw new AutocannonOptionsError(`autocannon has no think time between requests, and this closed load thinks ${load.thinkMs} ms`);
  const info = options.handle.connection(0).info;
  if (!isHttpServiceInfo(info)) throw new AutocannonOptionsError('the target has no HTTP front: wrap it with wrapHttp (harness/http/wrap.ts)');
  const run = await runAutocannonClosed({
    origin: info.origin,
    connections: load.users,
    weights: cumulativeWeights(load.weights),
    maxOps: options.maxOps,
    warmupMs: options.warmupMs,
    measureMs: options.measureMs,
    seed: options.seed,
    job: options.job,
    jobids: options.jobids,
    statusDictLimit: options.statusDictLimit,
    timelineBucketMs: options.timelineBucketMs,
    expectedIntervalUs: 0,
    requestTimeoutMs: info.requestTimeoutMs,
    onStart: options.onStart,
    onProgress: options.onProgress,
    progressEveryMs: options.progressEveryMs,
  });
  const errorSamples = [...new Set(run.results.flatMap((r) => r.errorSamples))].slice(0, 10);
  const c = run.counters;
  return {
    recorders: run.results.map((r) => r.recorder),
    errorSamples,
    failures: c.errors > c.timeouts ? [`autocannon counted ${c.errors - c.timeouts} connection errors`] : [],
    startUs: run.startUs,
    measureStartUs: run.startUs + options.warmupMs * 1000,
    endUs: nowUs(),
    planned: options.maxOps,
    terminated: false,
    // Closed model: there is no arrival schedule to fall behind.
    unservedArrivals: 0,
  };
}
