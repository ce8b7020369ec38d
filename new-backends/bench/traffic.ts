/**
 * Job traffic beside a measurement: one JobService in the main thread
 * submitting `helloworld` jobs at a fixed rate (one call in flight at a time;
 * when it falls behind it catches up back to back and counts how far).
 */
import type { JobService } from '../../harness/contract/job-service.ts';

export interface Traffic {
  stop(): Promise<{ submitted: number; errors: number; behindMax: number }>;
}

export function startTraffic(service: JobService, ratePerSec: number, timeSeconds: number): Traffic {
  let stopped = false;
  let submitted = 0;
  let errors = 0;
  let behindMax = 0;
  const intervalMs = 1000 / ratePerSec;
  const t0 = performance.now();
  const loop = (async () => {
    while (!stopped) {
      const dueMs = t0 + submitted * intervalMs + errors * intervalMs;
      const waitMs = dueMs - performance.now();
      if (waitMs > 0) await new Promise((resolve) => setTimeout(resolve, waitMs));
      else behindMax = Math.max(behindMax, Math.floor(-waitMs / intervalMs));
      if (stopped) break;
      try {
        await service.queueJob({ action: 'helloworld', args: [], kwargs: { time_: timeSeconds }, lane: submitted % 2 === 0 ? 'fast' : 'slow' });
        submitted++;
      } catch {
        errors++;
      }
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
      return { submitted, errors, behindMax };
    },
  };
}

/** Submit `count` jobs as fast as `parallel` services allow (one call in flight each). */
export async function submitBacklog(services: JobService[], count: number): Promise<string[]> {
  const jobids: string[] = [];
  let next = 0;
  await Promise.all(
    services.map(async (service) => {
      while (next < count) {
        const i = next++;
        const queued = await service.queueJob({ action: 'helloworld', args: [], kwargs: { time_: 1 }, lane: i % 2 === 0 ? 'fast' : 'slow' });
        jobids.push(queued.jobid);
      }
    }),
  );
  return jobids;
}
