/**
 * A PostgreSQL engine process (forked by the target), with its own
 * connection. Claims with `FOR UPDATE SKIP LOCKED`: concurrent engines each
 * take a different queued row without waiting on one another. An idle engine
 * sleeps until a `pg_notify` for its lane (sent by the submitting statement)
 * or the poll interval, whichever comes first.
 */
import type pg from 'pg';
import type { EngineStore } from '../common/engine-loop.ts';
import type { ClaimedJob } from '../common/engine-loop.ts';
import { idleWait, startEngineLoop } from '../common/engine-loop.ts';
import { runEngineChild } from '../common/engine-child.ts';
import type { Lane } from '../../harness/contract/job-service.ts';
import type { PgEngineConfig } from './info.ts';
import { parseEngineConfig } from './info.ts';
import { connect, quoteIdent } from './schema.ts';

const CLAIM = `UPDATE jobs SET status = 'working', time_started = $2, time_updated = $2, engine = $3
  WHERE jobcounter = (SELECT jobcounter FROM jobs WHERE status = 'queued' AND lane = $1 ORDER BY jobcounter LIMIT 1 FOR UPDATE SKIP LOCKED)
  RETURNING jobid, jobcounter, action, kwargs_json, time_received, callback_url, callback_method, callback_detailed`;
const PUBLISHING = "UPDATE jobs SET status = 'publishing', time_updated = $2 WHERE jobcounter = $1";
const FINISH = `UPDATE jobs SET status = $2, exec_status = $2, json_result = $3, time_updated = $4, time_completed = $5,
  time_runtime = $6, time_turnaround = $7, time_runtime_sec = $8, time_turnaround_sec = $9 WHERE jobcounter = $1`;

async function pgEngineStore(client: pg.Client, config: PgEngineConfig, lane: Lane): Promise<EngineStore> {
  let notifications = 0;
  let seenAtClaim = 0;
  let wake: (() => void) | null = null;
  client.on('notification', (message) => {
    if (message.payload !== lane) return;
    notifications++;
    wake?.();
  });
  await client.query(`LISTEN ${quoteIdent(config.schema)}`);
  return {
    async claim(claimLane, engine, stamp) {
      seenAtClaim = notifications;
      const { rows } = await client.query<ClaimedJob & { jobcounter: string }>({ name: 'claim', text: CLAIM, values: [claimLane, stamp, engine] });
      return rows[0] ? { ...rows[0], jobcounter: Number(rows[0].jobcounter) } : null;
    },
    async publishing(jobcounter, stamp) {
      await client.query({ name: 'publishing', text: PUBLISHING, values: [jobcounter, stamp] });
    },
    async finish(jobcounter, outcome, t) {
      await client.query({
        name: 'finish',
        text: FINISH,
        values: [jobcounter, outcome.execStatus, outcome.jsonResultText, t.time_updated, t.time_completed, t.time_runtime, t.time_turnaround, t.time_runtime_sec, t.time_turnaround_sec],
      });
    },
    async waitForWork(_idleRounds, signal) {
      if (notifications !== seenAtClaim) return;
      const inner = new AbortController();
      const onAbort = () => inner.abort();
      signal.addEventListener('abort', onAbort, { once: true });
      wake = onAbort;
      try {
        await idleWait(config.pollMs, inner.signal);
      } finally {
        wake = null;
        signal.removeEventListener('abort', onAbort);
      }
    },
  };
}

runEngineChild(parseEngineConfig, async ({ lane, index, config, log }) => {
  const client = await connect(config);
  client.on('error', (error) => log(`connection error: ${error.message}`));
  const loop = startEngineLoop(await pgEngineStore(client, config, lane), { lane, name: `engine.${lane}.${index}`, scale: config.scale, log });
  return {
    async stop() {
      await loop.stop();
      await client.end();
    },
  };
});
