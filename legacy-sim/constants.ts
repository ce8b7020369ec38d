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
 * `gc.collect()` (and `on_collect_request` prints every request).
 *
 * Derived from LEGACY.md "What it costs" (public job_engine.py, 2 cores,
 * one client asking in turn):
 *   row "`job_status` back to back (one client, no gaps)": ~10 ms each
 *     (80–106 requests/s at most);
 *   row "`job_status` with 50 ms idle gaps between requests": 1.8 ms median.
 *   `job_status` is a memory lookup. The collection runs *after* the reply is
 *   sent: with idle gaps it happens while the client is idle, so the 1.8 ms
 *   round trip does not contain it; back to back, every request waits for
 *   the previous request's collection, so the 10 ms period does. Hence
 *     PER_REPLY_COST_MS = 10 ms − 1.8 ms = 8.2 ms.
 * Cross-checks (not used to fit):
 *   - "submit 100 no-op jobs": 9.9 s / (100 jobs × 8 collector messages)
 *     = 12.4 ms a message = 8.2 ms + ~4 ms of shelve I/O and hops;
 *   - `job_result`/`job_input` medians (one shelve read, asked in turn):
 *     9–11 ms, the back-to-back period again;
 *   - "a busy collector is a slower one … five-fold from idle to
 *     saturated": 1.8 ms → ~10 ms, i.e. the collection becomes visible.
 * What we leave out: WBIA's 1.8 ms idle round trip (print + pyzmq hops
 * through the queue device) is not modelled; ours is our real hop cost
 * (see `npm run bench -- legacy`, "client RTT"). A real server's larger
 * heap makes each collection slower than this stubbed figure: the model
 * errs on the mild side.
 * Modelled as a busy spin (gc.collect is CPU, holding the collector's only
 * thread, competing for the two cores) of PER_REPLY_COST_MS × scale, after
 * the reply is sent.
 */
export const PER_REPLY_COST_MS = 8.2;

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
