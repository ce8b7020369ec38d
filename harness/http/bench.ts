/**
 * A quick closed-model measurement of a target through the front:
 * `tsx harness/http/bench.ts [--target noop] [--connections 16] [--threads 16] [--seconds 3] [--op job_status]`.
 * autocannon drives the front; latencies are ours (µs, per response), merged
 * exactly across connections. Prints ops/s and p50/p99/max per op, our count
 * beside autocannon's, and the front's queue depth. Not a test: numbers
 * depend on the machine and its load.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { cumulativeWeights } from '../driver/schedule.ts';
import { mergeRecorders } from '../metrics/merge.ts';
import { OP_NAMES } from '../results/types.ts';
import type { OpName } from '../results/types.ts';
import { loadTarget } from '../targets.ts';
import { runAutocannonClosed } from './autocannon-run.ts';
import { frontOriginOf, wrapHttp } from './wrap.ts';

const { values } = parseArgs({
  strict: true,
  options: {
    target: { type: 'string', default: 'noop' },
    connections: { type: 'string', default: '16' },
    threads: { type: 'string', default: '16' },
    seconds: { type: 'string', default: '3' },
    op: { type: 'string', default: 'job_status' },
    jobs: { type: 'string', default: '100' },
  },
});
const op = values.op as OpName;
if (!OP_NAMES.includes(op)) throw new Error(`--op must be one of ${OP_NAMES.join(', ')}`);
const seconds = Number(values.seconds);
const runDir = mkdtempSync(join(tmpdir(), 'convoy-http-bench-'));
const handle = await wrapHttp(await loadTarget(values.target), { frontThreads: Number(values.threads) }).start({
  runId: `httpbench_${process.pid}`,
  runDir,
  scale: 0.01,
  durability: 'relaxed',
  seed: 1,
  historicalJobs: Number(values.jobs),
  threads: Number(values.threads),
  engines: { fast: 2, slow: 2 },
  log: (line) => process.stderr.write(`${line}\n`),
});
try {
  const run = await runAutocannonClosed({
    origin: frontOriginOf(handle)!,
    connections: Number(values.connections),
    weights: cumulativeWeights({ [op]: 1 }),
    maxOps: 10_000_000,
    warmupMs: 500,
    measureMs: seconds * 1000,
    seed: 1,
    job: { action: 'helloworld', timeSec: 0, lane: 'fast', callback: null },
    jobids: { historical: [], ownPollShare: 1 },
    statusDictLimit: null,
    timelineBucketMs: 1000,
    expectedIntervalUs: 0,
    requestTimeoutMs: 30_000,
  });
  const merged = mergeRecorders(run.results.map((r) => r.recorder));
  const stats = (await handle.collectStats?.()) ?? {};
  console.log(`${values.target} through the front: ${values.connections} autocannon connections, ${values.threads} front threads, ${seconds} s measured (after 0.5 s warm-up)`);
  for (const [name, s] of Object.entries(merged.ops)) {
    console.log(
      `  ${name.padEnd(16)} ${String(s.count).padStart(7)} ops  ${(s.count / seconds).toFixed(0).padStart(6)}/s  p50 ${s.p50Us} µs  p99 ${s.p99Us} µs  max ${s.maxUs} µs  errors ${s.errors}  timeouts ${s.timeouts}`,
    );
  }
  const lock = merged.lockWait[op];
  if (lock) console.log(`  server lock wait p99 ${lock.p99Us} µs; round trip p99 ${merged.roundTrip[op]?.p99Us ?? 0} µs`);
  console.log(`  autocannon counted ${run.counters.sent} sent, ${run.counters.responses2xx} 2xx, ${run.counters.non2xx} non-2xx (its histogram unused)`);
  console.log(`  front: ${JSON.stringify(stats.front)}`);
} finally {
  await handle.stop();
  rmSync(runDir, { recursive: true, force: true });
}
