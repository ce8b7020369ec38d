/**
 * The SQLite JobService, one per web thread: its own connection to the run's
 * file, direct queries, statements prepared once (the hot `job_status` one
 * included). better-sqlite3 is synchronous, so a call occupies its own web
 * thread only, as a blocking DB call occupies one gunicorn thread.
 */
import type { Database as Db, Statement } from 'better-sqlite3';
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
import type { JobRow, StatusColumns } from '../common/job-row.ts';
import { JOB_COLUMNS, STATUS_COLUMNS, metadataOf, resultOf, statusRowOf } from '../common/job-row.ts';
import { limitOf, requireOpen, requireValidJobId, timed } from '../common/service-kit.ts';
import { newJobRow } from '../common/submit.ts';
import type { SqliteInfo } from './info.ts';
import { isSqliteInfo } from './info.ts';
import { openDatabase } from './schema.ts';

type StoredRow = Omit<JobRow, 'callback_detailed'> & { callback_detailed: number };
const INSERT_COLUMNS = JOB_COLUMNS.filter((c) => c !== 'jobcounter');
const STATUS_SELECT = STATUS_COLUMNS.join(', ');

class SqliteJobService implements JobService {
  readonly trace: CallTrace = emptyTrace();
  private closed = false;
  private readonly db: Db;
  private readonly insert: Statement;
  private readonly status: Statement;
  private readonly dictAll: Statement;
  private readonly dictLimited: Statement;
  private readonly byJobid: Statement;
  private readonly result: Statement;
  private readonly idList: Statement;
  private readonly countByStatus: Statement;

  constructor(
    info: SqliteInfo,
    private readonly context: ServiceContext,
  ) {
    this.db = openDatabase(info.dbPath, info.durability, info.busyTimeoutMs);
    this.insert = this.db.prepare(
      `INSERT INTO jobs (${INSERT_COLUMNS.join(', ')}) VALUES (${INSERT_COLUMNS.map((c) => `@${c}`).join(', ')}) RETURNING jobcounter`,
    ).pluck();
    this.status = this.db.prepare('SELECT status FROM jobs WHERE jobid = ?').pluck();
    this.dictAll = this.db.prepare(`SELECT ${STATUS_SELECT} FROM jobs ORDER BY jobcounter DESC`);
    this.dictLimited = this.db.prepare(`SELECT ${STATUS_SELECT} FROM jobs ORDER BY jobcounter DESC LIMIT ?`);
    this.byJobid = this.db.prepare(`SELECT ${JOB_COLUMNS.join(', ')} FROM jobs WHERE jobid = ?`);
    this.result = this.db.prepare('SELECT exec_status, json_result FROM jobs WHERE jobid = ?');
    this.idList = this.db.prepare('SELECT jobid FROM jobs ORDER BY jobid').pluck();
    this.countByStatus = this.db.prepare('SELECT status, count(*) AS n FROM jobs GROUP BY status');
  }

  queueJob(request: JobRequest): Promise<QueuedJob> {
    return timed(this.trace, () => {
      requireOpen(this.closed);
      const row = newJobRow(request, Date.now());
      const jobcounter = this.insert.get({ ...row, callback_detailed: row.callback_detailed ? 1 : 0 }) as number;
      return { jobid: row.jobid, jobcounter };
    });
  }

  jobStatus(jobid: string): Promise<JobStatus | null> {
    return timed(this.trace, () => {
      requireOpen(this.closed);
      requireValidJobId(jobid);
      return (this.status.get(jobid) as JobStatus | undefined) ?? null;
    });
  }

  jobStatusDict(options?: StatusDictOptions): Promise<StatusDict> {
    return timed(this.trace, () => {
      requireOpen(this.closed);
      return this.readStatusDict(limitOf(options));
    });
  }

  private readStatusDict(limit: number | null): StatusDict {
    const rows = (limit === null ? this.dictAll.all() : this.dictLimited.all(limit)) as StatusColumns[];
    const dict: StatusDict = {};
    for (const row of rows) dict[row.jobid] = statusRowOf(row);
    return dict;
  }

  jobMetadata(jobid: string): Promise<JobMetadata | null> {
    return timed(this.trace, () => {
      requireOpen(this.closed);
      requireValidJobId(jobid);
      const row = this.byJobid.get(jobid) as StoredRow | undefined;
      return row ? metadataOf({ ...row, callback_detailed: row.callback_detailed !== 0 }) : null;
    });
  }

  jobResult(jobid: string): Promise<JobResult> {
    return timed(this.trace, () => {
      requireOpen(this.closed);
      requireValidJobId(jobid);
      return resultOf(this.result.get(jobid) as Pick<JobRow, 'exec_status' | 'json_result'> | undefined);
    });
  }

  jobIdList(): Promise<string[]> {
    return timed(this.trace, () => {
      requireOpen(this.closed);
      return this.idList.all() as string[];
    });
  }

  heartbeat(): Promise<HeartbeatReply> {
    return timed(this.trace, () => {
      requireOpen(this.closed);
      return this.context.prometheus.heartbeat(async (limit) => {
        if (limit !== null) return Object.keys(this.readStatusDict(limit)).length;
        const counts = this.countByStatus.all() as { status: string; n: number }[];
        return counts.reduce((sum, c) => sum + c.n, 0);
      });
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.db.close();
  }
}

export const createJobService: JobServiceFactory = async (info: unknown, context: ServiceContext): Promise<JobService> => {
  if (!isSqliteInfo(info)) throw new TypeError(`sqlite service: bad connection info ${JSON.stringify(info)}`);
  return new SqliteJobService(info, context);
};
