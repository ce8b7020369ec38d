/** A target whose server does not answer fails in start with one line: what it tried, how to start the server. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { TargetStartError } from '../../harness/contract/target.ts';
import { bullmqTarget } from '../../new-backends/bullmq/target.ts';
import { postgresTarget } from '../../new-backends/postgres/target.ts';
import { closedPort, startForTest, withEnv } from './support.ts';

describe('unreachable servers', () => {
  test('postgres: TargetStartError naming host:port and pg_ctlcluster', async () => {
    const port = await closedPort();
    await withEnv({ PGHOST: '127.0.0.1', PGPORT: String(port) }, async () => {
      await assert.rejects(startForTest(postgresTarget), (error: unknown) => {
        assert.ok(error instanceof TargetStartError);
        assert.equal(error.code, 'E_TARGET_START');
        assert.equal(error.message.split('\n').length, 1);
        assert.match(error.message, new RegExp(`^postgres: .*127\\.0\\.0\\.1:${port}.*pg_ctlcluster`));
        return true;
      });
    });
  });

  test('bullmq: TargetStartError naming the URL and redis-server', async () => {
    const port = await closedPort();
    await withEnv({ REDIS_URL: `redis://127.0.0.1:${port}` }, async () => {
      await assert.rejects(startForTest(bullmqTarget), (error: unknown) => {
        assert.ok(error instanceof TargetStartError);
        assert.equal(error.message.split('\n').length, 1);
        assert.match(error.message, new RegExp(`^bullmq: .*127\\.0\\.0\\.1:${port}.*redis-server --daemonize yes`));
        return true;
      });
    });
  });
});
