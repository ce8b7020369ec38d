/**
 * `--http` mode: wrap a target so that web threads reach it through the HTTP
 * front. `start()` starts the inner target, then the front (its threads
 * connect to the inner target as the harness's threads would); `connection(i)`
 * hands the harness's threads harness/http/client-service.ts, which speaks
 * HTTP to the front. The wrapped target keeps the inner name and records
 * `mode: "http"` in its settings.
 */
import type { JsonObject } from '../contract/json.ts';
import type { TargetDefinition, TargetHandle, TargetStartOptions, WorkerConnection } from '../contract/target.ts';
import type { HttpServiceInfo } from './client-service.ts';
import { DEFAULT_FRONT_THREADS, startFrontFor } from './front.ts';
import type { Front } from './front.ts';

export const CLIENT_SERVICE_MODULE = new URL('./client-service.ts', import.meta.url).href;

/** Legacy's RCVTIMEO in production; the client waits past it (scaled) so the server's 504 is what it sees. */
const LEGACY_RECEIVE_TIMEOUT_MS = 120_000;

export interface HttpWrapOptions {
  /** Front worker threads (gunicorn threads); default: the run's `threads`, else 16. */
  frontThreads?: number;
  /** Client give-up time per request; default max(10 s, 2 × 120 s × scale + 5 s). */
  requestTimeoutMs?: number;
  /** Front port; default 0 (a free port). */
  port?: number;
}

export function wrapHttp(def: TargetDefinition, options: HttpWrapOptions = {}): TargetDefinition {
  return {
    name: def.name,
    summary: `${def.summary} (through the HTTP front)`,
    needs: def.needs,
    start: (startOptions) => startWrapped(def, options, startOptions),
  };
}

async function startWrapped(def: TargetDefinition, options: HttpWrapOptions, startOptions: TargetStartOptions): Promise<TargetHandle> {
  const frontThreads = options.frontThreads ?? (startOptions.threads > 0 ? startOptions.threads : DEFAULT_FRONT_THREADS);
  const requestTimeoutMs = options.requestTimeoutMs ?? Math.max(10_000, 2 * LEGACY_RECEIVE_TIMEOUT_MS * startOptions.scale + 5_000);
  const inner = await def.start({ ...startOptions, threads: frontThreads });
  let front: Front;
  try {
    front = await startFrontFor(inner, { threads: frontThreads, port: options.port });
  } catch (error) {
    await inner.stop();
    throw error;
  }
  startOptions.log(`${def.name}: HTTP front at ${front.origin} with ${frontThreads} threads`);
  const info: HttpServiceInfo = { origin: front.origin, requestTimeoutMs };
  let stopping: Promise<void> | null = null;
  const settings: JsonObject = { ...inner.settings, mode: 'http', frontThreads, frontOrigin: front.origin, clientRequestTimeoutMs: requestTimeoutMs };
  return {
    name: inner.name,
    settings,
    heartbeatPolicy: inner.heartbeatPolicy,
    startup: { ...inner.startup, notes: [...inner.startup.notes, `HTTP front: ${frontThreads} worker threads at ${front.origin}`] },
    faults: inner.faults,
    connection: (): WorkerConnection => ({ serviceModule: CLIENT_SERVICE_MODULE, info, transfer: [] }),
    collectStats: async () => {
      const innerStats = inner.collectStats ? await inner.collectStats() : {};
      return { ...innerStats, front: { ...front.stats() } };
    },
    stop: () => {
      stopping ??= (async () => {
        try {
          await front.stop();
        } finally {
          await inner.stop();
        }
      })();
      return stopping;
    },
  };
}

/** The front's origin of a handle made by {@link wrapHttp}, or null for any other handle. */
export function frontOriginOf(handle: TargetHandle): string | null {
  const { mode, frontOrigin } = handle.settings;
  return mode === 'http' && typeof frontOrigin === 'string' ? frontOrigin : null;
}
