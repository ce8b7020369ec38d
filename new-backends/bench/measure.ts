/**
 * The three measurements of `npm run bench -- backends`, one target at a
 * time (each on a fresh start, so one cannot warm the next):
 * A. job_status from 16 threads (closed loop) while jobs are submitted and run;
 * B. job_status_dict cost at growing numbers of jobs, with and without limit;
 * C. job_status from 16 threads while a deep backlog waits (engines stopped):
 *    where BullMQ's getJobState scans its wait list.
 */
import type { TargetDefinition } from '../../harness/contract/target.ts';
import { seededRandom } from '../../harness/driver/random.ts';
import type { PollResult } from './run-pollers.ts';
import { runPollers } from './run-pollers.ts';
import type { SessionOptions } from './session.ts';
import { openSession } from './session.ts';
import type { Traffic } from './traffic.ts';
import { startTraffic, submitBacklog } from './traffic.ts';

export interface BenchConfig {
  threads: number;
  scale: number;
  durability: SessionOptions['durability'];
  seed: number;
  warmupMs: number;
  measureMs: number;
  /** A: historical jobs present, jobs/s submitted during the measure. */
  trafficHistoricalJobs: number;
  jobRatePerSec: number;
  /** B: sizes and the limit used. */
  dictSizes: number[];
  dictLimit: number;
  /** B runs at this scale: idle engines, so only legacy's receive timeout (RCVTIMEO 120 s × scale) depends on it. */
  dictScale: number;
  /** C: queued jobs in the backlog. */
  backlogJobs: number;
  /** Legacy targets skip B sizes above this and C entirely (their submit path runs ~10 jobs/s). */
  legacyMaxJobs: number;
  log: (line: string) => void;
}

export interface TrafficResult extends PollResult {
  jobsSubmitted: number;
}

export interface DictCell {
  jobs: number;
  firstAllMs: number;
  medianAllMs: number;
  medianLimitedMs: number;
  rows: number;
}

const SAMPLE_IDS = 5000;

function sample(ids: string[], n: number, seed: number): string[] {
  if (ids.length <= n) return ids;
  const random = seededRandom(seed);
  return Array.from({ length: n }, () => ids[Math.floor(random() * ids.length)]);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function sessionOptions(config: BenchConfig, historicalJobs: number, engines: { fast: number; slow: number }): SessionOptions {
  return { scale: config.scale, durability: config.durability, seed: config.seed, historicalJobs, threads: config.threads, engines, log: config.log };
}

export async function measureTraffic(definition: TargetDefinition, config: BenchConfig): Promise<TrafficResult> {
  const session = await openSession(definition, sessionOptions(config, config.trafficHistoricalJobs, { fast: 2, slow: 2 }));
  try {
    const main = await session.service();
    const jobids = sample(await main.jobIdList(), SAMPLE_IDS, config.seed);
    const box: { traffic: Traffic | null } = { traffic: null };
    const result = await runPollers(session.handle, session.gate, {
      threads: config.threads,
      jobids,
      seed: config.seed,
      warmupMs: config.warmupMs,
      measureMs: config.measureMs,
      onGo: () => {
        box.traffic = startTraffic(main, config.jobRatePerSec, 1);
      },
    });
    const submitted = box.traffic ? (await box.traffic.stop()).submitted : 0;
    return { ...result, jobsSubmitted: submitted };
  } finally {
    await session.stop();
  }
}

export async function measureDict(definition: TargetDefinition, config: BenchConfig, jobs: number): Promise<DictCell> {
  const session = await openSession(definition, { ...sessionOptions(config, jobs, { fast: 1, slow: 1 }), scale: config.dictScale });
  try {
    const service = await session.service();
    const time = async (limit: number | null) => {
      const t0 = performance.now();
      const dict = await service.jobStatusDict(limit === null ? undefined : { limit });
      return { ms: performance.now() - t0, rows: Object.keys(dict).length };
    };
    const first = await time(null);
    const repsAll = jobs >= 10_000 ? 3 : 5;
    const all: number[] = [];
    for (let i = 0; i < repsAll; i++) all.push((await time(null)).ms);
    const limited: number[] = [];
    for (let i = 0; i < 20; i++) limited.push((await time(config.dictLimit)).ms);
    return { jobs, firstAllMs: first.ms, medianAllMs: median(all), medianLimitedMs: median(limited), rows: first.rows };
  } finally {
    await session.stop();
  }
}

export async function measureBacklog(definition: TargetDefinition, config: BenchConfig): Promise<PollResult & { backlog: number }> {
  const session = await openSession(definition, sessionOptions(config, 1000, { fast: 0, slow: 0 }));
  try {
    const submitters = await Promise.all(Array.from({ length: 8 }, () => session.service()));
    const t0 = performance.now();
    const jobids = await submitBacklog(submitters, config.backlogJobs);
    config.log(`${definition.name}: ${jobids.length} queued in ${(performance.now() - t0).toFixed(0)} ms`);
    const result = await runPollers(session.handle, session.gate, {
      threads: config.threads,
      jobids: sample(jobids, SAMPLE_IDS, config.seed),
      seed: config.seed,
      warmupMs: config.warmupMs,
      measureMs: config.measureMs,
    });
    return { ...result, backlog: jobids.length };
  } finally {
    await session.stop();
  }
}
