/**
 * What every legacy-sim child process does alike: read its config from
 * argv, exit when the supervisor goes away (IPC disconnect: no orphans),
 * exit on SIGTERM/SIGINT, and report readiness.
 */
import { Worker } from 'node:worker_threads';
import type { ChildToParent, ParentToChild } from './ipc.ts';

/**
 * Runs beside the main thread, which may be blocked for good (a callback
 * with no timeout, a lock file, a long Atomics.wait) and then never sees the
 * IPC disconnect: when the parent is gone, kill this process from here.
 */
const WATCHDOG_SOURCE = `
const { workerData } = require('node:worker_threads');
setInterval(() => {
  if (process.ppid !== workerData.parentPid) process.kill(process.pid, 'SIGKILL');
}, workerData.intervalMs);
`;
const WATCHDOG_INTERVAL_MS = 250;

function startWatchdog(): void {
  const worker = new Worker(WATCHDOG_SOURCE, { eval: true, workerData: { parentPid: process.ppid, intervalMs: WATCHDOG_INTERVAL_MS } });
  worker.unref();
}

export function childConfig<T>(): T {
  const raw = process.argv[2];
  if (raw === undefined) throw new Error('missing config argument');
  return JSON.parse(raw) as T;
}

export function send(message: ChildToParent): void {
  if (process.connected && process.send) process.send(message);
}

/** Exit when the parent dies or asks us to stop. `cleanup` must not block long. */
export function installLifecycle(cleanup: () => void | Promise<void>): void {
  startWatchdog();
  let exiting = false;
  const exit = (code: number) => {
    if (exiting) return;
    exiting = true;
    const timer = setTimeout(() => process.exit(code), 500);
    timer.unref();
    void Promise.resolve()
      .then(cleanup)
      .catch(() => undefined)
      .finally(() => process.exit(code));
  };
  process.on('disconnect', () => exit(0));
  process.on('SIGTERM', () => exit(0));
  process.on('SIGINT', () => exit(0));
}

export function onParentMessage(handler: (message: ParentToChild) => void): void {
  process.on('message', (m) => handler(m as ParentToChild));
}
