/**
 * The front's routes (LEGACY.md "The web side"; wbia/web/job_engine.py
 * `get_job_id_list`, `get_job_status`, `get_job_metadata`, `get_job_result`),
 * run inside a worker thread against that thread's JobService. GET and POST
 * both work, parameters in the query string, a form body or a JSON body.
 *
 * | route | parameters | response |
 * |---|---|---|
 * | `/api/engine/job/` | – | sorted jobid list |
 * | `/api/engine/job/status/` | `jobid`? `limit`? | with jobid `{status, jobid, jobstatus}`; without, `{status, json_result: {jobid: row}}` |
 * | `/api/engine/job/metadata/` | `jobid` | `{status, jobid, json_result: metadata or null}` |
 * | `/api/engine/job/result/` | `jobid` | `{status: exec_status or null, jobid, json_result}` |
 * | `/api/test/heartbeat/` | – | `{refreshed, skipped_busy, jobs_counted}` (WBIA answers `true`; we say what the gate did) |
 * | `/api/engine/helloworld/` | `time_`? (production s) `echo`? `lane`? `callback_url`? `callback_method`? `callback_detailed`? | the jobid (as WBIA's submit routes); counter in `x-convoy-jobcounter` |
 * | `/api/engine/job/queue/` | `action` `args`? `kwargs`? and the same lane/callback fields | as helloworld; any JobRequest, used by the HTTP client service |
 *
 * Bad parameters answer 400, an unknown route 404, another method 405; a
 * JobService timeout 504, an engine error 502, an unreachable engine 503.
 */
import type { JsonObject, JsonValue } from '../contract/json.ts';
import type { CallbackSpec, JobRequest, JobService, Lane } from '../contract/job-service.ts';
import { errorCodeOf } from '../contract/errors.ts';
import type { Outcome } from '../results/types.ts';
import { errorEnvelope, okEnvelope } from './envelope.ts';
import type { Envelope, FrontErrorCode } from './envelope.ts';
import { ParamError, parseParams } from './params.ts';
import type { Params } from './params.ts';

export interface FrontRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  /** Query string without the `?`. */
  query: string;
  contentType: string | undefined;
  body: string;
}

export interface RouteResult {
  httpStatus: number;
  envelope: Envelope;
  outcome: Outcome;
  jobcounter: number | null;
}

interface Answer {
  response: JsonValue;
  jobcounter?: number;
}

type Handler = (service: JobService, params: Params) => Promise<Answer>;

export const ROUTES: Record<string, Handler> = {
  '/api/engine/job/': async (service) => ({ response: await service.jobIdList() }),
  '/api/engine/job/status/': async (service, params): Promise<Answer> => {
    if (params.jobid === undefined || params.jobid === null) {
      const limit = limitParam(params);
      const dict = await service.jobStatusDict(limit === undefined ? {} : { limit });
      return { response: { status: 'ok', json_result: dict as unknown as JsonObject } };
    }
    const jobid = jobidParam(params);
    return { response: { status: 'ok', jobid, jobstatus: await service.jobStatus(jobid) } };
  },
  '/api/engine/job/metadata/': async (service, params) => {
    const jobid = jobidParam(params);
    const metadata = await service.jobMetadata(jobid);
    return { response: { status: 'ok', jobid, json_result: metadata } };
  },
  '/api/engine/job/result/': async (service, params) => {
    const jobid = jobidParam(params);
    const result = await service.jobResult(jobid);
    return { response: { status: result.status, jobid, json_result: result.jsonResult } };
  },
  '/api/test/heartbeat/': async (service) => {
    const beat = await service.heartbeat();
    return { response: { refreshed: beat.refreshed, skipped_busy: beat.skippedBusy, jobs_counted: beat.jobsCounted } };
  },
  '/api/engine/helloworld/': async (service, params) => {
    const kwargs: JsonObject = { time_: numberParam(params, 'time_', 0), echo: params.echo ?? null };
    return submit(service, { action: 'helloworld', args: [], kwargs, ...laneAndCallback(params) });
  },
  '/api/engine/job/queue/': async (service, params) => {
    const action = params.action;
    if (typeof action !== 'string' || action.length === 0) throw new ParamError('E_BAD_PARAMETER', 'action must be a non-empty string', 'action');
    const args = params.args ?? [];
    if (!Array.isArray(args)) throw new ParamError('E_BAD_PARAMETER', 'args must be a list', 'args');
    const kwargs = params.kwargs ?? {};
    if (typeof kwargs !== 'object' || kwargs === null || Array.isArray(kwargs)) throw new ParamError('E_BAD_PARAMETER', 'kwargs must be an object', 'kwargs');
    return submit(service, { action, args, kwargs, ...laneAndCallback(params) });
  },
};

async function submit(service: JobService, request: JobRequest): Promise<Answer> {
  const queued = await service.queueJob(request);
  return { response: queued.jobid, jobcounter: queued.jobcounter };
}

/** The jobid as given; its validity is the JobService's call (InvalidJobIdError → 400). */
function jobidParam(params: Params): string {
  const jobid = params.jobid;
  if (jobid === undefined || jobid === null) throw new ParamError('E_BAD_PARAMETER', 'jobid is required', 'jobid');
  // `?jobid=123` decodes to a number; WBIA would pass it on too.
  if (typeof jobid === 'number' && Number.isFinite(jobid)) return String(jobid);
  if (typeof jobid !== 'string') throw new InvalidJobidParam(jobid);
  return jobid;
}

class InvalidJobidParam extends Error {
  readonly value: JsonValue;
  constructor(value: JsonValue) {
    super(`invalid jobid ${JSON.stringify(value)}`);
    this.value = value;
  }
}

function limitParam(params: Params): number | undefined {
  const limit = params.limit;
  if (limit === undefined || limit === null) return undefined;
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 0) {
    throw new ParamError('E_BAD_PARAMETER', `limit must be a non-negative integer, not ${JSON.stringify(limit)}`, 'limit');
  }
  return limit;
}

function numberParam(params: Params, name: string, fallback: number): number {
  const value = params[name];
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new ParamError('E_BAD_PARAMETER', `${name} must be a non-negative number, not ${JSON.stringify(value)}`, name);
  }
  return value;
}

const CALLBACK_METHODS: readonly CallbackSpec['method'][] = ['POST', 'GET', 'PUT'];

function laneAndCallback(params: Params): { lane: Lane; callback?: CallbackSpec } {
  const rawLane = params.lane ?? 'slow';
  if (typeof rawLane !== 'string') throw new ParamError('E_BAD_PARAMETER', 'lane must be a string', 'lane');
  // LEGACY.md "Engine queue": an unknown lane falls back to `slow`.
  const lane: Lane = rawLane.toLowerCase() === 'fast' ? 'fast' : 'slow';
  const url = params.callback_url;
  if (url === undefined || url === null || url === '') return { lane };
  if (typeof url !== 'string' || !URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) {
    throw new ParamError('E_BAD_PARAMETER', 'callback_url must be an http(s) URL', 'callback_url');
  }
  const rawMethod = params.callback_method ?? 'POST';
  const method = typeof rawMethod === 'string' ? rawMethod.toUpperCase() : '';
  if (!CALLBACK_METHODS.includes(method as CallbackSpec['method'])) {
    throw new ParamError('E_BAD_PARAMETER', `callback_method must be one of ${CALLBACK_METHODS.join(', ')}`, 'callback_method');
  }
  const detailed = params.callback_detailed ?? false;
  if (typeof detailed !== 'boolean') throw new ParamError('E_BAD_PARAMETER', 'callback_detailed must be true or false', 'callback_detailed');
  return { lane, callback: { url, method: method as CallbackSpec['method'], detailed } };
}

export function normalizePath(path: string): string {
  return path.endsWith('/') ? path : `${path}/`;
}

function failure(httpStatus: number, code: FrontErrorCode, message: string, outcome: Outcome, extra: JsonObject = {}): RouteResult {
  return { httpStatus, envelope: errorEnvelope(httpStatus, code, message, extra), outcome, jobcounter: null };
}

/** Map a JobService rejection to the HTTP answer (codes survive postMessage, prototypes may not). */
export function failureFor(error: unknown): RouteResult {
  const message = error instanceof Error ? error.message : String(error);
  switch (errorCodeOf(error)) {
    case 'E_INVALID_JOBID':
      return failure(400, 'E_INVALID_JOBID', message, 'error', { parameter: 'jobid' });
    case 'E_TIMEOUT':
      return failure(504, 'E_TIMEOUT', `timeout: ${message}`, 'timeout');
    case 'E_REMOTE':
      return failure(502, 'E_REMOTE', message, 'error');
    case 'E_UNAVAILABLE':
      return failure(503, 'E_UNAVAILABLE', message, 'error');
    case 'E_CLOSED':
      return failure(503, 'E_CLOSED', message, 'error');
    default:
      return failure(500, 'E_INTERNAL', `internal error: ${message}`, 'error');
  }
}

export async function handleRoute(service: JobService, request: FrontRequest): Promise<RouteResult> {
  const path = normalizePath(request.path);
  const handler = Object.hasOwn(ROUTES, path) ? ROUTES[path] : undefined;
  if (!handler) return failure(404, 'E_NOT_FOUND', `no route ${path}; routes: ${Object.keys(ROUTES).join(' ')}`, 'error');
  if (request.method !== 'GET' && request.method !== 'POST') {
    return failure(405, 'E_METHOD', `method ${request.method} not allowed; use GET or POST`, 'error');
  }
  try {
    const params = parseParams(request.query, request.contentType, request.body);
    const answer = await handler(service, params);
    const outcome: Outcome = service.trace.wrongReply ? 'wrong-reply' : 'ok';
    return { httpStatus: 200, envelope: okEnvelope(answer.response), outcome, jobcounter: answer.jobcounter ?? null };
  } catch (error) {
    if (error instanceof ParamError) {
      return failure(400, error.code, error.message, 'error', error.parameter === null ? {} : { parameter: error.parameter });
    }
    if (error instanceof InvalidJobidParam) {
      return failure(400, 'E_INVALID_JOBID', error.message, 'error', { parameter: 'jobid', value: error.value });
    }
    return failureFor(error);
  }
}
