/**
 * Timeout cascade (LEGACY.md "The three symptoms"): threads hit the receive
 * timeout, sockets are torn down and rebuilt, and the requests queued behind
 * them time out in turn. Triggered by pausing the legacy collector (SIGSTOP)
 * for longer than RCVTIMEO; targets without a `collector` component run the
 * same load unpaused (the runner says so in one line), as the control.
 *
 * Numbers (production time, scaled by the runner):
 * - pause 400 s at 60 s into the measured phase: over three RCVTIMEOs
 *   (120 s, LEGACY.md "The web side"), so with `_collect_lock` serialising
 *   the web threads, timeouts follow one another one RCVTIMEO apart;
 * - the mix and thread count of heartbeat-starvation (see there) without
 *   its heartbeats, and a small history (500 jobs): the pause, not the
 *   status-dict walk, is the cause here (heartbeat-starvation covers that);
 * - scale 0.02 by default: RCVTIMEO runs as 2.4 s, the 900 s window as 18 s.
 *
 * Wrong replies are counted and shown, not gated: the rebuilt DEALER keeps
 * WBIA's identity (`client<id>.collect.DEALER`), so a late reply that
 * reaches the proxy after the new socket connected is routed to it, and
 * from then on every request reads the previous one's reply (legacy-sim/README.md,
 * "The rebuild does not end the wrong-reply hazard"). Whether that happens in a run depends on
 * whether the late reply beats the reconnect: a real hazard, not a
 * deterministic property to gate on.
 */
import type { Scenario } from '../harness/scenario/types.ts';

const NEW_TARGETS = ['sqlite', 'postgres', 'bullmq'];

export const timeoutCascade: Scenario = {
  name: 'timeout-cascade',
  question: 'When the legacy collector stalls past RCVTIMEO, do timeouts cascade through the web threads, and do jobs survive it?',
  demonstrates:
    'A collector paused for 400 s (production) makes the thread holding _collect_lock time out, rebuild its socket and hand the lock to the next, which times out in turn; the replacements run the same load as the control.',
  targets: ['legacy', 'legacy-mitigated', 'sqlite', 'postgres', 'bullmq'],
  threads: 16,
  scale: 0.02,
  seed: 120,
  historicalJobs: 500,
  engines: { fast: 2, slow: 2 },
  phases: { warmupSec: 30, measureSec: 900 },
  load: {
    model: 'open',
    arrival: 'poisson',
    ratesPerSec: { job_status: 2, job_result: 0.5, job_metadata: 0.2, queue_job: 0.2 },
  },
  maxOps: 2_000_000,
  job: { action: 'helloworld', timeSec: 1, lane: 'fast' },
  ownPollShare: 0.5,
  statusDictLimit: null,
  callback: null,
  drainSec: 300,
  faults: [{ atSec: 60, action: 'pause', component: 'collector', forSec: 400 }],
  gates: [
    { kind: 'bound', name: 'timeouts cascade', metric: { metric: 'cascades' }, targets: ['legacy', 'legacy-mitigated'], cmp: '>=', value: 1 },
    { kind: 'bound', name: 'sockets rebuilt after timeouts', metric: { metric: 'socketRebuilds' }, targets: ['legacy', 'legacy-mitigated'], cmp: '>=', value: 1 },
    { kind: 'bound', name: 'no timeouts on the new targets', metric: { metric: 'timeouts' }, targets: NEW_TARGETS, cmp: '==', value: 0 },
    { kind: 'bound', name: 'no lost jobs', metric: { metric: 'lost' }, targets: ['legacy', 'legacy-mitigated', ...NEW_TARGETS], cmp: '==', value: 0 },
    { kind: 'bound', name: 'no duplicated jobs', metric: { metric: 'duplicated' }, targets: ['legacy', 'legacy-mitigated', ...NEW_TARGETS], cmp: '==', value: 0 },
  ],
  headlines: [
    { label: 'job_status p99, legacy ÷ sqlite', numerator: { target: 'legacy', op: 'job_status', metric: 'p99' }, denominator: { target: 'sqlite', op: 'job_status', metric: 'p99' } },
  ],
};
