/**
 * What each store promises beyond the shared semantics: durability settings
 * applied per connection, a status dict with a limit that walks an index
 * (no sort over all jobs), faults limited to engines, and nothing left
 * behind after stop (file, schema, keys).
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import pg from 'pg';
import { Redis } from 'ioredis';
import { bullmqTarget } from '../../new-backends/bullmq/target.ts';
import { connect, schemaNameFor } from '../../new-backends/postgres/schema.ts';
import { postgresTarget } from '../../new-backends/postgres/target.ts';
import type { PgInfo } from '../../new-backends/postgres/info.ts';
import type { SqliteInfo } from '../../new-backends/sqlite/info.ts';
import { openDatabase } from '../../new-backends/sqlite/schema.ts';
import { sqliteTarget } from '../../new-backends/sqlite/target.ts';
import { skipUnlessServer } from '../support/servers.ts';
import { startForTest } from './support.ts';
import type { TestTarget } from './support.ts';

const codeOf = (code: string) => (error: unknown) => (error as { code?: unknown }).code === code;

describe('sqlite store', () => {
  test('synchronous follows durability on every connection; the limited dict needs no sort; stop removes the file', async () => {
    for (const [durability, expected] of [
      ['relaxed', 1],
      ['strict', 2],
    ] as const) {
      const target = await startForTest(sqliteTarget, { durability, engines: { fast: 0, slow: 0 } });
      const info = target.handle.connection(0).info as SqliteInfo;
      const db = openDatabase(info.dbPath, info.durability, info.busyTimeoutMs);
      assert.equal(db.pragma('synchronous', { simple: true }), expected, durability);
      assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
      const plan = (db.prepare('EXPLAIN QUERY PLAN SELECT jobid FROM jobs ORDER BY jobcounter DESC LIMIT 5').all() as { detail: string }[]).map((r) => r.detail);
      assert.ok(!plan.some((d) => d.includes('TEMP B-TREE')), `no sort: ${plan.join('; ')}`);
      db.close();
      assert.equal(target.handle.settings.durability, durability);
      await target.stop();
      assert.equal(existsSync(info.dbPath), false);
    }
  });

  test('faults: engines listed, unknown components refused', async () => {
    const target = await startForTest(sqliteTarget, { engines: { fast: 1, slow: 1 } });
    try {
      assert.deepEqual(target.handle.faults.components(), ['engine.fast.0', 'engine.slow.0']);
      await assert.rejects(target.handle.faults.pause('collector', 10), codeOf('E_UNKNOWN_COMPONENT'));
    } finally {
      await target.stop();
    }
  });

  test('claims are exclusive across engine processes: 4 engines, 120 jobs, each run once', async () => {
    const target = await startForTest(sqliteTarget, { engines: { fast: 2, slow: 2 }, historicalJobs: 0 });
    try {
      const service = await target.service();
      const jobids: string[] = [];
      for (let i = 0; i < 120; i++) jobids.push((await service.queueJob({ action: 'helloworld', args: [], kwargs: { time_: 0 }, lane: i % 2 ? 'fast' : 'slow' })).jobid);
      const info = target.handle.connection(0).info as SqliteInfo;
      const db = new Database(info.dbPath, { readonly: true });
      const deadline = Date.now() + 20_000;
      let open = 1;
      while (open > 0 && Date.now() < deadline) {
        open = db.prepare("SELECT count(*) FROM jobs WHERE status NOT IN ('completed', 'exception')").pluck().get() as number;
        if (open > 0) await new Promise((resolve) => setTimeout(resolve, 5));
      }
      const engines = db.prepare('SELECT engine, count(*) AS n FROM jobs GROUP BY engine').all() as { engine: string; n: number }[];
      db.close();
      assert.equal(open, 0, 'every job finished');
      assert.equal(engines.reduce((s, e) => s + e.n, 0), 120);
      assert.ok(engines.length >= 2, `more than one engine took jobs: ${JSON.stringify(engines)}`);
    } finally {
      await target.stop();
    }
  });
});

describe('postgres store', async () => {
  const skip = await skipUnlessServer('postgres');
  let target: TestTarget;
  before(async () => {
    if (!skip) target = await startForTest(postgresTarget, { durability: 'strict' });
  });
  after(async () => {
    await target?.stop();
  });

  test('synchronous_commit per durability; limited dict is a backward index scan; server faults refused; schema dropped at stop', { skip }, async () => {
    const info = target.handle.connection(0).info as PgInfo;
    assert.equal(info.schema, schemaNameFor(target.runId));
    const client = await connect(info);
    try {
      assert.equal((await client.query('SHOW synchronous_commit')).rows[0].synchronous_commit, 'on');
      const plan = (await client.query('EXPLAIN SELECT jobid FROM jobs ORDER BY jobcounter DESC LIMIT 5')).rows.map((r: { 'QUERY PLAN': string }) => r['QUERY PLAN']).join('\n');
      assert.match(plan, /Index Scan Backward/);
      assert.doesNotMatch(plan, /Sort/);
    } finally {
      await client.end();
    }
    const relaxed = await connect({ ...info, durability: 'relaxed' });
    assert.equal((await relaxed.query('SHOW synchronous_commit')).rows[0].synchronous_commit, 'off');
    await relaxed.end();
    await assert.rejects(target.handle.faults.pause('server', 10), codeOf('E_SHARED_SERVER_FAULT'));

    await target.stop();
    const admin = new pg.Client({ ...info.endpoint });
    await admin.connect();
    const { rowCount } = await admin.query('SELECT 1 FROM information_schema.schemata WHERE schema_name = $1', [info.schema]);
    await admin.end();
    assert.equal(rowCount, 0, 'schema dropped');
  });
});

describe('bullmq store', async () => {
  const skip = await skipUnlessServer('redis');

  test('strict durability turns AOF always on and restores it; keys deleted at stop; server faults refused', { skip }, async () => {
    const redis = new Redis(process.env.REDIS_URL || 'redis://127.0.0.1:6379');
    try {
      const before = (await redis.call('CONFIG', 'GET', 'appendfsync')) as string[];
      const target = await startForTest(bullmqTarget, { durability: 'strict', engines: { fast: 1, slow: 0 } });
      const settings = target.handle.settings;
      const prefix = String(settings.keyPrefix);
      if (settings.strictApplied === true) {
        assert.deepEqual(await redis.call('CONFIG', 'GET', 'appendfsync'), ['appendfsync', 'always']);
      } else {
        assert.equal(typeof settings.strictNote, 'string', 'says why strict could not be applied');
      }
      assert.ok((await redis.exists(`${prefix}:index`)) === 1, 'seeded index exists');
      await assert.rejects(target.handle.faults.kill('server'), codeOf('E_SHARED_SERVER_FAULT'));
      await target.stop();
      assert.deepEqual(await redis.call('CONFIG', 'GET', 'appendfsync'), before, 'restored');
      const left: string[] = [];
      let cursor = '0';
      do {
        const [next, found] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 10_000);
        cursor = next;
        left.push(...found);
      } while (cursor !== '0');
      assert.deepEqual(left, [], 'no keys left');
    } finally {
      redis.disconnect();
    }
  });
});
