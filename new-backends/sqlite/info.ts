/** What a web thread needs to open its own SQLite connection (structured-clonable). */
import type { Durability } from '../../harness/contract/target.ts';

export interface SqliteInfo {
  dbPath: string;
  durability: Durability;
  busyTimeoutMs: number;
}

export interface SqliteEngineConfig extends SqliteInfo {
  scale: number;
  /** Idle polling backs off from min to max between looks for queued jobs. */
  pollMinMs: number;
  pollMaxMs: number;
}

export function isSqliteInfo(value: unknown): value is SqliteInfo {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.dbPath === 'string' && (v.durability === 'relaxed' || v.durability === 'strict') && typeof v.busyTimeoutMs === 'number';
}

export function parseEngineConfig(value: unknown): SqliteEngineConfig {
  const v = value as Record<string, unknown>;
  if (!isSqliteInfo(value) || typeof v.scale !== 'number' || typeof v.pollMinMs !== 'number' || typeof v.pollMaxMs !== 'number') {
    throw new TypeError(`bad sqlite engine config: ${JSON.stringify(value)}`);
  }
  return value as SqliteEngineConfig;
}
