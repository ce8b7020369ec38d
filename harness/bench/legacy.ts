/**
 * `npm run bench -- legacy [options]`: the legacy collector's service time
 * per action at 100, 1 000 and 10 000 known jobs, measured by the collector
 * itself (recv → reply sent, per-reply cost included; "handler" = the
 * action's own work: shelve I/O, without the send and the per-reply cost),
 * plus the client's round trip. One client asks in turn, as in LEGACY.md
 * "What it costs".
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Dealer } from 'zeromq';
import type { JsonObject } from '../contract/json.ts';
import type { ActionStats } from '../../legacy-sim/collector/stats.ts';
import { PER_REPLY_COST_MS } from '../../legacy-sim/constants.ts';
import { PRE_MITIGATION, PRODUCTION_MITIGATIONS } from '../../legacy-sim/options.ts';
import { jobPaths } from '../../legacy-sim/store/paths.ts';
import { writeRecord } from '../../legacy-sim/store/record.ts';
import { startLegacy } from '../../legacy-sim/target.ts';
import type { LegacyHandle } from '../../legacy-sim/target.ts';

const USAGE = `usage: npm run bench -- legacy [options]

The legacy collector's service time per action at several numbers of known
jobs (collector-side timing, one client asking in turn).

options:
  --sizes LIST        known jobs, comma-separated (default 100,1000,10000)
  --requests N        requests per cheap action (default 200)
  --jobs N            no-op jobs submitted to time the engine-side actions (default 20)
  --scale S           time scale (default 1: the per-reply cost is ${PER_REPLY_COST_MS} ms)
  --no-mitigations    status cache off (every status dict uncached)
  --help              this text`;

interface Options {
  sizes: number[];
  requests: number;
  jobs: number;
  scale: number;
  mitigations: boolean;
}

function parse(argv: string[]): Options | null {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      sizes: { type: 'string', default: '100,1000,10000' },
      requests: { type: 'string', default: '200' },
      jobs: { type: 'string', default: '20' },
      scale: { type: 'string', default: '1' },
      'no-mitigations': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return null;
  const sizes = values.sizes.split(',').map(Number);
  const requests = Number(values.requests);
  const jobs = Number(values.jobs);
  const scale = Number(values.scale);
  if (sizes.some((n) => !Number.isInteger(n) || n < 1)) throw new Error('--sizes: whole numbers ≥ 1');
  if (!Number.isInteger(requests) || requests < 1) throw new Error('--requests: a whole number ≥ 1');
  if (!Number.isInteger(jobs) || jobs < 0) throw new Error('--jobs: a whole number ≥ 0');
  if (!Number.isFinite(scale) || scale <= 0) throw new Error('--scale: a positive number');
  return { sizes, requests, jobs, scale, mitigations: !values['no-mitigations'] };
}

class Client {
  private readonly socket: Dealer;
  readonly rttUs: Map<string, number[]> = new Map();
  constructor(url: string, identity: string) {
    this.socket = new Dealer({ routingId: identity, linger: 0, receiveTimeout: 600_000 });
    this.socket.connect(url);
  }
  async ask(label: string, message: JsonObject): Promise<JsonObject> {
    const t0 = performance.now();
    await this.socket.send(JSON.stringify(message));
    const [frame] = await this.socket.receive();
    const us = (performance.now() - t0) * 1000;
    if (!this.rttUs.has(label)) this.rttUs.set(label, []);
    this.rttUs.get(label)!.push(us);
    return JSON.parse(frame.toString('utf8')) as JsonObject;
  }
  close(): void {
    this.socket.close();
  }
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s[Math.floor(s.length / 2)];
}

interface Row {
  size: number;
  label: string;
  stats: ActionStats;
  rttP50Us: number;
}

/** One measured phase: reset the collector's stats, run, read them back. */
async function phase(handle: LegacyHandle, client: Client, label: string, action: string, run: () => Promise<void>, size: number, rows: Row[]): Promise<void> {
  await handle.backend.supervisor.resetCollectorStats();
  client.rttUs.delete(label);
  await run();
  const stats = await handle.backend.supervisor.collectorStats();
  const s = stats?.actions[action];
  if (s) rows.push({ size, label, stats: s, rttP50Us: median(client.rttUs.get(label) ?? []) });
}

async function measureSize(size: number, options: Options, rows: Row[]): Promise<void> {
  const runDir = mkdtempSync(join(tmpdir(), 'bench-legacy-'));
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const handle = await startLegacy(
    { name: 'bench', summary: 'bench', options: { mitigations: { ...(options.mitigations ? PRODUCTION_MITIGATIONS : PRE_MITIGATION), batchRegistration: true } } },
    { runId: 'bench', runDir, scale: options.scale, durability: 'relaxed', seed: 11, historicalJobs: size, threads: 1, engines: { fast: 1, slow: 1 }, log },
  );
  const collect = new Client(handle.ports.collect_pull_url, 'client900.collect.DEALER');
  const engine = new Client(handle.ports.engine_pull_url, 'client900.engine.DEALER');
  try {
    const ids = (await collect.ask('warm', { action: 'job_id_list' })).jobid_list as string[];
    const pick = (i: number) => ids[(i * 7919) % ids.length];
    const repeat = (label: string, message: (i: number) => JsonObject, n: number) => async () => {
      for (let i = 0; i < n; i += 1) await collect.ask(label, message(i));
    };
    await phase(handle, collect, 'job_status', 'job_status', repeat('job_status', (i) => ({ action: 'job_status', jobid: pick(i) }), options.requests), size, rows);
    await phase(handle, collect, 'job_input', 'job_input', repeat('job_input', (i) => ({ action: 'job_input', jobid: pick(i) }), options.requests), size, rows);
    await phase(handle, collect, 'job_result', 'job_result', repeat('job_result', (i) => ({ action: 'job_result', jobid: pick(i) }), options.requests), size, rows);
    await phase(handle, collect, 'job_id_list', 'job_id_list', repeat('job_id_list', () => ({ action: 'job_id_list' }), Math.max(10, Math.floor(options.requests / 10))), size, rows);
    await phase(handle, collect, 'job_status_dict (1st)', 'job_status_dict', repeat('job_status_dict (1st)', () => ({ action: 'job_status_dict' }), 1), size, rows);
    await phase(handle, collect, 'job_status_dict (next 3)', 'job_status_dict', repeat('job_status_dict (next 3)', () => ({ action: 'job_status_dict' }), 3), size, rows);
    await phase(handle, collect, 'job_status_dict limit 30', 'job_status_dict', repeat('job_status_dict limit 30', () => ({ action: 'job_status_dict', limit: 30 }), 10), size, rows);
    // Engine-side actions: submit no-op jobs and wait for the last to complete.
    if (options.jobs > 0) {
      await handle.backend.supervisor.resetCollectorStats();
      let last = '';
      for (let i = 0; i < options.jobs; i += 1) {
        const request: JsonObject = { action: 'helloworld', args: [], kwargs: { time_: 0 }, callback_url: null, callback_method: null, request: {}, lane: i % 2 ? 'fast' : 'slow' };
        const reply = await engine.ask('queue', request);
        last = reply.jobid as string;
        // As WBIA's web process does right after queue_job.
        writeRecord(jobPaths(handle.shelvesDir, last).record, { request, attempts: 0, completed: false });
      }
      // Bounded: a zero-length job can end at `queued` when that notification loses the
      // proxy's fair-queuing race to the engine's `completed` (see legacy-sim/README.md).
      const deadlineMs = performance.now() + 60_000;
      let status: unknown = null;
      while (performance.now() < deadlineMs) {
        status = (await collect.ask('poll', { action: 'job_status', jobid: last })).jobstatus;
        if (status === 'completed' || status === 'exception') break;
      }
      if (status !== 'completed' && status !== 'exception') process.stderr.write(`bench legacy: last job still ${String(status)} after 60 s; engine-side rows cover what was handled\n`);
      const stats = await handle.backend.supervisor.collectorStats();
      for (const action of ['notification', 'metadata', 'store']) {
        const s = stats?.actions[action];
        if (s) rows.push({ size, label: action, stats: s, rttP50Us: NaN });
      }
    }
  } finally {
    collect.close();
    engine.close();
    await handle.stop();
    rmSync(runDir, { recursive: true, force: true });
  }
}

function fmt(us: number): string {
  if (!Number.isFinite(us)) return '—';
  return us >= 10_000 ? `${(us / 1000).toFixed(1)} ms` : `${Math.round(us)} µs`;
}

function table(rows: Row[]): string {
  const head = ['known jobs', 'action', 'count', 'service p50', 'service p99', 'service mean', 'handler mean', 'client RTT p50'];
  const body = rows.map((r) => [String(r.size), r.label, String(r.stats.count), fmt(r.stats.p50ServiceUs), fmt(r.stats.p99ServiceUs), fmt(r.stats.meanServiceUs), fmt(r.stats.meanHandlerUs), fmt(r.rttP50Us)]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

export async function main(argv: string[]): Promise<void> {
  let options: Options | null;
  try {
    options = parse(argv);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}\n`);
    process.exit(2);
  }
  if (options === null) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const rows: Row[] = [];
  for (const size of options.sizes) {
    process.stderr.write(`bench legacy: ${size} known jobs…\n`);
    await measureSize(size, options, rows);
  }
  const perReplyMs = PER_REPLY_COST_MS * options.scale;
  process.stdout.write(
    [
      `legacy collector, service time per action (collector-side; scale ${options.scale}; status cache ${options.mitigations ? 'on' : 'off'}; load average ${loadavg()[0].toFixed(1)})`,
      `service = recv → reply sent + per-reply cost (${perReplyMs.toFixed(3)} ms CPU spin: gc.collect + print, constants.ts); handler = the action's own work (shelve I/O)`,
      '',
      table(rows),
      '',
    ].join('\n'),
  );
}
