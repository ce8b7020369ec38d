/**
 * Bulk-seed historical jobs: batches of 10 000 rows, each one INSERT … SELECT
 * FROM unnest(column arrays), then move the jobcounter sequence past them.
 */
import type pg from 'pg';
import { historicalBatches } from '../common/historical.ts';
import { JOB_COLUMNS } from '../common/job-row.ts';
import type { JobRow } from '../common/job-row.ts';

const BATCH_ROWS = 10_000;
const PG_TYPES: Record<(typeof JOB_COLUMNS)[number], string> = {
  jobid: 'text',
  jobcounter: 'bigint',
  status: 'text',
  action: 'text',
  lane: 'text',
  args_json: 'text',
  kwargs_json: 'text',
  callback_url: 'text',
  callback_method: 'text',
  callback_detailed: 'boolean',
  time_received: 'text',
  time_started: 'text',
  time_updated: 'text',
  time_completed: 'text',
  time_runtime: 'text',
  time_turnaround: 'text',
  time_runtime_sec: 'integer',
  time_turnaround_sec: 'integer',
  exec_status: 'text',
  json_result: 'text',
};

export async function seedHistorical(client: pg.Client, seed: number, total: number, nowMs: number): Promise<number> {
  const sql = `INSERT INTO jobs (${JOB_COLUMNS.join(', ')}) SELECT * FROM unnest(${JOB_COLUMNS.map((c, i) => `$${i + 1}::${PG_TYPES[c]}[]`).join(', ')})`;
  let written = 0;
  for (const batch of historicalBatches({ seed, total, nowMs }, BATCH_ROWS)) {
    const columns = JOB_COLUMNS.map((c) => batch.map((row: JobRow) => row[c]));
    await client.query(sql, columns);
    written += batch.length;
  }
  await client.query(`SELECT setval(pg_get_serial_sequence('jobs', 'jobcounter'), GREATEST($1::bigint, 1), $1::bigint > 0)`, [total]);
  return written;
}
