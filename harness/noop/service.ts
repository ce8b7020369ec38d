/**
 * The `noop` JobService: answers every call at once, from shared memory, so
 * that a run against it measures the driver and nothing else. Jobs complete
 * the moment they are queued; jobids are `noop-<counter>` from a counter all
 * threads share, so any thread (and the ledger's drain) knows every job.
 */
import { InvalidJobIdError } from '../contract/errors.ts';
import { emptyTrace, isValidJobId } from '../contract/job-service.ts';
import type {
  CallTrace,
  HeartbeatReply,
  JobMetadata,
  JobRequest,
  JobResult,
  JobService,
  JobServiceFactory,
  JobStatus,
  QueuedJob,
  ServiceContext,
  StatusDict,
  StatusDictOptions,
} from '../contract/job-service.ts';

/** What the noop target hands each thread. */
export interface NoopInfo {
  /** Int32 cell 0: jobs queued so far. */
  counter: SharedArrayBuffer;
}

export function isNoopInfo(value: unknown): value is NoopInfo {
  return typeof value === 'object' && value !== null && (value as { counter?: unknown }).counter instanceof SharedArrayBuffer;
}

const PREFIX = 'noop-';

class NoopService implements JobService {
  readonly trace: CallTrace = emptyTrace();
  private readonly cells: Int32Array;
  private readonly context: ServiceContext;

  constructor(info: NoopInfo, context: ServiceContext) {
    this.cells = new Int32Array(info.counter);
    this.context = context;
  }

  async queueJob(_request: JobRequest): Promise<QueuedJob> {
    const jobcounter = Atomics.add(this.cells, 0, 1);
    return { jobid: `${PREFIX}${jobcounter}`, jobcounter };
  }

  private known(jobid: string): boolean {
    if (!isValidJobId(jobid)) throw new InvalidJobIdError(jobid);
    if (!jobid.startsWith(PREFIX)) return false;
    const n = Number(jobid.slice(PREFIX.length));
    return Number.isInteger(n) && n >= 0 && n < Atomics.load(this.cells, 0);
  }

  async jobStatus(jobid: string): Promise<JobStatus | null> {
    return this.known(jobid) ? 'completed' : null;
  }

  async jobStatusDict(_options?: StatusDictOptions): Promise<StatusDict> {
    return {};
  }

  async jobMetadata(jobid: string): Promise<JobMetadata | null> {
    if (!this.known(jobid)) return null;
    return {
      jobcounter: Number(jobid.slice(PREFIX.length)),
      action: 'helloworld',
      args: [],
      kwargs: {},
      lane: 'fast',
      callback_url: null,
      callback_method: null,
      callback_detailed: false,
      times: {},
    };
  }

  async jobResult(jobid: string): Promise<JobResult> {
    return this.known(jobid) ? { status: 'completed', jsonResult: { helloworld: true, echo: null } } : { status: null, jsonResult: null };
  }

  async jobIdList(): Promise<string[]> {
    const n = Math.min(Atomics.load(this.cells, 0), 10_000);
    return Array.from({ length: n }, (_, i) => `${PREFIX}${i}`);
  }

  async heartbeat(): Promise<HeartbeatReply> {
    return this.context.prometheus.heartbeat(async () => 0);
  }

  async close(): Promise<void> {}
}

export const createJobService: JobServiceFactory = async (info, context) => {
  if (!isNoopInfo(info)) throw new TypeError('noop service: info must be { counter: SharedArrayBuffer }');
  return new NoopService(info, context);
};
