/** Bulk-seed historical jobs: one prepared INSERT, batches of 10 000 rows per transaction. */
import type { Database as Db } from 'better-sqlite3';
import { historicalBatches } from '../common/historical.ts';
import { JOB_COLUMNS } from '../common/job-row.ts';
import type { JobRow } from '../common/job-row.ts';

const BATCH_ROWS = 10_000;

export function seedHistorical(db: Db, seed: number, total: number, nowMs: number): number {
  const insert = db.prepare(`INSERT INTO jobs (${JOB_COLUMNS.join(', ')}) VALUES (${JOB_COLUMNS.map((c) => `@${c}`).join(', ')})`);
  const writeBatch = db.transaction((rows: JobRow[]) => {
    for (const row of rows) insert.run({ ...row, callback_detailed: row.callback_detailed ? 1 : 0 });
  });
  let written = 0;
  for (const batch of historicalBatches({ seed, total, nowMs }, BATCH_ROWS)) {
    writeBatch(batch);
    written += batch.length;
  }
  return written;
}
