/**
 * Seed N finished historical jobs on disk, as a long-running WBIA server
 * accumulates them: per job a `.pkl` record (completed), an input shelve
 * (metadata with times) and an output shelve (result). One fast synchronous
 * bulk write, without the lock-file protocol: nothing else runs yet.
 */
import { writeFileSync } from 'node:fs';
import type { JsonObject } from '../../harness/contract/json.ts';
import { timestamp } from '../timestamps.ts';
import { seededRandom, seededUuid } from '../../harness/driver/random.ts';
import { jobPaths } from './paths.ts';

export interface SeedResult {
  jobids: string[];
  maxJobcounter: number;
  seedMs: number;
}

export function seedHistoricalJobs(shelvesDir: string, count: number, seed: number): SeedResult {
  const start = performance.now();
  const next = seededRandom(seed);
  const jobids: string[] = [];
  // A fixed epoch, so that the same seed gives the same files.
  const base = Date.UTC(2024, 0, 1) + (seed % 1000) * 86_400_000;
  for (let i = 0; i < count; i += 1) {
    const jobid = seededUuid(next);
    const jobcounter = i + 1;
    const lane = next() < 0.5 ? 'fast' : 'slow';
    const received = timestamp(new Date(base + i * 60_000));
    const completed = timestamp(new Date(base + i * 60_000 + 2_000));
    const request: JsonObject = { action: 'helloworld', args: [], kwargs: { time_: 0 }, callback_url: null, callback_method: null, request: {}, lane, jobid };
    const metadata: JsonObject = {
      jobcounter,
      action: 'helloworld',
      args: [],
      kwargs: { time_: 0 },
      callback_url: null,
      callback_method: null,
      callback_detailed: false,
      request: {},
      times: { received, started: received, updated: completed, completed, runtime: '0 hours 0 min. 2 sec. (total: 2 sec.)', turnaround: '0 hours 0 min. 2 sec. (total: 2 sec.)', runtime_sec: 2, turnaround_sec: 2 },
      lane,
    };
    const result: JsonObject = { exec_status: 'completed', json_result: JSON.stringify({ helloworld: true, echo: null }), jobid };
    const paths = jobPaths(shelvesDir, jobid);
    writeFileSync(paths.record, JSON.stringify({ request, attempts: 0, completed: true }));
    writeFileSync(paths.input, JSON.stringify({ metadata }));
    writeFileSync(paths.output, JSON.stringify({ result }));
    jobids.push(jobid);
  }
  return { jobids, maxJobcounter: count, seedMs: performance.now() - start };
}
