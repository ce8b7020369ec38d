/**
 * What the main thread sends each web-thread worker, and what it sends back.
 * Plain, structured-clonable data (typed messages between threads).
 */
import type { JsonObject } from '../contract/json.ts';
import type { CallbackSpec, Lane } from '../contract/job-service.ts';
import type { PrometheusGateInit } from '../contract/prometheus-gate.ts';
import type { OpName } from '../results/types.ts';
import type { RecorderExport } from '../metrics/recorder.ts';

/** The job every `queue_job` submits (LEGACY.md "Engine, per job": `helloworld` sleeps `time_` production seconds). */
export interface JobTemplate {
  action: string;
  /** Production seconds of simulated work. */
  timeSec: number;
  lane: Lane;
  callback: CallbackSpec | null;
}

/** Where each thread's `queue_job`, status polls and result fetches point. */
export interface JobidPool {
  /** Known historical jobids (a sample, bounded). */
  historical: string[];
  /** Probability a status poll asks about one of this thread's own submissions (when it has one). */
  ownPollShare: number;
}

export type LoadPlan =
  | {
      kind: 'open';
      /** Shared Float64Array: intended start of arrival i, µs after `startUs`. */
      arrivalsUs: SharedArrayBuffer;
      /** Shared Uint8Array: index into OP_NAMES of arrival i. */
      arrivalOps: SharedArrayBuffer;
      count: number;
    }
  | {
      kind: 'closed';
      users: number;
      /** Wall ms each user thinks between operations. */
      thinkMs: number;
      /** Cumulative weights over OP_NAMES, for the user's own seeded choice. */
      weights: number[];
      /** Operations across all users; the run stops when reached. */
      maxOps: number;
    };

export interface WorkerTask {
  type: 'run';
  threadIndex: number;
  threads: number;
  seed: number;
  serviceModule: string;
  info: unknown;
  gateInit: PrometheusGateInit;
  /** Control block (see control.ts). */
  control: SharedArrayBuffer;
  load: LoadPlan;
  warmupMs: number;
  measureMs: number;
  job: JobTemplate;
  jobids: JobidPool;
  /** Options passed to the job-status-dict op (WBIA `limit`). */
  statusDictLimit: number | null;
  timelineBucketMs: number;
  expectedIntervalUs: number;
}

export interface WorkerResult {
  type: 'result';
  threadIndex: number;
  recorder: RecorderExport;
  /** First few distinct error messages (code: message), for the run log. */
  errorSamples: string[];
  settings: JsonObject;
}

export function opIndex(op: OpName, names: readonly OpName[]): number {
  const i = names.indexOf(op);
  if (i < 0) throw new Error(`unknown op ${op}`);
  return i;
}
