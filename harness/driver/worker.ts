/**
 * A web thread: piscina runs this once per thread as ONE long task (one task
 * per operation would cap a 2-core machine near 15k ops/s: ARCHITECTURE.md
 * "One long task per thread"). It builds its own JobService from the
 * target's connection, waits at the start barrier, then runs its virtual
 * user loop until the schedule, the operation cap or the stop flag ends it.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { resetTrace } from '../contract/job-service.ts';
import type { JobService, QueuedJob } from '../contract/job-service.ts';
import { PrometheusGate } from '../contract/prometheus-gate.ts';
import { OP_NAMES } from '../results/types.ts';
import type { Outcome } from '../results/types.ts';
import { Recorder, nowUs } from '../metrics/recorder.ts';
import type { OperationRecord } from '../metrics/recorder.ts';
import { enableWasmHistograms } from '../metrics/histogram.ts';
import { failureOutcome, newCallResult, newUserState, noteQueued, replyOutcome, startOperation } from './call.ts';
import type { CallResult, UserState } from './call.ts';
import { Control } from './control.ts';
import type { WorkerResult, WorkerTask } from './plan.ts';
import { deriveSeed, seededRandom } from './random.ts';
import { pickOp } from './schedule.ts';
import { loadJobService } from '../contract/load-service.ts';

const MAX_ERROR_SAMPLES = 5;

/**
 * piscina loads this file through tsx's CommonJS hook, but a worker thread
 * does not get tsx's ESM hooks, so `import()` of a `.ts` service module
 * fails with ERR_UNKNOWN_FILE_EXTENSION. Register them once per thread.
 */
let tsxRegistered: Promise<void> | null = null;
function ensureTsx(): Promise<void> {
  tsxRegistered ??= import('tsx/esm/api').then((tsx) => {
    tsx.register();
  });
  return tsxRegistered;
}

async function connect(task: WorkerTask): Promise<JobService> {
  if (/\.m?ts$/.test(task.serviceModule)) await ensureTsx();
  return loadJobService(task.serviceModule, task.info, { threadIndex: task.threadIndex, prometheus: new PrometheusGate(task.gateInit) });
}

/**
 * Wait until the absolute time `targetUs`: a timer for the bulk, then a
 * blocking `Atomics.wait` for the last millisecond or two (timers are only
 * millisecond-precise; the thread has nothing else to do meanwhile).
 */
async function waitUntil(targetUs: number, control: Control, parking: Int32Array): Promise<void> {
  for (;;) {
    const remainingUs = targetUs - nowUs();
    if (remainingUs <= 0 || control.stopped) return;
    if (remainingUs > 2500) await sleep(Math.floor((remainingUs - 1500) / 1000));
    else {
      Atomics.wait(parking, 0, 0, remainingUs / 1000);
      return;
    }
  }
}

interface LoopContext {
  task: WorkerTask;
  svc: JobService;
  recorder: Recorder;
  control: Control;
  state: UserState;
  call: CallResult;
  record: OperationRecord;
  errors: string[];
}

/**
 * Book one finished operation whose op, intended start and start the loop
 * left in `ctx.record` (synchronous: the loops await the call themselves,
 * one promise per operation, see call.ts startOperation). The times go into
 * the record before the call because a float local that lives across an
 * `await` is boxed, an allocation per operation.
 */
function finish(ctx: LoopContext, outcome: Outcome): void {
  const { task, svc, recorder, control, call, record } = ctx;
  const endUs = nowUs();
  const trace = svc.trace;
  if (call.queued) recorder.recordSubmission(call.queued.jobid, call.queued.jobcounter, endUs);
  if (call.error && ctx.errors.length < MAX_ERROR_SAMPLES && !ctx.errors.includes(call.error)) ctx.errors.push(call.error);
  // One record object per thread, refilled: the recorder keeps nothing of it.
  record.lockWaitUs = trace.lockWaitUs;
  record.roundTripUs = trace.roundTripUs;
  record.endUs = endUs;
  record.outcome = outcome;
  record.socketRebuilt = trace.socketRebuilt;
  const measured = recorder.record(record);
  control.recordProgress(task.threadIndex, measured, endUs - record.intendedStartUs, outcome === 'timeout', outcome === 'error' || outcome === 'wrong-reply');
}

/** Clear the per-operation state before a call. */
function begin(ctx: LoopContext): void {
  resetTrace(ctx.svc.trace);
  ctx.call.queued = null;
  ctx.call.error = null;
}

async function openLoop(ctx: LoopContext, startUs: number): Promise<void> {
  const { task, control, svc, state, call, record } = ctx;
  if (task.load.kind !== 'open') return;
  const times = new Float64Array(task.load.arrivalsUs);
  const ops = new Uint8Array(task.load.arrivalOps);
  const parking = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    if (control.stopped) return;
    const i = control.nextArrival();
    if (i >= task.load.count) return;
    const intendedUs = startUs + times[i];
    // Behind schedule (the usual case under load) costs no extra promise.
    if (intendedUs > nowUs()) await waitUntil(intendedUs, control, parking);
    if (control.stopped) return;
    const op = OP_NAMES[ops[i]];
    begin(ctx);
    record.op = op;
    record.intendedStartUs = intendedUs;
    record.startUs = nowUs();
    let outcome: Outcome;
    try {
      const reply = await startOperation(svc, op, state, task.jobids, task.job, task.statusDictLimit, i);
      if (op === 'queue_job') noteQueued(state, reply as QueuedJob, call);
      outcome = replyOutcome(svc);
    } catch (error) {
      outcome = failureOutcome(svc, error, call);
    }
    finish(ctx, outcome);
  }
}

async function closedLoop(ctx: LoopContext, startUs: number): Promise<void> {
  const { task, control, svc, state, call, record } = ctx;
  if (task.load.kind !== 'closed' || task.threadIndex >= task.load.users) return;
  const { weights, maxOps, thinkMs } = task.load;
  const endUs = startUs + (task.warmupMs + task.measureMs) * 1000;
  const parking = new Int32Array(new SharedArrayBuffer(4));
  await waitUntil(startUs, control, parking);
  for (let serial = 0; ; serial++) {
    if (control.stopped) return;
    // The user has finished thinking and starts at once: the intended start
    // is the call's start (one clock read, not two).
    const intendedUs = nowUs();
    if (intendedUs >= endUs || control.nextClosedOp() >= maxOps) return;
    const op = OP_NAMES[pickOp(weights, state.random())];
    begin(ctx);
    record.op = op;
    record.intendedStartUs = intendedUs;
    record.startUs = intendedUs;
    let outcome: Outcome;
    try {
      const reply = await startOperation(svc, op, state, task.jobids, task.job, task.statusDictLimit, serial);
      if (op === 'queue_job') noteQueued(state, reply as QueuedJob, call);
      outcome = replyOutcome(svc);
    } catch (error) {
      outcome = failureOutcome(svc, error, call);
    }
    finish(ctx, outcome);
    if (thinkMs > 0) await waitUntil(nowUs() + thinkMs * 1000, control, parking);
  }
}

export default async function runWebThread(task: WorkerTask): Promise<WorkerResult> {
  const control = new Control(task.control, task.threads);
  let svc: JobService | null = null;
  try {
    // Before the barrier: compiling the WASM module takes a while on a busy machine.
    await enableWasmHistograms();
    svc = await connect(task);
  } finally {
    // Count this thread in even when it failed, so the barrier never hangs;
    // the main thread learns of the failure from the rejected task.
    control.markReady();
  }
  const errors: string[] = [];
  try {
    const startUs = await control.waitForGo();
    const recorder = new Recorder({
      thread: task.threadIndex,
      measureStartUs: (startUs ?? nowUs()) + task.warmupMs * 1000,
      timelineBucketMs: task.timelineBucketMs,
      expectedIntervalUs: task.expectedIntervalUs,
      seed: task.seed,
    });
    if (startUs !== null) {
      const state = newUserState(seededRandom(deriveSeed(task.seed, 3, task.threadIndex)), task.threadIndex);
      const record: OperationRecord = { thread: task.threadIndex, op: 'job_status', intendedStartUs: 0, startUs: 0, lockWaitUs: 0, roundTripUs: 0, endUs: 0, outcome: 'ok', socketRebuilt: false };
      const ctx: LoopContext = { task, svc, recorder, control, state, call: newCallResult(), record, errors };
      if (task.load.kind === 'open') await openLoop(ctx, startUs);
      else await closedLoop(ctx, startUs);
    }
    return { type: 'result', threadIndex: task.threadIndex, recorder: recorder.export(), errorSamples: errors, settings: {} };
  } finally {
    control.markDone();
    await svc.close().catch(() => undefined);
  }
}
