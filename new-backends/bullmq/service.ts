/**
 * The BullMQ JobService, one per web thread, on one Redis connection (the
 * lane queues share it). Submitting: INCR the jobcounter, write the job's
 * record hash and index entry in one MULTI, `Queue.add` with the jobid as
 * BullMQ job id. Status: by BullMQ's `getJobState` (variant `bullmq`) or by
 * the record's `status` field the engine keeps (variant `bullmq-statushash`).
 */
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type {
  CallTrace,
  HeartbeatReply,
  JobMetadata,
  JobRequest,
  JobResult,
  JobService,
  JobServiceFactory,
  JobStatus,
  Lane,
  QueuedJob,
  ServiceContext,
  StatusDict,
  StatusDictOptions,
} from '../../harness/contract/job-service.ts';
import { emptyTrace } from '../../harness/contract/job-service.ts';
import { ServiceUnavailableError } from '../../harness/contract/errors.ts';
import { JOB_COLUMNS, STATUS_COLUMNS, metadataOf, resultOf, statusRowOf } from '../common/job-row.ts';
import type { JobRow, StatusColumns } from '../common/job-row.ts';
import { limitOf, requireOpen, requireValidJobId, timed } from '../common/service-kit.ts';
import { newJobRow } from '../common/submit.ts';
import type { BullInfo } from './info.ts';
import { isBullInfo } from './info.ts';
import type { RunKeys } from './keys.ts';
import { hashToRow, rowToHash, runKeys } from './keys.ts';
import { connectRedis, describeRedisUrl } from './redis.ts';
import { statusOfState } from './state.ts';
import type { EngineJobData } from './job-data.ts';

const CHUNK = 1000;
const DICT_FIELDS = [...STATUS_COLUMNS, 'lane'] as const;

class BullJobService implements JobService {
  readonly trace: CallTrace = emptyTrace();
  private closed = false;
  private readonly keys: RunKeys;
  private readonly queues: Record<Lane, Queue>;

  constructor(
    private readonly redis: Redis,
    private readonly info: BullInfo,
    private readonly context: ServiceContext,
  ) {
    this.keys = runKeys(info.prefix);
    const opts = { connection: redis, prefix: info.prefix, skipVersionCheck: true };
    this.queues = { fast: new Queue('fast', opts), slow: new Queue('slow', opts) };
  }

  queueJob(request: JobRequest): Promise<QueuedJob> {
    return timed(this.trace, async () => {
      requireOpen(this.closed);
      const jobcounter = await this.redis.incr(this.keys.counter);
      const { status, ...row } = { ...newJobRow(request, Date.now()), jobcounter };
      const record = this.info.statusSource === 'status-hash' ? { ...row, status } : row;
      await this.redis.multi().hset(this.keys.record(row.jobid), rowToHash(record)).zadd(this.keys.index, jobcounter, row.jobid).exec();
      const data: EngineJobData = {
        jobid: row.jobid,
        jobcounter,
        action: row.action,
        kwargs_json: row.kwargs_json,
        time_received: row.time_received,
        callback_url: row.callback_url,
        callback_method: row.callback_method,
        callback_detailed: row.callback_detailed,
      };
      await this.queues[row.lane].add('job', data, { jobId: row.jobid, attempts: 1, removeOnComplete: false, removeOnFail: false });
      return { jobid: row.jobid, jobcounter };
    });
  }

  jobStatus(jobid: string): Promise<JobStatus | null> {
    return timed(this.trace, async () => {
      requireOpen(this.closed);
      requireValidJobId(jobid);
      if (this.info.statusSource === 'status-hash') {
        return ((await this.redis.hget(this.keys.record(jobid), 'status')) as JobStatus | null) ?? null;
      }
      const lane = await this.redis.hget(this.keys.record(jobid), 'lane');
      if (lane !== 'fast' && lane !== 'slow') return null;
      return statusOfState(await this.queues[lane].getJobState(jobid), true);
    });
  }

  jobStatusDict(options?: StatusDictOptions): Promise<StatusDict> {
    return timed(this.trace, async () => {
      requireOpen(this.closed);
      return this.readStatusDict(limitOf(options));
    });
  }

  private async readStatusDict(limit: number | null): Promise<StatusDict> {
    const jobids = limit === null ? await this.redis.zrevrange(this.keys.index, 0, -1) : limit > 0 ? await this.redis.zrevrange(this.keys.index, 0, limit - 1) : [];
    const dict: StatusDict = {};
    for (let at = 0; at < jobids.length; at += CHUNK) {
      const chunk = jobids.slice(at, at + CHUNK);
      const pipeline = this.redis.pipeline();
      for (const jobid of chunk) pipeline.hmget(this.keys.record(jobid), ...DICT_FIELDS);
      const replies = (await pipeline.exec()) ?? [];
      const rows = replies.map(([error, values]) => (error ? null : hashToRow(DICT_FIELDS, values as (string | null)[])));
      if (this.info.statusSource === 'bullmq-state') {
        const states = await Promise.all(rows.map((row, i) => (row && (row.lane === 'fast' || row.lane === 'slow') ? this.queues[row.lane].getJobState(chunk[i]) : 'unknown')));
        rows.forEach((row, i) => {
          if (row) row.status = statusOfState(states[i], true) as JobStatus;
        });
      }
      rows.forEach((row, i) => {
        if (row) dict[chunk[i]] = statusRowOf(row as StatusColumns);
      });
    }
    return dict;
  }

  jobMetadata(jobid: string): Promise<JobMetadata | null> {
    return timed(this.trace, async () => {
      requireOpen(this.closed);
      requireValidJobId(jobid);
      const row = hashToRow(JOB_COLUMNS, await this.redis.hmget(this.keys.record(jobid), ...JOB_COLUMNS));
      return row ? metadataOf(row as JobRow) : null;
    });
  }

  jobResult(jobid: string): Promise<JobResult> {
    return timed(this.trace, async () => {
      requireOpen(this.closed);
      requireValidJobId(jobid);
      const fields = ['exec_status', 'json_result'] as const;
      return resultOf(hashToRow(fields, await this.redis.hmget(this.keys.record(jobid), ...fields)));
    });
  }

  jobIdList(): Promise<string[]> {
    return timed(this.trace, async () => {
      requireOpen(this.closed);
      return (await this.redis.zrange(this.keys.index, 0, -1)).sort();
    });
  }

  heartbeat(): Promise<HeartbeatReply> {
    return timed(this.trace, () => {
      requireOpen(this.closed);
      return this.context.prometheus.heartbeat(async (limit) => {
        if (limit !== null) return Object.keys(await this.readStatusDict(limit)).length;
        // The queue-native aggregate: per-state list/set lengths (LLEN/ZCARD), O(1) each.
        const counts = await Promise.all([this.queues.fast.getJobCounts(), this.queues.slow.getJobCounts()]);
        return counts.flatMap((c) => Object.values(c)).reduce((sum, n) => sum + n, 0);
      });
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([this.queues.fast.close(), this.queues.slow.close()]);
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

export const createJobService: JobServiceFactory = async (info: unknown, context: ServiceContext): Promise<JobService> => {
  if (!isBullInfo(info)) throw new TypeError(`bullmq service: bad connection info ${JSON.stringify(info)}`);
  let redis: Redis;
  try {
    redis = await connectRedis(info.redisUrl);
  } catch (error) {
    throw new ServiceUnavailableError(`redis at ${describeRedisUrl(info.redisUrl)}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return new BullJobService(redis, info, context);
};
