/** Helpers for the conformance suite: which targets run, starting one, polling a job, running worker users. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { JobService, JobServiceFactory, JobStatus } from '../../harness/contract/job-service.ts';
import { FINAL_STATUSES } from '../../harness/contract/job-service.ts';
import { PrometheusGate } from '../../harness/contract/prometheus-gate.ts';
import type { TargetDefinition, TargetHandle } from '../../harness/contract/target.ts';
import { TARGET_NAMES, loadTarget } from '../../harness/targets.ts';
import { skipUnlessServer } from '../support/servers.ts';
import type { FromUser, UserJob, UserTimings, UserWorkerData } from './fixtures/messages.ts';

/** Every target the suite knows; `CONFORMANCE_TARGETS=a,b` narrows it. */
const ALL = ['legacy', 'legacy-mitigated', 'sqlite', 'postgres', 'bullmq', 'bullmq-statushash'];

export const SCALE = 0.01;
export const HISTORICAL_JOBS = 200;
export const POLL_DEADLINE_MS = 20_000;

export interface PlannedTarget {
  name: string;
  definition: TargetDefinition | null;
  /** Reason to skip, or false to run. */
  skip: string | false;
}

export async function planTargets(): Promise<PlannedTarget[]> {
  const wanted = process.env.CONFORMANCE_TARGETS?.split(',').map((s) => s.trim()).filter(Boolean) ?? ALL;
  const plans: PlannedTarget[] = [];
  for (const name of wanted) {
    if (!TARGET_NAMES.includes(name)) {
      plans.push({ name, definition: null, skip: `target "${name}" is not in harness/targets.ts yet` });
      continue;
    }
    let definition: TargetDefinition;
    try {
      definition = await loadTarget(name);
    } catch (error) {
      // The target's own module not written yet (legacy-sim is another engineer's): skip, say so.
      const { code, url } = error as { code?: unknown; url?: unknown };
      if (code === 'ERR_MODULE_NOT_FOUND' && typeof url === 'string' && url.endsWith('/target.ts')) {
        plans.push({ name, definition: null, skip: `${url} is not there yet` });
        continue;
      }
      throw error;
    }
    let skip: string | false = false;
    for (const server of definition.needs) skip = skip || (await skipUnlessServer(server));
    plans.push({ name, definition, skip });
  }
  return plans;
}

export interface Started {
  handle: TargetHandle;
  gate: PrometheusGate;
  service(threadIndex: number): Promise<JobService>;
  stop(): Promise<void>;
}

export async function startTarget(definition: TargetDefinition, runTag: string): Promise<Started> {
  const runDir = mkdtempSync(join(tmpdir(), `conformance-${definition.name}-`));
  const runId = `conf_${runTag}_${process.pid}_${Date.now().toString(36)}`;
  const handle = await definition.start({
    runId,
    runDir,
    scale: SCALE,
    durability: 'relaxed',
    seed: 42,
    historicalJobs: HISTORICAL_JOBS,
    threads: 16,
    engines: { fast: 1, slow: 1 },
    log: () => {},
  });
  const gate = PrometheusGate.create(handle.heartbeatPolicy);
  const services: JobService[] = [];
  return {
    handle,
    gate,
    async service(threadIndex) {
      const connection = handle.connection(threadIndex);
      const module = (await import(connection.serviceModule)) as { createJobService: JobServiceFactory };
      const service = await module.createJobService(connection.info, { threadIndex, prometheus: gate });
      services.push(service);
      return service;
    },
    async stop() {
      await Promise.all(services.map((s) => s.close()));
      await handle.stop();
      rmSync(runDir, { recursive: true, force: true });
    },
  };
}

/** Poll until the job is final; returns every distinct status seen, in order. */
export async function pollToFinal(service: JobService, jobid: string, deadlineMs = POLL_DEADLINE_MS): Promise<(JobStatus | null)[]> {
  const seen: (JobStatus | null)[] = [];
  const deadline = Date.now() + deadlineMs;
  while (Date.now() < deadline) {
    const status = await service.jobStatus(jobid);
    if (seen.length === 0 || seen[seen.length - 1] !== status) seen.push(status);
    if (status !== null && FINAL_STATUSES.includes(status)) return seen;
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  throw new Error(`job ${jobid} not final after ${deadlineMs} ms; statuses seen: ${seen.join(' → ')}`);
}

const BOOT = new URL('./fixtures/worker-boot.mjs', import.meta.url);
const USER_ENTRY = new URL('./fixtures/user-worker.ts', import.meta.url).href;

/** `users` worker threads, each with its own JobService from `connection(i)`, submitting and polling at once. */
export async function runUsers(started: Started, users: number, jobsPerUser: number): Promise<{ jobs: UserJob[]; timings: UserTimings }[]> {
  const startGate = new SharedArrayBuffer(4);
  const runs = Array.from({ length: users }, (_, threadIndex) => {
    const connection = started.handle.connection(threadIndex);
    const workerData: UserWorkerData = {
      entry: USER_ENTRY,
      serviceModule: connection.serviceModule,
      info: connection.info,
      threadIndex,
      gate: started.gate.init,
      jobs: jobsPerUser,
      startGate,
      users,
      deadlineMs: POLL_DEADLINE_MS,
    };
    const worker = new Worker(BOOT, { workerData, transferList: connection.transfer });
    return new Promise<{ jobs: UserJob[]; timings: UserTimings }>((resolve, reject) => {
      worker.once('message', (message: FromUser) => {
        void worker.terminate();
        if (message.type === 'done') resolve({ jobs: message.jobs, timings: message.timings });
        else reject(new Error(`user ${threadIndex} failed (${message.code ?? 'no code'}): ${message.message}`));
      });
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`user ${threadIndex} exited with ${code} before reporting`)));
    });
  });
  return Promise.all(runs);
}
