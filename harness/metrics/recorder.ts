/**
 * The per-thread recorder every driver writes into (the piscina virtual-user
 * loop and the HTTP/autocannon driver alike). One instance per web thread;
 * no locking, no I/O, nothing shared: `export()` turns it into plain,
 * structured-clonable data that the main thread merges (merge.ts).
 *
 * What it keeps, per operation name:
 * - HDR histograms (µs, 3 digits) of total latency (end − intended start),
 *   lock wait and round trip — kept apart because their split is the convoy;
 * - exact counts: operations, errors, timeouts, wrong replies, socket rebuilds;
 * and across operations:
 * - every timeout (for cascade detection), bounded by `maxIncidents`;
 * - a seeded reservoir sample of operations, plus every non-ok one up to a cap;
 * - lane segments (lock wait / round trip / timeout) for the convoy chart,
 *   bounded by dropping the shortest first;
 * - a timeline of fixed buckets (counts + a 2-digit histogram each);
 * - every `queue_job` acknowledgement, for the job ledger.
 *
 * Times: absolute microseconds on one clock shared by all threads,
 * `performance.timeOrigin + performance.now()` × 1000 (see {@link nowUs}).
 * Warm-up: operations whose intended start is before `measureStartUs` are
 * counted in `warmupSkipped` and otherwise ignored.
 */
import type { LaneSegment, OpName, Outcome, SampledEvent } from '../results/types.ts';
import { seededRandom } from '../driver/random.ts';
import type { Random } from '../driver/random.ts';
import { BufferedHistogram, clampUs, encodeHistogram } from './histogram.ts';

// Read once: the global `performance` is a lazy getter, and `timeOrigin`
// costs as much as `now()` itself (the driver reads the clock twice per operation).
const perf = performance;
const TIME_ORIGIN_MS = perf.timeOrigin;

/** Absolute µs on a clock comparable across worker threads. */
export function nowUs(): number {
  return (TIME_ORIGIN_MS + perf.now()) * 1000;
}

/** One finished operation, as a driver reports it. All times absolute µs. */
export interface OperationRecord {
  thread: number;
  op: OpName;
  /**
   * When the operation was meant to start: the open model's scheduled
   * arrival (so waiting for a free thread counts), or, closed model, the
   * moment the user finished thinking.
   */
  intendedStartUs: number;
  /** When the thread actually began the call; defaults to `endUs − lockWaitUs − roundTripUs`. */
  startUs?: number;
  /** From the service's CallTrace. */
  lockWaitUs: number;
  /** From the service's CallTrace. */
  roundTripUs: number;
  endUs: number;
  outcome: Outcome;
  socketRebuilt: boolean;
}

export interface RecorderOptions {
  thread: number;
  /** Absolute µs at which the measured phase begins. */
  measureStartUs: number;
  /**
   * Closed model only: the expected interval between one user's operations,
   * for HDR's coordinated-omission back-fill (`recordValueWithExpectedInterval`).
   * 0 (default, and always in the open model, whose latencies already run
   * from the intended start) records plain values.
   */
  expectedIntervalUs?: number;
  /** Timeline bucket width; default 1000 ms. */
  timelineBucketMs?: number;
  /** Timeline buckets beyond this index fold into the last one; default 2000. */
  maxTimelineBuckets?: number;
  /** Reservoir size for sampled operations; default 1500. */
  sampleCapacity?: number;
  /** Non-ok operations kept besides the reservoir; default 1000. */
  anomalyCapacity?: number;
  /** Lane segments kept; default 3000 (shortest dropped first). */
  laneCapacity?: number;
  /** Timeouts kept for cascade detection; default 20 000 (counts stay exact). */
  maxIncidents?: number;
  /** Seed of the reservoir sampler. */
  seed?: number;
}

export interface OpCounts {
  count: number;
  errors: number;
  timeouts: number;
  wrongReplies: number;
}

/** A timed-out operation, for cascade detection. Times in ms since the measured phase began. */
export interface TimeoutIncident {
  thread: number;
  op: OpName;
  startMs: number;
  endMs: number;
  socketRebuilt: boolean;
}

export interface TimelineBucketExport {
  index: number;
  ops: number;
  errors: number;
  timeouts: number;
  wrongReplies: number;
  /** 2-digit HDR histogram of total latency, encoded. */
  histogram: string;
}

export interface Submission {
  jobid: string;
  jobcounter: number;
  thread: number;
  /** Ack time, ms since the measured phase began (negative: warm-up). */
  tMs: number;
}

/** Plain data; survives structured clone and JSON. */
export interface RecorderExport {
  thread: number;
  measureStartUs: number;
  warmupSkipped: number;
  /** Encoded histograms by op. */
  total: Partial<Record<OpName, string>>;
  lockWait: Partial<Record<OpName, string>>;
  roundTrip: Partial<Record<OpName, string>>;
  counts: Partial<Record<OpName, OpCounts>>;
  socketRebuilds: number;
  /** Σ (endUs − startUs − lockWaitUs − roundTripUs): time in the call outside lock and wire. */
  callOverheadUsSum: number;
  /** Σ (startUs − intendedStartUs): time waiting for the schedule or for a free thread. */
  queueDelayUsSum: number;
  incidents: TimeoutIncident[];
  incidentsDropped: number;
  sampled: SampledEvent[];
  totalEvents: number;
  lanes: LaneSegment[];
  lanesDownsampled: boolean;
  timelineBucketMs: number;
  timeline: TimelineBucketExport[];
  submissions: Submission[];
}

interface OpHistograms {
  total: BufferedHistogram;
  lockWait: BufferedHistogram;
  roundTrip: BufferedHistogram;
  counts: OpCounts;
}

interface TimelineCell {
  index: number;
  ops: number;
  errors: number;
  timeouts: number;
  wrongReplies: number;
  histogram: BufferedHistogram;
}

export class Recorder {
  readonly thread: number;
  readonly measureStartUs: number;
  private readonly expectedIntervalUs: number;
  private readonly bucketUs: number;
  private readonly timelineBucketMs: number;
  private readonly maxBuckets: number;
  private readonly sampleCapacity: number;
  private readonly anomalyCapacity: number;
  private readonly laneCapacity: number;
  private readonly maxIncidents: number;
  private readonly random: Random;

  private readonly perOp = new Map<OpName, OpHistograms>();
  // The last op's histograms and the current timeline cell: consecutive
  // operations nearly always hit the same ones, so no Map lookup per op.
  private lastOp: OpName | null = null;
  private lastHistograms: OpHistograms | null = null;
  private readonly timeline = new Map<number, TimelineCell>();
  private cell: TimelineCell | null = null;
  /** Ok operations offered to the reservoir, and the next one it takes (Algorithm L). */
  private reservoirSeen = 0;
  private reservoirNext = 0;
  private reservoirW = 1;
  private readonly reservoir: SampledEvent[] = [];
  private readonly anomalies: SampledEvent[] = [];
  private readonly incidents: TimeoutIncident[] = [];
  private lanes: LaneSegment[] = [];
  private laneMinMs = 0;
  private lanesDownsampled = false;
  private readonly submissions: Submission[] = [];
  private warmupSkipped = 0;
  private totalEvents = 0;
  private incidentsDropped = 0;
  private socketRebuilds = 0;
  private callOverheadUsSum = 0;
  private queueDelayUsSum = 0;
  private closed = false;

  constructor(options: RecorderOptions) {
    this.thread = options.thread;
    this.measureStartUs = options.measureStartUs;
    this.expectedIntervalUs = Math.max(0, Math.round(options.expectedIntervalUs ?? 0));
    this.timelineBucketMs = Math.max(1, Math.round(options.timelineBucketMs ?? 1000));
    this.bucketUs = this.timelineBucketMs * 1000;
    this.maxBuckets = Math.max(1, options.maxTimelineBuckets ?? 2000);
    this.sampleCapacity = Math.max(0, options.sampleCapacity ?? 1500);
    this.anomalyCapacity = Math.max(0, options.anomalyCapacity ?? 1000);
    this.laneCapacity = Math.max(0, options.laneCapacity ?? 3000);
    this.maxIncidents = Math.max(0, options.maxIncidents ?? 20_000);
    this.random = seededRandom((options.seed ?? 1) ^ Math.imul(options.thread + 1, 0x9e3779b1));
  }

  /**
   * Record one finished operation. Returns false (and records nothing but a
   * warm-up count) when it was intended before the measured phase. The
   * recorder keeps nothing of `r` itself, so a caller may refill and reuse
   * one object.
   */
  record(r: OperationRecord): boolean {
    if (this.closed) throw new Error('Recorder.record after export()');
    if (r.intendedStartUs < this.measureStartUs) {
      this.warmupSkipped++;
      return false;
    }
    const latencyUs = r.endUs - r.intendedStartUs;
    const startUs = r.startUs ?? r.endUs - r.lockWaitUs - r.roundTripUs;
    let h = this.lastHistograms;
    if (r.op !== this.lastOp || h === null) {
      h = this.histogramsFor(r.op);
      this.lastOp = r.op;
      this.lastHistograms = h;
    }
    const value = clampUs(latencyUs);
    if (this.expectedIntervalUs > 0) h.total.recordWithExpectedInterval(value, this.expectedIntervalUs);
    else h.total.record(value);
    h.lockWait.record(clampUs(r.lockWaitUs));
    h.roundTrip.record(clampUs(r.roundTripUs));
    const c = h.counts;
    c.count++;
    const isError = r.outcome === 'error' || r.outcome === 'wrong-reply';
    const isTimeout = r.outcome === 'timeout';
    const isWrong = r.outcome === 'wrong-reply';
    if (isError) c.errors++;
    if (isTimeout) c.timeouts++;
    if (isWrong) c.wrongReplies++;
    if (r.socketRebuilt) this.socketRebuilds++;
    this.callOverheadUsSum += Math.max(0, r.endUs - startUs - r.lockWaitUs - r.roundTripUs);
    this.queueDelayUsSum += Math.max(0, startUs - r.intendedStartUs);
    this.totalEvents++;

    // The common case (an ok operation the reservoir skips, no lock wait or
    // round trip to draw) stays here: helpers get called, and their float
    // arguments boxed, only when they have something to do.
    const index = Math.min(this.maxBuckets - 1, Math.max(0, Math.floor((r.intendedStartUs - this.measureStartUs) / this.bucketUs)));
    this.addToTimeline(index, value, isError, isTimeout, isWrong);
    if (isTimeout) this.addIncident(r, startUs);
    if (r.outcome !== 'ok' || this.reservoirSeen < this.sampleCapacity || this.reservoirSeen === this.reservoirNext) this.addSample(r, latencyUs);
    else this.reservoirSeen++;
    if (r.lockWaitUs > 0 || r.roundTripUs > 0) this.addLanes(r, startUs);
    return true;
  }

  /** Record a `queue_job` acknowledgement for the job ledger (warm-up ones too: they must not be lost either). */
  recordSubmission(jobid: string, jobcounter: number, ackUs: number): void {
    this.submissions.push({ jobid, jobcounter, thread: this.thread, tMs: (ackUs - this.measureStartUs) / 1000 });
  }

  /** Plain data for the main thread; the recorder is finished afterwards. */
  export(): RecorderExport {
    this.closed = true;
    const total: Partial<Record<OpName, string>> = {};
    const lockWait: Partial<Record<OpName, string>> = {};
    const roundTrip: Partial<Record<OpName, string>> = {};
    const counts: Partial<Record<OpName, OpCounts>> = {};
    for (const [op, h] of this.perOp) {
      total[op] = encodeHistogram(h.total.flush());
      lockWait[op] = encodeHistogram(h.lockWait.flush());
      roundTrip[op] = encodeHistogram(h.roundTrip.flush());
      counts[op] = { ...h.counts };
      h.total.histogram.destroy();
      h.lockWait.histogram.destroy();
      h.roundTrip.histogram.destroy();
    }
    const timeline: TimelineBucketExport[] = [];
    for (const [index, cell] of [...this.timeline].sort((a, b) => a[0] - b[0])) {
      timeline.push({ index, ops: cell.ops, errors: cell.errors, timeouts: cell.timeouts, wrongReplies: cell.wrongReplies, histogram: encodeHistogram(cell.histogram.flush()) });
      cell.histogram.histogram.destroy();
    }
    const sampled = [...this.reservoir, ...this.anomalies].sort((a, b) => a.tMs - b.tMs);
    return {
      thread: this.thread,
      measureStartUs: this.measureStartUs,
      warmupSkipped: this.warmupSkipped,
      total,
      lockWait,
      roundTrip,
      counts,
      socketRebuilds: this.socketRebuilds,
      callOverheadUsSum: this.callOverheadUsSum,
      queueDelayUsSum: this.queueDelayUsSum,
      incidents: this.incidents,
      incidentsDropped: this.incidentsDropped,
      sampled,
      totalEvents: this.totalEvents,
      lanes: this.lanes.sort((a, b) => a.startMs - b.startMs),
      lanesDownsampled: this.lanesDownsampled,
      timelineBucketMs: this.timelineBucketMs,
      timeline,
      submissions: this.submissions,
    };
  }

  private histogramsFor(op: OpName): OpHistograms {
    let h = this.perOp.get(op);
    if (!h) {
      h = { total: new BufferedHistogram(), lockWait: new BufferedHistogram(), roundTrip: new BufferedHistogram(), counts: { count: 0, errors: 0, timeouts: 0, wrongReplies: 0 } };
      this.perOp.set(op, h);
    }
    return h;
  }

  private addToTimeline(index: number, valueUs: number, isError: boolean, isTimeout: boolean, isWrong: boolean): void {
    let cell = this.cell;
    if (cell === null || cell.index !== index) {
      cell = this.timeline.get(index) ?? null;
      if (cell === null) {
        // 2 digits: values below 256 are exact; buffering more would only cost memory per bucket.
        cell = { index, ops: 0, errors: 0, timeouts: 0, wrongReplies: 0, histogram: new BufferedHistogram(2, 256) };
        this.timeline.set(index, cell);
      }
      this.cell = cell;
    }
    cell.ops++;
    if (isError) cell.errors++;
    if (isTimeout) cell.timeouts++;
    if (isWrong) cell.wrongReplies++;
    cell.histogram.record(valueUs);
  }

  private addIncident(r: OperationRecord, startUs: number): void {
    if (this.incidents.length >= this.maxIncidents) {
      this.incidentsDropped++;
      return;
    }
    this.incidents.push({
      thread: r.thread,
      op: r.op,
      startMs: (startUs - this.measureStartUs) / 1000,
      endMs: (r.endUs - this.measureStartUs) / 1000,
      socketRebuilt: r.socketRebuilt,
    });
  }

  private addSample(r: OperationRecord, latencyUs: number): void {
    let slot: number;
    if (r.outcome !== 'ok' && this.anomalies.length < this.anomalyCapacity) slot = -2;
    else {
      // A uniform reservoir over the ok operations (and non-ok ones past the
      // anomaly cap) by Li's Algorithm L: it draws where the next taken
      // operation is, so the operations it skips cost one comparison each
      // instead of a random draw (Algorithm R).
      const k = this.sampleCapacity;
      const i = this.reservoirSeen++;
      if (i < k) slot = i;
      else if (i !== this.reservoirNext || k === 0) return;
      else {
        slot = Math.floor(this.random() * k);
        this.reservoirW *= Math.exp(Math.log(1 - this.random()) / k);
      }
      if (i === k - 1) this.reservoirW = Math.exp(Math.log(1 - this.random()) / k);
      if (i >= k - 1) this.reservoirNext = i + 1 + Math.floor(Math.log(1 - this.random()) / Math.log(1 - this.reservoirW));
    }
    const event: SampledEvent = {
      thread: r.thread,
      op: r.op,
      tMs: (r.intendedStartUs - this.measureStartUs) / 1000,
      latencyUs: Math.round(latencyUs),
      lockWaitUs: Math.round(r.lockWaitUs),
      roundTripUs: Math.round(r.roundTripUs),
      outcome: r.outcome,
    };
    if (slot === -2) this.anomalies.push(event);
    else this.reservoir[slot] = event;
  }

  private addLanes(r: OperationRecord, startUs: number): void {
    if (this.laneCapacity === 0) return;
    const base = this.measureStartUs;
    const lockEndUs = startUs + r.lockWaitUs;
    if (r.lockWaitUs > 0) this.addLane({ startMs: (startUs - base) / 1000, endMs: (lockEndUs - base) / 1000, state: 'lock-wait', op: r.op });
    if (r.roundTripUs > 0) {
      this.addLane({
        startMs: (lockEndUs - base) / 1000,
        endMs: (lockEndUs + r.roundTripUs - base) / 1000,
        state: r.outcome === 'timeout' ? 'timeout' : 'round-trip',
        op: r.op,
      });
    }
  }

  private addLane(segment: LaneSegment): void {
    if (segment.endMs - segment.startMs < this.laneMinMs) {
      this.lanesDownsampled = true;
      return;
    }
    this.lanes.push(segment);
    // Over capacity: raise the minimum kept duration until it fits; the long
    // segments (the convoy) survive, the short ones are invisible at chart scale.
    while (this.lanes.length > this.laneCapacity) {
      this.lanesDownsampled = true;
      this.laneMinMs = this.laneMinMs === 0 ? 0.01 : this.laneMinMs * 2;
      this.lanes = this.lanes.filter((s) => s.endMs - s.startMs >= this.laneMinMs);
    }
  }
}
