/**
 * The flat job record every new backend stores (one SQL row, one Redis hash),
 * and how WBIA's answers are built from it: the metadata record
 * (`job_input`), the status-dict row (`job_status_dict`) and the result
 * (`job_result`). Field names follow the collector's status row.
 *
 * `args`, `kwargs` and `json_result` are kept as the JSON text the submitter
 * produced and handed back untouched, so a result is byte-identical after
 * the round trip (PostgreSQL `jsonb` would reorder keys; we use text).
 */
import type { JsonObject, JsonValue } from '../../harness/contract/json.ts';
import type { JobMetadata, JobResult, JobStatus, Lane, StatusRow } from '../../harness/contract/job-service.ts';

export interface JobRow {
  jobid: string;
  jobcounter: number;
  status: JobStatus;
  action: string;
  lane: Lane;
  args_json: string;
  kwargs_json: string;
  callback_url: string | null;
  callback_method: string | null;
  callback_detailed: boolean;
  time_received: string | null;
  time_started: string | null;
  time_updated: string | null;
  time_completed: string | null;
  time_runtime: string | null;
  time_turnaround: string | null;
  time_runtime_sec: number | null;
  time_turnaround_sec: number | null;
  exec_status: 'completed' | 'exception' | null;
  json_result: string | null;
}

/** Columns in storage order; SQL backends build their statements from it. */
export const JOB_COLUMNS = [
  'jobid',
  'jobcounter',
  'status',
  'action',
  'lane',
  'args_json',
  'kwargs_json',
  'callback_url',
  'callback_method',
  'callback_detailed',
  'time_received',
  'time_started',
  'time_updated',
  'time_completed',
  'time_runtime',
  'time_turnaround',
  'time_runtime_sec',
  'time_turnaround_sec',
  'exec_status',
  'json_result',
] as const satisfies readonly (keyof JobRow)[];

/** Columns the status dict needs (never the large args/kwargs/result). */
export const STATUS_COLUMNS = [
  'jobid',
  'jobcounter',
  'status',
  'action',
  'time_received',
  'time_started',
  'time_updated',
  'time_completed',
  'time_runtime',
  'time_turnaround',
  'time_runtime_sec',
  'time_turnaround_sec',
] as const satisfies readonly (keyof JobRow)[];

export type StatusColumns = Pick<JobRow, (typeof STATUS_COLUMNS)[number]>;

/**
 * WBIA's status row. `endpoint`/`function` come from the Flask request the
 * web process saw; a JobService call has none (WBIA stores `request: None`
 * outside a request context), so both are null on every target.
 */
export function statusRowOf(row: StatusColumns): StatusRow {
  return {
    status: row.status,
    jobcounter: Number(row.jobcounter),
    action: row.action,
    endpoint: null,
    function: null,
    time_received: row.time_received,
    time_started: row.time_started,
    time_runtime: row.time_runtime,
    time_updated: row.time_updated,
    time_completed: row.time_completed,
    time_turnaround: row.time_turnaround,
    time_runtime_sec: row.time_runtime_sec === null ? null : Number(row.time_runtime_sec),
    time_turnaround_sec: row.time_turnaround_sec === null ? null : Number(row.time_turnaround_sec),
  };
}

/** The engine queue's metadata record with the collector's `times` (LEGACY.md "Engine queue"). */
export function metadataOf(row: JobRow): JobMetadata {
  const times: Record<string, string | number | null> = {
    received: row.time_received,
    started: row.time_started,
    updated: row.time_updated,
    completed: row.time_completed,
    runtime: row.time_runtime,
    turnaround: row.time_turnaround,
    runtime_sec: row.time_runtime_sec === null ? null : Number(row.time_runtime_sec),
    turnaround_sec: row.time_turnaround_sec === null ? null : Number(row.time_turnaround_sec),
  };
  return {
    jobcounter: Number(row.jobcounter),
    action: row.action,
    args: JSON.parse(row.args_json) as JsonValue[],
    kwargs: JSON.parse(row.kwargs_json) as JsonObject,
    lane: row.lane,
    callback_url: row.callback_url,
    callback_method: row.callback_method,
    callback_detailed: Boolean(row.callback_detailed),
    request: null,
    times,
  };
}

export function resultOf(row: Pick<JobRow, 'exec_status' | 'json_result'> | null | undefined): JobResult {
  if (!row || row.exec_status === null || row.json_result === null) return { status: null, jsonResult: null };
  return { status: row.exec_status, jsonResult: JSON.parse(row.json_result) as JsonValue };
}
