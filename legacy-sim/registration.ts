/**
 * Start-up registration (WBIA `JobInterface.queue_interrupted_jobs` +
 * `initialize_process_record`): read every `.pkl` record and its metadata,
 * decide completed / suppressed / corrupted, register each job with the
 * collector (one round trip per job, or one batch: the production
 * mitigation), then `__set_jobcounter__` on the engine queue.
 * Pending jobs (not completed, not suppressed, not corrupted) are re-sent to
 * the engine queue with their restart fields.
 */
import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { JsonObject } from '../harness/contract/json.ts';
import { MAX_ATTEMPTS } from './constants.ts';
import type { ShelveStore } from './store/shelve.ts';
import { jobPaths } from './store/paths.ts';
import { readRecord, writeRecord } from './store/record.ts';
import type { OwnerResponse, SocketName } from './web/protocol.ts';

export class RegistrationError extends Error {
  readonly code = 'E_LEGACY_REGISTRATION';
}

export interface RegistrationReport {
  registered: number;
  completed: number;
  suppressed: number;
  corrupted: number;
  restarted: number;
  jobcounter: number;
  roundTrips: number;
  registrationMs: number;
}

type Ask = (socket: SocketName, payload: string) => Promise<OwnerResponse>;

async function ask(request: Ask, socket: SocketName, message: JsonObject): Promise<JsonObject> {
  const response = await request(socket, JSON.stringify(message));
  if (response.type !== 'reply') throw new RegistrationError(`${socket} did not answer ${JSON.stringify(message).slice(0, 80)} (${response.type})`);
  return JSON.parse(response.payload) as JsonObject;
}

export async function registerHistoricalJobs(shelvesDir: string, store: ShelveStore, request: Ask, batch: boolean): Promise<RegistrationReport> {
  const start = performance.now();
  const report: RegistrationReport = { registered: 0, completed: 0, suppressed: 0, corrupted: 0, restarted: 0, jobcounter: 0, roundTrips: 0, registrationMs: 0 };
  const toRegister: { jobid: string; status: string }[] = [];
  const restarts: { jobcounter: number; request: JsonObject }[] = [];
  for (const file of readdirSync(shelvesDir)) {
    if (!file.endsWith('.pkl')) continue;
    const jobid = basename(file, '.pkl');
    const paths = jobPaths(shelvesDir, jobid);
    let record;
    try {
      record = readRecord(join(shelvesDir, file));
    } catch {
      record = { request: null, attempts: 0, completed: false };
    }
    const suppressed = record.attempts >= MAX_ATTEMPTS;
    let corrupted = record.request === null;
    const metadata = store.get(paths.input, 'metadata');
    const meta = typeof metadata === 'object' && metadata !== null && !Array.isArray(metadata) ? metadata : null;
    if (meta === null) corrupted = true;
    const jobcounter = typeof meta?.jobcounter === 'number' ? meta.jobcounter : null;
    if (jobcounter === null) corrupted = true;
    if (jobcounter !== null) report.jobcounter = Math.max(report.jobcounter, jobcounter);
    if (record.completed || suppressed || corrupted) {
      const status = record.completed ? 'completed' : suppressed ? 'suppressed' : 'corrupted';
      report[status] += 1;
      toRegister.push({ jobid, status });
    } else {
      const times = (meta?.times ?? {}) as JsonObject;
      const restart: JsonObject = { ...(record.request as JsonObject), restart_jobid: jobid, restart_jobcounter: jobcounter, restart_received: times.received ?? null };
      delete restart.jobid;
      writeRecord(paths.record, { ...record, attempts: record.attempts + 1 });
      restarts.push({ jobcounter: jobcounter ?? 0, request: restart });
      report.restarted += 1;
    }
    report.registered += 1;
  }
  if (batch) {
    if (toRegister.length > 0) {
      await ask(request, 'collect', { action: 'register', jobid: null, jobs: toRegister });
      report.roundTrips += 1;
    }
  } else {
    for (const job of toRegister) {
      const reply = await ask(request, 'collect', { jobid: job.jobid, status: job.status, action: 'register' });
      report.roundTrips += 1;
      if (reply.jobid !== job.jobid) throw new RegistrationError(`register ${job.jobid} answered for ${String(reply.jobid)}`);
    }
  }
  const set = await ask(request, 'engine', { __set_jobcounter__: report.jobcounter });
  report.roundTrips += 1;
  if (set.jobcounter !== report.jobcounter) throw new RegistrationError(`__set_jobcounter__ answered ${String(set.jobcounter)}`);
  restarts.sort((a, b) => a.jobcounter - b.jobcounter);
  for (const r of restarts) {
    await ask(request, 'engine', r.request);
    report.roundTrips += 1;
  }
  report.registrationMs = performance.now() - start;
  return report;
}
