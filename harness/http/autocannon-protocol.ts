/** Messages between harness/http/autocannon-run.ts and its worker. */
import type { JsonObject } from '../contract/json.ts';
import type { JobidPool, JobTemplate, WorkerResult } from '../driver/plan.ts';

export interface AutocannonWorkerData {
  origin: string;
  /** autocannon `connections`: one closed-model user each. */
  connections: number;
  /** Cumulative weights over OP_NAMES (harness/driver/schedule.ts `cumulativeWeights`). */
  weights: number[];
  /** Requests across all connections (autocannon `maxOverallRequests`). */
  maxOps: number;
  warmupMs: number;
  measureMs: number;
  seed: number;
  job: JobTemplate;
  jobids: JobidPool;
  statusDictLimit: number | null;
  timelineBucketMs: number;
  /** For the Recorder's HDR back-fill; 0 = none (no think time, so nothing to back-fill by default). */
  expectedIntervalUs: number;
  /** Per-request give-up (autocannon `timeout`, whole seconds, rounded up). */
  requestTimeoutMs: number;
  /** Post a progress message this often; 0 = never. */
  progressEveryMs: number;
}

/** autocannon's own counters, for cross-checking ours; its latency histogram is never used. */
export interface AutocannonCounters {
  sent: number;
  responses2xx: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  durationSec: number;
}

export interface AutocannonProgress {
  ops: number;
  timeouts: number;
  errors: number;
  /** p99 of the responses since the previous progress message (2 significant digits). */
  p99Us: number;
}

export type FromAutocannonWorker =
  | { type: 'started'; startUs: number }
  | ({ type: 'progress' } & AutocannonProgress)
  | { type: 'done'; startUs: number; results: WorkerResult[]; counters: AutocannonCounters; settings: JsonObject }
  | { type: 'failed'; message: string };

export type ToAutocannonWorker = { type: 'stop' };
