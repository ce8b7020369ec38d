/** Messages between the front's main thread and its worker threads. */
import type { PrometheusGateInit } from '../contract/prometheus-gate.ts';
import type { FrontRequest } from './routes.ts';
import type { ServerSplit } from './headers.ts';

/** `workerData` of a front worker. */
export interface FrontWorkerData {
  threadIndex: number;
  serviceModule: string;
  /** WorkerConnection.info, with its transferables moved in. */
  info: unknown;
  gate: PrometheusGateInit;
}

export type ToWorker = { type: 'request'; id: number; request: FrontRequest } | { type: 'close' };

/** What the worker measured; the main thread adds the queue wait. */
export type WorkerSplit = Omit<ServerSplit, 'queueWaitUs'>;

export type FromWorker =
  | { type: 'ready' }
  | { type: 'init-error'; message: string }
  | { type: 'response'; id: number; httpStatus: number; body: string; jobcounter: number | null; split: WorkerSplit }
  | { type: 'closed' };
