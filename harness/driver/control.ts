/**
 * The control block shared by the main thread and every web thread: start
 * barrier, stop flag, the open model's arrival counter, and a per-thread
 * progress row the main thread reads for the live progress line.
 *
 * Each progress row is written by its own thread only (plain stores, no
 * contention); the main thread's reads may be a moment stale, which is fine
 * for a progress line.
 */
const I_READY = 0; // threads connected
const I_GO = 1; // 1 once startUs is set
const I_STOP = 2; // 1: stop at the next operation
const I_ARRIVAL = 3; // open model: next arrival index
const I_OPS = 4; // closed model: operations started, all users
const I_DONE = 5; // threads finished
const INT_CELLS = 16;
const F_START_US = 0;
const FLOAT_CELLS = 2;
/**
 * Progress row: measured ops, timeouts, errors, every finished op (warm-up
 * included: the watchdog's sign of life), then latency buckets of 2^(k/4) µs.
 */
export const PROGRESS_BUCKETS = 120;
const HEAD = 4;
const ROW = HEAD + PROGRESS_BUCKETS;

export class Control {
  readonly buffer: SharedArrayBuffer;
  readonly threads: number;
  private readonly ints: Int32Array;
  private readonly floats: Float64Array;
  private readonly progress: Int32Array;

  constructor(buffer: SharedArrayBuffer, threads: number) {
    this.buffer = buffer;
    this.threads = threads;
    this.ints = new Int32Array(buffer, 0, INT_CELLS);
    this.floats = new Float64Array(buffer, INT_CELLS * 4, FLOAT_CELLS);
    this.progress = new Int32Array(buffer, INT_CELLS * 4 + FLOAT_CELLS * 8, threads * ROW);
  }

  static create(threads: number): Control {
    return new Control(new SharedArrayBuffer(INT_CELLS * 4 + FLOAT_CELLS * 8 + threads * ROW * 4), threads);
  }

  markReady(): void {
    Atomics.add(this.ints, I_READY, 1);
    Atomics.notify(this.ints, I_READY);
  }

  get ready(): number {
    return Atomics.load(this.ints, I_READY);
  }

  markDone(): void {
    Atomics.add(this.ints, I_DONE, 1);
  }

  get done(): number {
    return Atomics.load(this.ints, I_DONE);
  }

  /** Main thread: publish the start time and release every thread. */
  go(startUs: number): void {
    this.floats[F_START_US] = startUs;
    Atomics.store(this.ints, I_GO, 1);
    Atomics.notify(this.ints, I_GO);
  }

  /** Worker: resolve with startUs once released (or null when stopped first). */
  async waitForGo(): Promise<number | null> {
    while (Atomics.load(this.ints, I_GO) === 0) {
      if (this.stopped) return null;
      const r = waitAsync(this.ints, I_GO, 0, 200);
      if (r.async) await r.value;
    }
    return this.floats[F_START_US];
  }

  stop(): void {
    Atomics.store(this.ints, I_STOP, 1);
    Atomics.notify(this.ints, I_GO);
  }

  get stopped(): boolean {
    return Atomics.load(this.ints, I_STOP) === 1;
  }

  nextArrival(): number {
    return Atomics.add(this.ints, I_ARRIVAL, 1);
  }

  /**
   * Arrival indices handed out. A thread that claims an index after the stop
   * flag does not serve it, so this may over-count by up to one per thread.
   */
  get claimedArrivals(): number {
    return Atomics.load(this.ints, I_ARRIVAL);
  }

  nextClosedOp(): number {
    return Atomics.add(this.ints, I_OPS, 1);
  }

  /** Worker: count one finished operation of its own; `measured` false for warm-up ones. */
  recordProgress(thread: number, measured: boolean, latencyUs: number, timeout: boolean, error: boolean): void {
    const base = thread * ROW;
    this.progress[base + 3]++;
    if (!measured) return;
    this.progress[base]++;
    if (timeout) this.progress[base + 1]++;
    if (error) this.progress[base + 2]++;
    this.progress[base + HEAD + progressBucket(latencyUs)]++;
  }

  /** Operations finished by all threads, warm-up included. */
  get finished(): number {
    let n = 0;
    for (let t = 0; t < this.threads; t++) n += this.progress[t * ROW + 3];
    return n;
  }

  /** Main thread: totals and an approximate p99 (bucket upper bound) for the progress line. */
  snapshot(): { ops: number; timeouts: number; errors: number; p99Us: number } {
    let ops = 0;
    let timeouts = 0;
    let errors = 0;
    const buckets = new Array<number>(PROGRESS_BUCKETS).fill(0);
    for (let t = 0; t < this.threads; t++) {
      const base = t * ROW;
      ops += this.progress[base];
      timeouts += this.progress[base + 1];
      errors += this.progress[base + 2];
      for (let k = 0; k < PROGRESS_BUCKETS; k++) buckets[k] += this.progress[base + HEAD + k];
    }
    const total = buckets.reduce((a, b) => a + b, 0);
    let p99Us = 0;
    if (total > 0) {
      let seen = 0;
      for (let k = 0; k < PROGRESS_BUCKETS; k++) {
        seen += buckets[k];
        if (seen >= total * 0.99) {
          p99Us = Math.round(2 ** ((k + 1) / 4));
          break;
        }
      }
    }
    return { ops, timeouts, errors, p99Us };
  }
}

const Q1 = 2 ** 0.25;
const Q2 = 2 ** 0.5;
const Q3 = 2 ** 0.75;

/** floor(4 · log2(latencyUs)), capped: the exponent from clz32 and the quarter from three comparisons (cheaper than Math.log2 per operation). */
export function progressBucket(latencyUs: number): number {
  if (!(latencyUs > 1)) return 0;
  if (latencyUs >= 2 ** 30) return Math.min(PROGRESS_BUCKETS - 1, Math.floor(4 * Math.log2(latencyUs)));
  const e = 31 - Math.clz32(latencyUs);
  const m = latencyUs / (1 << e);
  return Math.min(PROGRESS_BUCKETS - 1, 4 * e + (m < Q1 ? 0 : m < Q2 ? 1 : m < Q3 ? 2 : 3));
}

type WaitAsyncResult = { async: false; value: 'not-equal' | 'timed-out' } | { async: true; value: Promise<'ok' | 'timed-out'> };

/** `Atomics.waitAsync` (Node ≥ 16), absent from the ES2023 lib typings we compile against. */
function waitAsync(cells: Int32Array, index: number, value: number, timeoutMs: number): WaitAsyncResult {
  const atomics = Atomics as unknown as { waitAsync: (a: Int32Array, i: number, v: number, t: number) => WaitAsyncResult };
  return atomics.waitAsync(cells, index, value, timeoutMs);
}

/** Await a change of cell `index` of an Int32Array from `value`, at most timeoutMs. */
export async function waitForChange(cells: Int32Array, index: number, value: number, timeoutMs: number): Promise<void> {
  const r = waitAsync(cells, index, value, timeoutMs);
  if (r.async) await r.value;
}
