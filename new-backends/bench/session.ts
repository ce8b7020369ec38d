/** Start a target for one measurement and build JobServices in the main thread; stop cleans everything. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JobService } from '../../harness/contract/job-service.ts';
import { PrometheusGate } from '../../harness/contract/prometheus-gate.ts';
import type { TargetDefinition, TargetHandle, TargetStartOptions } from '../../harness/contract/target.ts';
import { loadJobService } from '../../harness/contract/load-service.ts';

/** A target's start options less the run's identity and folder, which the session makes. */
export type SessionOptions = Omit<TargetStartOptions, 'runId' | 'runDir'>;

export interface Session {
  handle: TargetHandle;
  gate: PrometheusGate;
  /** A JobService in the main thread, on a connection index above the web threads'. */
  service(): Promise<JobService>;
  stop(): Promise<void>;
}

let runCounter = 0;
/** Main-thread services (traffic, backlog submitters) get connection indexes after the web threads'. */
export const MAIN_THREAD_SERVICES = 8;

export async function openSession(definition: TargetDefinition, options: SessionOptions): Promise<Session> {
  const runDir = mkdtempSync(join(tmpdir(), `bench-${definition.name}-`));
  const runId = `bench_${process.pid}_${Date.now().toString(36)}_${runCounter++}`;
  let handle: TargetHandle;
  try {
    handle = await definition.start({ runId, runDir, ...options, threads: options.threads + MAIN_THREAD_SERVICES });
  } catch (error) {
    rmSync(runDir, { recursive: true, force: true });
    throw error;
  }
  const gate = PrometheusGate.create(handle.heartbeatPolicy);
  const services: JobService[] = [];
  let nextIndex = options.threads;
  return {
    handle,
    gate,
    async service() {
      const connection = handle.connection(nextIndex);
      const service = await loadJobService(connection.serviceModule, connection.info, { threadIndex: nextIndex++, prometheus: gate });
      services.push(service);
      return service;
    },
    async stop() {
      await Promise.allSettled(services.map((s) => s.close()));
      await handle.stop();
      rmSync(runDir, { recursive: true, force: true });
    },
  };
}
