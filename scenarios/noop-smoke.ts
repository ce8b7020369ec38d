/**
 * Smoke test of the whole pipeline (driver → recorder → merge → results →
 * gates) against the `noop` target, in about a second of wall time.
 */
import type { Scenario } from '../harness/scenario/types.ts';

export const noopSmoke: Scenario = {
  name: 'noop-smoke',
  question: 'Does the harness itself run end to end and record every operation?',
  demonstrates: 'The driver, recorder, ledger and gates on a target that answers at once; nothing about any job engine.',
  targets: ['noop'],
  threads: 4,
  scale: 1,
  seed: 42,
  historicalJobs: 100,
  engines: { fast: 1, slow: 1 },
  phases: { warmupSec: 0.2, measureSec: 1 },
  load: {
    model: 'open',
    arrival: 'poisson',
    ratesPerSec: { job_status: 300, job_result: 100, job_metadata: 50, queue_job: 50, job_id_list: 10, job_status_dict: 10, heartbeat: 30 },
  },
  maxOps: 100_000,
  job: { action: 'helloworld', timeSec: 0, lane: 'fast' },
  ownPollShare: 0.5,
  statusDictLimit: null,
  callback: null,
  drainSec: 2,
  faults: [],
  gates: [
    { kind: 'bound', name: 'no lost jobs', metric: { metric: 'lost' }, targets: ['noop'], cmp: '==', value: 0 },
    { kind: 'bound', name: 'no duplicated jobs', metric: { metric: 'duplicated' }, targets: ['noop'], cmp: '==', value: 0 },
    { kind: 'bound', name: 'no timeouts', metric: { metric: 'timeouts' }, targets: ['noop'], cmp: '==', value: 0 },
  ],
  headlines: [],
};
