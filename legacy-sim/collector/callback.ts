/**
 * The `store` action's job-completion callback (WBIA `on_collect_request`,
 * `requests.post/get/put(callback_url, ...)` with no timeout). Python blocks
 * the collector for the whole request; so do we: a helper thread performs
 * the request while the collector's only thread sits in `Atomics.wait`.
 */
import type { Worker } from 'node:worker_threads';
import { spawnTsWorker } from '../../harness/ts-worker.ts';

export type CallbackMethod = 'POST' | 'GET' | 'PUT';

/** Message to the helper thread. `cells[0]` = done flag, `cells[1]` = HTTP status (-1 on failure). */
export interface CallbackJob {
  url: string;
  method: CallbackMethod;
  data: Record<string, string>;
  cells: SharedArrayBuffer;
}

export class CallbackUnavailableError extends Error {
  readonly code = 'E_CALLBACK_HELPER';
}

export class BlockingCallback {
  private readonly worker: Worker;
  private readonly cells = new Int32Array(new SharedArrayBuffer(8));
  private alive = false;

  private constructor() {
    this.worker = spawnTsWorker(new URL('./callback-worker.ts', import.meta.url));
    this.worker.unref();
  }

  /**
   * Start the helper thread and wait (asynchronously) until it runs: a
   * thread still booting needs this thread's event loop, which a blocked
   * collector would not give it.
   */
  static async start(): Promise<BlockingCallback> {
    const callback = new BlockingCallback();
    await new Promise<void>((resolve, reject) => {
      callback.worker.once('message', () => resolve());
      callback.worker.once('error', reject);
    });
    callback.alive = true;
    callback.worker.on('error', () => (callback.alive = false));
    callback.worker.on('exit', () => (callback.alive = false));
    return callback;
  }

  /** Blocks until the remote answers (or the connection fails); returns the HTTP status or -1. */
  call(url: string, method: CallbackMethod, data: Record<string, string>): number {
    if (!this.alive) throw new CallbackUnavailableError('callback helper thread is not running');
    Atomics.store(this.cells, 0, 0);
    const job: CallbackJob = { url, method, data, cells: this.cells.buffer as SharedArrayBuffer };
    this.worker.postMessage(job);
    while (Atomics.load(this.cells, 0) === 0) Atomics.wait(this.cells, 0, 0);
    return Atomics.load(this.cells, 1);
  }

  close(): void {
    this.alive = false;
    void this.worker.terminate();
  }
}
