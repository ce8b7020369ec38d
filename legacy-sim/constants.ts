/**
 * Every legacy constant, at its production value, with where it comes from.
 * All of them are multiplied by the run's scale (LEGACY.md / ARCHITECTURE.md
 * "Time scale") through {@link scaled}.
 */

/** `JobInterface` RCVTIMEO on both DEALERs (LEGACY.md "The web side"). */
export const RECEIVE_TIMEOUT_MS = 120_000;

/** `wait_for_shelve_lock_file`: `time.sleep(1)` between looks (LEGACY.md "The shelve store", step 1). */
export const SHELVE_LOCK_POLL_MS = 1_000;

/** `wait_for_shelve_lock_file(timeout=600)`: give up and go ahead anyway. */
export const SHELVE_LOCK_GIVE_UP_MS = 600_000;

/** `initialize_process_record`: MAX_ATTEMPTS before a job counts as `suppressed`. */
export const MAX_ATTEMPTS = 20;

/** PROMETHEUS_LIMIT in production today, and before the mitigation (LEGACY.md "Mitigations"). */
export const PROMETHEUS_LIMIT_PRODUCTION = 30;
export const PROMETHEUS_LIMIT_PRE_MITIGATION = 1;

/** `JobBackend._initialize_job_ports(static_root=51381)`. */
export const STATIC_PORT_ROOT = 51381;

/** `NUM_ENGINES`: engines per lane. */
export const ENGINES_PER_LANE = 2;

/**
 * The collector's per-reply cost: after every reply `collector_loop` runs
 * `gc.collect()` and `on_collect_request` prints the request.
 *
 * Derived from LEGACY.md "What it costs" (public job_engine.py, 2 cores):
 *   row "`job_status` with 50 ms idle gaps between requests": 1.8 ms median
 *   round trip. `job_status` is answered from memory (a dict lookup, no
 *   shelve I/O), and with idle gaps nothing queues ahead of it, so that
 *   1.8 ms is the fixed cost of one request on an idle collector:
 *   gc.collect() + print + pyzmq's hops through the queue device.
 *   We take all of it as the per-reply cost (1.8 ms):
 *     PER_REPLY_COST_MS = 1.8 ms − 0 (memory lookup) = 1.8 ms.
 *   Our own socket hops are real and are paid on top, so this slightly
 *   over-counts on an idle collector (by our hop cost, ~0.1–0.3 ms measured
 *   by `npm run bench -- legacy`), never under-counts.
 * Cross-checks (not used to fit, the rows are saturated, where the cost
 *   rises about five-fold as the collector competes for the two cores with
 *   the queue device and its clients, which our spin reproduces by being
 *   real CPU work):
 *   - "`job_status` back to back": ~10 ms each = 1.8 ms × ~5.5;
 *   - "submit 100 no-op jobs": 9.9 s / (100 jobs × 8 collector messages)
 *     = 12.4 ms a message, also saturated.
 * Modelled as a busy spin (gc.collect is CPU, holding the collector's only
 * thread) of PER_REPLY_COST_MS × scale.
 */
export const PER_REPLY_COST_MS = 1.8;

/** Production milliseconds × scale. */
export function scaled(productionMs: number, scale: number): number {
  return productionMs * scale;
}

/** The constants as recorded in results.json `scaledConstants`. */
export function scaledConstants(scale: number): Record<string, { productionMs: number; scaledMs: number }> {
  const table: Record<string, number> = {
    RCVTIMEO: RECEIVE_TIMEOUT_MS,
    SHELVE_LOCK_POLL: SHELVE_LOCK_POLL_MS,
    SHELVE_LOCK_GIVE_UP: SHELVE_LOCK_GIVE_UP_MS,
    COLLECTOR_PER_REPLY_COST: PER_REPLY_COST_MS,
  };
  return Object.fromEntries(Object.entries(table).map(([k, ms]) => [k, { productionMs: ms, scaledMs: scaled(ms, scale) }]));
}
