/**
 * What every new backend does with a submitted job before storing it: the
 * engine queue's part of WBIA (LEGACY.md "Engine queue, per new job"):
 * a fresh uuid jobid, unknown lanes fall back to `slow`, `times.received`
 * stamped now. The jobcounter comes from the backend's own sequence.
 */
import { randomUUID } from 'node:crypto';
import type { JobRequest, Lane } from '../../harness/contract/job-service.ts';
import type { JobRow } from './job-row.ts';
import { wbiaTimestamp } from '../../harness/contract/wbia-times.ts';

export function laneOf(request: Pick<JobRequest, 'lane'>): Lane {
  return request.lane === 'fast' ? 'fast' : 'slow';
}

/** A queued row without its jobcounter (assigned by the store). */
export function newJobRow(request: JobRequest, nowMs: number): Omit<JobRow, 'jobcounter'> {
  const received = wbiaTimestamp(nowMs);
  return {
    jobid: randomUUID(),
    status: 'queued',
    action: request.action,
    lane: laneOf(request),
    args_json: JSON.stringify(request.args ?? []),
    kwargs_json: JSON.stringify(request.kwargs ?? {}),
    callback_url: request.callback?.url ?? null,
    callback_method: request.callback ? request.callback.method : null,
    callback_detailed: request.callback?.detailed ?? false,
    time_received: received,
    time_started: null,
    time_updated: received,
    time_completed: null,
    time_runtime: null,
    time_turnaround: null,
    time_runtime_sec: null,
    time_turnaround_sec: null,
    exec_status: null,
    json_result: null,
  };
}

/** Parse WBIA's timestamp back to epoch ms (second resolution; zone from the abbreviation). */
export function parseWbiaTimestamp(stamp: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2}) (P[SD]T)$/.exec(stamp);
  if (!m) return Number.NaN;
  const offsetH = m[7] === 'PDT' ? 7 : 8;
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]) + offsetH, Number(m[5]), Number(m[6]));
}
