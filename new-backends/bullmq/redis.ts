/** Opening Redis connections, and the one-line failure when the server does not answer. */
import { Redis } from 'ioredis';

export const START_REDIS_HINT = 'redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no';
const CONNECT_TIMEOUT_MS = 3000;

/** A connection that fails fast instead of retrying forever (start-up, web threads). */
export async function connectRedis(url: string, options: { blocking?: boolean } = {}): Promise<Redis> {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: CONNECT_TIMEOUT_MS,
    // BullMQ workers need null here (blocking commands); others fail a command after one retry.
    maxRetriesPerRequest: options.blocking ? null : 1,
    retryStrategy: (attempt) => (attempt > 3 ? null : 100 * attempt),
    enableOfflineQueue: true,
  });
  // ioredis reports the cause (ECONNREFUSED…) as an 'error' event and rejects connect() with a bare "Connection is closed".
  let lastError: unknown = null;
  client.on('error', (error) => {
    lastError = error;
  });
  try {
    await client.connect();
  } catch (error) {
    client.disconnect();
    throw lastError ?? error;
  }
  return client;
}

export function describeRedisUrl(url: string): string {
  const u = new URL(url);
  return `${u.hostname}:${u.port || 6379}`;
}
