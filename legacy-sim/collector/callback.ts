/**
 * The `store` action's job-completion callback (WBIA `on_collect_request`,
 * `requests.post/get/put(callback_url, ...)` with no timeout). Python blocks
 * the collector for the whole request; so do we: a helper thread performs
 * the request while the collector's only thread sits in `Atomics.wait`.
 */
import { Worker } from 'node:worker_threads';

export type CallbackMethod = 'POST' | 'GET' | 'PUT';

/** Message to the helper thread. `cells[0]` = done flag, `cells[1]` = HTTP status (-1 on failure). */
export interface CallbackJob {
  url: string;
  method: CallbackMethod;
  data: Record<string, string>;
  cells: SharedArrayBuffer;
}

export class BlockingCallback {
  private worker: Worker | null = null;
  private readonly cells = new Int32Array(new SharedArrayBuffer(8));

  /** Blocks until the remote answers (or the connection fails); returns the HTTP status or -1. */
  call(url: string, method: CallbackMethod, data: Record<string, string>): number {
    if (!this.worker) {
      this.worker = new Worker(new URL('./callback-worker.ts', import.meta.url));
      this.worker.unref();
    }
    Atomics.store(this.cells, 0, 0);
    const job: CallbackJob = { url, method, data, cells: this.cells.buffer as SharedArrayBuffer };
    this.worker.postMessage(job);
    while (Atomics.load(this.cells, 0) === 0) Atomics.wait(this.cells, 0, 0);
    return Atomics.load(this.cells, 1);
  }

  close(): void {
    void this.worker?.terminate();
    this.worker = null;
  }
}
