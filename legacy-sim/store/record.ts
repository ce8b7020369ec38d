/**
 * The job record `<jobid>.pkl` (WBIA `queue_job` writes it with
 * `ut.save_cPkl`; `notification completed` and start-up registration read
 * it). JSON here instead of a pickle; same fields, same synchronous I/O.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { JsonObject } from '../../harness/contract/json.ts';

export interface JobRecord {
  request: JsonObject | null;
  attempts: number;
  completed: boolean;
}

/** Throws when missing or unreadable, as `ut.load_cPkl` does. */
export function readRecord(path: string): JobRecord {
  const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<JobRecord>;
  return { request: parsed.request ?? null, attempts: parsed.attempts ?? 0, completed: parsed.completed ?? false };
}

export function writeRecord(path: string, record: JobRecord, fsync = false): void {
  writeFileSync(path, JSON.stringify(record), { flush: fsync });
}
