/**
 * `postgres`: a real PostgreSQL server (PGHOST/PGPORT/PGUSER/PGDATABASE),
 * one schema per run, a connection per web thread and per engine, engines
 * claiming with `FOR UPDATE SKIP LOCKED` and woken by `pg_notify`. Plain
 * SQL rather than pg-boss: pg-boss keeps its own job table whose state
 * names and archive do not map onto WBIA's lifecycle and times, and the
 * status dict would have to join it anyway.
 */
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { PRODUCTION_HEARTBEAT } from '../../harness/contract/prometheus-gate.ts';
import type { TargetDefinition, TargetHandle, TargetStartOptions } from '../../harness/contract/target.ts';
import { TargetStartError } from '../../harness/contract/target.ts';
import { CALLBACK_POLICY } from '../common/callback.ts';
import { EngineFleet } from '../common/engine-fleet.ts';
import { HEARTBEAT_REFRESH_NOTE } from '../common/service-kit.ts';
import type { PgEngineConfig, PgInfo } from './info.ts';
import { endpointFromEnv } from './info.ts';
import { START_POSTGRES_HINT, SYNCHRONOUS_COMMIT, clientConfig, ddl, quoteIdent, schemaNameFor } from './schema.ts';
import { seedHistorical } from './seed.ts';

const NAME = 'postgres';
const SERVICE_MODULE = fileURLToPath(new URL('./service.ts', import.meta.url));
const ENGINE_MODULE = fileURLToPath(new URL('./engine.ts', import.meta.url));
const ENGINE_POLL_MS = 250;

async function start(options: TargetStartOptions): Promise<TargetHandle> {
  const endpoint = endpointFromEnv();
  const schema = schemaNameFor(options.runId);
  const info: PgInfo = { endpoint, schema, durability: options.durability };

  const admin = new pg.Client(clientConfig(endpoint, null, options.durability));
  admin.on('error', (error) => options.log(`${NAME}: admin connection error: ${error.message}`));
  try {
    await admin.connect();
  } catch (error) {
    const why = error instanceof Error ? error.message || error.name : String(error);
    throw new TargetStartError(
      NAME,
      `could not connect to PostgreSQL at ${endpoint.host}:${endpoint.port} as ${endpoint.user}, database ${endpoint.database} (${why}); start it with: ${START_POSTGRES_HINT}`,
    );
  }
  const dropSchema = () => admin.query(`DROP SCHEMA IF EXISTS ${quoteIdent(schema)} CASCADE`);

  let seededJobs: number;
  let seedMs: number;
  try {
    await dropSchema();
    await admin.query(ddl(schema));
    await admin.query(`SET search_path TO ${quoteIdent(schema)}`);
    const seedStart = performance.now();
    seededJobs = await seedHistorical(admin, options.seed, options.historicalJobs, Date.now());
    await admin.query('ANALYZE jobs');
    seedMs = performance.now() - seedStart;
  } catch (error) {
    await dropSchema().catch(() => {});
    await admin.end();
    throw new TargetStartError(NAME, `could not create schema ${schema}: ${error instanceof Error ? error.message : String(error)}`);
  }
  options.log(`${NAME}: seeded ${seededJobs} historical jobs in ${seedMs.toFixed(0)} ms into schema ${schema}`);

  const config: PgEngineConfig = { ...info, scale: options.scale, pollMs: ENGINE_POLL_MS };
  let fleet: EngineFleet;
  try {
    fleet = await EngineFleet.start({ target: NAME, entry: ENGINE_MODULE, config, engines: options.engines, log: options.log });
  } catch (error) {
    await dropSchema().catch(() => {});
    await admin.end();
    throw error;
  }
  let stopped = false;
  return {
    name: NAME,
    settings: {
      durability: options.durability,
      synchronousCommit: SYNCHRONOUS_COMMIT[options.durability],
      server: `${endpoint.host}:${endpoint.port}/${endpoint.database} as ${endpoint.user}`,
      schema,
      connections: `one pg.Client per web thread (${options.threads}), one per engine (${options.engines.fast + options.engines.slow}), one admin: no pool`,
      preparedStatements: 'named, per connection (job_status is "status")',
      claim: 'UPDATE … WHERE jobcounter = (SELECT … FOR UPDATE SKIP LOCKED LIMIT 1) RETURNING',
      wakeUp: `pg_notify from the submitting statement; idle poll every ${ENGINE_POLL_MS} ms as a fallback`,
      statusDictLimit: 'ORDER BY jobcounter (primary key) DESC LIMIT n: O(limit)',
      heartbeatRefresh: HEARTBEAT_REFRESH_NOTE,
      callback: { timeoutMs: CALLBACK_POLICY.timeoutMs, retries: CALLBACK_POLICY.retries, blocking: false },
      faults: 'engines only: the PostgreSQL server is shared, pausing it is not offered',
      lifecycle: 'received/accepted are not stored separately: the insert is the acceptance and lands as queued',
      whyNotPgBoss: 'pg-boss states and archive do not map onto WBIA statuses and times; plain SKIP LOCKED is the same mechanism with our own row',
    },
    heartbeatPolicy: PRODUCTION_HEARTBEAT,
    startup: { seededJobs, seedMs, registrationMs: 0, notes: [`schema ${schema} on ${endpoint.host}:${endpoint.port}/${endpoint.database}`] },
    faults: fleet.faultHooks('PostgreSQL'),
    connection: () => ({ serviceModule: SERVICE_MODULE, info, transfer: [] }),
    async stop() {
      if (stopped) return;
      stopped = true;
      await fleet.stop();
      try {
        await dropSchema();
      } finally {
        await admin.end();
      }
    },
  };
}

export const postgresTarget: TargetDefinition = {
  name: NAME,
  summary: 'PostgreSQL (pg), a connection per web thread, engines claim with FOR UPDATE SKIP LOCKED',
  needs: ['postgres'],
  start,
};
