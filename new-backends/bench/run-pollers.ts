/** Start `threads` status pollers against a started target, release them together, merge their histograms. */
import type { PrometheusGate } from '../../harness/contract/prometheus-gate.ts';
import type { TargetHandle } from '../../harness/contract/target.ts';
import { mergeEncoded, summarize } from '../../harness/metrics/histogram.ts';
import { spawnTsWorker } from '../../harness/ts-worker.ts';
import type { FromPoller, PollerData } from './messages.ts';

const ENTRY = new URL('./status-poller.ts', import.meta.url);

export interface PollResult {
  p50Us: number;
  p99Us: number;
  maxUs: number;
  calls: number;
  errors: number;
  opsPerSec: number;
  firstError: string | null;
}

export interface PollOptions {
  threads: number;
  jobids: string[];
  seed: number;
  warmupMs: number;
  measureMs: number;
  /** Called once every thread is connected, just before they are released (e.g. to start job traffic). */
  onGo?: () => void;
}

type Final = Exclude<FromPoller, { type: 'connected' }>;

export async function runPollers(handle: TargetHandle, gate: PrometheusGate, options: PollOptions): Promise<PollResult> {
  const control = new Int32Array(new SharedArrayBuffer(4));
  let connected = 0;
  let releaseAll: () => void = () => {};
  const allConnected = new Promise<void>((resolve) => (releaseAll = resolve));
  const replies: Promise<Final>[] = [];
  for (let i = 0; i < options.threads; i++) {
    const connection = handle.connection(i);
    const workerData: PollerData = {
      serviceModule: connection.serviceModule,
      info: connection.info,
      threadIndex: i,
      gate: gate.init,
      jobids: options.jobids,
      seed: options.seed + i,
      control: control.buffer as SharedArrayBuffer,
      warmupMs: options.warmupMs,
      measureMs: options.measureMs,
    };
    const worker = spawnTsWorker(ENTRY, { workerData, transferList: connection.transfer });
    replies.push(
      new Promise<Final>((resolve, reject) => {
        worker.on('message', (message: FromPoller) => {
          if (message.type === 'connected') {
            if (++connected === options.threads) releaseAll();
            return;
          }
          void worker.terminate();
          resolve(message);
        });
        worker.once('error', reject);
        worker.once('exit', (code) => reject(new Error(`poller ${i} exited with ${code} before reporting`)));
      }),
    );
  }
  // Release every thread at once, when all are connected (or one already failed).
  const early = await Promise.race([allConnected.then(() => null), ...replies]);
  options.onGo?.();
  Atomics.store(control, 0, 1);
  Atomics.notify(control, 0);
  if (early && early.type === 'error') {
    await Promise.allSettled(replies);
    throw new Error(early.message);
  }
  const results = await Promise.all(replies);
  const failed = results.find((r): r is Extract<Final, { type: 'error' }> => r.type === 'error');
  if (failed) throw new Error(failed.message);
  const done = results as Extract<Final, { type: 'done' }>[];
  const merged = mergeEncoded(done.map((r) => r.histogram));
  const calls = done.reduce((s, r) => s + r.calls, 0);
  const errors = done.reduce((s, r) => s + r.errors, 0);
  const summary = summarize(merged, errors, 0);
  merged.destroy();
  return {
    p50Us: summary.p50Us,
    p99Us: summary.p99Us,
    maxUs: summary.maxUs,
    calls,
    errors,
    opsPerSec: calls / (options.measureMs / 1000),
    firstError: done.find((r) => r.firstError)?.firstError ?? null,
  };
}
