/**
 * Seed N finished historical jobs on disk, as a long-running WBIA server
 * accumulates them: per job a `.pkl` record (completed), an input shelve
 * (metadata with times) and an output shelve (result). One fast synchronous
 * bulk write, without the lock-file protocol: nothing else runs yet.
 */
import { writeFileSync } from 'node:fs';
import type { JsonObject } from '../../harness/contract/json.ts';
import { timestamp } from '../timestamps.ts';
import { jobPaths } from './paths.ts';

/** mulberry32: small, seeded, deterministic. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A UUID4-shaped id from the seeded generator (uuid.uuid4() in WBIA). */
export function seededUuid(next: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(next() * 16).toString(16));
  hex[12] = '4';
  hex[16] = ((Math.floor(next() * 4) & 0x3) | 0x8).toString(16);
  const s = hex.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

export interface SeedResult {
  jobids: string[];
  maxJobcounter: number;
  seedMs: number;
}

export function seedHistoricalJobs(shelvesDir: string, count: number, seed: number): SeedResult {
  const start = performance.now();
  const next = prng(seed);
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
