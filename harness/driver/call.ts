/**
 * One operation of a virtual user against its JobService: pick the jobid,
 * make the call, and classify the outcome from the service's CallTrace and
 * the error's stable `code` (never its message).
 */
import { errorCodeOf } from '../contract/errors.ts';
import type { JobRequest, JobService, QueuedJob } from '../contract/job-service.ts';
import type { OpName, Outcome } from '../results/types.ts';
import type { Random } from './random.ts';
import type { JobidPool, JobTemplate } from './plan.ts';

export interface CallResult {
  outcome: Outcome;
  /** Set when a `queue_job` was acknowledged. */
  queued: { jobid: string; jobcounter: number } | null;
  /** `code: message` of a failure other than a timeout. */
  error: string | null;
}

/** Per-thread state a user keeps between operations. */
export interface UserState {
  thread: number;
  random: Random;
  /** This thread's recent submissions (bounded ring). */
  own: string[];
  ownNext: number;
}

const OWN_RING = 64;

/** `thread` only names this user's submissions (`echo`); other drivers may leave it 0. */
export function newUserState(random: Random, thread = 0): UserState {
  return { thread, random, own: [], ownNext: 0 };
}

export function newCallResult(): CallResult {
  return { outcome: 'ok', queued: null, error: null };
}

export function jobRequestOf(template: JobTemplate, echo: string): JobRequest {
  const request: JobRequest = { action: template.action, args: [], kwargs: { time_: template.timeSec, echo }, lane: template.lane };
  if (template.callback) request.callback = template.callback;
  return request;
}

function pickJobid(state: UserState, pool: JobidPool, preferOwn: boolean): string | null {
  const useOwn = state.own.length > 0 && (preferOwn ? state.random() < pool.ownPollShare : pool.historical.length === 0);
  if (useOwn) return state.own[Math.floor(state.random() * state.own.length)];
  if (pool.historical.length > 0) return pool.historical[Math.floor(state.random() * pool.historical.length)];
  return state.own.length > 0 ? state.own[Math.floor(state.random() * state.own.length)] : null;
}

/**
 * Start the call and return the service's promise, without awaiting it: the
 * driver's loop awaits it itself, so an operation costs one promise instead
 * of one per async layer (npm run bench -- driver). A `queue_job` reply goes
 * to {@link noteQueued}, a rejection to {@link failureOutcome}.
 */
export function startOperation(
  svc: JobService,
  op: OpName,
  state: UserState,
  pool: JobidPool,
  job: JobTemplate,
  statusDictLimit: number | null,
  serial: number,
): Promise<unknown> {
  switch (op) {
    case 'queue_job':
      return svc.queueJob(jobRequestOf(job, `${state.thread}-${serial}`));
    case 'job_status': {
      const jobid = pickJobid(state, pool, true);
      return jobid !== null ? svc.jobStatus(jobid) : svc.jobIdList();
    }
    case 'job_result': {
      const jobid = pickJobid(state, pool, false);
      return jobid !== null ? svc.jobResult(jobid) : svc.jobIdList();
    }
    case 'job_metadata': {
      const jobid = pickJobid(state, pool, false);
      return jobid !== null ? svc.jobMetadata(jobid) : svc.jobIdList();
    }
    case 'job_status_dict':
      return svc.jobStatusDict(statusDictLimit === null ? undefined : { limit: statusDictLimit });
    case 'job_id_list':
      return svc.jobIdList();
    case 'heartbeat':
      return svc.heartbeat();
  }
}

/** A `queue_job` was acknowledged: remember the job (own ring) and leave it in `into` for the ledger. */
export function noteQueued(state: UserState, q: QueuedJob, into: CallResult): void {
  if (state.own.length < OWN_RING) state.own.push(q.jobid);
  else state.own[state.ownNext++ % OWN_RING] = q.jobid;
  into.queued = q;
}

/** Outcome of a call that answered. */
export function replyOutcome(svc: JobService): Outcome {
  return svc.trace.wrongReply ? 'wrong-reply' : 'ok';
}

/** Outcome of a call that threw, classified by the error's stable `code`; a non-timeout's `code: message` goes to `into.error`. */
export function failureOutcome(svc: JobService, error: unknown, into: CallResult): Outcome {
  const code = errorCodeOf(error);
  if (code === 'E_TIMEOUT') return 'timeout';
  const message = error instanceof Error ? error.message : String(error);
  into.error = `${code ?? 'E_UNKNOWN'}: ${message.slice(0, 200)}`;
  return svc.trace.wrongReply ? 'wrong-reply' : 'error';
}
