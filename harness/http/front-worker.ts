/**
 * One front worker thread = one gunicorn thread: it holds its own JobService
 * for its whole life and serves one request at a time (the main thread never
 * sends it a second before the first is answered).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import { resetTrace } from '../contract/job-service.ts';
import type { JobService } from '../contract/job-service.ts';
import { PrometheusGate } from '../contract/prometheus-gate.ts';
import type { FromWorker, FrontWorkerData, ToWorker } from './front-protocol.ts';
import { failureFor, handleRoute } from './routes.ts';
import type { RouteResult } from './routes.ts';
import { loadJobService } from '../contract/load-service.ts';

const port = parentPort;
if (!port) throw new Error('front-worker.ts must run in a worker thread');
const data = workerData as FrontWorkerData;

function send(message: FromWorker): void {
  port!.postMessage(message);
}

async function connect(): Promise<JobService> {
  return loadJobService(data.serviceModule, data.info, { threadIndex: data.threadIndex, prometheus: new PrometheusGate(data.gate) });
}

async function main(): Promise<void> {
  let service: JobService;
  try {
    service = await connect();
  } catch (error) {
    send({ type: 'init-error', message: error instanceof Error ? error.message : String(error) });
    return;
  }
  // The main thread sends one request at a time; `close` may come while one runs.
  let inFlight: Promise<void> = Promise.resolve();
  port!.on('message', (message: ToWorker) => {
    if (message.type === 'close') {
      void inFlight.then(() => service.close()).finally(() => {
        send({ type: 'closed' });
        port!.close();
      });
      return;
    }
    inFlight = serve(service, message.id, message.request);
  });
  send({ type: 'ready' });
}

async function serve(service: JobService, id: number, request: Extract<ToWorker, { type: 'request' }>['request']): Promise<void> {
  const startMs = performance.now();
  resetTrace(service.trace);
  let result: RouteResult;
  let body: string;
  try {
    result = await handleRoute(service, request);
    body = JSON.stringify(result.envelope);
  } catch (error) {
    // handleRoute answers every JobService failure itself; this is a bug, but
    // the thread must still answer or it would stay busy for good.
    result = failureFor(error);
    body = JSON.stringify(result.envelope);
  }
  const { lockWaitUs, roundTripUs, wrongReply, socketRebuilt } = service.trace;
  send({
    type: 'response',
    id,
    httpStatus: result.httpStatus,
    body,
    jobcounter: result.jobcounter,
    split: {
      lockWaitUs,
      roundTripUs,
      serviceUs: (performance.now() - startMs) * 1000,
      outcome: result.outcome,
      thread: data.threadIndex,
      wrongReply,
      socketRebuilt,
    },
  });
}

void main();
