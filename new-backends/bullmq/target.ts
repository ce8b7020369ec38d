/**
 * `bullmq`, the Celery + Redis shape on a real Redis (REDIS_URL): a BullMQ
 * queue per lane, BullMQ workers as engines (child processes), status and
 * results read from Redis. Its trap: BullMQ's `getJobState` looks a job up
 * in the wait and active lists (LPOS), O(backlog), so status polls slow down
 * as the backlog grows. `bullmq-statushash` is the fix as a variant: the
 * engine keeps the status in the job's record hash, read in O(1).
 */
import { fileURLToPath } from 'node:url';
import type { Redis } from 'ioredis';
import { PRODUCTION_HEARTBEAT } from '../../harness/contract/prometheus-gate.ts';
import type { TargetDefinition, TargetHandle, TargetStartOptions } from '../../harness/contract/target.ts';
import { TargetStartError } from '../../harness/contract/target.ts';
import { CALLBACK_POLICY } from '../common/callback.ts';
import { EngineFleet } from '../common/engine-fleet.ts';
import { applyDurability } from './durability.ts';
import type { BullEngineConfig, BullInfo, StatusSource } from './info.ts';
import { redisUrlFromEnv } from './info.ts';
import { START_REDIS_HINT, connectRedis, describeRedisUrl } from './redis.ts';
import { deleteRunKeys, seedHistorical } from './seed.ts';

const SERVICE_MODULE = fileURLToPath(new URL('./service.ts', import.meta.url));
const ENGINE_MODULE = fileURLToPath(new URL('./engine.ts', import.meta.url));

function makeStart(name: string, statusSource: StatusSource) {
  return async function start(options: TargetStartOptions): Promise<TargetHandle> {
    const redisUrl = redisUrlFromEnv();
    const prefix = `convoy:${name}:${options.runId}`;
    let admin: Redis;
    try {
      admin = await connectRedis(redisUrl);
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      throw new TargetStartError(name, `could not connect to Redis at ${describeRedisUrl(redisUrl)} (REDIS_URL=${redisUrl}: ${why}); start it with: ${START_REDIS_HINT}`);
    }
    const info: BullInfo = { redisUrl, prefix, statusSource };
    const durability = await applyDurability(admin, options.durability);
    const cleanup = async () => {
      await deleteRunKeys(admin, prefix);
      await durability.restore();
    };

    let seededJobs: number;
    let seedMs: number;
    try {
      await deleteRunKeys(admin, prefix);
      const seedStart = performance.now();
      seededJobs = await seedHistorical(admin, prefix, statusSource, options.seed, options.historicalJobs, Date.now());
      seedMs = performance.now() - seedStart;
    } catch (error) {
      await cleanup().catch(() => {});
      admin.disconnect();
      throw new TargetStartError(name, `could not seed under ${prefix}: ${error instanceof Error ? error.message : String(error)}`);
    }
    options.log(`${name}: seeded ${seededJobs} historical jobs in ${seedMs.toFixed(0)} ms under ${prefix}`);

    const config: BullEngineConfig = { ...info, scale: options.scale };
    let fleet: EngineFleet;
    try {
      fleet = await EngineFleet.start({ target: name, entry: ENGINE_MODULE, config, engines: options.engines, log: options.log });
    } catch (error) {
      await cleanup().catch(() => {});
      admin.disconnect();
      throw error;
    }
    let stopped = false;
    return {
      name,
      settings: {
        ...durability.settings,
        server: describeRedisUrl(redisUrl),
        keyPrefix: prefix,
        queues: 'one BullMQ queue per lane (fast, slow)',
        engines: `BullMQ Worker per engine process, concurrency 1 (${options.engines.fast} fast, ${options.engines.slow} slow)`,
        connections: `one ioredis connection per web thread (${options.threads}, lane queues share it); per engine one command + one blocking connection`,
        statusSource:
          statusSource === 'status-hash'
            ? "status field in the job's record hash, kept by the engine: HGET, O(1)"
            : "BullMQ Queue.getJobState: ZSCORE completed/failed/delayed/prioritized, then LPOS on active and wait lists: O(backlog); 'publishing' is not observable",
        statusDictLimit: 'ZREVRANGE on a jobcounter index, then one HMGET per job (pipelined): O(log N + limit)',
        heartbeatRefresh: 'prometheus refresh = Queue.getJobCounts on both lanes (LLEN/ZCARD per state), the queue-native aggregate',
        results: "engine writes exec_status/json_result into the job's record hash; BullMQ's returnvalue only carries exec_status",
        callback: { timeoutMs: CALLBACK_POLICY.timeoutMs, retries: CALLBACK_POLICY.retries, blocking: false },
        faults: 'engines only: the Redis server is shared, pausing it is not offered',
        history: 'historical jobs are record hashes + BullMQ completed/failed set entries (no BullMQ job hash)',
      },
      heartbeatPolicy: PRODUCTION_HEARTBEAT,
      startup: { seededJobs, seedMs, registrationMs: 0, notes: [`keys under ${prefix}:* on ${describeRedisUrl(redisUrl)}`] },
      faults: fleet.faultHooks('Redis'),
      connection: () => ({ serviceModule: SERVICE_MODULE, info, transfer: [] }),
      async stop() {
        if (stopped) return;
        stopped = true;
        await fleet.stop();
        try {
          await cleanup();
        } finally {
          await admin.quit().catch(() => admin.disconnect());
        }
      },
    };
  };
}

export const bullmqTarget: TargetDefinition = {
  name: 'bullmq',
  summary: 'Redis + BullMQ 5: a queue per lane, BullMQ workers as engines, status by BullMQ getJobState (O(backlog))',
  needs: ['redis'],
  start: makeStart('bullmq', 'bullmq-state'),
};

export const bullmqStatusHashTarget: TargetDefinition = {
  name: 'bullmq-statushash',
  summary: 'bullmq with the fix: the engine keeps each status in a Redis hash, status polls are O(1)',
  needs: ['redis'],
  start: makeStart('bullmq-statushash', 'status-hash'),
};
