/** The BullMQ job's data: what an engine needs to run it without reading the record first. */
import type { JobRow } from '../common/job-row.ts';

export type EngineJobData = Pick<
  JobRow,
  'jobid' | 'jobcounter' | 'action' | 'kwargs_json' | 'time_received' | 'callback_url' | 'callback_method' | 'callback_detailed'
>;
