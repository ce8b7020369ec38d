/**
 * A scenario is typed data (k6 thresholds style): what to run, against
 * which targets, for how long, at what load, and which gates decide the exit
 * code. Durations and rates are in PRODUCTION time; the runner multiplies
 * durations by the scale and divides rates by it (ARCHITECTURE.md "Time
 * scale"), so one scenario reads the same at any scale.
 */
import type { Lane } from '../contract/job-service.ts';
import type { OpName } from '../results/types.ts';

export type OpenLoad = {
  model: 'open';
  arrival: 'constant' | 'poisson';
  /** Production requests per second of each operation; the mix is their ratio, the rate their sum. */
  ratesPerSec: Partial<Record<OpName, number>>;
};

export type ClosedLoad = {
  model: 'closed';
  users: number;
  /** Production seconds a user thinks between operations. */
  thinkSec: number;
  /** Relative weights of the operations. */
  mix: Partial<Record<OpName, number>>;
};

export type LoadSpec = OpenLoad | ClosedLoad;

export interface FaultSpec {
  /** Production seconds after the measured phase begins. */
  atSec: number;
  action: 'pause' | 'kill';
  /** A name from the target's `faults.components()`, e.g. `collector`. */
  component: string;
  /** Production seconds, for `pause`. */
  forSec?: number;
  /** Targets the fault applies to (those that have the component); default all. */
  targets?: string[];
}

/** Every metric a gate or headline can name. Latency metrics need `op`. */
export type MetricName =
  | 'p50'
  | 'p90'
  | 'p99'
  | 'p999'
  | 'max'
  | 'mean'
  | 'lockWait.p50'
  | 'lockWait.p99'
  | 'lockWait.max'
  | 'roundTrip.p50'
  | 'roundTrip.p99'
  | 'roundTrip.max'
  | 'count'
  | 'errors'
  | 'timeouts'
  | 'lockWaitShare'
  | 'cascades'
  | 'wrongReplies'
  | 'socketRebuilds'
  | 'lost'
  | 'duplicated'
  | 'pending'
  | 'submitted'
  | 'completed'
  | 'failed';

export interface MetricRef {
  target: string;
  metric: MetricName;
  /** The operation, for latency metrics; counts and shares sum over all ops when absent. */
  op?: OpName;
}

export type GateSpec =
  | {
      kind: 'ratio';
      name: string;
      /** Passes when `smaller × factor ≤ larger`. */
      smaller: MetricRef;
      larger: MetricRef;
      factor: number;
    }
  | {
      kind: 'bound';
      name: string;
      metric: Omit<MetricRef, 'target'>;
      /** Checked on each of these that ran (one result per target). */
      targets: string[];
      cmp: '<=' | '>=' | '==';
      value: number;
    };

export interface HeadlineSpec {
  label: string;
  numerator: MetricRef;
  denominator: MetricRef;
}

export interface Scenario {
  name: string;
  /** The question the run answers, one sentence. */
  question: string;
  /** What it demonstrates, one or two sentences. */
  demonstrates: string;
  /** Targets run when `--targets` is not given; those whose server does not answer are skipped. */
  targets: string[];
  threads: number;
  scale: number;
  seed: number;
  historicalJobs: number;
  engines: { fast: number; slow: number };
  phases: { warmupSec: number; measureSec: number };
  load: LoadSpec;
  /** Hard cap on operations per target, whatever the rate. */
  maxOps: number;
  /** What each `queue_job` submits (LEGACY.md "Engine, per job"). */
  job: { action: string; timeSec: number; lane: Lane };
  /** Share of status polls that ask about the thread's own recent submissions. */
  ownPollShare: number;
  /** `limit` for the `job_status_dict` operation; null = all jobs (WBIA's route has none). */
  statusDictLimit: number | null;
  /** A slow callback endpoint on 127.0.0.1 every submitted job names (LEGACY.md `store` blocks on it). */
  callback: { delaySec: number; method: 'POST' | 'GET' | 'PUT' } | null;
  /** Production seconds the ledger may wait after the run for submitted jobs to finish. */
  drainSec: number;
  faults: FaultSpec[];
  gates: GateSpec[];
  /** First candidate whose targets both ran becomes the report's headline. */
  headlines: HeadlineSpec[];
}
