/**
 * Runs autocannon against the front in its own worker thread (so its
 * response parsing does not share an event loop with the front's main
 * thread), and records every response BY US: one harness Recorder per
 * connection, latency in µs from the moment autocannon writes the request
 * (its client's `request` event, emitted just before `conn.write`) to the
 * moment the response is complete (the request's `onResponse`). autocannon's
 * own histogram is not used: it keeps whole milliseconds, and its
 * coordinated-omission correction assumes a 1 ms interval.
 *
 * Each connection is one closed-model user: after each response it picks
 * its next operation from the seeded mix and installs it with
 * `client.setRequests`, before autocannon writes it (autocannon calls
 * onResponse, then emits `response`, then writes the next request, all in
 * one synchronous step).
 */
import type { EventEmitter } from 'node:events';
import { parentPort, workerData } from 'node:worker_threads';
import autocannon from 'autocannon';
import type { Client, Request as AutocannonRequest } from 'autocannon';
import type { OpName, Outcome } from '../results/types.ts';
import { OP_NAMES } from '../results/types.ts';
import { Recorder, nowUs } from '../metrics/recorder.ts';
import { clampUs, newHistogram } from '../metrics/histogram.ts';
import { jobRequestOf, newUserState } from '../driver/call.ts';
import type { UserState } from '../driver/call.ts';
import type { JobidPool, WorkerResult } from '../driver/plan.ts';
import { deriveSeed, seededRandom } from '../driver/random.ts';
import { pickOp } from '../driver/schedule.ts';
import { HEADER, readJobcounter, readSplit } from './headers.ts';
import { HTTP_CALLS, JSON_HEADERS } from './op-requests.ts';
import type { HttpCall } from './op-requests.ts';
import type { AutocannonCounters, AutocannonWorkerData, FromAutocannonWorker, ToAutocannonWorker } from './autocannon-protocol.ts';

const port = parentPort;
if (!port) throw new Error('autocannon-worker.ts must run in a worker thread');
const data = workerData as AutocannonWorkerData;
const MAX_ERROR_SAMPLES = 5;
const OWN_RING = 64;

interface User {
  index: number;
  recorder: Recorder;
  state: UserState;
  serial: number;
  /** The operation installed as the client's next request. */
  nextOp: OpName;
  inFlight: { op: OpName; startUs: number } | null;
  /** A connection error came before the next `request` event: the request in flight was lost to it. */
  connError: boolean;
  errors: string[];
}

/** As harness/driver/call.ts picks: a status poll prefers this user's own jobs, other reads the historical ones. */
function pickJobid(state: UserState, pool: JobidPool, preferOwn: boolean): string | null {
  const useOwn = state.own.length > 0 && (preferOwn ? state.random() < pool.ownPollShare : pool.historical.length === 0);
  if (useOwn) return state.own[Math.floor(state.random() * state.own.length)];
  if (pool.historical.length > 0) return pool.historical[Math.floor(state.random() * pool.historical.length)];
  return state.own.length > 0 ? state.own[Math.floor(state.random() * state.own.length)] : null;
}

function httpCallFor(user: User, op: OpName): HttpCall {
  const { state } = user;
  switch (op) {
    case 'queue_job':
      return HTTP_CALLS.queueJob(jobRequestOf(data.job, `${user.index}-${user.serial}`));
    case 'job_status': {
      const jobid = pickJobid(state, data.jobids, true);
      return jobid === null ? HTTP_CALLS.jobIdList() : HTTP_CALLS.jobStatus(jobid);
    }
    case 'job_result': {
      const jobid = pickJobid(state, data.jobids, false);
      return jobid === null ? HTTP_CALLS.jobIdList() : HTTP_CALLS.jobResult(jobid);
    }
    case 'job_metadata': {
      const jobid = pickJobid(state, data.jobids, false);
      return jobid === null ? HTTP_CALLS.jobIdList() : HTTP_CALLS.jobMetadata(jobid);
    }
    case 'job_status_dict':
      return HTTP_CALLS.jobStatusDict(data.statusDictLimit ?? undefined);
    case 'job_id_list':
      return HTTP_CALLS.jobIdList();
    case 'heartbeat':
      return HTTP_CALLS.heartbeat();
  }
}

function main(): void {
  const startUs = nowUs();
  const measureStartUs = startUs + data.warmupMs * 1000;
  const spanMs = data.warmupMs + data.measureMs;
  const connections = Math.max(1, Math.min(data.connections, data.maxOps));
  const users: User[] = [];
  let finished = false;

  const install = (user: User, client: Client): void => {
    user.serial++;
    user.nextOp = OP_NAMES[pickOp(data.weights, user.state.random())];
    const call = httpCallFor(user, user.nextOp);
    const request: AutocannonRequest = {
      method: call.method,
      path: call.path,
      headers: call.body === undefined ? {} : { ...JSON_HEADERS },
      body: call.body,
      onResponse: (status, body, _context, headers) => onResponse(user, client, status, body, headers ?? {}),
    };
    client.setRequests([request]);
  };

  const progress = { ops: 0, timeouts: 0, errors: 0, histogram: newHistogram(2) };
  const record = (user: User, op: OpName, startUsOfCall: number, endUs: number, outcome: Outcome, lockWaitUs: number, roundTripUs: number, socketRebuilt: boolean): void => {
    if (finished) return;
    if (startUsOfCall >= measureStartUs) {
      progress.ops++;
      if (outcome === 'timeout') progress.timeouts++;
      else if (outcome !== 'ok') progress.errors++;
      progress.histogram.recordValue(clampUs(endUs - startUsOfCall));
    }
    // Closed model without think time: the user meant to start when it did.
    user.recorder.record({ thread: user.index, op, intendedStartUs: startUsOfCall, startUs: startUsOfCall, lockWaitUs, roundTripUs, endUs, outcome, socketRebuilt });
  };

  const noteError = (user: User, sample: string): void => {
    if (user.errors.length < MAX_ERROR_SAMPLES && !user.errors.includes(sample)) user.errors.push(sample);
  };

  const onResponse = (user: User, client: Client, status: number, body: string, rawHeaders: Record<string, unknown>): void => {
    const endUs = nowUs();
    const inFlight = user.inFlight;
    user.inFlight = null;
    if (inFlight) {
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(rawHeaders)) headers[k.toLowerCase()] = Array.isArray(v) ? String(v[0]) : String(v);
      const split = readSplit(headers);
      let outcome: Outcome;
      if (status === 200) outcome = split.outcome === 'wrong-reply' ? 'wrong-reply' : 'ok';
      else if (status === 504 || split.outcome === 'timeout') outcome = 'timeout';
      else outcome = 'error';
      if (outcome === 'error') noteError(user, `HTTP ${status}: ${errorCodeIn(body)}`);
      if (inFlight.op === 'queue_job' && status === 200) {
        const jobid = jobidIn(body);
        const jobcounter = readJobcounter(headers);
        if (jobid !== null && jobcounter !== null) {
          if (!finished) user.recorder.recordSubmission(jobid, jobcounter, endUs);
          const own = user.state.own;
          if (own.length < OWN_RING) own.push(jobid);
          else own[user.state.ownNext++ % OWN_RING] = jobid;
        }
      }
      record(user, inFlight.op, inFlight.startUs, endUs, outcome, split.lockWaitUs, split.roundTripUs, split.socketRebuilt || headers[HEADER.socketRebuilt] === '1');
    }
    install(user, client);
  };

  const setupClient = (client: Client): void => {
    const index = users.length;
    const user: User = {
      index,
      recorder: new Recorder({ thread: index, measureStartUs, timelineBucketMs: data.timelineBucketMs, expectedIntervalUs: data.expectedIntervalUs, seed: data.seed }),
      state: newUserState(seededRandom(deriveSeed(data.seed, 3, index))),
      serial: 0,
      nextOp: 'job_status',
      inFlight: null,
      connError: false,
      errors: [],
    };
    users.push(user);
    // autocannon 9 (lib/httpClient.js `_doRequest`) emits `request` right
    // before it writes the current request, and `connError` on a socket
    // error; @types/autocannon does not declare either event.
    const events = client as unknown as EventEmitter;
    events.on('request', () => {
      const now = nowUs();
      if (user.inFlight) {
        // A request that never got its response: autocannon's timeout (or a
        // connection error) tore the connection down and re-sends the request.
        record(user, user.inFlight.op, user.inFlight.startUs, now, user.connError ? 'error' : 'timeout', 0, now - user.inFlight.startUs, true);
        if (user.connError) noteError(user, 'connection error');
      }
      user.connError = false;
      user.inFlight = { op: user.nextOp, startUs: now };
    });
    events.on('connError', () => {
      user.connError = true;
    });
    install(user, client);
  };

  let stopTimer: NodeJS.Timeout | undefined = undefined;
  const instance = autocannon(
    {
      url: data.origin,
      connections,
      pipelining: 1,
      // Our own timer ends the run on time; autocannon's duration is a backstop.
      duration: spanMs / 1000 + 5,
      maxOverallRequests: data.maxOps,
      timeout: Math.max(1, Math.ceil(data.requestTimeoutMs / 1000)),
      sampleInt: 100,
      setupClient,
    },
    (error, result) => {
      clearTimeout(stopTimer);
      clearInterval(progressTimer);
      progress.histogram.destroy();
      finished = true;
      if (error) {
        send({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
        return;
      }
      const counters = countersOf(result as unknown as Record<string, unknown>);
      const results: WorkerResult[] = users.map((u) => ({ type: 'result', threadIndex: u.index, recorder: u.recorder.export(), errorSamples: u.errors, settings: {} }));
      send({ type: 'done', startUs, results, counters, settings: { driver: 'autocannon', connections, pipelining: 1, requestTimeoutMs: data.requestTimeoutMs } });
    },
  );
  const stop = (): void => {
    if (finished) return;
    // Responses after this moment are not recorded: the run is over.
    finished = true;
    instance.stop();
  };
  port!.postMessage({ type: 'started', startUs } satisfies FromAutocannonWorker);
  const progressTimer =
    data.progressEveryMs > 0
      ? setInterval(() => {
          const h = progress.histogram;
          port!.postMessage({ type: 'progress', ops: progress.ops, timeouts: progress.timeouts, errors: progress.errors, p99Us: h.totalCount > 0 ? h.getValueAtPercentile(99) : 0 } satisfies FromAutocannonWorker);
          h.reset();
        }, data.progressEveryMs)
      : undefined;
  stopTimer = setTimeout(stop, Math.max(0, startUs / 1000 + spanMs - nowUs() / 1000));
  port!.on('message', (message: ToAutocannonWorker) => {
    if (message.type === 'stop') stop();
  });
}

/**
 * Outside the main thread autocannon skips its aggregation (lib/run.js
 * `isMainThread`), so the result has `totalRequests` rather than
 * `requests.sent`; read either shape.
 */
function countersOf(result: Record<string, unknown>): AutocannonCounters {
  const n = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) ? value : 0);
  const requests = result.requests as { sent?: unknown } | undefined;
  return {
    sent: n(result.totalRequests ?? requests?.sent),
    responses2xx: n(result['2xx']),
    non2xx: n(result.non2xx),
    errors: n(result.errors),
    timeouts: n(result.timeouts),
    durationSec: n(result.duration),
  };
}

function send(message: FromAutocannonWorker): void {
  port!.postMessage(message);
  port!.close();
}

function parse(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return null;
  }
}

function jobidIn(body: string): string | null {
  const envelope = parse(body) as { response?: unknown } | null;
  return typeof envelope?.response === 'string' ? envelope.response : null;
}

function errorCodeIn(body: string): string {
  const envelope = parse(body) as { response?: { error_code?: unknown } } | null;
  const code = envelope?.response?.error_code;
  return typeof code === 'string' ? code : 'no envelope';
}

main();
