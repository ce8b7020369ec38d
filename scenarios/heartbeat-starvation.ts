/**
 * Heartbeat starvation (issue 3 item 8; LEGACY.md "The three symptoms"): the
 * heartbeat's status-dict refresh holds `_collect_lock` while the collector
 * walks every known job, and every other web thread waits behind it.
 *
 * Where the numbers come from (all production time; the runner scales them):
 * - 16 threads: WBIA's gunicorn web process (LEGACY.md "Processes").
 * - heartbeat 0.5/s: the heartbeat is called about every 2 s (LEGACY.md
 *   "Mitigations": PROMETHEUS_LIMIT = 30 makes the refresh about once a minute).
 * - 3 000 historical jobs ("thousands"): LEGACY.md "What it costs" measured
 *   an uncached status dict at 139 ms for 1 000 jobs, so about 0.4 s per
 *   refresh here in production; a real server keeps every job since install.
 * - the rest of the mix is a load a healthy collector carries with room
 *   (LEGACY.md: ~100 `job_status`/s back to back, ~10 jobs/s end to end):
 *   2 status polls/s, 0.5 result fetches/s, 0.2 metadata reads/s and 0.2
 *   job submissions/s (2 % of the job ceiling) of 1 s `helloworld` jobs.
 *   At LEGACY.md's costs (2–10 ms a read, 8 messages of ~2–12 ms a job) that
 *   keeps a collector without heartbeats under about 5 % busy. These rates
 *   are our assumption of "production-like", not a measurement.
 * - scale 0.05 by default: RCVTIMEO 120 s runs as 6 s, a 10-minute
 *   production window as 30 s. At 0.01 (CI) real, unscaled costs (shelve
 *   file I/O, socket hops) weigh five times more against the scaled
 *   constants: read those runs with results.json `unscaledOverheadUs` and
 *   `scaledConstants` in mind (ARCHITECTURE.md "Time scale").
 * - what a seeded job weighs: the collector's walk reads one shelve per job
 *   with real file I/O, which the scale does not shrink. Measured here: a
 *   3 000-job walk takes ~0.2–0.5 s of wall time at any scale, i.e. 4–10 s
 *   of production time at scale 0.05; at LEGACY.md's 0.13 ms a job
 *   ((139 − 22) ms / 900 jobs, "What it costs") that is the walk of a
 *   production server with ~30 000–75 000 jobs. Read the run as such a
 *   server, not as one with 3 000 jobs.
 * - no timeout-cascade gate here, on purpose: `_collect_lock` is released
 *   only after the reply, and RCVTIMEO counts from the send, so a web thread
 *   times out only when ONE collector request outlasts 120 s. A heartbeat
 *   walk does that only past ~900 000 jobs at LEGACY.md's per-job cost; with
 *   "thousands" of jobs the heartbeat starves the threads (lock wait grows
 *   without bound) but never trips RCVTIMEO. Forcing it here would mean
 *   seeding to fit the chart. The cascade has its own scenario
 *   (`timeout-cascade`: a stalled collector), where the mechanism exists.
 */
import type { Scenario } from '../harness/scenario/types.ts';

const NEW_TARGETS = ['sqlite', 'postgres', 'bullmq'];

export const heartbeatStarvation: Scenario = {
  name: 'heartbeat-starvation',
  question: "Does the heartbeat's status-dict refresh starve the web threads of the legacy engine, and do the replacements end it?",
  demonstrates:
    "16 web threads serve status polls, result fetches, submissions and heartbeats against thousands of historical jobs; on legacy the heartbeat's refresh holds _collect_lock while the collector walks every job, so lock wait dominates latency and requests queue without bound.",
  targets: ['legacy', 'legacy-mitigated', 'sqlite', 'postgres', 'bullmq'],
  threads: 16,
  scale: 0.05,
  seed: 20261204,
  historicalJobs: 3000,
  engines: { fast: 2, slow: 2 },
  phases: { warmupSec: 30, measureSec: 600 },
  load: {
    model: 'open',
    arrival: 'poisson',
    ratesPerSec: { job_status: 2, job_result: 0.5, job_metadata: 0.2, queue_job: 0.2, heartbeat: 0.5 },
  },
  maxOps: 2_000_000,
  job: { action: 'helloworld', timeSec: 1, lane: 'fast' },
  ownPollShare: 0.5,
  statusDictLimit: null,
  callback: null,
  drainSec: 120,
  faults: [],
  gates: [
    {
      kind: 'ratio',
      name: 'legacy heartbeat p99 far above its service time',
      smaller: { target: 'legacy', op: 'heartbeat', metric: 'roundTrip.p50' },
      larger: { target: 'legacy', op: 'heartbeat', metric: 'p99' },
      factor: 10,
    },
    { kind: 'bound', name: 'lock wait dominates latency', metric: { metric: 'lockWaitShare' }, targets: ['legacy'], cmp: '>=', value: 0.5 },
    {
      kind: 'ratio',
      name: 'mitigations shrink the heartbeat p99',
      smaller: { target: 'legacy-mitigated', op: 'heartbeat', metric: 'p99' },
      larger: { target: 'legacy', op: 'heartbeat', metric: 'p99' },
      factor: 2,
    },
    {
      kind: 'ratio',
      name: 'mitigated still convoys (status polls wait behind others)',
      smaller: { target: 'legacy-mitigated', op: 'job_status', metric: 'roundTrip.p50' },
      larger: { target: 'legacy-mitigated', op: 'job_status', metric: 'lockWait.p99' },
      factor: 10,
    },
    {
      kind: 'ratio',
      name: 'sqlite heartbeat p99 at least 50x below legacy',
      smaller: { target: 'sqlite', op: 'heartbeat', metric: 'p99' },
      larger: { target: 'legacy', op: 'heartbeat', metric: 'p99' },
      factor: 50,
    },
    { kind: 'bound', name: 'no timeouts on the new targets', metric: { metric: 'timeouts' }, targets: NEW_TARGETS, cmp: '==', value: 0 },
    { kind: 'bound', name: 'no lost jobs on the new targets', metric: { metric: 'lost' }, targets: NEW_TARGETS, cmp: '==', value: 0 },
    { kind: 'bound', name: 'no duplicated jobs', metric: { metric: 'duplicated' }, targets: ['legacy', 'legacy-mitigated', ...NEW_TARGETS], cmp: '==', value: 0 },
  ],
  headlines: [
    { label: 'heartbeat p99, legacy ÷ sqlite', numerator: { target: 'legacy', op: 'heartbeat', metric: 'p99' }, denominator: { target: 'sqlite', op: 'heartbeat', metric: 'p99' } },
    {
      label: 'heartbeat p99, legacy ÷ legacy-mitigated',
      numerator: { target: 'legacy', op: 'heartbeat', metric: 'p99' },
      denominator: { target: 'legacy-mitigated', op: 'heartbeat', metric: 'p99' },
    },
  ],
};
