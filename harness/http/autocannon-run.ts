/**
 * Closed-model HTTP runs with autocannon (issue 4 item 5): N connections,
 * each one user following the scenario's operation mix, against the front
 * of a target wrapped by harness/http/wrap.ts. Every response's latency is
 * recorded by us, in µs, into the harness's per-thread Recorder (one per
 * connection; merge them as web threads' exports). autocannon's own
 * histogram is never reported: it keeps whole milliseconds, its rate mode
 * bursts each second's requests, and its coordinated-omission correction
 * assumes a 1 ms interval. Its counters come back for cross-checking only.
 *
 * autocannon runs in its own worker thread (harness/http/autocannon-worker.ts).
 */
import type { JsonObject } from '../contract/json.ts';
import type { TargetHandle } from '../contract/target.ts';
import type { JobidPool, JobTemplate, LoadPlan, WorkerResult } from '../driver/plan.ts';
import type { AutocannonCounters, AutocannonWorkerData, FromAutocannonWorker, ToAutocannonWorker } from './autocannon-protocol.ts';
import { spawnTsWorker } from './ts-worker.ts';
import { frontOriginOf } from './wrap.ts';

export type { AutocannonCounters } from './autocannon-protocol.ts';

const WORKER_ENTRY = new URL('./autocannon-worker.ts', import.meta.url);

export interface AutocannonRunOptions {
  /** A handle from `wrapHttp(def).start(…)`; its front is the one driven. */
  handle: TargetHandle;
  /** The closed load: `users` connections, `weights` the cumulative op mix, `maxOps` the cap. `thinkMs` must be 0. */
  load: Extract<LoadPlan, { kind: 'closed' }>;
  warmupMs: number;
  measureMs: number;
  seed: number;
  job: JobTemplate;
  jobids: JobidPool;
  statusDictLimit: number | null;
  timelineBucketMs: number;
  /** For the Recorder's HDR back-fill (closed model), as the piscina driver gets it; 0 = none. */
  expectedIntervalUs: number;
  /** Per-request give-up (autocannon `timeout`, whole seconds, rounded up); default the handle's `clientRequestTimeoutMs`, else 30 s. */
  requestTimeoutMs?: number;
  /** Abort ends the run early; what was recorded so far is returned. */
  signal?: AbortSignal;
}

export interface AutocannonRunResult {
  /** One per connection (`threadIndex` = connection index), like the piscina driver's per-thread results. */
  results: WorkerResult[];
  /** autocannon's own counters: for cross-checking, never for latency. */
  counters: AutocannonCounters;
  /** For results.json `settings`: `{driver: 'autocannon', connections, pipelining, requestTimeoutMs}`. */
  settings: JsonObject;
}

export class AutocannonOptionsError extends Error {
  readonly code = 'E_AUTOCANNON_OPTIONS';
  constructor(message: string) {
    super(message);
    this.name = 'AutocannonOptionsError';
  }
}

function validate(options: AutocannonRunOptions): string {
  const origin = frontOriginOf(options.handle);
  if (origin === null) throw new AutocannonOptionsError(`target ${options.handle.name} has no HTTP front: wrap it with wrapHttp first`);
  const { load } = options;
  if (load.kind !== 'closed') throw new AutocannonOptionsError('autocannon drives closed-model runs only; open-model HTTP runs go through the harness driver');
  if (load.thinkMs > 0) throw new AutocannonOptionsError(`autocannon has no think time between requests; thinkMs is ${load.thinkMs} (use the piscina driver with --http for think time)`);
  if (!Number.isInteger(load.users) || load.users < 1) throw new AutocannonOptionsError(`users must be a positive integer, not ${load.users}`);
  if (!Number.isInteger(load.maxOps) || load.maxOps < 1) throw new AutocannonOptionsError(`maxOps must be a positive integer, not ${load.maxOps}`);
  if (!(options.warmupMs >= 0 && options.measureMs > 0)) throw new AutocannonOptionsError('warmupMs must be ≥ 0 and measureMs > 0');
  return origin;
}

export function runAutocannonClosed(options: AutocannonRunOptions): Promise<AutocannonRunResult> {
  const origin = validate(options);
  const fromSettings = options.handle.settings.clientRequestTimeoutMs;
  const data: AutocannonWorkerData = {
    origin,
    connections: options.load.users,
    weights: options.load.weights,
    maxOps: options.load.maxOps,
    warmupMs: options.warmupMs,
    measureMs: options.measureMs,
    seed: options.seed,
    job: options.job,
    jobids: options.jobids,
    statusDictLimit: options.statusDictLimit,
    timelineBucketMs: options.timelineBucketMs,
    expectedIntervalUs: options.expectedIntervalUs,
    requestTimeoutMs: options.requestTimeoutMs ?? (typeof fromSettings === 'number' ? fromSettings : 30_000),
  };
  return new Promise((resolve, reject) => {
    const worker = spawnTsWorker(WORKER_ENTRY, { workerData: data });
    let settled = false;
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
      if (message.type === 'done') settle(() => resolve({ results: message.results, counters: message.counters, settings: message.settings }));
      else settle(() => reject(new Error(`autocannon run failed: ${message.message}`)));
    });
    worker.on('error', (error) => settle(() => reject(error)));
    worker.on('exit', (code) => settle(() => reject(new Error(`autocannon worker exited with code ${code} before reporting`))));
  });
}
