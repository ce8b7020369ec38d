/**
 * One bench thread: builds its JobService from `connection(i)`, waits for
 * the go signal, then asks `jobStatus` of random known jobs back to back
 * (closed loop, no think time) for warm-up + measure, recording each call's
 * latency in microseconds into an HDR histogram during the measure phase.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { PrometheusGate } from '../../harness/contract/prometheus-gate.ts';
import { clampUs, encodeHistogram, newHistogram } from '../../harness/metrics/histogram.ts';
import { seededRandom } from '../../harness/driver/random.ts';
import type { FromPoller, PollerData } from './messages.ts';
import { loadJobService } from '../../harness/contract/load-service.ts';

const data = workerData as PollerData;

async function main(): Promise<FromPoller> {
  const service = await loadJobService(data.serviceModule, data.info, { threadIndex: data.threadIndex, prometheus: new PrometheusGate(data.gate) });
  const control = new Int32Array(data.control);
  parentPort?.postMessage({ type: 'connected' } satisfies FromPoller);
  while (Atomics.load(control, 0) === 0) Atomics.wait(control, 0, 0);
  const random = seededRandom(data.seed);
  const histogram = newHistogram();
  let calls = 0;
  let errors = 0;
  let firstError: string | null = null;
  const start = performance.now();
  const measureFrom = start + data.warmupMs;
  const end = measureFrom + data.measureMs;
  try {
    for (let now = start; now < end; ) {
      const jobid = data.jobids[Math.floor(random() * data.jobids.length)];
      const t0 = performance.now();
      try {
        await service.jobStatus(jobid);
      } catch (error) {
        errors++;
        firstError ??= error instanceof Error ? error.message : String(error);
      }
      now = performance.now();
      if (t0 >= measureFrom) {
        histogram.recordValue(clampUs((now - t0) * 1000));
        calls++;
      }
    }
  } finally {
    await service.close();
  }
  return { type: 'done', histogram: encodeHistogram(histogram), calls, errors, firstError };
}

main().then(
  (message) => parentPort?.postMessage(message),
  (error: unknown) => parentPort?.postMessage({ type: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies FromPoller),
);
