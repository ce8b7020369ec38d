/**
 * Bulk-seed historical jobs into Redis, pipelined in batches: the record
 * hash, the index entry, and the job id in BullMQ's `completed`/`failed`
 * sorted set of its lane (scored by finish time, as BullMQ does), so that
 * `getJobState` knows them. BullMQ's own job hashes are not written for
 * history: nothing reads them (results live in the record).
 */
import type { Redis } from 'ioredis';
import { historicalBatches } from '../common/historical.ts';
import { parseWbiaTimestamp } from '../common/submit.ts';
import type { StatusSource } from './info.ts';
import { rowToHash, runKeys } from './keys.ts';

const BATCH_ROWS = 5000;

export async function seedHistorical(redis: Redis, prefix: string, statusSource: StatusSource, seed: number, total: number, nowMs: number): Promise<number> {
  const keys = runKeys(prefix);
  let written = 0;
  for (const batch of historicalBatches({ seed, total, nowMs }, BATCH_ROWS)) {
    const pipeline = redis.pipeline();
    for (const row of batch) {
      const { status, ...rest } = row;
      pipeline.hset(keys.record(row.jobid), rowToHash(statusSource === 'status-hash' ? row : rest));
      pipeline.zadd(keys.index, row.jobcounter, row.jobid);
      const finishedMs = row.time_completed ? parseWbiaTimestamp(row.time_completed) : nowMs;
      pipeline.zadd(`${prefix}:${row.lane}:${status === 'exception' ? 'failed' : 'completed'}`, finishedMs, row.jobid);
    }
    const replies = (await pipeline.exec()) ?? [];
    const failed = replies.find(([error]) => error);
    if (failed) throw failed[0];
    written += batch.length;
  }
  await redis.set(keys.counter, String(total));
  return written;
}

/** Delete every key of the run (SCAN + UNLINK in batches). */
export async function deleteRunKeys(redis: Redis, prefix: string): Promise<number> {
  let cursor = '0';
  let deleted = 0;
  do {
    const [next, found] = await redis.scan(cursor, 'MATCH', runKeys(prefix).all, 'COUNT', 5000);
    cursor = next;
    if (found.length > 0) deleted += await redis.unlink(...found);
  } while (cursor !== '0');
  return deleted;
}
