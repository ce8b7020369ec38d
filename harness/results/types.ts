/**
 * The shape of `results.json` (schema: `harness/results.schema.json`, keep
 * the two in step and bump RESULTS_SCHEMA_VERSION on a breaking change).
 * Times carry their unit in the name: `Us` microseconds, `Ms` milliseconds.
 */
import type { JsonObject } from '../contract/json.ts';
import type { Durability, StartupReport } from '../contract/target.ts';

export const RESULTS_SCHEMA_VERSION = 1;

/** Operations a web thread performs; names used as keys everywhere. */
export type OpName =
  | 'queue_job'
  | 'job_status'
  | 'job_status_dict'
  | 'job_metadata'
  | 'job_result'
  | 'job_id_list'
  | 'heartbeat';

export const OP_NAMES: readonly OpName[] = [
  'queue_job',
  'job_status',
  'job_status_dict',
  'job_metadata',
  'job_result',
  'job_id_list',
  'heartbeat',
];

export type Outcome = 'ok' | 'timeout' | 'error' | 'wrong-reply';

export interface LatencySummary {
  count: number;
  errors: number;
  timeouts: number;
  p50Us: number;
  p90Us: number;
  p99Us: number;
  p999Us: number;
  maxUs: number;
  meanUs: number;
  /** HdrHistogram, `encodeIntoCompressedBase64`, microseconds, 3 significant digits. */
  histogram: string;
}

export type LoadModel =
  | { kind: 'open'; arrival: 'constant' | 'poisson'; ratePerSec: number }
  | { kind: 'closed'; users: number; thinkMs: number };

export interface Machine {
  cpus: number;
  cpuModel: string;
  memGiB: number;
  node: string;
  platform: string;
  hostname: string;
}

/** A run of timeouts that follow one another (harness/metrics cascade detection). */
export interface Cascade {
  startMs: number;
  endMs: number;
  timeouts: number;
  threadsHit: number[];
  socketRebuilds: number;
}

export interface Ledger {
  submitted: number;
  completed: number;
  failed: number;
  /** Still not final when the run's drain ended, but known to the target. */
  pending: number;
  /** Submitted, acknowledged, and then unknown to the target. */
  lost: number;
  /** One submission seen as two jobs, or one jobid handed out twice. */
  duplicated: number;
}

/** One time bucket of a target's run, ms since the measured phase began. */
export interface TimelineBucket {
  tMs: number;
  ops: number;
  errors: number;
  timeouts: number;
  wrongReplies: number;
  p50Us: number;
  p99Us: number;
  maxUs: number;
}

/** A stretch of one web thread's time; the convoy chart draws these. */
export interface LaneSegment {
  startMs: number;
  endMs: number;
  state: 'lock-wait' | 'round-trip' | 'timeout';
  op: OpName;
}

/** A sampled operation, for latency-over-time scatter. */
export interface SampledEvent {
  thread: number;
  op: OpName;
  /** Intended start, ms since the measured phase began. */
  tMs: number;
  latencyUs: number;
  lockWaitUs: number;
  roundTripUs: number;
  outcome: Outcome;
}

export interface GateResult {
  name: string;
  passed: boolean;
  actual: number;
  limit: number;
  /** e.g. "sqlite heartbeat p99 × 50 ≤ legacy heartbeat p99". */
  description: string;
}

export interface TargetResult {
  name: string;
  /** Set when the target could not start or failed; the other fields are then empty. */
  error?: string;
  settings: JsonObject;
  startup: StartupReport | null;
  ops: Partial<Record<OpName, LatencySummary>>;
  lockWait: Partial<Record<OpName, LatencySummary>>;
  roundTrip: Partial<Record<OpName, LatencySummary>>;
  wrongReplies: number;
  socketRebuilds: number;
  cascades: Cascade[];
  ledger: Ledger;
  timeline: { bucketMs: number; buckets: TimelineBucket[] };
  lanes: { threads: number; segments: LaneSegment[][]; downsampled: boolean };
  events: { total: number; sampled: SampledEvent[] };
  /** Measured arrival and service times of the single server (legacy collector), for the queueing overlay. */
  server?: { arrivalsPerSec: number; meanServiceUs: number; utilisation: number };
  /** The target's own stats (`TargetHandle.collectStats`). */
  targetStats?: JsonObject;
  /** Mean real (unscaled) overhead per operation, for reading scaled runs honestly. */
  unscaledOverheadUs?: number;
  /** First few distinct failures (`code: message`) seen by the web threads. */
  errorSamples?: string[];
  /**
   * Open model: arrivals scheduled in the measured window that no thread had
   * started when the run's time was up (not in any histogram; each waited at
   * least until the end of the run).
   */
  unservedArrivals?: number;
}

export interface ResultsFile {
  schemaVersion: typeof RESULTS_SCHEMA_VERSION;
  runId: string;
  createdAt: string;
  scenario: { name: string; question: string; description: string };
  seed: number;
  scale: number;
  loadModel: LoadModel;
  mode: 'direct' | 'http';
  threads: number;
  durability: Durability;
  historicalJobs: number;
  machine: Machine;
  phases: { warmupMs: number; measureMs: number };
  /** Legacy constants at production value and as run, e.g. RCVTIMEO. */
  scaledConstants: Record<string, { productionMs: number; scaledMs: number }>;
  targets: TargetResult[];
  gates: GateResult[];
  /** Gates not evaluated, one line each with why (e.g. a target that did not run). */
  gatesSkipped?: string[];
  headline: { label: string; ratio: number | null; numerator: string; denominator: string } | null;
}
