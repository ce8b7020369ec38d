/**
 * Run a scenario: its targets one after another (never two at once on two
 * cores), each started fresh and stopped in `finally`; then results.json,
 * the report (if the report module is there), and the gates.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { TargetStartError } from '../contract/target.ts';
import type { TargetDefinition } from '../contract/target.ts';
import { startCallbackServer } from '../callback-server/server.ts';
import type { CallbackServer } from '../callback-server/server.ts';
import { evaluateGates, evaluateHeadline } from '../gates/evaluate.ts';
import { RESULTS_SCHEMA_VERSION } from '../results/types.ts';
import type { ResultsFile, TargetResult } from '../results/types.ts';
import type { Scenario } from '../scenario/types.ts';
import { loadTarget } from '../targets.ts';
import { describeMachine, newRunId } from './machine.ts';
import { defaultDriver, emptyTargetResult, runTarget } from './run-target.ts';
import type { Driver } from './run-target.ts';
import { missingServer } from './servers.ts';
import { resolveSettings } from './settings.ts';
import type { Overrides, RunSettings } from './settings.ts';

export interface RunScenarioOptions {
  overrides: Overrides;
  /** Default `reports/<run-id>/`. */
  outDir?: string;
  log: (line: string) => void;
  /** Show a live progress line (TTY only). */
  progress?: (line: string | null) => void;
  /** Tests inject targets by name; otherwise harness/targets.ts. */
  resolveTarget?: (name: string) => Promise<TargetDefinition>;
  /** Skip the HTML report. */
  noReport?: boolean;
}

export interface RunScenarioOutput {
  results: ResultsFile;
  resultsPath: string;
  outDir: string;
  reportPath: string | null;
  gatesSkipped: string[];
}

/** The HTTP engineer's modules, loaded only with `--http`. */
export class HttpModeUnavailableError extends Error {
  readonly code = 'E_HTTP_UNAVAILABLE';
  constructor(detail: string) {
    super(`--http needs ${detail}`);
    this.name = 'HttpModeUnavailableError';
  }
}

async function httpPieces(settings: RunSettings): Promise<{ wrap: (def: TargetDefinition) => TargetDefinition; driver: Driver }> {
  let wrap: (def: TargetDefinition) => TargetDefinition;
  try {
    const mod = (await import('../http/wrap.ts')) as { wrapHttp?: unknown };
    if (typeof mod.wrapHttp !== 'function') throw new Error('no wrapHttp export');
    wrap = mod.wrapHttp as (def: TargetDefinition) => TargetDefinition;
  } catch (error) {
    throw new HttpModeUnavailableError(`harness/http/wrap.ts exporting wrapHttp (${(error as Error).message})`);
  }
  if (settings.load.kind !== 'closed') return { wrap, driver: defaultDriver };
  try {
    // Not written yet when this was: load by URL so that typechecking does not need it.
    const mod = (await import(new URL('../http/autocannon-run.ts', import.meta.url).href)) as { runAutocannon?: unknown };
    if (typeof mod.runAutocannon !== 'function') throw new Error('no runAutocannon export');
    return { wrap, driver: mod.runAutocannon as Driver };
  } catch (error) {
    throw new HttpModeUnavailableError(`harness/http/autocannon-run.ts exporting runAutocannon for a closed model (${(error as Error).message})`);
  }
}

async function legacyConstants(scale: number): Promise<ResultsFile['scaledConstants']> {
  try {
    const mod = (await import('../../legacy-sim/constants.ts')) as { scaledConstants?: (s: number) => ResultsFile['scaledConstants'] };
    return mod.scaledConstants ? mod.scaledConstants(scale) : {};
  } catch {
    return {};
  }
}

async function scaledConstantsOf(settings: RunSettings): Promise<ResultsFile['scaledConstants']> {
  const s = settings.scale;
  const table: ResultsFile['scaledConstants'] = {
    RCVTIMEO: { productionMs: 120_000, scaledMs: settings.receiveTimeoutMs },
    ...(await legacyConstants(s)),
    // LEGACY.md "Mitigations": the heartbeat is called about every 2 s.
    HEARTBEAT_INTERVAL: { productionMs: 2000, scaledMs: 2000 * s },
    JOB_TIME: { productionMs: settings.jobTimeSec * 1000, scaledMs: settings.jobTimeSec * 1000 * s },
    WARMUP: { productionMs: settings.warmupMs / s, scaledMs: settings.warmupMs },
    MEASURE: { productionMs: settings.measureMs / s, scaledMs: settings.measureMs },
  };
  if (settings.callbackDelayMs !== null) table.CALLBACK_DELAY = { productionMs: settings.callbackDelayMs / s, scaledMs: settings.callbackDelayMs };
  return table;
}

export async function runScenario(scenario: Scenario, options: RunScenarioOptions): Promise<RunScenarioOutput> {
  const settings = resolveSettings(scenario, options.overrides);
  const { log } = options;
  const runId = newRunId(scenario.name);
  const outDir = resolve(options.outDir ?? join('reports', runId));
  await mkdir(outDir, { recursive: true });
  const http = settings.mode === 'http' ? await httpPieces(settings) : null;
  const resolveDef = options.resolveTarget ?? loadTarget;
  let callback: CallbackServer | null = null;
  const targets: TargetResult[] = [];
  try {
    if (settings.callbackDelayMs !== null) callback = await startCallbackServer(settings.callbackDelayMs);
    for (const name of settings.targets) {
      let def: TargetDefinition;
      try {
        def = await resolveDef(name);
      } catch (error) {
        const line = `${name}: ${(error as Error).message}`;
        if (settings.targetsNamed) targets.push(emptyTargetResult(name, line));
        log(settings.targetsNamed ? `error: ${line}` : `skipped ${line}`);
        continue;
      }
      const missing = await missingServer(def.needs);
      if (missing) {
        if (settings.targetsNamed) {
          targets.push(emptyTargetResult(name, missing));
          log(`error: ${name}: ${missing}`);
        } else log(`skipped ${name}: ${missing}`);
        continue;
      }
      log(`${name}: starting (${settings.historicalJobs} historical jobs, scale ${settings.scale}, ${settings.threads} threads, ${settings.mode})`);
      try {
        const progress = options.progress;
        const result = await runTarget(http ? http.wrap(def) : def, {
          settings,
          runId,
          runDir: join(outDir, 'work'),
          callbackUrl: callback?.url ?? null,
          driver: http?.driver ?? defaultDriver,
          log,
          onProgress: progress
            ? (p) => progress(`${name}  ${(p.elapsedMs / 1000).toFixed(1)} s  ops ${p.ops}  p99≈${(p.p99Us / 1000).toFixed(1)} ms  timeouts ${p.timeouts}  errors ${p.errors}`)
            : undefined,
        });
        progress?.(null);
        targets.push(result);
        log(`${name}: done, ${result.events.total} operations measured`);
      } catch (error) {
        options.progress?.(null);
        const line = error instanceof TargetStartError ? error.message : `${name}: ${(error as Error).message}`;
        if (error instanceof TargetStartError && !settings.targetsNamed) {
          log(`skipped ${line}`);
          continue;
        }
        targets.push(emptyTargetResult(name, line));
        log(`error: ${line}`);
      }
    }
  } finally {
    await callback?.close();
    // The targets' working files (shelves, SQLite files: tens of MB a run) are
    // scratch; results.json holds what was measured. CONVOY_KEEP_WORK=1 keeps them.
    if (process.env.CONVOY_KEEP_WORK !== '1') await rm(join(outDir, 'work'), { recursive: true, force: true });
  }
  const results: ResultsFile = {
    schemaVersion: RESULTS_SCHEMA_VERSION,
    runId,
    createdAt: new Date().toISOString(),
    scenario: { name: scenario.name, question: scenario.question, description: scenario.demonstrates },
    seed: settings.seed,
    scale: settings.scale,
    loadModel: settings.loadModel,
    mode: settings.mode,
    threads: settings.threads,
    durability: settings.durability,
    historicalJobs: settings.historicalJobs,
    machine: describeMachine(),
    phases: { warmupMs: settings.warmupMs, measureMs: settings.measureMs },
    scaledConstants: await scaledConstantsOf(settings),
    targets,
    gates: [],
    headline: null,
  };
  const gates = evaluateGates(scenario.gates, results);
  results.gates = gates.results;
  if (gates.skipped.length > 0) results.gatesSkipped = gates.skipped;
  results.headline = evaluateHeadline(scenario.headlines, results);
  const resultsPath = join(outDir, 'results.json');
  await writeFile(resultsPath, `${JSON.stringify(results, null, 1)}\n`);
  let reportPath: string | null = null;
  if (!options.noReport) reportPath = await tryReport(results, outDir, log);
  return { results, resultsPath, outDir, reportPath, gatesSkipped: gates.skipped };
}

/** The report is another engineer's module: missing or failing, warn in one line and go on. */
async function tryReport(results: ResultsFile, outDir: string, log: (line: string) => void): Promise<string | null> {
  try {
    const mod = (await import('../report/write.ts')) as { writeReport?: unknown };
    if (typeof mod.writeReport !== 'function') throw new Error('harness/report/write.ts has no writeReport');
    const write = mod.writeReport as (r: ResultsFile, dir: string) => Promise<{ htmlPath: string }>;
    return (await write(results, outDir)).htmlPath;
  } catch (error) {
    log(`warning: no HTML report (${(error as Error).message.split('\n')[0]})`);
    return null;
  }
}
