/**
 * Start a worker thread whose entry is a `.ts` file: the one place that does
 * it (the HTTP front, the autocannon runner, the legacy collector's callback
 * helper, the backends bench and the conformance users all use it).
 *
 * Under Node 20 a Worker does inherit `--import tsx` in its execArgv, but the
 * entry module is resolved before tsx's hooks are registered in the worker,
 * so `new Worker('x.ts')` fails with ERR_UNKNOWN_FILE_EXTENSION (checked here
 * under both `tsx file.ts` and `node --import tsx`). So the worker starts
 * from a tiny eval'd bootstrap that registers tsx's ESM hooks, then imports
 * the real entry. `tsx/esm/api` is resolved in the main thread, so the
 * worker needs no package resolution of its own.
 */
import { Worker } from 'node:worker_threads';
import type { WorkerOptions } from 'node:worker_threads';

const TSX_ESM_API = import.meta.resolve('tsx/esm/api');

export function spawnTsWorker(entry: URL, options: Omit<WorkerOptions, 'eval'> = {}): Worker {
  const bootstrap =
    `import(${JSON.stringify(TSX_ESM_API)})` +
    `.then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); })` +
    `.catch((error) => { process.nextTick(() => { throw error; }); });`;
  return new Worker(bootstrap, { ...options, eval: true });
}
