/**
 * The front's worker threads and their FIFO (gunicorn's gthread model, as
 * WBIA runs it with 16 threads): each thread serves one request at a time;
 * a request that finds every thread busy waits in arrival order for the
 * first one to free up. The wait is measured here (`queueWaitUs`).
 */
import { performance } from 'node:perf_hooks';
import type { Worker } from 'node:worker_threads';
import type { PrometheusGateInit } from '../contract/prometheus-gate.ts';
import type { WorkerConnection } from '../contract/target.ts';
import { errorEnvelope } from './envelope.ts';
import type { FrontErrorCode } from './envelope.ts';
import type { FromWorker, FrontWorkerData, ToWorker } from './front-protocol.ts';
import type { ServerSplit } from './headers.ts';
import type { FrontRequest } from './routes.ts';
import { spawnTsWorker } from '../ts-worker.ts';
import { clampUs, newHistogram } from '../metrics/histogram.ts';
import type { Histogram } from '../metrics/histogram.ts';

const WORKER_ENTRY = new URL('./front-worker.ts', import.meta.url);
const CLOSE_GRACE_MS = 5000;

export interface PoolReply {
  httpStatus: number;
  body: string;
  jobcounter: number | null;
  split: ServerSplit;
}

export interface ThreadPoolOptions {
  threads: number;
  connection: (threadIndex: number) => WorkerConnection;
  gate: PrometheusGateInit;
  /** Requests allowed to wait for a thread; past it, 503 at once. */
  maxQueued: number;
}

/** Percentiles of one of the front's own measurements, µs. */
// A type alias, not an interface, so it fits JsonObject in collectStats().
export type SplitPercentiles = {
  count: number;
  p50Us: number;
  p99Us: number;
  maxUs: number;
};

export interface ThreadPoolStats {
  threads: number;
  alive: number;
  busy: number;
  queued: number;
  served: number;
  maxQueued: number;
  /** Deepest the FIFO has been. */
  maxQueueDepth: number;
  rejectedOverload: number;
  /** Waiting for a free thread, over every answered request. */
  queueWait: SplitPercentiles;
  /** Time in a thread, over every answered request. */
  service: SplitPercentiles;
}

interface Pending {
  request: FrontRequest;
  arrivedMs: number;
  resolve: (reply: PoolReply) => void;
}

interface InFlight extends Pending {
  id: number;
  dispatchedMs: number;
}

interface Slot {
  index: number;
  worker: Worker;
  alive: boolean;
  current: InFlight | null;
}

function percentiles(h: Histogram): SplitPercentiles {
  const empty = h.totalCount === 0;
  return {
    count: h.totalCount,
    p50Us: empty ? 0 : h.getValueAtPercentile(50),
    p99Us: empty ? 0 : h.getValueAtPercentile(99),
    maxUs: empty ? 0 : h.maxValue,
  };
}

function failureReply(httpStatus: number, code: FrontErrorCode, message: string, queueWaitUs: number, thread = -1): PoolReply {
  return {
    httpStatus,
    body: JSON.stringify(errorEnvelope(httpStatus, code, message)),
    jobcounter: null,
    split: { queueWaitUs, lockWaitUs: 0, roundTripUs: 0, serviceUs: 0, outcome: 'error', thread, wrongReply: false, socketRebuilt: false },
  };
}

export class FrontThreadPool {
  private readonly slots: Slot[] = [];
  private readonly idle: Slot[] = [];
  private readonly fifo: Pending[] = [];
  private readonly maxQueued: number;
  private nextId = 1;
  private closing = false;
  private served = 0;
  private maxQueueDepth = 0;
  private rejectedOverload = 0;
  private readonly queueWaitHistogram = newHistogram(2);
  private readonly serviceHistogram = newHistogram(2);

  private constructor(maxQueued: number) {
    this.maxQueued = maxQueued;
  }

  /** Spawn every thread and wait until each has built its JobService. */
  static async start(options: ThreadPoolOptions): Promise<FrontThreadPool> {
    const pool = new FrontThreadPool(options.maxQueued);
    const ready: Promise<void>[] = [];
    try {
      for (let i = 0; i < options.threads; i++) {
        const conn = options.connection(i);
        const data: FrontWorkerData = { threadIndex: i, serviceModule: conn.serviceModule, info: conn.info, gate: options.gate };
        const worker = spawnTsWorker(WORKER_ENTRY, { workerData: data, transferList: conn.transfer });
        const slot: Slot = { index: i, worker, alive: true, current: null };
        pool.slots.push(slot);
        ready.push(pool.watch(slot));
      }
    } catch (error) {
      // The target refused a connection: end the threads already started.
      await Promise.allSettled(ready);
      await pool.close();
      throw error;
    }
    const results = await Promise.allSettled(ready);
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) {
      await pool.close();
      throw failed.reason;
    }
    return pool;
  }

  /** Resolves once the worker is ready; afterwards routes its replies. */
  private watch(slot: Slot): Promise<void> {
    return new Promise((resolve, reject) => {
      let started = false;
      slot.worker.on('message', (message: FromWorker) => {
        switch (message.type) {
          case 'ready':
            started = true;
            this.release(slot);
            resolve();
            return;
          case 'init-error':
            reject(new Error(`front thread ${slot.index}: ${message.message}`));
            return;
          case 'response':
            this.answer(slot, message);
            return;
          case 'closed':
            return;
        }
      });
      const die = (why: string) => {
        if (!slot.alive) return;
        slot.alive = false;
        const idleAt = this.idle.indexOf(slot);
        if (idleAt >= 0) this.idle.splice(idleAt, 1);
        if (!started) reject(new Error(`front thread ${slot.index}: ${why}`));
        const current = slot.current;
        slot.current = null;
        if (current) current.resolve(failureReply(500, 'E_INTERNAL', `front thread ${slot.index} died: ${why}`, (current.dispatchedMs - current.arrivedMs) * 1000, slot.index));
        if (!this.slots.some((s) => s.alive)) this.drainFifo(503, 'E_UNAVAILABLE', 'no front thread is alive');
      };
      slot.worker.on('error', (error) => die(error instanceof Error ? error.message : String(error)));
      slot.worker.on('exit', (code) => die(`exited with code ${code}`));
    });
  }

  private answer(slot: Slot, message: Extract<FromWorker, { type: 'response' }>): void {
    const current = slot.current;
    if (!current || current.id !== message.id) return;
    slot.current = null;
    this.served++;
    const queueWaitUs = (current.dispatchedMs - current.arrivedMs) * 1000;
    this.queueWaitHistogram.recordValue(clampUs(queueWaitUs));
    this.serviceHistogram.recordValue(clampUs(message.split.serviceUs));
    current.resolve({
      httpStatus: message.httpStatus,
      body: message.body,
      jobcounter: message.jobcounter,
      split: { ...message.split, queueWaitUs },
    });
    this.release(slot);
  }

  /** A free thread takes the oldest waiting request, or joins the idle list. */
  private release(slot: Slot): void {
    if (!slot.alive || this.closing) return;
    const next = this.fifo.shift();
    if (next) this.run(slot, next);
    else this.idle.push(slot);
  }

  private run(slot: Slot, pending: Pending): void {
    const inFlight: InFlight = { ...pending, id: this.nextId++, dispatchedMs: performance.now() };
    slot.current = inFlight;
    const message: ToWorker = { type: 'request', id: inFlight.id, request: pending.request };
    slot.worker.postMessage(message);
  }

  /** `arrivedMs` is `performance.now()` when the request arrived. */
  dispatch(request: FrontRequest, arrivedMs: number): Promise<PoolReply> {
    return new Promise((resolve) => {
      if (this.closing) return resolve(failureReply(503, 'E_CLOSED', 'the front is shutting down', 0));
      if (!this.slots.some((s) => s.alive)) return resolve(failureReply(503, 'E_UNAVAILABLE', 'no front thread is alive', 0));
      const pending: Pending = { request, arrivedMs, resolve };
      const slot = this.idle.shift();
      if (slot) return this.run(slot, pending);
      if (this.fifo.length >= this.maxQueued) {
        this.rejectedOverload++;
        return resolve(failureReply(503, 'E_OVERLOADED', `all ${this.slots.length} threads busy and ${this.maxQueued} requests waiting`, 0));
      }
      this.fifo.push(pending);
      this.maxQueueDepth = Math.max(this.maxQueueDepth, this.fifo.length);
    });
  }

  private drainFifo(httpStatus: number, code: FrontErrorCode, message: string): void {
    const now = performance.now();
    for (const pending of this.fifo.splice(0)) pending.resolve(failureReply(httpStatus, code, message, (now - pending.arrivedMs) * 1000));
  }

  stats(): ThreadPoolStats {
    return {
      threads: this.slots.length,
      alive: this.slots.filter((s) => s.alive).length,
      busy: this.slots.filter((s) => s.current !== null).length,
      queued: this.fifo.length,
      served: this.served,
      maxQueued: this.maxQueued,
      maxQueueDepth: this.maxQueueDepth,
      rejectedOverload: this.rejectedOverload,
      queueWait: percentiles(this.queueWaitHistogram),
      service: percentiles(this.serviceHistogram),
    };
  }

  /**
   * Answer waiting requests with 503, let each thread finish its current
   * request and close its JobService, then end the threads (terminated after
   * a grace period if a service will not close).
   */
  async close(): Promise<void> {
    this.closing = true;
    this.drainFifo(503, 'E_CLOSED', 'the front is shutting down');
    // Pure-JS histograms (harness/metrics/histogram.ts): nothing to free; stats() stays readable after close.
    await Promise.all(this.slots.map((slot) => this.closeSlot(slot)));
  }

  private closeSlot(slot: Slot): Promise<void> {
    if (!slot.alive) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => void slot.worker.terminate(), CLOSE_GRACE_MS);
      slot.worker.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      const message: ToWorker = { type: 'close' };
      // A busy thread gets `close` after its current request: messages are ordered.
      slot.worker.postMessage(message);
    });
  }
}
