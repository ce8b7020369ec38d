/**
 * The legacy targets: `legacy` (the version the convoy issue describes, every
 * mitigation off) and `legacy-mitigated` (production today, every mitigation
 * on). `createLegacyTarget` builds variants with other switches (tests, CLI).
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { MessageChannel } from 'node:worker_threads';
import type { JsonObject } from '../harness/contract/json.ts';
import type { HeartbeatPolicy } from '../harness/contract/prometheus-gate.ts';
import { TargetStartError } from '../harness/contract/target.ts';
import type { TargetDefinition, TargetHandle, TargetStartOptions, WorkerConnection } from '../harness/contract/target.ts';
import { startBackend } from './backend.ts';
import type { Backend } from './backend.ts';
import { PER_REPLY_COST_MS, RECEIVE_TIMEOUT_MS, scaled, scaledConstants } from './constants.ts';
import { PRE_MITIGATION, PRODUCTION_MITIGATIONS } from './options.ts';
import type { LegacySimOptions, Mitigations } from './options.ts';
import { registerHistoricalJobs } from './registration.ts';
import { seedHistoricalJobs } from './store/seed.ts';
import { ShelveStore } from './store/shelve.ts';
import type { LegacyConnectionInfo } from './web/job-interface.ts';
import { SharedMutex } from './web/shared-mutex.ts';
import { SocketOwner } from './web/socket-owner.ts';

/** Defaults = production today (issue 2 item 7). */
export const DEFAULT_OPTIONS: LegacySimOptions = {
  mitigations: PRODUCTION_MITIGATIONS,
  durability: 'relaxed',
  shelveLatencyMs: 0,
  crashOnBadFrame: false,
  rebuildSocketOnTimeout: true,
  perReplyCostMs: PER_REPLY_COST_MS,
  printRequests: false,
};

export interface LegacyTargetConfig {
  name: string;
  summary: string;
  /** Overrides of {@link DEFAULT_OPTIONS}; `durability` comes from the run unless set here. */
  options?: Partial<LegacySimOptions>;
  /** Static ports 51381.. (only one engine at a time can use them). */
  staticPorts?: boolean;
  /** Web client id: the DEALER identities are `client<id>.collect.DEALER` / `client<id>.engine.DEALER`. */
  clientId?: number;
  /**
   * Use this shelves folder as it is (its jobs are registered at start-up,
   * as WBIA does) instead of a fresh `<runDir>/shelves`.
   */
  shelvesDir?: string;
}

/** A started legacy engine, with what tests and the CLI need beyond TargetHandle. */
export interface LegacyHandle extends TargetHandle {
  readonly ports: Backend['ports'];
  readonly shelvesDir: string;
  readonly owner: SocketOwner;
  readonly backend: Backend;
}

const SERVICE_MODULE = new URL('./web/job-interface.ts', import.meta.url).href;
/** The first round trip waits for every process to be connected. */
const PROBE_TIMEOUT_MS = 30_000;

function heartbeatPolicyOf(m: Mitigations): HeartbeatPolicy {
  return { prometheusLimit: m.prometheusLimit, busyGuard: m.busyGuard, statusDictLimit: m.heartbeatStatusDictLimit };
}

export async function startLegacy(config: LegacyTargetConfig, run: TargetStartOptions): Promise<LegacyHandle> {
  const options: LegacySimOptions = { ...DEFAULT_OPTIONS, durability: run.durability, ...config.options };
  const m = options.mitigations;
  const fsync = options.durability === 'strict';
  const shelvesDir = config.shelvesDir ?? join(run.runDir, 'shelves');
  if (config.shelvesDir === undefined) rmSync(shelvesDir, { recursive: true, force: true });
  mkdirSync(shelvesDir, { recursive: true });
  const seed = seedHistoricalJobs(shelvesDir, run.historicalJobs, run.seed);
  run.log(`${config.name}: seeded ${run.historicalJobs} historical jobs in ${seed.seedMs.toFixed(0)} ms`);

  let backend: Backend;
  try {
    backend = await startBackend({
      staticPorts: config.staticPorts ?? false,
      engines: run.engines,
      collector: {
        shelvesDir,
        scale: run.scale,
        statusCache: m.statusCache,
        fsync,
        shelveLatencyMs: options.shelveLatencyMs,
        crashOnBadFrame: options.crashOnBadFrame,
        perReplyCostMs: options.perReplyCostMs,
        printRequests: options.printRequests,
      },
      log: run.log,
    });
  } catch (error) {
    throw new TargetStartError(config.name, (error as Error).message);
  }
  const receiveTimeoutMs = scaled(RECEIVE_TIMEOUT_MS, run.scale);
  const owner = new SocketOwner({ ports: backend.ports, clientId: config.clientId ?? 0, receiveTimeoutMs, rebuildSocketOnTimeout: options.rebuildSocketOnTimeout });
  const collectLock = SharedMutex.create();
  const engineLock = SharedMutex.create();
  const notes: string[] = [];
  let registrationMs = 0;
  try {
    const probe = await owner.request('collect', JSON.stringify({ action: 'job_id_list' }), undefined, PROBE_TIMEOUT_MS);
    if (probe.type !== 'reply') throw new Error(`collector did not answer the start-up probe (${probe.type})`);
    // The web process's store (WBIA's web process reads shelves with the same lock-file protocol).
    const webStore = new ShelveStore({ scale: run.scale, fsync, latencyMs: options.shelveLatencyMs });
    const report = await registerHistoricalJobs(shelvesDir, webStore, (socket, payload) => owner.request(socket, payload, undefined, Math.max(receiveTimeoutMs, PROBE_TIMEOUT_MS)), m.batchRegistration);
    registrationMs = report.registrationMs;
    notes.push(
      `registration: ${report.registered} jobs (${report.completed} completed, ${report.corrupted} corrupted, ${report.suppressed} suppressed, ${report.restarted} restarted) in ${report.roundTrips} round trips (${m.batchRegistration ? 'batch' : 'one per job'}), jobcounter ${report.jobcounter}`,
    );
  } catch (error) {
    owner.close();
    await backend.supervisor.stop();
    throw new TargetStartError(config.name, (error as Error).message);
  }
  run.log(`${config.name}: ${notes[0]} in ${registrationMs.toFixed(0)} ms`);
  // collectStats() covers the run, not the start-up (whose cost is in `startup`).
  await backend.supervisor.resetCollectorStats();

  const settings: JsonObject = {
    statusCache: m.statusCache,
    batchRegistration: m.batchRegistration,
    prometheusLimit: m.prometheusLimit,
    busyGuard: m.busyGuard,
    heartbeatStatusDictLimit: m.heartbeatStatusDictLimit,
    statusDictLimitSupported: true,
    durability: options.durability,
    fsyncPerWrite: fsync,
    shelveLatencyMs: options.shelveLatencyMs,
    crashOnBadFrame: options.crashOnBadFrame,
    rebuildSocketOnTimeout: options.rebuildSocketOnTimeout,
    perReplyCostMs: options.perReplyCostMs,
    perReplyCostScaledMs: scaled(options.perReplyCostMs, run.scale),
    receiveTimeoutMs,
    scale: run.scale,
    engines: { fast: run.engines.fast, slow: run.engines.slow },
    scaledConstants: scaledConstants(run.scale),
    ports: { ...backend.ports },
  };

  let stopped = false;
  const handle: LegacyHandle = {
    name: config.name,
    settings,
    heartbeatPolicy: heartbeatPolicyOf(m),
    startup: { seededJobs: run.historicalJobs, seedMs: seed.seedMs, registrationMs, notes },
    ports: backend.ports,
    shelvesDir,
    owner,
    backend,
    faults: {
      components: () => backend.supervisor.components(),
      pause: (component, durationMs) => backend.supervisor.pause(component, durationMs),
      kill: (component) => backend.supervisor.kill(component),
    },
    connection(threadIndex: number): WorkerConnection {
      const channel = new MessageChannel();
      owner.attach(channel.port1);
      const info: LegacyConnectionInfo = { port: channel.port2, collectLock: collectLock.buffer, engineLock: engineLock.buffer, shelvesDir, fsync };
      void threadIndex;
      return { serviceModule: SERVICE_MODULE, info, transfer: [channel.port2] };
    },
    async collectStats(): Promise<JsonObject> {
      const stats = await backend.supervisor.collectorStats();
      const out: JsonObject = { socketOwner: { ...owner.counters } };
      if (stats) {
        out.collector = JSON.parse(JSON.stringify(stats)) as JsonObject;
        out.arrivalsPerSec = stats.arrivalsPerSec;
        out.meanServiceUs = stats.meanServiceUs;
        out.utilisation = stats.utilisation;
      } else {
        out.collector = null;
      }
      return out;
    },
    async stop(): Promise<void> {
      if (stopped) return;
      stopped = true;
      owner.close();
      await backend.supervisor.stop();
    },
  };
  return handle;
}

export function createLegacyTarget(config: LegacyTargetConfig): TargetDefinition {
  return {
    name: config.name,
    summary: config.summary,
    needs: [],
    start: (run) => startLegacy(config, run),
  };
}

export const legacyTarget: TargetDefinition = createLegacyTarget({
  name: 'legacy',
  summary: 'WBIA job engine as the convoy issue describes it: ZeroMQ + shelve, every mitigation off',
  options: { mitigations: PRE_MITIGATION },
});

export const legacyMitigatedTarget: TargetDefinition = createLegacyTarget({
  name: 'legacy-mitigated',
  summary: 'WBIA job engine as in production today: status cache, batch registration, PROMETHEUS_LIMIT 30, busy guard',
  options: { mitigations: PRODUCTION_MITIGATIONS },
});
