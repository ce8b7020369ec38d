/**
 * `_collect_lock` / `_engine_lock` (a `threading.Lock` in WBIA's web
 * process), as a mutex on a SharedArrayBuffer so that web threads that are
 * worker threads really wait for each other. Waiting uses
 * `Atomics.waitAsync`, so several holders may live in one thread (the
 * conformance suite does that). Not fair, like `threading.Lock`.
 */
const UNLOCKED = 0;
const LOCKED = 1;

type WaitAsync = (array: Int32Array, index: number, value: number, timeoutMs?: number) => { async: false; value: string } | { async: true; value: Promise<string> };
const waitAsync = (Atomics as unknown as { waitAsync: WaitAsync }).waitAsync;

export class SharedMutex {
  private readonly cells: Int32Array;

  constructor(readonly buffer: SharedArrayBuffer) {
    this.cells = new Int32Array(buffer);
  }

  static create(): SharedMutex {
    return new SharedMutex(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
  }

  tryLock(): boolean {
    return Atomics.compareExchange(this.cells, 0, UNLOCKED, LOCKED) === UNLOCKED;
  }

  async lock(): Promise<void> {
    while (!this.tryLock()) {
      const result = waitAsync(this.cells, 0, LOCKED);
      if (result.async) await result.value;
    }
  }

  unlock(): void {
    Atomics.store(this.cells, 0, UNLOCKED);
    Atomics.notify(this.cells, 0, 1);
  }

  get locked(): boolean {
    return Atomics.load(this.cells, 0) === LOCKED;
  }
}
