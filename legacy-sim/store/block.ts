/**
 * Blocking helpers: Python's `time.sleep` and CPU-bound work block the whole
 * thread, so ours do too (ARCHITECTURE.md "Blocking stays blocking").
 */
const sleepCell = new Int32Array(new SharedArrayBuffer(4));

/** Block this thread for `ms` (Atomics.wait on a private cell nobody notifies). */
export function blockingSleep(ms: number): void {
  if (ms > 0) Atomics.wait(sleepCell, 0, 0, ms);
}

/** Burn CPU for `ms` on this thread (models `gc.collect()`: CPU, not a sleep). */
export function busySpin(ms: number): void {
  if (ms <= 0) return;
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // spin
  }
}
