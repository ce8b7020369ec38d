/**
 * WBIA's `JobInterface` as seen by one web thread (a `JobService`): every
 * call takes `_collect_lock` or `_engine_lock` and holds it for the whole
 * send → recv round trip on the shared DEALER (through the socket-owner).
 * `queue_job` then writes the job's `.pkl` record, as the web process does.
 */
import type { MessagePort } from 'node:worker_threads';
import { emptyTrace } from '../../harness/contract/job-service.ts';
import type {
  CallTrace,
  HeartbeatReply,
  JobMetadata,
  JobRequest,
  JobResult,
  JobService,
  JobServiceFactory,
  JobStatus,
  QueuedJob,
  ServiceContext,
  StatusDict,
  StatusDictOptions,
} from '../../harness/contract/job-service.ts';
import type { JsonObject, JsonValue } from '../../harness/contract/json.ts';
import { InvalidJobIdError, RemoteError, ServiceClosedError, ServiceTimeoutError, ServiceUnavailableError } from '../../harness/contract/errors.ts';
import type { PrometheusGate } from '../../harness/contract/prometheus-gate.ts';
import { jobPaths } from '../store/paths.ts';
import { writeRecord } from '../store/record.ts';
import type { OwnerRequest, OwnerResponse, SocketName } from './protocol.ts';
import { SharedMutex } from './shared-mutex.ts';

/** `WorkerConnection.info` of the legacy targets (structured-clonable; `port` is transferred). */
export interface LegacyConnectionInfo {
  port: MessagePort;
  collectLock: SharedArrayBuffer;
  engineLock: SharedArrayBuffer;
  shelvesDir: string;
  /** fsync the `.pkl` record (durability strict). */
  fsync: boolean;
}

function asObject(value: unknown): JsonObject | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonObject) : null;
}

export class LegacyJobInterface implements JobService {
  readonly trace: CallTrace = emptyTrace();
  private readonly collectLock: SharedMutex;
  private readonly engineLock: SharedMutex;
  private readonly waiting = new Map<number, (response: OwnerResponse) => void>();
  private nextId = 1;
  private closed = false;

  constructor(
    private readonly info: LegacyConnectionInfo,
    private readonly prometheus: PrometheusGate,
  ) {
    this.collectLock = new SharedMutex(info.collectLock);
    this.engineLock = new SharedMutex(info.engineLock);
    info.port.on('message', (response: OwnerResponse) => {
      const resolve = this.waiting.get(response.id);
      if (resolve) {
        this.waiting.delete(response.id);
        resolve(response);
      }
    });
  }

  /** Lock, send, receive, unlock: the lock is held for the whole round trip. */
  private async call(socket: SocketName, message: JsonObject, what: string): Promise<JsonObject> {
    if (this.closed) throw new ServiceClosedError();
    const lock = socket === 'collect' ? this.collectLock : this.engineLock;
    const waitStart = performance.now();
    await lock.lock();
    const sent = performance.now();
    this.trace.lockWaitUs += (sent - waitStart) * 1000;
    let response: OwnerResponse;
    try {
      const id = this.nextId++;
      response = await new Promise<OwnerResponse>((resolve) => {
        this.waiting.set(id, resolve);
        const request: OwnerRequest = { type: 'request', id, socket, payload: JSON.stringify(message) };
        this.info.port.postMessage(request);
      });
    } finally {
      this.trace.roundTripUs += (performance.now() - sent) * 1000;
      lock.unlock();
    }
    if (response.type === 'closed') throw new ServiceClosedError();
    if (response.type === 'failed') throw new ServiceUnavailableError(`${what}: ${response.message}`);
    if (response.type === 'timeout') {
      if (response.rebuilt) this.trace.socketRebuilt = true;
      throw new ServiceTimeoutError(what, response.waitedMs);
    }
    if (response.wrongReply) this.trace.wrongReply = true;
    let reply: JsonObject | null = null;
    try {
      reply = asObject(JSON.parse(response.payload));
    } catch {
      reply = null;
    }
    if (reply === null || Object.keys(reply).length === 0) throw new RemoteError(what, reply);
    if (reply.status === 'error') {
      if (typeof message.jobid === 'string') throw new InvalidJobIdError(message.jobid);
      throw new RemoteError(what, reply);
    }
    return reply;
  }

  async queueJob(request: JobRequest): Promise<QueuedJob> {
    // WBIA `queue_job`: the engine request, then the `.pkl` record.
    const engineRequest: JsonObject = {
      action: request.action,
      args: request.args,
      kwargs: request.kwargs,
      callback_url: request.callback?.url ?? null,
      callback_method: request.callback?.method ?? null,
      callback_detailed: request.callback?.detailed ?? false,
      request: {},
      restart_jobid: null,
      restart_jobcounter: null,
      restart_received: null,
      lane: request.lane,
    };
    const reply = await this.call('engine', engineRequest, 'queue_job');
    const jobid = reply.jobid;
    const jobcounter = reply.jobcounter;
    if (typeof jobid !== 'string' || typeof jobcounter !== 'number') throw new RemoteError('queue_job', reply);
    writeRecord(jobPaths(this.info.shelvesDir, jobid).record, { request: engineRequest, attempts: 0, completed: false }, this.info.fsync);
    return { jobid, jobcounter };
  }

  async jobStatus(jobid: string): Promise<JobStatus | null> {
    const reply = await this.call('collect', { action: 'job_status', jobid }, 'job_status');
    const status = reply.jobstatus;
    return typeof status === 'string' && status !== 'unknown' ? (status as JobStatus) : null;
  }

  async jobStatusDict(options: StatusDictOptions = {}): Promise<StatusDict> {
    const message: JsonObject = { action: 'job_status_dict' };
    if (options.limit !== undefined) message.limit = options.limit;
    const reply = await this.call('collect', message, 'job_status_dict');
    const rows = asObject(reply.json_result) ?? {};
    // WBIA's rows also carry `lane`; the contract's StatusRow does not.
    for (const row of Object.values(rows)) {
      const r = asObject(row);
      if (r) delete r.lane;
    }
    return rows as unknown as StatusDict;
  }

  async jobMetadata(jobid: string): Promise<JobMetadata | null> {
    const reply = await this.call('collect', { action: 'job_input', jobid }, 'job_input');
    if (reply.status !== 'ok') return null;
    return (asObject(reply.json_result) as JobMetadata | null) ?? null;
  }

  async jobResult(jobid: string): Promise<JobResult> {
    const reply = await this.call('collect', { action: 'job_result', jobid }, 'job_result');
    const status = reply.status === 'completed' || reply.status === 'exception' ? reply.status : null;
    return { status, jsonResult: (reply.json_result ?? null) as JsonValue };
  }

  async jobIdList(): Promise<string[]> {
    const reply = await this.call('collect', { action: 'job_id_list' }, 'job_id_list');
    return Array.isArray(reply.jobid_list) ? reply.jobid_list.filter((j): j is string => typeof j === 'string') : [];
  }

  /** `/api/test/heartbeat/` → `prometheus_update()`: every PROMETHEUS_LIMIT-th call asks for the status dict. */
  heartbeat(): Promise<HeartbeatReply> {
    return this.prometheus.heartbeat(async (limit) => {
      const dict = await this.jobStatusDict(limit === null ? {} : { limit });
      return Object.keys(dict).length;
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.info.port.close();
    for (const resolve of this.waiting.values()) resolve({ type: 'closed', id: -1 });
    this.waiting.clear();
  }
}

/** The service module's factory (`WorkerConnection.serviceModule` = this file). */
export const createJobService: JobServiceFactory = async (info: unknown, context: ServiceContext) => {
  return new LegacyJobInterface(info as LegacyConnectionInfo, context.prometheus);
};
