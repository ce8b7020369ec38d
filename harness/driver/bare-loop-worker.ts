/**
 * The baseline of `npm run bench -- driver`: the same web-thread shape as
 * worker.ts (one long piscina task, its own noop JobService, the shared
 * counter, the start barrier) with nothing measured or recorded. The driver's
 * cost is the difference between the two.
 */
import { PrometheusGate } from '../contract/prometheus-gate.ts';
import type { PrometheusGateInit } from '../contract/prometheus-gate.ts';
import { createJobService } from '../noop/service.ts';
import { nowUs } from '../metrics/recorder.ts';
import { Control } from './control.ts';

export interface BareTask {
  threadIndex: number;
  threads: number;
  control: SharedArrayBuffer;
  info: unknown;
  gateInit: PrometheusGateInit;
  runMs: number;
}

export default async function bareLoop(task: BareTask): Promise<{ ops: number }> {
  const control = new Control(task.control, task.threads);
  const svc = await createJobService(task.info, { threadIndex: task.threadIndex, prometheus: new PrometheusGate(task.gateInit) });
  control.markReady();
  const startUs = (await control.waitForGo()) ?? nowUs();
  while (nowUs() < startUs) {
    // The barrier's lead time is a few ms; spinning keeps the start sharp.
  }
  const endUs = startUs + task.runMs * 1000;
  let ops = 0;
  // Check the clock every 256 operations, as cheap as the loop itself allows.
  for (;;) {
    if ((ops & 255) === 0 && nowUs() >= endUs) break;
    control.nextClosedOp();
    await svc.jobStatus('noop-1');
    ops++;
  }
  await svc.close();
  return { ops };
}
