/** What a web thread or engine needs to reach the run's Redis keys (structured-clonable). */

/**
 * `bullmq`: status from BullMQ's own job state (`getJobState`, which scans
 * the wait/active lists: O(backlog)). `statushash`: status from a field the
 * engine keeps in the job's record hash (O(1)), the fix for that trap.
 */
export type StatusSource = 'bullmq-state' | 'status-hash';

export interface BullInfo {
  redisUrl: string;
  /** Every key of the run starts with `${prefix}:`; BullMQ queues use it as their prefix. */
  prefix: string;
  statusSource: StatusSource;
}

export interface BullEngineConfig extends BullInfo {
  scale: number;
}

export function isBullInfo(value: unknown): value is BullInfo {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.redisUrl === 'string' && typeof v.prefix === 'string' && (v.statusSource === 'bullmq-state' || v.statusSource === 'status-hash');
}

export function parseEngineConfig(value: unknown): BullEngineConfig {
  if (!isBullInfo(value) || typeof (value as unknown as Record<string, unknown>).scale !== 'number') {
    throw new TypeError(`bad bullmq engine config: ${JSON.stringify(value)}`);
  }
  return value as BullEngineConfig;
}

export function redisUrlFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  return env.REDIS_URL || 'redis://127.0.0.1:6379';
}
