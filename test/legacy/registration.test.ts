/**
 * Start-up registration (WBIA `queue_interrupted_jobs`): one round trip per
 * historical job, or one batch (the production mitigation), leave the
 * collector in the same state; the job counter is set after it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { JsonObject } from '../../harness/contract/json.ts';
import { PRE_MITIGATION_HEARTBEAT, PRODUCTION_HEARTBEAT } from '../../harness/contract/prometheus-gate.ts';
import { PRE_MITIGATION, PRODUCTION_MITIGATIONS } from '../../legacy-sim/options.ts';
import { RawClient, startTestEngine } from './support.ts';
import type { TestEngine } from './support.ts';

const JOBS = 40;

async function collectorState(engine: TestEngine): Promise<{ ids: string[]; dict: JsonObject; counter: number }> {
  const collect = new RawClient(engine.handle.ports.collect_pull_url, 'client90.collect.DEALER');
  const queue = new RawClient(engine.handle.ports.engine_pull_url, 'client90.engine.DEALER');
  try {
    const ids = (await collect.ask({ action: 'job_id_list' })).jobid_list as string[];
    const dict = (await collect.ask({ action: 'job_status_dict' })).json_result as JsonObject;
    const queued = await queue.ask({ action: 'helloworld', args: [], kwargs: {}, callback_url: null, callback_method: null, request: {}, lane: 'fast' });
    return { ids, dict, counter: queued.jobcounter as number };
  } finally {
    collect.close();
    queue.close();
  }
}

describe('legacy-sim start-up registration', () => {
  let oneByOne: TestEngine;
  let batch: TestEngine;

  before(async () => {
    [oneByOne, batch] = await Promise.all([
      startTestEngine('reg-one', { scale: 0.01, historicalJobs: JOBS, options: { mitigations: PRE_MITIGATION }, engines: { fast: 1, slow: 0 } }),
      startTestEngine('reg-batch', { scale: 0.01, historicalJobs: JOBS, options: { mitigations: PRODUCTION_MITIGATIONS }, engines: { fast: 1, slow: 0 } }),
    ]);
  });

  after(async () => {
    await oneByOne?.stop();
    await batch?.stop();
  });

  test('batch and one-by-one registration give the same collector state', async () => {
    const a = await collectorState(oneByOne);
    const b = await collectorState(batch);
    assert.equal(a.ids.length, JOBS);
    assert.deepEqual(a.ids, b.ids);
    assert.deepEqual(a.dict, b.dict);
    for (const row of Object.values(a.dict)) assert.equal((row as JsonObject).status, 'completed');
    assert.equal(a.counter, JOBS + 1);
    assert.equal(b.counter, JOBS + 1);
  });

  test('the start-up report says how many round trips each took', () => {
    assert.match(oneByOne.handle.startup.notes[0], new RegExp(`in ${JOBS + 1} round trips \\(one per job\\)`));
    assert.match(batch.handle.startup.notes[0], /in 2 round trips \(batch\)/);
    assert.equal(oneByOne.handle.settings.batchRegistration, false);
    assert.equal(batch.handle.settings.batchRegistration, true);
  });

  test('the convoy-issue version and production today: heartbeat policies and recorded switches', () => {
    assert.deepEqual(oneByOne.handle.heartbeatPolicy, PRE_MITIGATION_HEARTBEAT);
    assert.deepEqual(batch.handle.heartbeatPolicy, PRODUCTION_HEARTBEAT);
    for (const key of ['statusCache', 'batchRegistration', 'prometheusLimit', 'busyGuard', 'heartbeatStatusDictLimit', 'durability', 'fsyncPerWrite', 'shelveLatencyMs', 'crashOnBadFrame', 'rebuildSocketOnTimeout', 'perReplyCostMs', 'receiveTimeoutMs', 'scale']) {
      assert.ok(key in batch.handle.settings, `settings.${key}`);
    }
    assert.equal(oneByOne.handle.settings.statusCache, false);
    assert.equal(batch.handle.settings.statusCache, true);
    assert.equal(batch.handle.settings.durability, 'relaxed');
    assert.equal(batch.handle.settings.receiveTimeoutMs, 120_000 * 0.01);
  });
});
