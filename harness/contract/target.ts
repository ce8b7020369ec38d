/**
 * A target = a JobService factory + its lifecycle + fault hooks.
 *
 * The lifecycle runs in the harness's main thread: `start()` brings up the
 * target's processes or connects to its server, seeds historical jobs and
 * does any start-up work (legacy: registration of every historical job).
 * Web threads (worker threads) then connect with `connection(i)`: the main
 * thread sends them a structured-clonable `info` (plus transferables such as
 * MessagePorts or SharedArrayBuffers) and the path of a service module whose
 * `createJobService` (a {@link JobServiceFactory}) builds the JobService in
 * the worker.
 */
import type { TransferListItem } from 'node:worker_threads';
import type { JsonObject } from './json.ts';
import type { HeartbeatPolicy } from './prometheus-gate.ts';

export type Durability = 'relaxed' | 'strict';

/** A server a target needs; the runner checks it answers before start. */
export type ServerKind = 'postgres' | 'redis';

export interface TargetStartOptions {
  /** Unique per run; use it for database, schema or key-prefix names. */
  runId: string;
  /** A folder this run owns (shelves, SQLite files); removed by the runner if asked. */
  runDir: string;
  /** Multiplies every legacy constant and simulated duration (LEGACY.md time scale). */
  scale: number;
  durability: Durability;
  seed: number;
  /** Finished historical jobs to exist before the run (seeded, then registered on legacy). */
  historicalJobs: number;
  /** Web threads that will connect. */
  threads: number;
  /** Engines per lane (LEGACY.md: 2 each by default). */
  engines: { fast: number; slow: number };
  /** Progress and diagnostics; one line per call. */
  log: (line: string) => void;
}

export interface StartupReport {
  seededJobs: number;
  /** Wall time to write the historical jobs. */
  seedMs: number;
  /** Wall time of start-up registration (legacy) or 0. */
  registrationMs: number;
  notes: string[];
}

/** What the main thread hands one web thread so it can build its JobService. */
export interface WorkerConnection {
  /** Absolute path (or file: URL) of a module exporting `createJobService`. */
  serviceModule: string;
  /** Structured-clonable; passed to `createJobService` as is. */
  info: unknown;
  /** Objects in `info` to transfer rather than copy (MessagePorts). */
  transfer: TransferListItem[];
}

/** Fault hooks: pause or kill a component by name. */
export interface FaultHooks {
  /** Names this target accepts, e.g. `collector`, `engine.fast.0`, `server`. */
  components(): string[];
  /** Stop the component for `durationMs` (SIGSTOP/SIGCONT, or equivalent), resolve when it runs again. */
  pause(component: string, durationMs: number): Promise<void>;
  /** Kill the component for good. */
  kill(component: string): Promise<void>;
}

export interface TargetHandle {
  readonly name: string;
  /** Settings recorded in results.json (mitigations, durability, pool sizes…). */
  readonly settings: JsonObject;
  readonly heartbeatPolicy: HeartbeatPolicy;
  readonly startup: StartupReport;
  readonly faults: FaultHooks;
  connection(threadIndex: number): WorkerConnection;
  /**
   * Optional: the target's own measurements after the run (e.g. the legacy
   * collector's per-action service times), recorded in results.json.
   */
  collectStats?(): Promise<JsonObject>;
  /** Stop every process and connection; idempotent. */
  stop(): Promise<void>;
}

export interface TargetDefinition {
  readonly name: string;
  /** One line for `--list` and the report. */
  readonly summary: string;
  readonly needs: readonly ServerKind[];
  start(options: TargetStartOptions): Promise<TargetHandle>;
}

/** A target failed to start; the run goes on with the others. */
export class TargetStartError extends Error {
  readonly code = 'E_TARGET_START';
  readonly target: string;
  constructor(target: string, message: string) {
    super(`${target}: ${message}`);
    this.name = 'TargetStartError';
    this.target = target;
  }
}
