/**
 * Finished historical jobs, generated from the run's seed so that every
 * target seeds the same jobs (same ids, counters, statuses, times). Backends
 * write them in bulk; legacy registers the same shape at start-up.
 */
import type { JobRow } from './job-row.ts';
import { seededRandom, seededUuid } from '../../harness/driver/random.ts';
import { wbiaTimestamp } from '../../harness/contract/wbia-times.ts';
import { finishTimes } from './times.ts';

/** One historical job in a hundred ended in an exception. */
const EXCEPTION_EVERY = 100;
const DAY_MS = 24 * 3600 * 1000;

export interface HistoricalBatchOptions {
  seed: number;
  /** Total historical jobs; counters run 1..total. */
  total: number;
  /** Epoch ms the newest historical job finished by (jobs spread over the 14 days before). */
  nowMs: number;
}

/**
 * Yields rows in batches of `batchSize`, so that 100 000 jobs never sit in
 * memory as one array of objects twice.
 */
export function* historicalBatches(options: HistoricalBatchOptions, batchSize: number): Generator<JobRow[]> {
  const random = seededRandom(options.seed ^ 0x5eed);
  const spanMs = 14 * DAY_MS;
  const stepMs = options.total > 0 ? spanMs / options.total : 0;
  let batch: JobRow[] = [];
  for (let i = 1; i <= options.total; i++) {
    const receivedMs = Math.floor(options.nowMs - spanMs + (i - 1) * stepMs);
    const startedMs = receivedMs + Math.floor(random() * 5000);
    const completedMs = startedMs + 1000 + Math.floor(random() * 60_000);
    const failed = i % EXCEPTION_EVERY === 0;
    const jobid = seededUuid(random);
    const lane = random() < 0.5 ? 'fast' : 'slow';
    batch.push({
      jobid,
      jobcounter: i,
      status: failed ? 'exception' : 'completed',
      action: failed ? 'exception' : 'helloworld',
      lane,
      args_json: '[]',
      kwargs_json: '{"time_":1}',
      callback_url: null,
      callback_method: null,
      callback_detailed: false,
      time_received: wbiaTimestamp(receivedMs),
      time_started: wbiaTimestamp(startedMs),
      ...finishTimes(receivedMs, startedMs, completedMs),
      exec_status: failed ? 'exception' : 'completed',
      json_result: failed ? '{"exception":"simulated failure (action \\"exception\\")"}' : '{"helloworld":true,"echo":null}',
    });
    if (batch.length === batchSize) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}
