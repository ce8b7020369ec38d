/**
 * The switches of legacy-sim. Defaults = production today (issue 2 item 7);
 * {@link PRE_MITIGATION} = the version the convoy issue describes.
 */
import type { Durability } from '../harness/contract/target.ts';
import { PROMETHEUS_LIMIT_PRE_MITIGATION, PROMETHEUS_LIMIT_PRODUCTION } from './constants.ts';

/** LEGACY.md "Mitigations already applied in production", each a switch. */
export interface Mitigations {
  /** JOB_STATUS_CACHE in the collector. */
  statusCache: boolean;
  /** Start-up registration in one round trip instead of one per job. */
  batchRegistration: boolean;
  /** PROMETHEUS_LIMIT (30 today, 1 before). */
  prometheusLimit: number;
  /** `_PROMETHEUS_BUSY`: one refresh at a time. */
  busyGuard: boolean;
  /** `limit` the heartbeat's refresh passes to `job_status_dict`; null = all jobs. */
  heartbeatStatusDictLimit: number | null;
}

export const PRODUCTION_MITIGATIONS: Mitigations = {
  statusCache: true,
  batchRegistration: true,
  prometheusLimit: PROMETHEUS_LIMIT_PRODUCTION,
  busyGuard: true,
  heartbeatStatusDictLimit: null,
};

export const PRE_MITIGATION: Mitigations = {
  statusCache: false,
  batchRegistration: false,
  prometheusLimit: PROMETHEUS_LIMIT_PRE_MITIGATION,
  busyGuard: false,
  heartbeatStatusDictLimit: null,
};

/** What the collector process needs to know (passed as its argv JSON). */
export interface CollectorOptions {
  shelvesDir: string;
  scale: number;
  statusCache: boolean;
  /** fsync every shelve write (`durability: 'strict'`). */
  fsync: boolean;
  /** Injected latency per shelve get/set, production ms (× scale): slow or network disks. */
  shelveLatencyMs: number;
  /** Reproduce the real crash on a malformed frame (LEGACY.md "A frame that is not JSON kills the collector"). */
  crashOnBadFrame: boolean;
  /** Per-reply CPU cost, production ms (× scale); see constants.ts. */
  perReplyCostMs: number;
  /** Print every request to stderr, as the real collector prints it. */
  printRequests: boolean;
}

export interface LegacySimOptions {
  mitigations: Mitigations;
  durability: Durability;
  shelveLatencyMs: number;
  crashOnBadFrame: boolean;
  /** Close and rebuild a DEALER after a receive timeout (WBIA does). */
  rebuildSocketOnTimeout: boolean;
  perReplyCostMs: number;
  printRequests: boolean;
}
