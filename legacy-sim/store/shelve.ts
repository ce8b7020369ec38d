/**
 * The blocking shelve store (LEGACY.md "The shelve store"; WBIA
 * `get_shelve_value`, `set_shelve_value`, `wait_for_shelve_lock_file`).
 *
 * Each shelve is a JSON file `{key: value}` standing in for the DBM file.
 * Kept from the original: every get/set waits for `<file>.lock` to vanish
 * (polling every 1 s × scale, going ahead after 600 s × scale), takes a
 * process-wide global lock, polls again, creates the lock file, releases the
 * global lock, opens + reads or writes one key + closes, deletes the lock
 * file. All synchronous: it blocks the calling thread as Python blocks.
 * Errors inside open/read/write are swallowed (get → undefined, set → false).
 */
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { SHELVE_LOCK_GIVE_UP_MS, SHELVE_LOCK_POLL_MS, scaled } from '../constants.ts';
import type { JsonObject, JsonValue } from '../../harness/contract/json.ts';
import { blockingSleep } from './block.ts';

export interface ShelveStoreOptions {
  scale: number;
  /** fsync the DBM file on every set. */
  fsync: boolean;
  /** Injected per-operation latency in production ms (× scale). */
  latencyMs: number;
}

export interface ShelveCounters {
  gets: number;
  sets: number;
  lockWaits: number;
  lockGiveUps: number;
}

/** `GLOBAL_SHELVE_LOCK` (a multiprocessing.Lock): process-wide here, one cell. */
const GLOBAL_LOCK = new Int32Array(new SharedArrayBuffer(4));

function withGlobalLock<T>(fn: () => T): T {
  while (Atomics.compareExchange(GLOBAL_LOCK, 0, 0, 1) !== 0) Atomics.wait(GLOBAL_LOCK, 0, 1);
  try {
    return fn();
  } finally {
    Atomics.store(GLOBAL_LOCK, 0, 0);
    Atomics.notify(GLOBAL_LOCK, 0, 1);
  }
}

export class ShelveStore {
  readonly counters: ShelveCounters = { gets: 0, sets: 0, lockWaits: 0, lockGiveUps: 0 };
  private readonly pollMs: number;
  private readonly giveUpMs: number;
  private readonly latencyMs: number;

  constructor(private readonly options: ShelveStoreOptions) {
    this.pollMs = scaled(SHELVE_LOCK_POLL_MS, options.scale);
    this.giveUpMs = scaled(SHELVE_LOCK_GIVE_UP_MS, options.scale);
    this.latencyMs = scaled(options.latencyMs, options.scale);
  }

  /** `get_shelve_value`: undefined when the file or key is missing or unreadable. */
  get(shelvePath: string, key: string): JsonValue | undefined {
    this.counters.gets += 1;
    this.acquire(shelvePath);
    let value: JsonValue | undefined;
    try {
      blockingSleep(this.latencyMs);
      const fd = openSync(shelvePath, 'r');
      try {
        const data = JSON.parse(readFileSync(fd, 'utf8')) as JsonObject;
        value = data[key];
      } finally {
        closeSync(fd);
      }
    } catch {
      value = undefined;
    }
    this.release(shelvePath);
    return value;
  }

  /** `set_shelve_value`: true when written. */
  set(shelvePath: string, key: string, value: JsonValue): boolean {
    this.counters.sets += 1;
    this.acquire(shelvePath);
    let ok = false;
    try {
      blockingSleep(this.latencyMs);
      let data: JsonObject = {};
      if (existsSync(shelvePath)) {
        try {
          data = JSON.parse(readFileSync(shelvePath, 'utf8')) as JsonObject;
        } catch {
          data = {};
        }
      }
      data[key] = value;
      const fd = openSync(shelvePath, 'w');
      try {
        writeSync(fd, JSON.stringify(data));
        if (this.options.fsync) fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      ok = true;
    } catch {
      ok = false;
    }
    this.release(shelvePath);
    return ok;
  }

  /** `wait_for_shelve_lock_file`: false after the give-up. */
  private waitForLockFile(lockPath: string): boolean {
    const start = performance.now();
    let waited = false;
    while (existsSync(lockPath)) {
      if (!waited) {
        waited = true;
        this.counters.lockWaits += 1;
      }
      if (performance.now() - start >= this.giveUpMs) {
        this.counters.lockGiveUps += 1;
        return false;
      }
      blockingSleep(this.pollMs);
    }
    return true;
  }

  private acquire(shelvePath: string): void {
    const lockPath = `${shelvePath}.lock`;
    this.waitForLockFile(lockPath);
    withGlobalLock(() => {
      this.waitForLockFile(lockPath);
      writeFileSync(lockPath, '');
    });
  }

  private release(shelvePath: string): void {
    rmSync(`${shelvePath}.lock`, { force: true });
  }
}
