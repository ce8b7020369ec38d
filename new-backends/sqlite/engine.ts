/**
 * A SQLite engine process (forked by the target). Claims are one
 * `UPDATE … RETURNING` in an IMMEDIATE transaction, so two engine processes
 * never take the same job: SQLite's write lock serialises them. An idle
 * engine first looks with a read (no lock under WAL), and backs off between
 * looks, since SQLite has no notifications across processes.
 */
import type { Database as Db } from 'better-sqlite3';
import type { EngineStore } from '../common/engine-loop.ts';
import type { ClaimedJob } from '../common/engine-loop.ts';
import { idleWait, startEngineLoop } from '../common/engine-loop.ts';
import { runEngineChild } from '../common/engine-child.ts';
import type { SqliteEngineConfig } from './info.ts';
import { parseEngineConfig } from './info.ts';
import { openDatabase } from './schema.ts';

function sqliteEngineStore(db: Db, config: SqliteEngineConfig): EngineStore {
  const anyQueued = db.prepare("SELECT 1 FROM jobs WHERE status = 'queued' AND lane = ? LIMIT 1").pluck();
  const claimStmt = db.prepare(
    `UPDATE jobs SET status = 'working', time_started = @stamp, time_updated = @stamp, engine = @engine
     WHERE jobcounter = (SELECT jobcounter FROM jobs WHERE status = 'queued' AND lane = @lane ORDER BY jobcounter LIMIT 1)
     RETURNING jobid, jobcounter, action, kwargs_json, time_received, callback_url, callback_method, callback_detailed`,
  );
  const claimTx = db.transaction((lane: string, engine: string, stamp: string) => claimStmt.get({ lane, engine, stamp }) as ClaimedJob | undefined);
  const publishStmt = db.prepare("UPDATE jobs SET status = 'publishing', time_updated = ? WHERE jobcounter = ?");
  const finishStmt = db.prepare(
    `UPDATE jobs SET status = @status, exec_status = @status, json_result = @json_result,
       time_updated = @time_updated, time_completed = @time_completed, time_runtime = @time_runtime,
       time_turnaround = @time_turnaround, time_runtime_sec = @time_runtime_sec, time_turnaround_sec = @time_turnaround_sec
     WHERE jobcounter = @jobcounter`,
  );
  return {
    async claim(lane, engine, stamp) {
      if (anyQueued.get(lane) === undefined) return null;
      return claimTx.immediate(lane, engine, stamp) ?? null;
    },
    async publishing(jobcounter, stamp) {
      publishStmt.run(stamp, jobcounter);
    },
    async finish(jobcounter, outcome, times) {
      finishStmt.run({ jobcounter, status: outcome.execStatus, json_result: outcome.jsonResultText, ...times });
    },
    waitForWork(idleRounds, signal) {
      return idleWait(Math.min(config.pollMaxMs, config.pollMinMs * 2 ** Math.min(idleRounds, 10)), signal);
    },
  };
}

runEngineChild(parseEngineConfig, async ({ lane, index, config, log }) => {
  const db = openDatabase(config.dbPath, config.durability, config.busyTimeoutMs);
  const loop = startEngineLoop(sqliteEngineStore(db, config), { lane, name: `engine.${lane}.${index}`, scale: config.scale, log });
  return {
    async stop() {
      await loop.stop();
      db.close();
    },
  };
});
