/** What a web thread or engine needs to open its own PostgreSQL connection (structured-clonable). */
import type { Durability } from '../../harness/contract/target.ts';

export interface PgEndpoint {
  host: string;
  port: number;
  user: string;
  database: string;
}

export interface PgInfo {
  endpoint: PgEndpoint;
  /** The run's own schema; every connection sets it as search_path. */
  schema: string;
  durability: Durability;
}

export interface PgEngineConfig extends PgInfo {
  scale: number;
  /** An idle engine looks again after this long even without a notification. */
  pollMs: number;
}

/** PGHOST/PGPORT/PGUSER/PGDATABASE, defaulting to the local test server. */
export function endpointFromEnv(env: NodeJS.ProcessEnv = process.env): PgEndpoint {
  return {
    host: env.PGHOST || '127.0.0.1',
    port: Number(env.PGPORT || 5432),
    user: env.PGUSER || 'postgres',
    database: env.PGDATABASE || 'test',
  };
}

export function isPgInfo(value: unknown): value is PgInfo {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  const e = v.endpoint as Record<string, unknown> | undefined;
  return (
    typeof v.schema === 'string' &&
    (v.durability === 'relaxed' || v.durability === 'strict') &&
    typeof e === 'object' &&
    e !== null &&
    typeof e.host === 'string' &&
    typeof e.port === 'number' &&
    typeof e.user === 'string' &&
    typeof e.database === 'string'
  );
}

export function parseEngineConfig(value: unknown): PgEngineConfig {
  const v = value as Record<string, unknown>;
  if (!isPgInfo(value) || typeof v.scale !== 'number' || typeof v.pollMs !== 'number') {
    throw new TypeError(`bad postgres engine config: ${JSON.stringify(value)}`);
  }
  return value as PgEngineConfig;
}
