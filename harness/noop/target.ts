/**
 * The `noop` target: no processes, no I/O; every call answers at once. It
 * exists to measure the driver (`npm run bench -- driver`) and to smoke-test
 * the runner end to end.
 */
import { PRODUCTION_HEARTBEAT } from '../contract/prometheus-gate.ts';
import type { TargetDefinition, TargetHandle, TargetStartOptions } from '../contract/target.ts';
import type { NoopInfo } from './service.ts';

const SERVICE_MODULE = new URL('./service.ts', import.meta.url).href;

export const noopTarget: TargetDefinition = {
  name: 'noop',
  summary: 'answers every call at once from shared memory: measures the driver itself',
  needs: [],
  async start(options: TargetStartOptions): Promise<TargetHandle> {
    const counter = new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT);
    // Historical jobs are just counter values: jobs 0..N-1 exist and are completed.
    Atomics.store(new Int32Array(counter), 0, options.historicalJobs);
    const info: NoopInfo = { counter };
    return {
      name: 'noop',
      settings: { durability: options.durability },
      heartbeatPolicy: PRODUCTION_HEARTBEAT,
      startup: { seededJobs: options.historicalJobs, seedMs: 0, registrationMs: 0, notes: ['noop: historical jobs exist as counter values only'] },
      faults: {
        components: () => [],
        pause: async (component) => {
          throw new Error(`noop has no component "${component}"`);
        },
        kill: async (component) => {
          throw new Error(`noop has no component "${component}"`);
        },
      },
      connection: () => ({ serviceModule: SERVICE_MODULE, info, transfer: [] }),
      stop: async () => {},
    };
  },
};
