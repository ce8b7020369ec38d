/**
 * Redis durability for a run. relaxed: the server as it runs (the test
 * server has no persistence). strict: `appendonly yes` + `appendfsync
 * always` if the server lets us (CONFIG may be disabled), restored at stop.
 * The values found and set are recorded in the target's settings.
 */
import type { Redis } from 'ioredis';
import type { JsonObject } from '../../harness/contract/json.ts';
import type { Durability } from '../../harness/contract/target.ts';

export interface DurabilityState {
  settings: JsonObject;
  restore(): Promise<void>;
}

async function configGet(redis: Redis, name: string): Promise<string | null> {
  const reply = (await redis.call('CONFIG', 'GET', name)) as string[];
  return reply.length >= 2 ? reply[1] : null;
}

export async function applyDurability(redis: Redis, durability: Durability): Promise<DurabilityState> {
  let appendonly: string | null = null;
  let appendfsync: string | null = null;
  let save: string | null = null;
  try {
    [appendonly, appendfsync, save] = [await configGet(redis, 'appendonly'), await configGet(redis, 'appendfsync'), await configGet(redis, 'save')];
  } catch (error) {
    const note = `CONFIG GET refused (${error instanceof Error ? error.message : String(error)}): persistence settings unknown`;
    return { settings: { durability, redisPersistence: note, strictApplied: false }, restore: async () => {} };
  }
  const found = { appendonly, appendfsync, save };
  if (durability === 'relaxed') {
    return { settings: { durability, redisPersistence: found, strictApplied: false }, restore: async () => {} };
  }
  try {
    await redis.call('CONFIG', 'SET', 'appendonly', 'yes');
    await redis.call('CONFIG', 'SET', 'appendfsync', 'always');
  } catch (error) {
    return {
      settings: { durability, redisPersistence: found, strictApplied: false, strictNote: `could not set AOF always: ${error instanceof Error ? error.message : String(error)}` },
      restore: async () => {},
    };
  }
  return {
    settings: { durability, redisPersistence: { ...found, appendonly: 'yes', appendfsync: 'always' }, restoredAtStop: found, strictApplied: true },
    async restore() {
      if (appendfsync !== null) await redis.call('CONFIG', 'SET', 'appendfsync', appendfsync);
      if (appendonly !== null) await redis.call('CONFIG', 'SET', 'appendonly', appendonly);
    },
  };
}
