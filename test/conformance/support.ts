/** Helpers for the conformance suite: which targets run, starting one, polling a job, running worker users. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import type { JobService, JobStatus } from '../../harness/contract/job-service.ts';
import { FINAL_STATUSES } from '../../harness/contract/job-service.ts';
import { PrometheusGate } from '../../harness/contract/prometheus-gate.ts';
import type { TargetDefinition, TargetHandle } from '../../harness/contract/target.ts';
import { TARGET_NAMES, loadTarget } from '../../harness/targets.ts';
import { spawnTsWorker } from '../../harness/ts-worker.ts';
import { skipUnlessServer } from '../support/servers.ts';
import type { FromUser, UserJob, UserRun, UserTimings } from './fixtures/messages.ts';
import { loadJobService } from '../../harness/contract/load-service.ts';

/** Every target the suite knows; `CONFORMANCE_TARGETS=a,b` narrows it. */
const ALL = ['legacy', 'legacy-mitigated', 'sqlite', 'postgres', 'bullmq', 'bullmq-statushash'];

export const SCALE = 0.01;
/**
 * Legacy targets run at 0.1: the suite checks behaviour, not timing, and at
 * 0.01 legacy's receive timeout is 1.2 s, which a loaded 2-core machine (the
 * suite runs beside other test files) can exceed on a plain status poll.
 * Legacy's message-order races (legacy-sim/README.md, "Status order is not
 * guaranteed") also need a starved proxy; a larger scale makes them rarer,
 * it does not hide them from the legacy tests that look for them.
 */
export const LEGACY_SCALE = 0.1;

export function scaleFor(targetName: string): number {
  return targetName.startsWith('legacy') ? LEGACY_SCALE : SCALE;
}
export const HISTORICAL_JOBS = 200;
export const POLL_DEADLINE_MS = 10_000;

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
    scale: scaleFor(definition.name),
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
      const service = await loadJobService(connection.serviceModule, connection.info, { threadIndex, prometheus: gate });
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

const USER_ENTRY = new URL('./fixtures/user-worker.ts', import.meta.url);

export interface UserOutcome {
  jobs: UserJob[];
  timings: UserTimings;
}

/**
 * Worker threads that stay up for the whole file and serve every target in
 * turn: spawning 16 tsx workers per target would cost more than the test.
 */
export class UserPool {
  private readonly workers: Worker[];

  constructor(readonly size: number) {
    this.workers = Array.from({ length: size }, () => spawnTsWorker(USER_ENTRY));
  }

  /** Every user builds its own JobService from `connection(i)`, then all submit and poll at once. */
  async run(started: Started, jobsPerUser: number): Promise<UserOutcome[]> {
    const startGate = new SharedArrayBuffer(4);
    return Promise.all(
      this.workers.map((worker, threadIndex) => {
        const connection = started.handle.connection(threadIndex);
        const message: UserRun = {
          type: 'run',
          serviceModule: connection.serviceModule,
          info: connection.info,
          threadIndex,
          gate: started.gate.init,
          jobs: jobsPerUser,
          startGate,
          users: this.size,
          deadlineMs: POLL_DEADLINE_MS,
        };
        return new Promise<UserOutcome>((resolve, reject) => {
          const onExit = (code: number) => reject(new Error(`user ${threadIndex} exited with ${code}`));
          worker.once('exit', onExit);
          worker.once('message', (reply: FromUser) => {
            worker.off('exit', onExit);
            if (reply.type === 'done') resolve({ jobs: reply.jobs, timings: reply.timings });
            else reject(new Error(`user ${threadIndex} failed (${reply.code ?? 'no code'}): ${reply.message}`));
          });
          worker.postMessage(message, connection.transfer);
        });
      }),
    );
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
