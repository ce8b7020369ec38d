/** Small pieces every new backend's JobService shares: jobid checks, call timing, the heartbeat refresh. */
import { InvalidJobIdError, ServiceClosedError } from '../../harness/contract/errors.ts';
import type { CallTrace } from '../../harness/contract/job-service.ts';
import { isValidJobId } from '../../harness/contract/job-service.ts';

/** The shared rule (job-service.ts TSDoc): an invalid jobid rejects with InvalidJobIdError. */
export function requireValidJobId(jobid: unknown): asserts jobid is string {
  if (!isValidJobId(jobid)) throw new InvalidJobIdError(jobid);
}

export function requireOpen(closed: boolean): void {
  if (closed) throw new ServiceClosedError();
}

/**
 * Times one call into `trace.roundTripUs`. No shared lock stands between a
 * web thread and its own connection, so `lockWaitUs` stays 0.
 */
export async function timed<T>(trace: CallTrace, call: () => Promise<T> | T): Promise<T> {
  const t0 = performance.now();
  try {
    return await call();
  } finally {
    trace.roundTripUs = Math.round((performance.now() - t0) * 1000);
  }
}

/** A status-dict limit as the backends accept it: a positive integer, or none. */
export function limitOf(options: { limit?: number } | undefined): number | null {
  const limit = options?.limit;
  if (limit === undefined || limit === null || !Number.isFinite(limit)) return null;
  return Math.max(0, Math.floor(limit));
}

/** What the heartbeat refresh does on the new backends; recorded in `settings`. */
export const HEARTBEAT_REFRESH_NOTE =
  'prometheus refresh = one aggregate count query (jobs per status), as a direct-query design would do; with a statusDictLimit it reads the newest N status rows instead';
