/**
 * Slow-callback convoy (LEGACY.md "The three symptoms": one slow collector
 * request, a 5 s callback, and every other thread waits behind it). Every
 * submitted job names a callback endpoint on 127.0.0.1 that answers after
 * 5 s (production); the legacy collector's `store` makes that request
 * blocking and without a timeout (LEGACY.md "Collector actions"), so its one
 * loop stands still for 5 s per job while web threads queue on
 * `_collect_lock`. The new targets call back off the request path.
 *
 * Numbers (production time, scaled by the runner):
 * - callback 5 s: the figure LEGACY.md gives for the convoy;
 * - one job every 20 s (0.05/s): the collector is then blocked about a
 *   quarter of the time, a convoy without a saturated collector;
 * - the status-poll / result / metadata mix of heartbeat-starvation without
 *   its heartbeats, and 500 historical jobs, so that the status dict is not
 *   the cause;
 * - scale 0.05 by default: the callback runs as 250 ms, the 600 s window as 30 s.
 */
import type { Scenario } from '../harness/scenario/types.ts';

const NEW_TARGETS = ['sqlite', 'postgres', 'bullmq'];

export const slowCallbackConvoy: Scenario = {
  name: 'slow-callback-convoy',
  question: "Does one slow job callback stall every web thread behind the legacy collector, and do the replacements keep serving?",
  demonstrates:
    "Each job's callback endpoint answers after 5 s; legacy's collector blocks on it inside `store`, and status polls from every thread wait on _collect_lock meanwhile.",
  targets: ['legacy', 'legacy-mitigated', 'sqlite', 'postgres', 'bullmq'],
  threads: 16,
  scale: 0.05,
  seed: 5000,
  historicalJobs: 500,
  engines: { fast: 2, slow: 2 },
  phases: { warmupSec: 30, measureSec: 600 },
  load: {
    model: 'open',
    arrival: 'poisson',
    ratesPerSec: { job_status: 2, job_result: 0.5, job_metadata: 0.2, queue_job: 0.05 },
  },
  maxOps: 2_000_000,
  job: { action: 'helloworld', timeSec: 1, lane: 'fast' },
  ownPollShare: 0.5,
  statusDictLimit: null,
  callback: { delaySec: 5, method: 'POST' },
  drainSec: 120,
  faults: [],
  gates: [
    {
      kind: 'ratio',
      name: 'legacy status polls wait behind the callback',
      smaller: { target: 'legacy', op: 'job_status', metric: 'roundTrip.p50' },
      larger: { target: 'legacy', op: 'job_status', metric: 'p99' },
      factor: 20,
    },
    {
      kind: 'ratio',
      name: 'sqlite status p99 at least 10x below legacy',
      smaller: { target: 'sqlite', op: 'job_status', metric: 'p99' },
      larger: { target: 'legacy', op: 'job_status', metric: 'p99' },
      factor: 10,
    },
    { kind: 'bound', name: 'no timeouts on the new targets', metric: { metric: 'timeouts' }, targets: NEW_TARGETS, cmp: '==', value: 0 },
    { kind: 'bound', name: 'no lost jobs', metric: { metric: 'lost' }, targets: ['legacy', 'legacy-mitigated', ...NEW_TARGETS], cmp: '==', value: 0 },
  ],
  headlines: [
    { label: 'job_status p99, legacy ÷ sqlite', numerator: { target: 'legacy', op: 'job_status', metric: 'p99' }, denominator: { target: 'sqlite', op: 'job_status', metric: 'p99' } },
  ],
};
