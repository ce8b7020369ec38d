/**
 * What every legacy-sim child process does alike: read its config from
 * argv, exit when the supervisor goes away (IPC disconnect: no orphans),
 * exit on SIGTERM/SIGINT, and report readiness.
 */
import type { ChildToParent, ParentToChild } from './ipc.ts';

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
