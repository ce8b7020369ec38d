/**
 * The compact data the page's charts draw, as embedded in index.html
 * (built by view-model.ts, read by client/*.js). Times in ms, counts exact.
 */
import type { Cascade, OpName, Outcome } from '../results/types.ts';
import type { LaneState } from './shape/lanes.ts';
import type { QueuePrediction } from './shape/queueing.ts';

/** [percentile 0..100, latency ms] */
export type PercentilePair = [number, number];

export interface TimelineView {
  bucketMs: number;
  factor: number;
  tMs: number[];
  opsPerSec: number[];
  p50Ms: number[];
  p99Ms: number[];
  maxMs: number[];
  timeouts: number[];
  wrongReplies: number[];
  errors: number[];
}

/** Operations finished per second, bucketed by when they ended (intended start + latency). */
export interface CompletionsView {
  bucketMs: number;
  tMs: number[];
  perSec: number[];
  /** True when every operation was sampled; otherwise a uniform sample scaled up to the total. */
  exact: boolean;
  sampled: number;
  total: number;
}

export interface EventsView {
  /** Operations in the run (`events.total`). */
  total: number;
  /** Sampled events in results.json. */
  sampledInput: number;
  downsampled: boolean;
  /** Non-ok events not drawn (only past LIMITS.notOkEvents). */
  notOkDropped: number;
  tMs: number[];
  latencyMs: number[];
  /** Index into OUTCOMES. */
  outcome: number[];
  /** Index into ReportView.opNames. */
  op: number[];
  thread: number[];
}

export interface LanesView {
  threads: number;
  /** The harness already downsampled the lanes before results.json. */
  downsampledAtSource: boolean;
  /** This report merged at least one lane (LIMITS.laneMaxSegments). */
  merged: boolean;
  /** Per thread, flat [startMs, endMs, stateIndex, opIndex (-1: several ops)] × n. */
  segments: number[][];
  /** [endMs, thread] of every timeout segment. */
  timeoutEnds: [number, number][];
  /** Share of thread time spent in lock wait, round trip or timeout, from the segments in results.json (a lower bound when downsampled at source). */
  busyShare: number;
  lockWaitShare: number;
}

export interface SplitRow {
  op: OpName;
  count: number;
  lockWaitMs: number;
  roundTripMs: number;
  /** Mean latency − lock wait − round trip: waiting for a free thread (open model) and client overhead. */
  otherMs: number;
  meanMs: number;
}

export interface QueueingView {
  arrivalsPerSec: number;
  meanServiceMs: number;
  utilisationMeasured: number;
  prediction: QueuePrediction;
  /** Measured mean wait before service: lock wait + (round trip − mean service), over web operations. */
  measuredWaitMs: number;
  measuredLockWaitMs: number;
}

export interface TargetView {
  name: string;
  error: string | null;
  /** Operations measured (all ops' counts). */
  measuredOps: number;
  /** Open model: arrivals no thread started before the run ended (in no histogram or chart). */
  unservedArrivals: number;
  percentiles: Partial<Record<OpName, PercentilePair[]>>;
  timeline: TimelineView;
  completions: CompletionsView;
  events: EventsView;
  lanes: LanesView;
  split: SplitRow[];
  cascades: Cascade[];
  queueing: QueueingView | null;
}

export interface ReportView {
  runId: string;
  measureMs: number;
  /** Operations present in at least one target, in OP_NAMES order. */
  opNames: OpName[];
  laneStates: readonly LaneState[];
  outcomes: readonly Outcome[];
  targets: TargetView[];
  baseline: { runId: string; targets: { name: string; percentiles: Partial<Record<OpName, PercentilePair[]>> }[] } | null;
}

