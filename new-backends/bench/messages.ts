/** Messages between the backends bench and its status-polling worker threads. */
import type { PrometheusGateInit } from '../../harness/contract/prometheus-gate.ts';

export interface PollerData {
  serviceModule: string;
  info: unknown;
  threadIndex: number;
  gate: PrometheusGateInit;
  /** Jobids to ask about, drawn uniformly (seeded per thread). */
  jobids: string[];
  seed: number;
  /** Shared Int32Array: [0] go (set by the main thread once every thread said `connected`). */
  control: SharedArrayBuffer;
  warmupMs: number;
  measureMs: number;
}

export type FromPoller =
  | { type: 'connected' }
  | { type: 'done'; histogram: string; calls: number; errors: number; firstError: string | null }
  | { type: 'error'; message: string };
