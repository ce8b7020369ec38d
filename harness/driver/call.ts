/**
 * One operation of a virtual user against its JobService: pick the jobid,
 * make the call, and classify the outcome from the service's CallTrace and
 * the error's stable `code` (never its message).
 */
import { errorCodeOf } from '../contract/errors.ts';
import type { JobRequest, JobService } from '../contract/job-service.ts';
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
 * Make the call. Returns the outcome; a `queue_job` acknowledgement and a
 * failure's `code: message` are left in `into` (one object per thread,
 * reused: the driver's loop allocates as little as it can, see the driver
 * bench).
 */
export async function performOperation(
  svc: JobService,
  op: OpName,
  state: UserState,
  pool: JobidPool,
  job: JobTemplate,
  statusDictLimit: number | null,
  serial: number,
  into: CallResult,
): Promise<Outcome> {
  into.queued = null;
  into.error = null;
  try {
    switch (op) {
      case 'queue_job': {
        const q = await svc.queueJob(jobRequestOf(job, `${state.thread}-${serial}`));
        if (state.own.length < OWN_RING) state.own.push(q.jobid);
        else state.own[state.ownNext++ % OWN_RING] = q.jobid;
        into.queued = q;
        break;
      }
      case 'job_status': {
        const jobid = pickJobid(state, pool, true);
        if (jobid !== null) await svc.jobStatus(jobid);
        else await svc.jobIdList();
        break;
      }
      case 'job_result': {
        const jobid = pickJobid(state, pool, false);
        if (jobid !== null) await svc.jobResult(jobid);
        else await svc.jobIdList();
        break;
      }
      case 'job_metadata': {
        const jobid = pickJobid(state, pool, false);
        if (jobid !== null) await svc.jobMetadata(jobid);
        else await svc.jobIdList();
        break;
      }
      case 'job_status_dict':
        await svc.jobStatusDict(statusDictLimit === null ? undefined : { limit: statusDictLimit });
        break;
      case 'job_id_list':
        await svc.jobIdList();
        break;
      case 'heartbeat':
        await svc.heartbeat();
        break;
    }
    into.outcome = svc.trace.wrongReply ? 'wrong-reply' : 'ok';
  } catch (error) {
    const code = errorCodeOf(error);
    if (code === 'E_TIMEOUT') into.outcome = 'timeout';
    else {
      const message = error instanceof Error ? error.message : String(error);
      into.outcome = svc.trace.wrongReply ? 'wrong-reply' : 'error';
      into.error = `${code ?? 'E_UNKNOWN'}: ${message.slice(0, 200)}`;
    }
  }
  return into.outcome;
}
