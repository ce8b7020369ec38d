/**
 * `sqlite`, the embedded default: one database file per run under
 * `runDir`, WAL, a connection per web thread and per engine, engines as
 * child processes claiming jobs with `UPDATE … RETURNING`.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PRODUCTION_HEARTBEAT } from '../../harness/contract/prometheus-gate.ts';
import type { TargetDefinition, TargetHandle, TargetStartOptions } from '../../harness/contract/target.ts';
import { TargetStartError } from '../../harness/contract/target.ts';
import { CALLBACK_POLICY } from '../common/callback.ts';
import { EngineFleet } from '../common/engine-fleet.ts';
import { HEARTBEAT_REFRESH_NOTE } from '../common/service-kit.ts';
import type { SqliteEngineConfig, SqliteInfo } from './info.ts';
import { SQLITE_SYNCHRONOUS, createSchema, openDatabase } from './schema.ts';
import { seedHistorical } from './seed.ts';

const NAME = 'sqlite';
const SERVICE_MODULE = fileURLToPath(new URL('./service.ts', import.meta.url));
const ENGINE_MODULE = fileURLToPath(new URL('./engine.ts', import.meta.url));
const BUSY_TIMEOUT_MS = 5000;
const POLL_MIN_MS = 1;
const POLL_MAX_MS = 8;

function safeName(runId: string): string {
  return runId.replace(/[^a-zA-Z0-9_-]/g, '_');
}

async function start(options: TargetStartOptions): Promise<TargetHandle> {
  mkdirSync(options.runDir, { recursive: true });
  const dbPath = join(options.runDir, `sqlite-${safeName(options.runId)}.db`);
  const removeFiles = () => {
    for (const suffix of ['', '-wal', '-shm']) rmSync(dbPath + suffix, { force: true });
  };
  removeFiles();
  const info: SqliteInfo = { dbPath, durability: options.durability, busyTimeoutMs: BUSY_TIMEOUT_MS };

  let admin;
  try {
    admin = openDatabase(dbPath, options.durability, BUSY_TIMEOUT_MS);
    createSchema(admin);
  } catch (error) {
    removeFiles();
    throw new TargetStartError(NAME, `could not create ${dbPath}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const seedStart = performance.now();
  const seededJobs = seedHistorical(admin, options.seed, options.historicalJobs, Date.now());
  const seedMs = performance.now() - seedStart;
  options.log(`${NAME}: seeded ${seededJobs} historical jobs in ${seedMs.toFixed(0)} ms into ${dbPath}`);

  const config: SqliteEngineConfig = { ...info, scale: options.scale, pollMinMs: POLL_MIN_MS, pollMaxMs: POLL_MAX_MS };
  let fleet: EngineFleet;
  try {
    fleet = await EngineFleet.start({ target: NAME, entry: ENGINE_MODULE, config, engines: options.engines, log: options.log });
  } catch (error) {
    admin.close();
    removeFiles();
    throw error;
  }

  let stopped = false;
  return {
    name: NAME,
    settings: {
      durability: options.durability,
      journalMode: 'WAL',
      synchronous: SQLITE_SYNCHRONOUS[options.durability],
      busyTimeoutMs: BUSY_TIMEOUT_MS,
      connections: 'one per web thread, one per engine (no pool)',
      engines: { fast: options.engines.fast, slow: options.engines.slow },
      claim: 'UPDATE … RETURNING in an IMMEDIATE transaction',
      idlePollMs: { min: POLL_MIN_MS, max: POLL_MAX_MS },
      statusDictLimit: 'ORDER BY jobcounter (rowid) DESC LIMIT n: O(limit)',
      heartbeatRefresh: HEARTBEAT_REFRESH_NOTE,
      callback: { timeoutMs: CALLBACK_POLICY.timeoutMs, retries: CALLBACK_POLICY.retries, blocking: false },
      lifecycle: 'received/accepted are not stored separately: the insert is the acceptance and lands as queued',
    },
    heartbeatPolicy: PRODUCTION_HEARTBEAT,
    startup: { seededJobs, seedMs, registrationMs: 0, notes: [`database file ${dbPath}`] },
    faults: fleet.faultHooks(),
    connection: () => ({ serviceModule: SERVICE_MODULE, info, transfer: [] }),
    async stop() {
      if (stopped) return;
      stopped = true;
      await fleet.stop();
      admin.close();
      removeFiles();
    },
  };
}

export const sqliteTarget: TargetDefinition = {
  name: NAME,
  summary: 'SQLite (better-sqlite3) in WAL, a connection per web thread, engines claim with UPDATE … RETURNING',
  needs: [],
  start,
};
