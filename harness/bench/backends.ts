/**
 * `npm run bench -- backends`: per target, (A) job_status p50/p99 and ops/s
 * from 16 threads under concurrent job traffic, (B) the status-dict cost at
 * 1 000 / 10 000 / 100 000 jobs with and without a limit, (C) job_status
 * under a deep backlog (BullMQ's getJobState trap). Closed-loop numbers
 * (back-to-back calls, no think time): service cost, not user latency.
 */
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { errorCodeOf } from '../contract/errors.ts';
import { parseArgs } from 'node:util';
import type { TargetDefinition } from '../contract/target.ts';
import { TargetStartError } from '../contract/target.ts';
import { loadTarget } from '../targets.ts';
import type { BenchConfig, DictCell, TrafficResult } from '../../new-backends/bench/measure.ts';
import { measureBacklog, measureDict, measureTraffic } from '../../new-backends/bench/measure.ts';
import type { PollResult } from '../../new-backends/bench/run-pollers.ts';

const DEFAULT_TARGETS = ['legacy', 'legacy-mitigated', 'sqlite', 'postgres', 'bullmq', 'bullmq-statushash'];

const HELP = `usage: npm run bench -- backends [options]

  --targets a,b,c        targets to measure (default: ${DEFAULT_TARGETS.join(',')})
  --quick                fewer sizes and shorter phases (1 000 and 10 000 jobs; 1.5 s measures; backlog 5 000)
  --only A,B,C           which measurements (A traffic, B status dict, C backlog; default all)
  --threads N            web threads polling (default 16)
  --job-rate N           jobs/s submitted during A (default 10)
  --backlog N            queued jobs during C (default 20 000)
  --legacy-max-jobs N    legacy skips B sizes above this and all of C (default 10 000)
  --scale X              time scale for engines' simulated work in A and C (default 0.01)
  --dict-scale X         time scale in B (default 1: engines idle, legacy's 120 s receive timeout unscaled)
  --durability relaxed|strict   (default relaxed)
  --json FILE            also write every measured number to FILE (to compare two revisions)
  --help                 this text
`;

function fmtUs(us: number): string {
  return us >= 10_000 ? `${(us / 1000).toFixed(0)} ms` : us >= 1000 ? `${(us / 1000).toFixed(1)} ms` : `${us.toFixed(0)} µs`;
}

function fmtMs(ms: number): string {
  return ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2);
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

function oneLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0];
}

/** A cell that failed: `timeout` for a receive timeout (a result in itself), the error line otherwise. */
function failedCell(error: unknown): string {
  return errorCodeOf(error) === 'E_TIMEOUT' ? `timeout: ${oneLine(error)}` : oneLine(error);
}

function shortCell(failure: string): string {
  return failure.startsWith('timeout') ? 'timeout' : failure.startsWith('skipped') ? 'skipped' : failure.startsWith('not started') ? 'n/a' : '—';
}

export async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      targets: { type: 'string' },
      quick: { type: 'boolean', default: false },
      only: { type: 'string', default: 'A,B,C' },
      threads: { type: 'string', default: '16' },
      'job-rate': { type: 'string', default: '10' },
      backlog: { type: 'string' },
      'legacy-max-jobs': { type: 'string', default: '10000' },
      scale: { type: 'string', default: '0.01' },
      'dict-scale': { type: 'string', default: '1' },
      durability: { type: 'string', default: 'relaxed' },
      json: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(HELP);
    return;
  }
  if (values.durability !== 'relaxed' && values.durability !== 'strict') throw new Error(`--durability must be relaxed or strict, not ${values.durability}`);
  const quick = values.quick ?? false;
  const only = new Set((values.only ?? 'A,B,C').toUpperCase().split(','));
  const config: BenchConfig = {
    threads: Number(values.threads),
    scale: Number(values.scale),
    durability: values.durability,
    seed: 7,
    warmupMs: quick ? 300 : 500,
    measureMs: quick ? 1500 : 3000,
    trafficHistoricalJobs: quick ? 1000 : 10_000,
    jobRatePerSec: Number(values['job-rate']),
    dictSizes: quick ? [1000, 10_000] : [1000, 10_000, 100_000],
    dictLimit: 100,
    dictScale: Number(values['dict-scale']),
    backlogJobs: Number(values.backlog ?? (quick ? 5000 : 20_000)),
    legacyMaxJobs: Number(values['legacy-max-jobs']),
    log: (line) => console.error(`  · ${line}`),
  };
  const names = values.targets ? values.targets.split(',').map((s) => s.trim()).filter(Boolean) : DEFAULT_TARGETS;

  const definitions = new Map<string, TargetDefinition>();
  const notes: string[] = [];
  for (const name of names) {
    try {
      definitions.set(name, await loadTarget(name));
    } catch (error) {
      notes.push(`${name}: not loaded (${oneLine(error)})`);
    }
  }
  const isLegacy = (name: string) => name.startsWith('legacy');

  const traffic = new Map<string, TrafficResult | string>();
  const dict = new Map<string, Map<number, DictCell | string>>();
  const backlog = new Map<string, (PollResult & { backlog: number }) | string>();
  // A target that cannot start (server down) is tried once; its other cells point to that note.
  const unavailable = new Set<string>();
  const attempt = async <T>(name: string, run: () => Promise<T>): Promise<T | string> => {
    if (unavailable.has(name)) return 'not started (see the first note for this target)';
    try {
      return await run();
    } catch (error) {
      if (error instanceof TargetStartError) unavailable.add(name);
      return failedCell(error);
    }
  };
  for (const [name, definition] of definitions) {
    console.error(`${name}:`);
    if (only.has('A')) {
      traffic.set(name, await attempt(name, () => measureTraffic(definition, config)));
    }
    if (only.has('B')) {
      const cells = new Map<number, DictCell | string>();
      dict.set(name, cells);
      for (const jobs of config.dictSizes) {
        if (isLegacy(name) && jobs > config.legacyMaxJobs) {
          cells.set(jobs, `skipped (> --legacy-max-jobs ${config.legacyMaxJobs})`);
          continue;
        }
        cells.set(jobs, await attempt(name, () => measureDict(definition, config, jobs)));
      }
    }
    if (only.has('C')) {
      if (isLegacy(name)) backlog.set(name, 'skipped (legacy submits ~10 jobs/s: a deep backlog takes minutes to build)');
      else {
        backlog.set(name, await attempt(name, () => measureBacklog(definition, config)));
      }
    }
  }

  const out: string[] = [];
  const load = loadavg().map((l) => l.toFixed(1)).join(' ');
  out.push(`backends bench: ${new Date().toISOString()}, ${cpus().length} cpus, load average ${load} (at the end), node ${process.version}, durability ${config.durability}`);
  out.push(`scale ${config.scale} in A and C, ${config.dictScale} in B`);
  out.push(`closed loop: ${config.threads} threads calling back to back (no think time), warm-up ${config.warmupMs} ms, measured ${config.measureMs} ms`);
  const failures: string[] = [];
  if (only.has('A')) {
    out.push('', `A. job_status under job traffic (${config.trafficHistoricalJobs} historical jobs, ${config.jobRatePerSec} jobs/s submitted, engines 2+2)`);
    const rows: string[][] = [];
    for (const [name, r] of traffic) {
      if (typeof r === 'string') {
        rows.push([name, '—', '—', '—', '—', '—']);
        failures.push(`${name} A: ${r}`);
      } else rows.push([name, fmtUs(r.p50Us), fmtUs(r.p99Us), fmtUs(r.maxUs), r.opsPerSec.toFixed(0), `${r.errors}`]);
    }
    out.push(table(['target', 'p50', 'p99', 'max', 'ops/s', 'errors'], rows));
  }
  if (only.has('B')) {
    out.push('', `B. job_status_dict cost, ms (all = no limit: first call / median; lim = limit ${config.dictLimit}: median of 20)`);
    const header = ['target', ...config.dictSizes.flatMap((n) => [`${n} all`, `${n} lim`])];
    const rows: string[][] = [];
    for (const [name, cells] of dict) {
      const row = [name];
      for (const n of config.dictSizes) {
        const c = cells.get(n);
        if (c === undefined || typeof c === 'string') {
          row.push(c ? shortCell(c) : '—', c ? shortCell(c) : '—');
          if (c) failures.push(`${name} B ${n}: ${c}`);
        } else row.push(`${fmtMs(c.firstAllMs)} / ${fmtMs(c.medianAllMs)}`, fmtMs(c.medianLimitedMs));
      }
      rows.push(row);
    }
    out.push(table(header, rows));
  }
  if (only.has('C')) {
    out.push('', `C. job_status of random queued jobs under a deep backlog (${config.backlogJobs} queued, engines stopped)`);
    const rows: string[][] = [];
    for (const [name, r] of backlog) {
      const a = traffic.get(name);
      if (typeof r === 'string') {
        rows.push([name, '—', '—', '—', '—']);
        failures.push(`${name} C: ${r}`);
      } else rows.push([name, fmtUs(r.p50Us), fmtUs(r.p99Us), r.opsPerSec.toFixed(0), a && typeof a !== 'string' ? `×${(r.p50Us / Math.max(1, a.p50Us)).toFixed(1)}` : '—']);
    }
    out.push(table(['target', 'p50', 'p99', 'ops/s', 'p50 vs A'], rows));
  }
  const shown = failures.filter((f) => !f.includes(': not started'));
  if (notes.length + shown.length > 0) out.push('', 'notes:', ...[...notes, ...shown].map((n) => `  ${n}`));
  console.log(out.join('\n'));
  if (values.json) {
    const record = {
      createdAt: new Date().toISOString(),
      cpus: cpus().length,
      loadAverage: loadavg(),
      node: process.version,
      config: { ...config, log: undefined },
      traffic: Object.fromEntries(traffic),
      statusDict: Object.fromEntries([...dict].map(([name, cells]) => [name, Object.fromEntries(cells)])),
      backlog: Object.fromEntries(backlog),
      notes: [...notes, ...failures],
    };
    writeFileSync(values.json, `${JSON.stringify(record, null, 2)}\n`);
  }
}
