/**
 * The collector's own clock: per-action service time (recv → reply sent,
 * per-reply cost included), arrivals and busy time, so the report can draw
 * the single-server queueing overlay. Delivered over the IPC channel, never
 * over ZeroMQ (the ZeroMQ protocol stays WBIA's).
 */
import * as hdr from 'hdr-histogram-js';

export interface ActionStats {
  count: number;
  meanServiceUs: number;
  p50ServiceUs: number;
  p99ServiceUs: number;
  maxServiceUs: number;
  /** Handler alone (shelve I/O, callbacks), without the send and the per-reply cost. */
  meanHandlerUs: number;
}

export interface CollectorStats {
  actions: Record<string, ActionStats>;
  requests: number;
  arrivalsPerSec: number;
  meanServiceUs: number;
  /** Busy time / elapsed time since the first arrival. */
  utilisation: number;
  elapsedMs: number;
  badFrames: number;
  handlerErrors: number;
  knownJobs: number;
  shelve: { gets: number; sets: number; lockWaits: number; lockGiveUps: number };
}

interface Slot {
  histogram: hdr.Histogram;
  handlerUsTotal: number;
}

export class StatsRecorder {
  private slots = new Map<string, Slot>();
  private firstArrivalMs: number | null = null;
  private lastDoneMs = 0;
  private busyUs = 0;
  private requests = 0;
  badFrames = 0;
  handlerErrors = 0;

  arrival(nowMs: number): void {
    if (this.firstArrivalMs === null) this.firstArrivalMs = nowMs;
    this.requests += 1;
  }

  record(action: string, serviceUs: number, handlerUs: number, doneMs: number): void {
    let slot = this.slots.get(action);
    if (!slot) {
      slot = { histogram: hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 3_600_000_000, numberOfSignificantValueDigits: 3 }), handlerUsTotal: 0 };
      this.slots.set(action, slot);
    }
    slot.histogram.recordValue(Math.max(1, Math.round(serviceUs)));
    slot.handlerUsTotal += handlerUs;
    this.busyUs += serviceUs;
    this.lastDoneMs = doneMs;
  }

  reset(): void {
    this.slots = new Map();
    this.firstArrivalMs = null;
    this.lastDoneMs = 0;
    this.busyUs = 0;
    this.requests = 0;
    this.badFrames = 0;
    this.handlerErrors = 0;
  }

  snapshot(nowMs: number, extra: Pick<CollectorStats, 'knownJobs' | 'shelve'>): CollectorStats {
    const actions: Record<string, ActionStats> = {};
    let served = 0;
    for (const [name, slot] of this.slots) {
      const h = slot.histogram;
      actions[name] = {
        count: h.totalCount,
        meanServiceUs: h.mean,
        p50ServiceUs: h.getValueAtPercentile(50),
        p99ServiceUs: h.getValueAtPercentile(99),
        maxServiceUs: h.maxValue,
        meanHandlerUs: h.totalCount > 0 ? slot.handlerUsTotal / h.totalCount : 0,
      };
      served += h.totalCount;
    }
    const elapsedMs = this.firstArrivalMs === null ? 0 : Math.max(nowMs, this.lastDoneMs) - this.firstArrivalMs;
    return {
      actions,
      requests: this.requests,
      arrivalsPerSec: elapsedMs > 0 ? (this.requests * 1000) / elapsedMs : 0,
      meanServiceUs: served > 0 ? this.busyUs / served : 0,
      utilisation: elapsedMs > 0 ? Math.min(1, this.busyUs / 1000 / elapsedMs) : 0,
      elapsedMs,
      badFrames: this.badFrames,
      handlerErrors: this.handlerErrors,
      ...extra,
    };
  }
}
