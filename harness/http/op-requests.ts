/**
 * The HTTP request for each JobService operation, shared by the client
 * service (open model, undici) and the autocannon runner (closed model) so
 * both drive the front identically. Jobids travel JSON-encoded in the query
 * (`jobid="…"`) so WBIA's lenient query decoding cannot change them.
 */
import type { JsonObject } from '../contract/json.ts';
import type { JobRequest } from '../contract/job-service.ts';

export interface HttpCall {
  method: 'GET' | 'POST';
  /** Path and query. */
  path: string;
  /** JSON text, for POST. */
  body?: string;
}

function withJobid(route: string, jobid: string): HttpCall {
  return { method: 'GET', path: `${route}?jobid=${encodeURIComponent(JSON.stringify(jobid))}` };
}

export const HTTP_CALLS = {
  queueJob(request: JobRequest): HttpCall {
    const body: JsonObject = { action: request.action, args: request.args, kwargs: request.kwargs, lane: request.lane };
    if (request.callback) {
      body.callback_url = request.callback.url;
      body.callback_method = request.callback.method;
      body.callback_detailed = request.callback.detailed;
    }
    return { method: 'POST', path: '/api/engine/job/queue/', body: JSON.stringify(body) };
  },
  jobStatus: (jobid: string): HttpCall => withJobid('/api/engine/job/status/', jobid),
  jobStatusDict: (limit: number | undefined): HttpCall => ({ method: 'GET', path: limit === undefined ? '/api/engine/job/status/' : `/api/engine/job/status/?limit=${limit}` }),
  jobMetadata: (jobid: string): HttpCall => withJobid('/api/engine/job/metadata/', jobid),
  jobResult: (jobid: string): HttpCall => withJobid('/api/engine/job/result/', jobid),
  jobIdList: (): HttpCall => ({ method: 'GET', path: '/api/engine/job/' }),
  heartbeat: (): HttpCall => ({ method: 'GET', path: '/api/test/heartbeat/' }),
} as const;

/**
 * Not a WBIA route: the front answers it in its main thread, without a
 * worker, so a client can open its keep-alive connection (and undici compile
 * its llhttp WASM parser) before a run starts.
 */
export const PING_PATH = '/api/convoy/ping/';

export const JSON_HEADERS = { 'content-type': 'application/json' } as const;
