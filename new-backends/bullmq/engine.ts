/**
 * A BullMQ engine process: one `Worker` on its lane's queue, concurrency 1
 * (one engine = one job at a time, as WBIA's engines). The processor keeps
 * the job's record (times, result; and `status` in the status-hash variant),
 * runs the shared simulated work, fires the callback without waiting, and
 * throws for an `exception` outcome so that BullMQ's own state says `failed`.
 */
import { UnrecoverableError, Worker } from 'bullmq';
import type { Job } from 'bullmq';
import type { JsonObject } from '../../harness/contract/json.ts';
import { runSimulatedAction } from '../../harness/contract/simulated-actions.ts';
import type { ActionOutcome } from '../../harness/contract/simulated-actions.ts';
import { callbackSpecOf, fireCallback } from '../common/callback.ts';
import { runEngineChild } from '../common/engine-child.ts';
import { parseWbiaTimestamp } from '../common/submit.ts';
import { wbiaTimestamp } from '../../harness/contract/wbia-times.ts';
import { finishTimes } from '../common/times.ts';
import { parseEngineConfig } from './info.ts';
import type { EngineJobData } from './job-data.ts';
import { rowToHash, runKeys } from './keys.ts';
import { connectRedis } from './redis.ts';

runEngineChild(parseEngineConfig, async ({ lane, index, config, log }) => {
  const redis = await connectRedis(config.redisUrl, { blocking: true });
  const keys = runKeys(config.prefix);
  const keepStatus = config.statusSource === 'status-hash';
  const update = (jobid: string, fields: Record<string, string | number | null>, status: string) =>
    redis.hset(keys.record(jobid), rowToHash(keepStatus ? { ...fields, status } : fields));

  const processor = async (job: Job<EngineJobData>): Promise<{ exec_status: string }> => {
    const data = job.data;
    const startedMs = Date.now();
    const started = wbiaTimestamp(startedMs);
    await update(data.jobid, { time_started: started, time_updated: started, engine: `engine.${lane}.${index}` }, 'working');
    let outcome: ActionOutcome;
    try {
      outcome = await runSimulatedAction({ action: data.action, kwargs: JSON.parse(data.kwargs_json) as JsonObject }, config.scale);
    } catch (error) {
      outcome = { execStatus: 'exception', jsonResult: { exception: error instanceof Error ? error.message : String(error) } };
    }
    await update(data.jobid, { time_updated: wbiaTimestamp(Date.now()) }, 'publishing');
    const jsonResultText = JSON.stringify(outcome.jsonResult);
    const receivedMs = data.time_received ? parseWbiaTimestamp(data.time_received) : startedMs;
    const times = finishTimes(receivedMs, startedMs, Date.now());
    await update(data.jobid, { exec_status: outcome.execStatus, json_result: jsonResultText, ...times }, outcome.execStatus);
    const spec = callbackSpecOf(data);
    if (spec) {
      const payload = spec.detailed ? { jobid: data.jobid, status: outcome.execStatus, json_result: jsonResultText } : { jobid: data.jobid };
      fireCallback(spec, payload, log);
    }
    if (outcome.execStatus === 'exception') throw new UnrecoverableError(jsonResultText);
    return { exec_status: outcome.execStatus };
  };

  const worker = new Worker<EngineJobData>(lane, processor, {
    connection: redis,
    prefix: config.prefix,
    concurrency: 1,
    skipVersionCheck: true,
    removeOnComplete: { count: Number.MAX_SAFE_INTEGER },
    removeOnFail: { count: Number.MAX_SAFE_INTEGER },
  });
  worker.on('error', (error) => log(`worker error: ${error.message}`));
  await worker.waitUntilReady();
  return {
    async stop() {
      await worker.close();
      await redis.quit().catch(() => redis.disconnect());
    },
  };
});
