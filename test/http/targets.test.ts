/**
 * The front over real targets: the same client calls give the contract's
 * answers whichever backend sits behind it (a smoke check per target, not the
 * conformance suite). PostgreSQL and Redis targets run only when their
 * servers answer. `legacy-mitigated` is the same code path as `legacy` with
 * switches flipped; it passed here too and is left out to keep the suite short.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidJobIdError } from '../../harness/contract/errors.ts';
import { FINAL_STATUSES } from '../../harness/contract/job-service.ts';
import type { JobStatus } from '../../harness/contract/job-service.ts';
import { PrometheusGate } from '../../harness/contract/prometheus-gate.ts';
import { loadTarget } from '../../harness/targets.ts';
import { wrapHttp } from '../../harness/http/wrap.ts';
import { skipUnlessServer } from '../support/servers.ts';
import type { ServerName } from '../support/servers.ts';
import { loadJobService } from '../../harness/contract/load-service.ts';

const TARGETS: { name: string; server: ServerName | null }[] = [
  { name: 'sqlite', server: null },
  { name: 'legacy', server: null },
  { name: 'postgres', server: 'postgres' },
  { name: 'bullmq', server: 'redis' },
];

const STATUSES: readonly (JobStatus | null)[] = ['received', 'accepted', 'queued', 'working', 'publishing', ...FINAL_STATUSES];

describe('the HTTP front over every target', () => {
  for (const { name, server } of TARGETS) {
    test(name, async (t) => {
      if (server) {
        const skip = await skipUnlessServer(server);
        if (skip) return t.skip(skip);
      }
      const runDir = mkdtempSync(join(tmpdir(), `convoy-http-${name}-`));
      const handle = await wrapHttp(await loadTarget(name), { frontThreads: 2 }).start({
        runId: `httpt_${name}_${process.pid}`,
        runDir,
        scale: 0.01,
        durability: 'relaxed',
        seed: 5,
        historicalJobs: 5,
        threads: 2,
        engines: { fast: 1, slow: 1 },
        log: () => {},
      });
      const conn = handle.connection(0);
      const svc = await loadJobService(conn.serviceModule, conn.info, { threadIndex: 0, prometheus: PrometheusGate.create(handle.heartbeatPolicy) });
      try {
        assert.equal(handle.settings.mode, 'http');
        const ids = await svc.jobIdList();
        assert.ok(ids.length >= 5, `${ids.length} historical jobs listed`);
        assert.equal(await svc.jobStatus(ids[0]), 'completed');
        const { jobid } = await svc.queueJob({ action: 'helloworld', args: [], kwargs: { time_: 0, echo: 'http' }, lane: 'fast' });
        assert.ok(STATUSES.includes(await svc.jobStatus(jobid)), 'a lifecycle status');
        assert.equal((await svc.jobMetadata(jobid))?.action, 'helloworld');
        assert.ok(Object.keys(await svc.jobStatusDict({ limit: 2 })).length <= 2);
        assert.equal(typeof (await svc.heartbeat()).refreshed, 'boolean');
        assert.equal(await svc.jobStatus('unknown-job-http'), null);
        await assert.rejects(svc.jobStatus('not a jobid!'), InvalidJobIdError);
        assert.ok(svc.trace.roundTripUs >= 0);
      } finally {
        await svc.close();
        await handle.stop();
        rmSync(runDir, { recursive: true, force: true });
      }
    });
  }
});
