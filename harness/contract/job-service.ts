/**
 * The one seam: everything a web thread may ask of a job engine.
 *
 * Every target (`legacy`, `legacy-mitigated`, `sqlite`, `postgres`, `bullmq`,
 * `noop`, and the HTTP client) implements this. One instance lives in one
 * web thread and has at most one call in flight at a time; the driver reads
 * the instance's {@link CallTrace} after each call.
 *
 * Semantics shared by every target (checked by the conformance suite):
 * - a jobid that is neither a UUID nor `^[a-zA-Z0-9-_]+$` under 32 chars
 *   → the call rejects with `InvalidJobIdError` (legacy: `status: "error"`);
 * - a valid but unknown jobid → `jobStatus` resolves `null`, `jobResult`
 *   resolves `{status: null, jsonResult: null}`, `jobMetadata` resolves `null`;
 * - a call that waited past the target's receive timeout rejects with
 *   `ServiceTimeoutError`.
 */
import type { JsonObject, JsonValue } from './json.ts';
import type { PrometheusGate } from './prometheus-gate.ts';

export type Lane = 'fast' | 'slow';
export const LANES: readonly Lane[] = ['fast', 'slow'];

/** LEGACY.md "Status lifecycle of a job". */
export type JobStatus =
  | 'received'
  | 'accepted'
  | 'queued'
  | 'working'
  | 'publishing'
  | 'completed'
  | 'exception'
  | 'suppressed'
  | 'corrupted';

export const FINAL_STATUSES: readonly JobStatus[] = ['completed', 'exception', 'suppressed', 'corrupted'];

export interface CallbackSpec {
  url: string;
  method: 'POST' | 'GET' | 'PUT';
  /** WBIA `callback_detailed`: send the result with the callback. */
  detailed: boolean;
}

/**
 * A job as a web thread submits it. Simulated actions every target's engines
 * know (LEGACY.md "Engine, per job"):
 * - `helloworld`: sleeps `kwargs.time_` seconds of *production* time (the
 *   target multiplies by its scale), then returns
 *   `{"helloworld": true, "echo": kwargs.echo ?? null}`;
 * - `exception`: sleeps like helloworld, then fails: status `exception`,
 *   result `{"exception": <message>}`.
 * Any other action ends in `exception` (WBIA: no such controller function).
 */
export interface JobRequest {
  action: string;
  args: JsonValue[];
  kwargs: JsonObject;
  /** Unknown lanes fall back to `slow` (LEGACY.md "Engine queue"). */
  lane: Lane;
  callback?: CallbackSpec;
}

export interface QueuedJob {
  jobid: string;
  jobcounter: number;
}

/** One row of the status dict; field names as WBIA's collector builds them. */
export interface StatusRow {
  status: JobStatus | null;
  jobcounter: number;
  action: string | null;
  endpoint: string | null;
  function: string | null;
  time_received: string | null;
  time_started: string | null;
  time_runtime: string | null;
  time_updated: string | null;
  time_completed: string | null;
  time_turnaround: string | null;
  time_runtime_sec: number | null;
  time_turnaround_sec: number | null;
}

export type StatusDict = Record<string, StatusRow>;

/** The job's metadata record (WBIA `job_input` → `json_result`). */
export interface JobMetadata {
  jobcounter: number;
  action: string;
  args: JsonValue[];
  kwargs: JsonObject;
  lane: Lane;
  callback_url: string | null;
  callback_method: string | null;
  callback_detailed: boolean;
  times: Record<string, string | number | null>;
  [key: string]: JsonValue;
}

export interface JobResult {
  /** `completed` | `exception`, or null while unknown or not yet stored. */
  status: 'completed' | 'exception' | null;
  jsonResult: JsonValue;
}

export interface HeartbeatReply {
  /** This call ran the expensive refresh (every PROMETHEUS_LIMIT-th call). */
  refreshed: boolean;
  /** The refresh was due but another thread held `_PROMETHEUS_BUSY`. */
  skippedBusy: boolean;
  /** Jobs counted by the refresh, when it ran. */
  jobsCounted: number | null;
}

export interface StatusDictOptions {
  /** WBIA's `limit` mitigation: process at most this many jobs. */
  limit?: number;
}

/**
 * What the last call cost, filled by the service, read by the driver.
 * All times in microseconds of wall clock.
 */
export interface CallTrace {
  /** Time spent waiting for a shared lock (`_collect_lock`, `_engine_lock`, a pool). */
  lockWaitUs: number;
  /** Time from send to reply (or to giving up), lock held. */
  roundTripUs: number;
  /** The reply answered an earlier request (legacy with socket rebuild off). */
  wrongReply: boolean;
  /** The call closed and rebuilt its socket after a timeout. */
  socketRebuilt: boolean;
}

export function emptyTrace(): CallTrace {
  return { lockWaitUs: 0, roundTripUs: 0, wrongReply: false, socketRebuilt: false };
}

export function resetTrace(trace: CallTrace): void {
  trace.lockWaitUs = 0;
  trace.roundTripUs = 0;
  trace.wrongReply = false;
  trace.socketRebuilt = false;
}

export interface JobService {
  queueJob(request: JobRequest): Promise<QueuedJob>;
  jobStatus(jobid: string): Promise<JobStatus | null>;
  jobStatusDict(options?: StatusDictOptions): Promise<StatusDict>;
  jobMetadata(jobid: string): Promise<JobMetadata | null>;
  jobResult(jobid: string): Promise<JobResult>;
  jobIdList(): Promise<string[]>;
  /** `/api/test/heartbeat/` → `prometheus_update()`; see {@link PrometheusGate}. */
  heartbeat(): Promise<HeartbeatReply>;
  /** Filled during every call; the driver resets it before each. */
  readonly trace: CallTrace;
  close(): Promise<void>;
}

/** What a web thread gives a service module when it connects. */
export interface ServiceContext {
  /** 0-based web-thread index. */
  threadIndex: number;
  /** Shared across all threads of one target: PROMETHEUS_COUNTER and _PROMETHEUS_BUSY. */
  prometheus: PrometheusGate;
}

/**
 * A service module (named by `WorkerConnection.serviceModule`) exports
 * `createJobService` of this type. `info` is the structured-cloned
 * `WorkerConnection.info` the target produced in the main thread.
 */
export type JobServiceFactory = (info: unknown, context: ServiceContext) => Promise<JobService>;

const JOB_SERVICE_METHODS = [
  'queueJob',
  'jobStatus',
  'jobStatusDict',
  'jobMetadata',
  'jobResult',
  'jobIdList',
  'heartbeat',
  'close',
] as const;

/** Runtime guard for modules loaded by name in a worker. */
export function isJobService(value: unknown): value is JobService {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return JOB_SERVICE_METHODS.every((m) => typeof record[m] === 'function') && typeof record.trace === 'object';
}

/** LEGACY.md "Collector actions": a UUID, or `^[a-zA-Z0-9-_]+$` under 32 chars. */
const UUID_RE = /^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$/;
const SIMPLE_ID_RE = /^[a-zA-Z0-9\-_]+$/;
export function isValidJobId(jobid: unknown): jobid is string {
  if (typeof jobid !== 'string') return false;
  if (UUID_RE.test(jobid)) return true;
  return jobid.length < 32 && SIMPLE_ID_RE.test(jobid);
}
