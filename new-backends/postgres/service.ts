/**
 * The PostgreSQL JobService, one per web thread: its own `pg.Client` (no
 * pool; one connection per thread), direct queries as named prepared
 * statements (parsed once per connection), `job_status` the hot one.
 * Submitting notifies the engines of the lane in the same statement.
 */
import type pg from 'pg';
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
} from '../../harness/contract/job-service.ts';
import { emptyTrace } from '../../harness/contract/job-service.ts';
import { ServiceUnavailableError } from '../../harness/contract/errors.ts';
import type { JobRow, StatusColumns } from '../common/job-row.ts';
import { JOB_COLUMNS, STATUS_COLUMNS, metadataOf, resultOf, statusRowOf } from '../common/job-row.ts';
import { limitOf, requireOpen, requireValidJobId, timed } from '../common/service-kit.ts';
import { newJobRow } from '../common/submit.ts';
import type { PgInfo } from './info.ts';
import { isPgInfo } from './info.ts';
import { connect } from './schema.ts';

const INSERT_COLUMNS = JOB_COLUMNS.filter((c) => c !== 'jobcounter');
const STATUS_SELECT = STATUS_COLUMNS.join(', ');

const SQL = {
  queue: `WITH ins AS (INSERT INTO jobs (${INSERT_COLUMNS.join(', ')}) VALUES (${INSERT_COLUMNS.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING jobcounter, lane)
          SELECT jobcounter, pg_notify($${INSERT_COLUMNS.length + 1}, lane) FROM ins`,
  status: 'SELECT status FROM jobs WHERE jobid = $1',
  dictAll: `SELECT ${STATUS_SELECT} FROM jobs ORDER BY jobcounter DESC`,
  dictLimited: `SELECT ${STATUS_SELECT} FROM jobs ORDER BY jobcounter DESC LIMIT $1`,
  metadata: `SELECT ${JOB_COLUMNS.join(', ')} FROM jobs WHERE jobid = $1`,
  result: 'SELECT exec_status, json_result FROM jobs WHERE jobid = $1',
  idList: 'SELECT jobid FROM jobs ORDER BY jobid COLLATE "C"',
  countByStatus: 'SELECT status, count(*)::int AS n FROM jobs GROUP BY status',
} as const;

class PgJobService implements JobService {
  readonly trace: CallTrace = emptyTrace();
  private closed = false;

  constructor(
    private readonly client: pg.Client,
    private readonly info: PgInfo,
    private readonly context: ServiceContext,
  ) {}

  private query<R extends pg.QueryResultRow>(name: keyof typeof SQL, values: unknown[] = []): Promise<pg.QueryResult<R>> {
    return this.client.query<R>({ name, text: SQL[name], values });
  }

  queueJob(request: JobRequest): Promise<QueuedJob> {
    return timed(this.trace, async () => {
      requireOpen(this.closed);
      const row = newJobRow(request, Date.now());
      const values: unknown[] = INSERT_COLUMNS.map((c) => row[c]);
      values.push(this.info.schema);
      const { rows } = await this.query<{ jobcounter: string }>('queue', values);
      return { jobid: row.jobid, jobcounter: Number(rows[0].jobcounter) };
    });
  }

  jobStatus(jobid: string): Promise<JobStatus | null> {
    return timed(this.trace, async () => {
      requireOpen(this.closed);
      requireValidJobId(jobid);
      const { rows } = await this.query<{ status: JobStatus }>('status', [jobid]);
      return rows[0]?.status ?? null;
    });
  }

  jobStatusDict(options?: StatusDictOptions): Promise<StatusDict> {
    return timed(this.trace, async () => {
      requireOpen(this.closed);
      return this.readStatusDict(limitOf(options));
    });
  }

  private async readStatusDict(limit: number | null): Promise<StatusDict> {
    const { rows } = limit === null ? await this.query<StatusColumns>('dictAll') : await this.query<StatusColumns>('dictLimited', [limit]);
    const dict: StatusDict = {};
    for (const row of rows) dict[row.jobid] = statusRowOf(row);
    return dict;
  }

  jobMetadata(jobid: string): Promise<JobMetadata | null> {
    return timed(this.trace, async () => {
      requireOpen(this.closed);
      requireValidJobId(jobid);
      const { rows } = await this.query<JobRow>('metadata', [jobid]);
      return rows[0] ? metadataOf(rows[0]) : null;
    });
  }

  jobResult(jobid: string): Promise<JobResult> {
    return timed(this.trace, async () => {
      requireOpen(this.closed);
      requireValidJobId(jobid);
      const { rows } = await this.query<Pick<JobRow, 'exec_status' | 'json_result'>>('result', [jobid]);
      return resultOf(rows[0]);
    });
  }

  jobIdList(): Promise<string[]> {
    return timed(this.trace, async () => {
      requireOpen(this.closed);
      const { rows } = await this.query<{ jobid: string }>('idList');
      return rows.map((r) => r.jobid);
    });
  }

  heartbeat(): Promise<HeartbeatReply> {
    return timed(this.trace, () => {
      requireOpen(this.closed);
      return this.context.prometheus.heartbeat(async (limit) => {
        if (limit !== null) return Object.keys(await this.readStatusDict(limit)).length;
        const { rows } = await this.query<{ status: string; n: number }>('countByStatus');
        return rows.reduce((sum, r) => sum + r.n, 0);
      });
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.client.end();
  }
}

export const createJobService: JobServiceFactory = async (info: unknown, context: ServiceContext): Promise<JobService> => {
  if (!isPgInfo(info)) throw new TypeError(`postgres service: bad connection info ${JSON.stringify(info)}`);
  let client: pg.Client;
  try {
    client = await connect(info);
  } catch (error) {
    const { host, port } = info.endpoint;
    throw new ServiceUnavailableError(`postgres at ${host}:${port}: ${error instanceof Error ? error.message : String(error)}`);
  }
  // A dropped connection surfaces as rejected queries; without a listener it would crash the thread.
  client.on('error', () => {});
  return new PgJobService(client, info, context);
};
