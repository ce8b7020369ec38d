/**
 * One target, start to stop: start it fresh, build the main thread's own
 * JobService (connection index = threads, for the id sample and the ledger
 * drain), drive the web threads, apply the fault schedule, drain the ledger,
 * merge, and stop it in `finally`.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { JobService } from '../contract/job-service.ts';
import type { JsonObject } from '../contract/json.ts';
import { PrometheusGate } from '../contract/prometheus-gate.ts';
import type { TargetDefinition, TargetHandle } from '../contract/target.ts';
import { drive } from '../driver/pool.ts';
import type { DriveOptions, DriveResult } from '../driver/pool.ts';
import { deriveSeed, seededRandom } from '../driver/random.ts';
import { detectCascades } from '../metrics/cascade.ts';
import { computeLedger, drainLedger } from '../metrics/ledger.ts';
import { mergeRecorders } from '../metrics/merge.ts';
import type { TargetResult } from '../results/types.ts';
import type { RunSettings } from './settings.ts';
import { loadJobService } from '../contract/load-service.ts';

/** A driver with `drive()`'s signature (the HTTP engineer's autocannon driver exports one as `runAutocannon`). */
export type Driver = (options: DriveOptions) => Promise<DriveResult>;

export interface TargetRunContext {
  settings: RunSettings;
  runId: string;
  runDir: string;
  callbackUrl: string | null;
  driver: Driver;
  log: (line: string) => void;
  onProgress?: DriveOptions['onProgress'];
}

/** Historical jobids handed to the threads for status polls and result fetches. */
const JOBID_SAMPLE = 2000;
/**
 * Timeouts at most this many receive timeouts apart belong to one cascade:
 * behind `_collect_lock` the next request gives up one RCVTIMEO after the
 * last, plus the lock hand-over, so exactly 1 would split a real cascade.
 */
const CASCADE_GAP_FACTOR = 1.5;
/** Time every web thread gets to connect. */
const CONNECT_TIMEOUT_MS = 60_000;

export function emptyTargetResult(name: string, error: string): TargetResult {
  return {
    name,
    error,
    settings: {},
    startup: null,
    ops: {},
    lockWait: {},
    roundTrip: {},
    wrongReplies: 0,
    socketRebuilds: 0,
    cascades: [],
    ledger: { submitted: 0, completed: 0, failed: 0, pending: 0, lost: 0, duplicated: 0 },
    timeline: { bucketMs: 0, buckets: [] },
    lanes: { threads: 0, segments: [], downsampled: false },
    events: { total: 0, sampled: [] },
  };
}

async function mainThreadService(handle: TargetHandle, threads: number): Promise<JobService> {
  const conn = handle.connection(threads);
  return loadJobService(conn.serviceModule, conn.info, { threadIndex: threads, prometheus: PrometheusGate.create(handle.heartbeatPolicy) });
}

interface ServerCounters {
  requests: number;
  meanServiceUs: number;
  elapsedMs: number;
}

/** The single server's counters, if the target reports them (legacy: `collector`). */
function serverCounters(stats: JsonObject | undefined): ServerCounters | null {
  for (const key of ['collector', 'server']) {
    const c = stats?.[key];
    if (typeof c !== 'object' || c === null || Array.isArray(c)) continue;
    const { requests, meanServiceUs, elapsedMs } = c as Record<string, unknown>;
    if (typeof requests === 'number' && typeof meanServiceUs === 'number' && typeof elapsedMs === 'number') return { requests, meanServiceUs, elapsedMs };
  }
  return null;
}

/** Arrival rate, mean service time and utilisation of the single server over the driven phase only (difference of two readings). */
function serverOver(before: ServerCounters | null, after: ServerCounters | null): TargetResult['server'] | undefined {
  if (!before || !after) return undefined;
  const requests = after.requests - before.requests;
  const elapsedMs = after.elapsedMs - before.elapsedMs;
  if (requests <= 0 || elapsedMs <= 0) return undefined;
  const busyUs = after.requests * after.meanServiceUs - before.requests * before.meanServiceUs;
  return { arrivalsPerSec: requests / (elapsedMs / 1000), meanServiceUs: busyUs / requests, utilisation: busyUs / (elapsedMs * 1000) };
}

async function statsOf(handle: TargetHandle, log: (line: string) => void): Promise<JsonObject | undefined> {
  try {
    return handle.collectStats ? await handle.collectStats() : undefined;
  } catch (error) {
    log(`${handle.name}: collectStats failed: ${(error as Error).message}`);
    return undefined;
  }
}

function sample(ids: string[], n: number, seed: number): string[] {
  if (ids.length <= n) return ids;
  const rng = seededRandom(deriveSeed(seed, 7));
  const copy = [...ids];
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(rng() * (copy.length - i));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy.slice(0, n);
}

function scheduleFaults(handle: TargetHandle, ctx: TargetRunContext, measureStartUs: number, startUs: number): { timers: NodeJS.Timeout[]; done: Promise<unknown>[]; notes: string[] } {
  const { settings, log } = ctx;
  const timers: NodeJS.Timeout[] = [];
  const done: Promise<unknown>[] = [];
  const notes: string[] = [];
  const components = handle.faults.components();
  for (const f of settings.scenario.faults) {
    if (f.targets && !f.targets.includes(handle.name)) continue;
    if (!components.includes(f.component)) {
      const line = `${handle.name}: fault ${f.action} ${f.component} skipped (components: ${components.join(', ') || 'none'})`;
      notes.push(line);
      log(line);
      continue;
    }
    const atMs = (measureStartUs - startUs) / 1000 + f.atSec * 1000 * settings.scale;
    const forMs = (f.forSec ?? 0) * 1000 * settings.scale;
    timers.push(
      setTimeout(() => {
        const line = `${handle.name}: fault ${f.action} ${f.component}${f.action === 'pause' ? ` for ${forMs.toFixed(0)} ms` : ''} at +${(f.atSec * settings.scale).toFixed(2)} s`;
        notes.push(line);
        log(line);
        const p = f.action === 'pause' ? handle.faults.pause(f.component, forMs) : handle.faults.kill(f.component);
        done.push(p.catch((e: unknown) => notes.push(`${handle.name}: fault failed: ${(e as Error).message}`)));
      }, atMs),
    );
  }
  return { timers, done, notes };
}

export async function runTarget(def: TargetDefinition, ctx: TargetRunContext): Promise<TargetResult> {
  const { settings, log } = ctx;
  const runDir = join(ctx.runDir, def.name);
  mkdirSync(runDir, { recursive: true });
  const handle = await def.start({
    runId: `${ctx.runId}-${def.name}`.replace(/[^a-zA-Z0-9_-]/g, '_'),
    runDir,
    scale: settings.scale,
    durability: settings.durability,
    seed: settings.seed,
    historicalJobs: settings.historicalJobs,
    threads: settings.threads,
    engines: settings.scenario.engines,
    log,
  });
  let svc: JobService | null = null;
  try {
    svc = await mainThreadService(handle, settings.threads);
    let historical: string[] = [];
    try {
      historical = sample(await svc.jobIdList(), JOBID_SAMPLE, settings.seed);
    } catch (error) {
      log(`${def.name}: job id list before the run failed (${(error as Error).message}); polls use own submissions only`);
    }
    const serverBefore = serverCounters(await statsOf(handle, log));
    let faults: ReturnType<typeof scheduleFaults> | null = null;
    const job = { action: settings.scenario.job.action, timeSec: settings.jobTimeSec, lane: settings.scenario.job.lane, callback: ctx.callbackUrl ? { url: ctx.callbackUrl, method: settings.scenario.callback?.method ?? 'POST', detailed: false } : null };
    const driven = await ctx.driver({
      handle,
      threads: settings.threads,
      seed: settings.seed,
      load: settings.load,
      warmupMs: settings.warmupMs,
      measureMs: settings.measureMs,
      maxOps: settings.scenario.maxOps,
      job,
      jobids: { historical, ownPollShare: settings.scenario.ownPollShare },
      statusDictLimit: settings.scenario.statusDictLimit,
      timelineBucketMs: settings.timelineBucketMs,
      connectTimeoutMs: CONNECT_TIMEOUT_MS,
      graceMs: settings.receiveTimeoutMs + 1000,
      onStart: (startUs) => {
        faults = scheduleFaults(handle, ctx, startUs + settings.warmupMs * 1000, startUs);
      },
      onProgress: ctx.onProgress,
    });
    const f = faults as ReturnType<typeof scheduleFaults> | null;
    if (f) {
      f.timers.forEach(clearTimeout);
      await Promise.all(f.done);
    }
    const serverAfter = serverCounters(await statsOf(handle, log));
    for (const line of driven.failures) log(`${def.name}: ${line}`);
    for (const line of driven.errorSamples) log(`${def.name}: error sample: ${line}`);
    const merged = mergeRecorders(driven.recorders);
    const observed = await drainLedger(svc, merged.submissions, { deadlineMs: settings.drainMs });
    const ledger = computeLedger(merged.submissions, observed);
    const targetStats = await statsOf(handle, log);
    const notes = [...(f?.notes ?? []), ...driven.failures];
    const result: TargetResult = {
      name: def.name,
      settings: { ...handle.settings, durability: settings.durability, mode: settings.mode, ...(notes.length ? { runNotes: notes } : {}) },
      startup: handle.startup,
      ops: merged.ops,
      lockWait: merged.lockWait,
      roundTrip: merged.roundTrip,
      wrongReplies: merged.wrongReplies,
      socketRebuilds: merged.socketRebuilds,
      cascades: detectCascades(merged.incidents, { maxGapMs: settings.receiveTimeoutMs * CASCADE_GAP_FACTOR }),
      ledger,
      timeline: merged.timeline,
      lanes: merged.lanes,
      events: merged.events,
      unscaledOverheadUs: Math.round(merged.meanCallOverheadUs * 10) / 10,
    };
    if (targetStats) result.targetStats = targetStats;
    const server = serverOver(serverBefore, serverAfter);
    if (server) result.server = server;
    if (driven.errorSamples.length > 0) result.errorSamples = driven.errorSamples;
    if (settings.load.kind === 'open') result.unservedArrivals = driven.unservedArrivals;
    return result;
  } finally {
    await svc?.close().catch(() => undefined);
    await handle.stop().catch((e: unknown) => log(`${def.name}: stop failed: ${(e as Error).message}`));
  }
}

export const defaultDriver: Driver = drive;
