/**
 * One engine's work loop, shared by the SQL backends (LEGACY.md "Engine, per
 * job"): claim the oldest queued job of the lane (→ `working`, `started`),
 * run the shared simulated action, `publishing`, store the result and the
 * final status with runtime/turnaround in one write, then fire the callback
 * without waiting for it. The store decides how claims stay atomic across
 * processes and how an idle engine waits for work.
 */
import type { JobRequest, Lane } from '../../harness/contract/job-service.ts';
import type { JsonObject } from '../../harness/contract/json.ts';
import { runSimulatedAction } from '../../harness/contract/simulated-actions.ts';
import type { ActionOutcome } from '../../harness/contract/simulated-actions.ts';
import { callbackSpecOf, fireCallback } from './callback.ts';
import type { JobRow } from './job-row.ts';
import { parseWbiaTimestamp } from './submit.ts';
import type { FinishTimes } from './times.ts';
import { wbiaTimestamp } from '../../harness/contract/wbia-times.ts';
import { finishTimes } from './times.ts';

export type ClaimedJob = Pick<
  JobRow,
  'jobid' | 'jobcounter' | 'action' | 'kwargs_json' | 'time_received' | 'callback_url' | 'callback_method' | 'callback_detailed'
>;

export interface EngineStore {
  /** Atomically move the lane's oldest queued job to `working`, or null when none is queued. */
  claim(lane: Lane, engine: string, startedStamp: string): Promise<ClaimedJob | null>;
  publishing(jobcounter: number, updatedStamp: string): Promise<void>;
  finish(jobcounter: number, outcome: { execStatus: ActionOutcome['execStatus']; jsonResultText: string }, times: FinishTimes): Promise<void>;
  /** Resolve when work may be there (a notification, or the poll interval ran out) or `signal` aborts. */
  waitForWork(idleRounds: number, signal: AbortSignal): Promise<void>;
}

export interface EngineLoopOptions {
  lane: Lane;
  name: string;
  scale: number;
  log: (line: string) => void;
}

export interface EngineLoop {
  stop(): Promise<void>;
}

export function startEngineLoop(store: EngineStore, options: EngineLoopOptions): EngineLoop {
  const abort = new AbortController();
  const loop = (async () => {
    let idleRounds = 0;
    while (!abort.signal.aborted) {
      const startedMs = Date.now();
      const job = await store.claim(options.lane, options.name, wbiaTimestamp(startedMs));
      if (!job) {
        await store.waitForWork(idleRounds++, abort.signal);
        continue;
      }
      idleRounds = 0;
      await runOne(store, job, startedMs, options);
    }
  })().catch((error: unknown) => options.log(`engine loop failed: ${error instanceof Error ? error.stack : String(error)}`));
  return {
    async stop() {
      abort.abort();
      await loop;
    },
  };
}

async function runOne(store: EngineStore, job: ClaimedJob, startedMs: number, options: EngineLoopOptions): Promise<void> {
  let request: Pick<JobRequest, 'action' | 'kwargs'>;
  let outcome: ActionOutcome;
  try {
    request = { action: job.action, kwargs: JSON.parse(job.kwargs_json) as JsonObject };
    outcome = await runSimulatedAction(request, options.scale);
  } catch (error) {
    outcome = { execStatus: 'exception', jsonResult: { exception: error instanceof Error ? error.message : String(error) } };
  }
  await store.publishing(job.jobcounter, wbiaTimestamp(Date.now()));
  const jsonResultText = JSON.stringify(outcome.jsonResult);
  const receivedMs = job.time_received ? parseWbiaTimestamp(job.time_received) : startedMs;
  await store.finish(job.jobcounter, { execStatus: outcome.execStatus, jsonResultText }, finishTimes(receivedMs, startedMs, Date.now()));
  const spec = callbackSpecOf(job);
  if (spec) {
    const payload = spec.detailed ? { jobid: job.jobid, status: outcome.execStatus, json_result: jsonResultText } : { jobid: job.jobid };
    fireCallback(spec, payload, options.log);
  }
}

/** Sleep `ms`, cut short by `signal`. */
export function idleWait(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
