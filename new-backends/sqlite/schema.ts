/**
 * The SQLite store: one file per run, WAL, `synchronous` set explicitly for
 * the run's durability (better-sqlite3 leaves WAL at NORMAL by default; we
 * never rely on that), a busy timeout so that concurrent writers wait for
 * the write lock instead of failing.
 *
 * `jobcounter` is the rowid: the status dict with a limit walks the primary
 * key backwards and costs O(limit). A partial index holds only queued jobs
 * per lane, so an engine's claim does not scan finished history.
 */
import Database from 'better-sqlite3';
import type { Database as Db } from 'better-sqlite3';
import type { Durability } from '../../harness/contract/target.ts';

export const SQLITE_SYNCHRONOUS: Record<Durability, 'NORMAL' | 'FULL'> = { relaxed: 'NORMAL', strict: 'FULL' };

const DDL = `
CREATE TABLE IF NOT EXISTS jobs (
  jobcounter          INTEGER PRIMARY KEY,
  jobid               TEXT NOT NULL UNIQUE,
  status              TEXT NOT NULL,
  action              TEXT NOT NULL,
  lane                TEXT NOT NULL,
  args_json           TEXT NOT NULL,
  kwargs_json         TEXT NOT NULL,
  callback_url        TEXT,
  callback_method     TEXT,
  callback_detailed   INTEGER NOT NULL DEFAULT 0,
  time_received       TEXT,
  time_started        TEXT,
  time_updated        TEXT,
  time_completed      TEXT,
  time_runtime        TEXT,
  time_turnaround     TEXT,
  time_runtime_sec    INTEGER,
  time_turnaround_sec INTEGER,
  exec_status         TEXT,
  json_result         TEXT,
  engine              TEXT
);
CREATE INDEX IF NOT EXISTS jobs_queued ON jobs(lane, jobcounter) WHERE status = 'queued';
CREATE INDEX IF NOT EXISTS jobs_status ON jobs(status);
`;

/** Open a connection with the run's pragmas; every process and thread goes through here. */
export function openDatabase(dbPath: string, durability: Durability, busyTimeoutMs: number): Db {
  const db = new Database(dbPath);
  db.pragma(`busy_timeout = ${Math.floor(busyTimeoutMs)}`);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${SQLITE_SYNCHRONOUS[durability]}`);
  return db;
}

export function createSchema(db: Db): void {
  db.exec(DDL);
}
