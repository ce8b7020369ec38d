/**
 * The job ledger: every acknowledged `queue_job` tracked to a final state.
 * `computeLedger` is pure (tested on synthetic input); `drainLedger` polls a
 * JobService after the measured phase until every job is final or the
 * deadline passes.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { FINAL_STATUSES } from '../contract/job-service.ts';
import type { JobService, JobStatus } from '../contract/job-service.ts';
import type { Ledger } from '../results/types.ts';
import type { Submission } from './recorder.ts';

/** What the drain learnt of one jobid: its status, null (unknown to the target), or 'unreadable' (the poll itself failed). */
export type FinalObservation = JobStatus | null | 'unreadable';

export function computeLedger(submissions: readonly Submission[], observed: ReadonlyMap<string, FinalObservation>): Ledger {
  const seen = new Map<string, number>();
  for (const s of submissions) seen.set(s.jobid, (seen.get(s.jobid) ?? 0) + 1);
  let duplicated = 0;
  for (const n of seen.values()) duplicated += n - 1;
  const ledger: Ledger = { submitted: submissions.length, completed: 0, failed: 0, pending: 0, lost: 0, duplicated };
  for (const jobid of seen.keys()) {
    const status = observed.has(jobid) ? observed.get(jobid) : 'unreadable';
    if (status === 'completed') ledger.completed++;
    else if (status === null) ledger.lost++;
    else if (status === 'unreadable' || status === undefined) ledger.pending++;
    else if (FINAL_STATUSES.includes(status)) ledger.failed++;
    else ledger.pending++;
  }
  return ledger;
}

export interface DrainOptions {
  deadlineMs: number;
  /** Pause between polling rounds; default 20 ms. */
  pollIntervalMs?: number;
}

/**
 * Poll every distinct submitted jobid until final or until the deadline;
 * returns the last observation of each.
 */
export async function drainLedger(service: JobService, submissions: readonly Submission[], options: DrainOptions): Promise<Map<string, FinalObservation>> {
  const deadline = performance.now() + options.deadlineMs;
  const observed = new Map<string, FinalObservation>();
  let open = [...new Set(submissions.map((s) => s.jobid))];
  for (const jobid of open) observed.set(jobid, 'unreadable');
  while (open.length > 0) {
    const still: string[] = [];
    for (const jobid of open) {
      if (performance.now() > deadline) {
        still.push(jobid);
        continue;
      }
      try {
        const status = await service.jobStatus(jobid);
        observed.set(jobid, status);
        if (status === null || !FINAL_STATUSES.includes(status)) still.push(jobid);
      } catch {
        still.push(jobid);
      }
    }
    open = still;
    if (open.length === 0 || performance.now() > deadline) break;
    await sleep(options.pollIntervalMs ?? 20);
  }
  return observed;
}
