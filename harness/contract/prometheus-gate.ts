/**
 * WBIA's `prometheus_update()` gate, shared by every web thread of one
 * target (wbia/web/prometheus.py): each heartbeat increments
 * PROMETHEUS_COUNTER; when it reaches PROMETHEUS_LIMIT it resets to 0 and
 * this call runs the expensive refresh (the status dict, under
 * `_collect_lock` on legacy). With `_PROMETHEUS_BUSY` on, a refresh that is
 * due while another thread is refreshing is skipped.
 *
 * State lives in a SharedArrayBuffer so that worker threads share it, as
 * gunicorn threads share the module globals.
 */
import type { HeartbeatReply } from './job-service.ts';

export interface HeartbeatPolicy {
  /** PROMETHEUS_LIMIT: 30 in production today, 1 before the mitigation. */
  prometheusLimit: number;
  /** `_PROMETHEUS_BUSY`: at most one thread refreshes at a time. */
  busyGuard: boolean;
  /** `limit` passed to the status dict by the refresh; null = all jobs. */
  statusDictLimit: number | null;
}

export const PRODUCTION_HEARTBEAT: HeartbeatPolicy = { prometheusLimit: 30, busyGuard: true, statusDictLimit: null };
export const PRE_MITIGATION_HEARTBEAT: HeartbeatPolicy = { prometheusLimit: 1, busyGuard: false, statusDictLimit: null };

const COUNTER = 0;
const BUSY = 1;
const SLOTS = 2;

export interface PrometheusGateInit {
  buffer: SharedArrayBuffer;
  policy: HeartbeatPolicy;
}

export class PrometheusGate {
  readonly policy: HeartbeatPolicy;
  private readonly cells: Int32Array;

  constructor(init: PrometheusGateInit) {
    this.policy = init.policy;
    this.cells = new Int32Array(init.buffer);
  }

  /** Made once per target in the main thread; pass `init` to every worker. */
  static create(policy: HeartbeatPolicy): PrometheusGate {
    return new PrometheusGate({ buffer: new SharedArrayBuffer(SLOTS * Int32Array.BYTES_PER_ELEMENT), policy });
  }

  get init(): PrometheusGateInit {
    return { buffer: this.cells.buffer as SharedArrayBuffer, policy: this.policy };
  }

  /**
   * One heartbeat. `refresh` does the target's expensive work and returns the
   * number of jobs it counted.
   */
  async heartbeat(refresh: (statusDictLimit: number | null) => Promise<number>): Promise<HeartbeatReply> {
    const limit = Math.max(1, this.policy.prometheusLimit);
    const count = Atomics.add(this.cells, COUNTER, 1) + 1;
    if (count < limit) return { refreshed: false, skippedBusy: false, jobsCounted: null };
    // Reset as WBIA does (PROMETHEUS_COUNTER = 0); concurrent increments between
    // the add and this store are lost, as with the unguarded Python global.
    Atomics.store(this.cells, COUNTER, 0);
    if (this.policy.busyGuard) {
      if (Atomics.compareExchange(this.cells, BUSY, 0, 1) !== 0) {
        return { refreshed: false, skippedBusy: true, jobsCounted: null };
      }
    }
    try {
      const jobsCounted = await refresh(this.policy.statusDictLimit);
      return { refreshed: true, skippedBusy: false, jobsCounted };
    } finally {
      if (this.policy.busyGuard) Atomics.store(this.cells, BUSY, 0);
    }
  }
}
