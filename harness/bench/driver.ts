/**
 * `npm run bench -- driver [--threads N] [--seconds S]`: the full driver
 * (piscina web threads, shared counter, CallTrace, recorder with three HDR
 * histograms per op, timeline, samples, lanes, progress row) against the
 * noop target, and in the same run a bare loop of the same shape (same
 * threads, same counter, same noop call, nothing measured). The two
 * alternate for a few rounds (the machine is shared: its load moves between
 * runs) and the median of each is printed: ops/s, their ratio (goal ≥ 0.5),
 * and the driver's own cost per operation (goal < 2 µs) as CPU time of this
 * process per operation (process.cpuUsage, all threads, from the threads'
 * release to their results, pool start-up and teardown excluded on both
 * sides), driver − bare.
 */
import { availableParallelism, loadavg } from 'node:os';
import { Piscina } from 'piscina';
import { PrometheusGate, PRODUCTION_HEARTBEAT } from '../contract/prometheus-gate.ts';
import { Control, waitForChange } from '../driver/control.ts';
import { drive } from '../driver/pool.ts';
import { mergeRecorders } from '../metrics/merge.ts';
import { nowUs } from '../metrics/recorder.ts';
import { noopTarget } from '../noop/target.ts';
import type { BareTask } from '../driver/bare-loop-worker.ts';

const BARE_WORKER = new URL('../driver/bare-loop-worker.ts', import.meta.url).href;

function option(argv: string[], name: string, fallback: number): number {
  const i = argv.indexOf(name);
  if (i < 0) return fallback;
  const n = Number(argv[i + 1]);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} needs a positive number`);
  return n;
}

interface Sample {
  opsPerSec: number;
  /** CPU µs of this process (all threads) per operation, during the timed window. */
  cpuUsPerOp: number;
}

function cpuUs(): number {
  const u = process.cpuUsage();
  return u.user + u.system;
}

async function bare(threads: number, runMs: number): Promise<Sample> {
  const handle = await noopTarget.start({ runId: 'bench', runDir: '/tmp', scale: 1, durability: 'relaxed', seed: 1, historicalJobs: 10, threads, engines: { fast: 0, slow: 0 }, log: () => undefined });
  const control = Control.create(threads);
  const gate = PrometheusGate.create(PRODUCTION_HEARTBEAT);
  const pool = new Piscina<BareTask, { ops: number }>({ filename: BARE_WORKER, minThreads: threads, maxThreads: threads });
  try {
    const tasks = Array.from({ length: threads }, (_, i) =>
      pool.run({ threadIndex: i, threads, control: control.buffer, info: handle.connection(i).info, gateInit: gate.init, runMs }),
    );
    const ints = new Int32Array(control.buffer, 0, 1);
    while (control.ready < threads) await waitForChange(ints, 0, control.ready, 100);
    const cpu0 = cpuUs();
    control.go(nowUs() + 20_000);
    const results = await Promise.all(tasks);
    const cpu = cpuUs() - cpu0;
    const ops = results.reduce((a, r) => a + r.ops, 0);
    return { opsPerSec: ops / (runMs / 1000), cpuUsPerOp: cpu / ops };
  } finally {
    await pool.destroy();
    await handle.stop();
  }
}

async function driven(threads: number, runMs: number): Promise<Sample & { p50Us: number; p99Us: number }> {
  const handle = await noopTarget.start({ runId: 'bench', runDir: '/tmp', scale: 1, durability: 'relaxed', seed: 1, historicalJobs: 10, threads, engines: { fast: 0, slow: 0 }, log: () => undefined });
  try {
    const warmupMs = 300;
    let cpu0 = 0;
    let cpu = 0;
    const r = await drive({
      onStart: () => {
        cpu0 = cpuUs();
      },
      // Like the bare loop: up to the threads' results (their export included), not the pool's teardown.
      onThreadsDone: () => {
        cpu = cpuUs() - cpu0;
      },
      handle,
      threads,
      seed: 1,
      load: { kind: 'closed', users: threads, thinkMs: 0, weights: { job_status: 1 }, correctCoordinatedOmission: false },
      warmupMs,
      measureMs: runMs,
      maxOps: 2_000_000_000,
      job: { action: 'helloworld', timeSec: 0, lane: 'fast', callback: null },
      jobids: { historical: ['noop-1'], ownPollShare: 0 },
      statusDictLimit: null,
      timelineBucketMs: 100,
      connectTimeoutMs: 60_000,
      graceMs: 2000,
    });
    // CPU from the release of the threads to their end covers warm-up too: divide by every operation run.
    if (r.failures.length > 0) throw new Error(r.failures.join('; '));
    const m = mergeRecorders(r.recorders);
    const s = m.ops.job_status;
    const allOps = m.events.total + m.warmupSkipped;
    return { opsPerSec: m.events.total / (runMs / 1000), cpuUsPerOp: cpu / allOps, p50Us: s?.p50Us ?? 0, p99Us: s?.p99Us ?? 0 };
  } finally {
    await handle.stop();
  }
}

export async function main(argv: string[]): Promise<void> {
  if (argv.includes('--help')) {
    console.log('usage: npm run bench -- driver [--threads N (16)] [--seconds S (2)] [--rounds R (3)]');
    return;
  }
  const threads = option(argv, '--threads', 16);
  const runMs = option(argv, '--seconds', 2) * 1000;
  const rounds = option(argv, '--rounds', 3);
  const cores = availableParallelism();
  console.log(`driver bench: noop target, ${threads} threads, ${rounds} rounds × ${runMs / 1000} s each way, ${cores} cores, load average before ${loadavg()[0].toFixed(2)}`);
  const bares: Sample[] = [];
  const drivens: (Sample & { p50Us: number; p99Us: number })[] = [];
  for (let i = 0; i < rounds; i++) {
    bares.push(await bare(threads, runMs));
    drivens.push(await driven(threads, runMs));
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const bareOps = median(bares.map((b) => b.opsPerSec));
  const driverOps = median(drivens.map((d) => d.opsPerSec));
  const bareCpu = median(bares.map((b) => b.cpuUsPerOp));
  const driverCpu = median(drivens.map((d) => d.cpuUsPerOp));
  const ratio = driverOps / bareOps;
  const costUs = driverCpu - bareCpu;
  const spread = (xs: number[]) => `${Math.round(Math.min(...xs)).toLocaleString('en-US')}…${Math.round(Math.max(...xs)).toLocaleString('en-US')}`;
  const d = drivens[Math.floor(drivens.length / 2)];
  const rows = [
    ['bare shared-counter loop', `${Math.round(bareOps).toLocaleString('en-US')} ops/s (rounds ${spread(bares.map((b) => b.opsPerSec))}), ${bareCpu.toFixed(2)} µs CPU/op`],
    ['full driver (closed, think 0)', `${Math.round(driverOps).toLocaleString('en-US')} ops/s (rounds ${spread(drivens.map((x) => x.opsPerSec))}), ${driverCpu.toFixed(2)} µs CPU/op; its latency p50 ${d.p50Us} µs, p99 ${d.p99Us} µs`],
    ['ratio driver ÷ bare (ops/s)', `${ratio.toFixed(2)}   (goal ≥ 0.5: ${ratio >= 0.5 ? 'met' : 'NOT met'})`],
    ['driver cost per operation', `${costUs.toFixed(2)} µs CPU (driver − bare, medians)   (goal < 2 µs: ${costUs < 2 ? 'met' : 'NOT met'})`],
  ];
  for (const [k, v] of rows) console.log(`  ${k.padEnd(32)} ${v}`);
  console.log(`  load average after ${loadavg()[0].toFixed(2)} (other processes on the machine lower both rates)`);
}
