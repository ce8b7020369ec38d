/**
 * `on_collect_request` (WBIA job_engine.py; LEGACY.md "Collector actions"):
 * one request in, one reply out, all I/O blocking. Exceptions propagate to
 * the loop, which answers `{}` as `collector_loop` does.
 */
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { isValidJobId } from '../../harness/contract/job-service.ts';
import type { JsonObject, JsonValue } from '../../harness/contract/json.ts';
import type { ShelveStore } from '../store/shelve.ts';
import { jobPaths } from '../store/paths.ts';
import { readRecord, writeRecord } from '../store/record.ts';
import { timedelta, timestamp } from '../timestamps.ts';
import type { CallbackMethod } from './callback.ts';

/** `collector_data[jobid]`. */
interface Entry {
  status: string | null;
  input: string | null;
  output: string | null;
  /**
   * Not in the public code: remembered (from `received`, `metadata`,
   * `register`) only so that the `limit` mitigation can pick the newest jobs
   * without reading every job's metadata. -1 until known.
   */
  jobcounter: number;
}

export interface CollectorDeps {
  shelvesDir: string;
  store: ShelveStore;
  /** JOB_STATUS_CACHE on (production) or off (the convoy issue's version). */
  statusCache: boolean;
  fsync: boolean;
  /** Blocking HTTP request; returns the status code or -1. */
  callback: (url: string, method: CallbackMethod, data: Record<string, string>) => number;
  log: (line: string) => void;
}

class HandlerError extends Error {}

function asObject(value: unknown): JsonObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new HandlerError('request is not a JSON object');
  return value as JsonObject;
}

function str(value: JsonValue | undefined): string | null {
  return typeof value === 'string' ? value : null;
}

export class Collector {
  private readonly data = new Map<string, Entry>();
  private readonly cache = new Map<string, JsonObject>();

  constructor(private readonly deps: CollectorDeps) {}

  get knownJobs(): number {
    return this.data.size;
  }

  handle(raw: unknown): JsonObject {
    const request = asObject(raw);
    const action = request.action ?? null;
    const jobid = request.jobid ?? null;
    const status = request.status ?? null;
    const reply: JsonObject = { status: 'ok', jobid };

    // LEGACY.md: an invalid jobid gets status "error" and nothing else happens.
    if (jobid !== null && !isValidJobId(jobid)) {
      reply.status = 'error';
      return reply;
    }
    // "Asking makes a job known": every valid jobid gets an entry first.
    if (typeof jobid === 'string' && !this.data.has(jobid)) this.data.set(jobid, { status: null, input: null, output: null, jobcounter: -1 });

    switch (action) {
      case 'notification':
        if (typeof request.jobcounter === 'number' && typeof jobid === 'string') this.entry(jobid).jobcounter = request.jobcounter;
        this.notification(this.requireJobid(jobid), str(status));
        break;
      case 'register':
        if (Array.isArray(request.jobs)) {
          // Batch registration (production mitigation): one round trip for all.
          for (const job of request.jobs) {
            const j = asObject(job);
            if (!isValidJobId(j.jobid)) throw new HandlerError(`invalid jobid in batch: ${JSON.stringify(j.jobid)}`);
            this.register(j.jobid, str(j.status));
          }
          reply.registered = request.jobs.length;
        } else {
          this.register(this.requireJobid(jobid), str(status));
        }
        break;
      case 'metadata':
        this.metadata(this.requireJobid(jobid), request.metadata ?? null);
        break;
      case 'store':
        this.store(this.requireJobid(jobid), request);
        break;
      case 'job_status':
        reply.jobstatus = typeof jobid === 'string' ? (this.data.get(jobid)?.status ?? null) : 'unknown';
        break;
      case 'job_status_dict':
        reply.json_result = this.statusDict(typeof request.limit === 'number' ? request.limit : null);
        break;
      case 'job_id_list':
        reply.jobid_list = [...this.data.keys()].sort();
        break;
      case 'job_input':
        this.jobInput(jobid, reply);
        break;
      case 'job_result':
        this.jobResult(jobid, reply);
        break;
      default:
        this.deps.log(`...error unknown action=${JSON.stringify(action)}`);
        reply.status = 'error';
    }
    return reply;
  }

  private requireJobid(jobid: JsonValue): string {
    if (typeof jobid !== 'string') throw new HandlerError('jobid required');
    return jobid;
  }

  private entry(jobid: string): Entry {
    const e = this.data.get(jobid);
    if (!e) throw new HandlerError(`jobid ${jobid} not in collector_data`);
    return e;
  }

  private notification(jobid: string, status: string | null): void {
    const entry = this.entry(jobid);
    const paths = jobPaths(this.deps.shelvesDir, jobid);
    entry.status = status;
    this.cache.delete(jobid);
    if (status === 'received') writeFileSync(paths.runtimeLock, '');
    if (status === 'completed') {
      if (existsSync(paths.runtimeLock)) rmSync(paths.runtimeLock, { force: true });
      // Throws when the web process wrote no record: the reply becomes {}.
      const record = readRecord(paths.record);
      record.completed = true;
      writeRecord(paths.record, record, this.deps.fsync);
    }
    if (entry.input === null) return;
    const metadata = this.deps.store.get(entry.input, 'metadata');
    if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) return;
    const times = (typeof metadata.times === 'object' && metadata.times !== null && !Array.isArray(metadata.times) ? metadata.times : {}) as JsonObject;
    const now = timestamp();
    times.updated = now;
    if (status === 'working') times.started = now;
    if (status === 'completed') times.completed = now;
    const received = str(times.received);
    const started = str(times.started);
    const completed = str(times.completed);
    if (started !== null && completed !== null && (times.runtime ?? null) === null) {
      const d = timedelta(started, completed);
      times.runtime = d.text;
      times.runtime_sec = d.totalSeconds;
    }
    if (received !== null && completed !== null && (times.turnaround ?? null) === null) {
      const d = timedelta(received, completed);
      times.turnaround = d.text;
      times.turnaround_sec = d.totalSeconds;
    }
    metadata.times = times;
    this.deps.store.set(entry.input, 'metadata', metadata);
  }

  private register(jobid: string, status: string | null): void {
    this.cache.delete(jobid);
    const paths = jobPaths(this.deps.shelvesDir, jobid);
    const metadata = this.deps.store.get(paths.input, 'metadata');
    const result = this.deps.store.get(paths.output, 'result');
    let final = status;
    if (status === 'completed' && (metadata === undefined || metadata === null || result === undefined || result === null)) final = 'corrupted';
    // Re-assigning an existing key keeps its place, as in a Python dict.
    const jobcounter = typeof metadata === 'object' && metadata !== null && !Array.isArray(metadata) && typeof metadata.jobcounter === 'number' ? metadata.jobcounter : -1;
    this.data.set(jobid, { status: final, input: paths.input, output: paths.output, jobcounter });
  }

  private metadata(jobid: string, metadata: JsonValue): void {
    this.cache.delete(jobid);
    const paths = jobPaths(this.deps.shelvesDir, jobid);
    const entry = this.entry(jobid);
    entry.input = paths.input;
    if (typeof metadata === 'object' && metadata !== null && !Array.isArray(metadata) && typeof metadata.jobcounter === 'number') entry.jobcounter = metadata.jobcounter;
    this.deps.store.set(paths.input, 'metadata', metadata);
  }

  private store(requestJobid: string, request: JsonObject): void {
    this.cache.delete(requestJobid);
    const engineResult = asObject(request.engine_result);
    const jobid = str(engineResult.jobid) ?? requestJobid;
    const entry = this.entry(jobid);
    const paths = jobPaths(this.deps.shelvesDir, jobid);
    entry.output = paths.output;
    this.deps.store.set(paths.output, 'result', engineResult);
    const url = str(request.callback_url);
    if (url === null) return;
    const method = (str(request.callback_method) ?? 'POST').toUpperCase();
    if (method !== 'POST' && method !== 'GET' && method !== 'PUT') throw new HandlerError(`callback_method ${method} unsupported`);
    const data: Record<string, string> = { jobid };
    if (request.callback_detailed === true) {
      // callback_detailed: read the result back and send it along.
      const stored = this.deps.store.get(paths.output, 'result');
      if (typeof stored === 'object' && stored !== null && !Array.isArray(stored)) {
        data.status = String(stored.exec_status ?? '');
        data.json_result = typeof stored.json_result === 'string' ? stored.json_result : JSON.stringify(stored.json_result ?? null);
      }
    }
    const code = this.deps.callback(url, method, data);
    this.deps.log(code < 0 ? 'Callback FAILED!' : `Callback completed... Response: ${code}`);
  }

  /**
   * `job_status_dict`. With `limit` (production mitigation; absent from the
   * public code, so its choice of jobs is ours): only the `limit` newest
   * jobs (highest jobcounter) are processed.
   */
  private statusDict(limit: number | null): JsonObject {
    const result: JsonObject = {};
    let ids = [...this.data.keys()];
    if (limit !== null && limit >= 0) {
      ids = [...this.data.entries()]
        .sort((a, b) => b[1].jobcounter - a[1].jobcounter)
        .slice(0, limit)
        .map(([id]) => id);
    }
    for (const jobid of ids) {
      const cached = this.deps.statusCache ? this.cache.get(jobid) : undefined;
      if (cached) {
        result[jobid] = cached;
        continue;
      }
      let status = this.data.get(jobid)?.status ?? null;
      let metadata = this.deps.store.get(jobPaths(this.deps.shelvesDir, jobid).input, 'metadata');
      let cache = true;
      if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) {
        if (status === 'completed') status = 'corrupted';
        else if (status !== 'corrupted' && status !== 'suppressed') cache = false;
        metadata = { jobcounter: -1 };
      }
      const times = (typeof metadata.times === 'object' && metadata.times !== null && !Array.isArray(metadata.times) ? metadata.times : {}) as JsonObject;
      const req = (typeof metadata.request === 'object' && metadata.request !== null && !Array.isArray(metadata.request) ? metadata.request : {}) as JsonObject;
      const row: JsonObject = {
        status,
        jobcounter: metadata.jobcounter ?? null,
        action: metadata.action ?? null,
        endpoint: req.endpoint ?? null,
        function: req.function ?? null,
        time_received: times.received ?? null,
        time_started: times.started ?? null,
        time_runtime: times.runtime ?? null,
        time_updated: times.updated ?? null,
        time_completed: times.completed ?? null,
        time_turnaround: times.turnaround ?? null,
        time_runtime_sec: times.runtime_sec ?? null,
        time_turnaround_sec: times.turnaround_sec ?? null,
        lane: metadata.lane ?? null,
      };
      if (cache && this.deps.statusCache) this.cache.set(jobid, row);
      result[jobid] = row;
    }
    return result;
  }

  private jobInput(jobid: JsonValue, reply: JsonObject): void {
    const entry = typeof jobid === 'string' ? this.data.get(jobid) : undefined;
    if (!entry) {
      reply.status = 'invalid';
      reply.json_result = null;
      return;
    }
    const metadata = entry.input === null ? undefined : this.deps.store.get(entry.input, 'metadata');
    if (metadata === undefined || metadata === null) reply.status = 'corrupted';
    reply.json_result = metadata ?? null;
  }

  private jobResult(jobid: JsonValue, reply: JsonObject): void {
    const entry = typeof jobid === 'string' ? this.data.get(jobid) : undefined;
    if (!entry) {
      reply.status = 'invalid';
      reply.json_result = null;
      return;
    }
    const stored = entry.output === null ? undefined : this.deps.store.get(entry.output, 'result');
    if (typeof stored !== 'object' || stored === null || Array.isArray(stored)) {
      let status = entry.status;
      if (status === 'completed') status = 'corrupted';
      reply.status = status;
      reply.json_result = null;
      return;
    }
    reply.status = stored.exec_status ?? null;
    // WBIA stores json_result as a JSON string and decodes it here (ut.from_json).
    reply.json_result = typeof stored.json_result === 'string' ? (JSON.parse(stored.json_result) as JsonValue) : (stored.json_result ?? null);
  }
}
