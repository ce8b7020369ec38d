/**
 * The run's Redis keys besides BullMQ's own (`${prefix}:fast:*`,
 * `${prefix}:slow:*`): a jobcounter sequence, an index of jobs by counter
 * (the status dict with a limit is ZREVRANGE 0 n-1: O(log N + n)), and one
 * record hash per job holding its metadata, times and result.
 */
import type { JobRow } from '../common/job-row.ts';
import type { JOB_COLUMNS } from '../common/job-row.ts';

export interface RunKeys {
  counter: string;
  index: string;
  record(jobid: string): string;
  /** SCAN pattern covering every key of the run. */
  all: string;
}

export function runKeys(prefix: string): RunKeys {
  return {
    counter: `${prefix}:jobcounter`,
    index: `${prefix}:index`,
    record: (jobid) => `${prefix}:job:${jobid}`,
    all: `${prefix}:*`,
  };
}

export type RecordField = (typeof JOB_COLUMNS)[number];

/** A row as hash fields; nulls are left out. */
export function rowToHash(row: Partial<JobRow>): Record<string, string> {
  const hash: Record<string, string> = {};
  for (const [key, value] of Object.entries(row)) {
    if (value === null || value === undefined) continue;
    hash[key] = typeof value === 'boolean' ? (value ? '1' : '0') : String(value);
  }
  return hash;
}

const NUMERIC = new Set<string>(['jobcounter', 'time_runtime_sec', 'time_turnaround_sec']);

/** Hash fields (in `fields` order, as HMGET answers) back to a row; null when the record does not exist. */
export function hashToRow<F extends RecordField>(fields: readonly F[], values: (string | null)[]): Pick<JobRow, F> | null {
  if (values.every((v) => v === null)) return null;
  const row: Record<string, unknown> = {};
  fields.forEach((field, i) => {
    const value = values[i];
    if (value === null || value === undefined) row[field] = field === 'callback_detailed' ? false : null;
    else if (NUMERIC.has(field)) row[field] = Number(value);
    else if (field === 'callback_detailed') row[field] = value === '1';
    else row[field] = value;
  });
  return row as Pick<JobRow, F>;
}
