/**
 * A scenario with the command line's overrides applied, turned into wall
 * time: production durations × scale, production rates ÷ scale
 * (ARCHITECTURE.md "Time scale").
 */
import type { Durability } from '../contract/target.ts';
import type { LoadModel } from '../results/types.ts';
import type { LoadSpec } from '../driver/pool.ts';
import type { Scenario } from '../scenario/types.ts';

/** WBIA `JobInterface` RCVTIMEO (LEGACY.md "The web side"); scaled, it bounds in-flight calls and spaces cascades. */
export const RECEIVE_TIMEOUT_PRODUCTION_MS = 120_000;

export interface Overrides {
  targets?: string[];
  scale?: number;
  /** Wall seconds of the measured phase. */
  durationSec?: number;
  seed?: number;
  threads?: number;
  durability?: Durability;
  historicalJobs?: number;
  http?: boolean;
}

export interface RunSettings {
  scenario: Scenario;
  targets: string[];
  /** Targets the user named (their failures are errors, not skips). */
  targetsNamed: boolean;
  scale: number;
  seed: number;
  threads: number;
  durability: Durability;
  historicalJobs: number;
  mode: 'direct' | 'http';
  warmupMs: number;
  measureMs: number;
  load: LoadSpec;
  loadModel: LoadModel;
  jobTimeSec: number;
  callbackDelayMs: number | null;
  receiveTimeoutMs: number;
  drainMs: number;
  timelineBucketMs: number;
}

export function resolveSettings(scenario: Scenario, o: Overrides): RunSettings {
  const scale = o.scale ?? scenario.scale;
  const warmupMs = scenario.phases.warmupSec * 1000 * scale;
  const measureMs = o.durationSec !== undefined ? o.durationSec * 1000 : scenario.phases.measureSec * 1000 * scale;
  const threads = o.threads ?? scenario.threads;
  let load: LoadSpec;
  let loadModel: LoadModel;
  if (scenario.load.model === 'open') {
    const total = Object.values(scenario.load.ratesPerSec).reduce((a, b) => a + (b ?? 0), 0);
    const ratePerSec = total / scale;
    load = { kind: 'open', arrival: scenario.load.arrival, ratePerSec, weights: scenario.load.ratesPerSec };
    loadModel = { kind: 'open', arrival: scenario.load.arrival, ratePerSec: Math.round(ratePerSec * 1000) / 1000 };
  } else {
    const users = Math.min(scenario.load.users, threads);
    const thinkMs = scenario.load.thinkSec * 1000 * scale;
    load = { kind: 'closed', users, thinkMs, weights: scenario.load.mix, correctCoordinatedOmission: true };
    loadModel = { kind: 'closed', users, thinkMs };
  }
  const receiveTimeoutMs = RECEIVE_TIMEOUT_PRODUCTION_MS * scale;
  return {
    scenario,
    targets: o.targets ?? scenario.targets,
    targetsNamed: o.targets !== undefined,
    scale,
    seed: o.seed ?? scenario.seed,
    threads,
    durability: o.durability ?? 'relaxed',
    historicalJobs: o.historicalJobs ?? scenario.historicalJobs,
    mode: o.http ? 'http' : 'direct',
    warmupMs,
    measureMs,
    load,
    loadModel,
    jobTimeSec: scenario.job.timeSec,
    callbackDelayMs: scenario.callback ? scenario.callback.delaySec * 1000 * scale : null,
    receiveTimeoutMs,
    // At least 2 s and one receive timeout, at most 60 s: bounded whatever the scenario says.
    drainMs: Math.min(60_000, Math.max(2000, receiveTimeoutMs, scenario.drainSec * 1000 * scale)),
    timelineBucketMs: Math.max(10, Math.round(measureMs / 100)),
  };
}
