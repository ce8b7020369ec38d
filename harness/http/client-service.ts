/**
 * A JobService that speaks HTTP to the front (harness/http/front.ts): what a
 * web thread uses in `--http` mode. One undici Client (one keep-alive
 * connection) per thread, as the thread has at most one call in flight.
 *
 * The envelope is decoded and its errors mapped to harness/contract/errors.ts
 * by `error_code` (never message text). `trace` is what the server measured
 * (its JobService's lock wait and round trip, from the `x-convoy-*` headers);
 * the client's own time is the driver's total latency. `lastSplit` adds the
 * front's queue wait and service time.
 * Requests are built by harness/http/op-requests.ts, as the autocannon
 * runner builds them.
 */
import { Client } from 'undici';
import type { Dispatcher } from 'undici';
import type { JsonValue } from '../contract/json.ts';
import { emptyTrace } from '../contract/job-service.ts';
import type {
  HeartbeatReply,
  JobMetadata,
  JobRequest,
  JobResult,
  JobService,
  JobServiceFactory,
  JobStatus,
  QueuedJob,
  StatusDict,
  StatusDictOptions,
} from '../contract/job-service.ts';
import {
  InvalidJobIdError,
  RemoteError,
  ServiceClosedError,
  ServiceTimeoutError,
  ServiceUnavailableError,
} from '../contract/errors.ts';
import { envelopeErrorCode, isEnvelope } from './envelope.ts';
import type { Envelope } from './envelope.ts';
import { emptySplit, readJobcounter, readSplit } from './headers.ts';
import { HTTP_CALLS, JSON_HEADERS, PING_PATH } from './op-requests.ts';
import type { HttpCall } from './op-requests.ts';
import type { ServerSplit } from './headers.ts';

/** `WorkerConnection.info` of an HTTP web thread (made by harness/http/wrap.ts). */
export interface HttpServiceInfo {
  /** The front, e.g. `http://127.0.0.1:40123`. */
  origin: string;
  /** Give up on a reply after this long (ServiceTimeoutError); set above the target's own timeout. */
  requestTimeoutMs: number;
}

export function isHttpServiceInfo(value: unknown): value is HttpServiceInfo {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.origin === 'string' && typeof v.requestTimeoutMs === 'number' && v.requestTimeoutMs > 0;
}

const CONNECTION_ERRORS = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT']);
const TIMEOUT_ERRORS = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

export class HttpJobService implements JobService {
  readonly trace = emptyTrace();
  /** The full server-side split of the last call (queue wait included). */
  lastSplit: ServerSplit = emptySplit();
  private readonly client: Client;
  private readonly requestTimeoutMs: number;
  private closed = false;

  constructor(info: HttpServiceInfo) {
    this.requestTimeoutMs = info.requestTimeoutMs;
    this.client = new Client(info.origin, { pipelining: 1, keepAliveTimeout: 30_000, connect: { timeout: 10_000 } });
  }

  async queueJob(request: JobRequest): Promise<QueuedJob> {
    const { envelope, jobcounter } = await this.call('queue_job', HTTP_CALLS.queueJob(request));
    if (typeof envelope.response !== 'string' || jobcounter === null) throw new RemoteError('queue_job', envelope.response);
    return { jobid: envelope.response, jobcounter };
  }

  async jobStatus(jobid: string): Promise<JobStatus | null> {
    const r = await this.read('job_status', HTTP_CALLS.jobStatus(jobid), jobid);
    return (field(r, 'jobstatus') ?? null) as JobStatus | null;
  }

  async jobStatusDict(options: StatusDictOptions = {}): Promise<StatusDict> {
    const { envelope } = await this.call('job_status_dict', HTTP_CALLS.jobStatusDict(options.limit));
    const dict = field(envelope.response, 'json_result');
    if (typeof dict !== 'object' || dict === null || Array.isArray(dict)) throw new RemoteError('job_status_dict', envelope.response);
    return dict as unknown as StatusDict;
  }

  async jobMetadata(jobid: string): Promise<JobMetadata | null> {
    const r = await this.read('job_metadata', HTTP_CALLS.jobMetadata(jobid), jobid);
    return (field(r, 'json_result') ?? null) as JobMetadata | null;
  }

  async jobResult(jobid: string): Promise<JobResult> {
    const r = await this.read('job_result', HTTP_CALLS.jobResult(jobid), jobid);
    return { status: (field(r, 'status') ?? null) as JobResult['status'], jsonResult: field(r, 'json_result') ?? null };
  }

  async jobIdList(): Promise<string[]> {
    const { envelope } = await this.call('job_id_list', HTTP_CALLS.jobIdList());
    if (!Array.isArray(envelope.response)) throw new RemoteError('job_id_list', envelope.response);
    return envelope.response as string[];
  }

  async heartbeat(): Promise<HeartbeatReply> {
    const { envelope } = await this.call('heartbeat', HTTP_CALLS.heartbeat());
    const r = envelope.response;
    const counted = field(r, 'jobs_counted');
    return { refreshed: field(r, 'refreshed') === true, skippedBusy: field(r, 'skipped_busy') === true, jobsCounted: typeof counted === 'number' ? counted : null };
  }

  /**
   * Open the keep-alive connection before the run: the first request on a
   * new undici connection compiles llhttp's WASM parser, which on a busy
   * 2-core machine stalled 16 fresh threads for seconds at the start of a
   * measured run. Uses the front's ping, which no worker thread serves.
   */
  async warmUp(): Promise<void> {
    const { envelope } = await this.call('connect', { method: 'GET', path: PING_PATH });
    if (envelope.response !== 'pong') throw new ServiceUnavailableError(`${PING_PATH} did not answer pong`);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.client.close();
  }

  private async read(what: string, httpCall: HttpCall, jobid: string): Promise<JsonValue> {
    const { envelope } = await this.call(what, httpCall, jobid);
    return envelope.response;
  }

  private async call(what: string, httpCall: HttpCall, jobid?: string): Promise<{ envelope: Envelope; jobcounter: number | null }> {
    if (this.closed) throw new ServiceClosedError();
    const startMs = performance.now();
    let response: Dispatcher.ResponseData;
    let text: string;
    try {
      response = await this.client.request({
        method: httpCall.method,
        path: httpCall.path,
        headers: httpCall.body === undefined ? {} : JSON_HEADERS,
        body: httpCall.body,
        headersTimeout: this.requestTimeoutMs,
        bodyTimeout: this.requestTimeoutMs,
      });
      text = await response.body.text();
    } catch (error) {
      throw this.transportError(what, error, startMs);
    }
    const split = readSplit(response.headers);
    this.lastSplit = split;
    this.trace.lockWaitUs = split.lockWaitUs;
    this.trace.roundTripUs = split.roundTripUs;
    this.trace.wrongReply = split.wrongReply;
    this.trace.socketRebuilt = split.socketRebuilt;
    let envelope: unknown;
    try {
      envelope = JSON.parse(text);
    } catch {
      throw new RemoteError(what, `HTTP ${response.statusCode}, not JSON: ${text.slice(0, 200)}`);
    }
    if (!isEnvelope(envelope)) throw new RemoteError(what, envelope as JsonValue);
    if (response.statusCode === 200 && envelope.status.success) return { envelope, jobcounter: readJobcounter(response.headers) };
    throw this.envelopeError(what, response.statusCode, envelope, split, jobid);
  }

  private envelopeError(what: string, statusCode: number, envelope: Envelope, split: ServerSplit, jobid: string | undefined): Error {
    switch (envelopeErrorCode(envelope)) {
      case 'E_INVALID_JOBID':
        return new InvalidJobIdError(jobid ?? null);
      case 'E_TIMEOUT':
        return new ServiceTimeoutError(what, split.roundTripUs > 0 ? split.roundTripUs / 1000 : split.serviceUs / 1000);
      case 'E_UNAVAILABLE':
      case 'E_CLOSED':
      case 'E_OVERLOADED':
        return new ServiceUnavailableError(`${what}: HTTP ${statusCode}: ${envelope.status.message}`);
      default:
        return new RemoteError(what, { http_status: statusCode, response: envelope.response });
    }
  }

  private transportError(what: string, error: unknown, startMs: number): Error {
    const code = typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : '';
    if (TIMEOUT_ERRORS.has(code)) {
      // undici destroys the connection on a timeout; the next call opens a new one.
      this.trace.socketRebuilt = true;
      this.trace.roundTripUs = (performance.now() - startMs) * 1000;
      return new ServiceTimeoutError(what, performance.now() - startMs);
    }
    if (code === 'UND_ERR_CLOSED' || code === 'UND_ERR_DESTROYED') return new ServiceClosedError();
    if (CONNECTION_ERRORS.has(code)) return new ServiceUnavailableError(`${what}: front unreachable (${code})`);
    return new ServiceUnavailableError(`${what}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function field(value: JsonValue, name: string): JsonValue | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  return value[name];
}

export const createJobService: JobServiceFactory = async (info) => {
  if (!isHttpServiceInfo(info)) throw new TypeError(`HTTP client service: bad connection info ${JSON.stringify(info)}`);
  const service = new HttpJobService(info);
  try {
    await service.warmUp();
  } catch (error) {
    await service.close();
    throw error;
  }
  return service;
};
