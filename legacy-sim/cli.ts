/**
 * `npm run legacy -- [options]`: the whole legacy engine, standalone (issue 2
 * item 9). Prints the port dict as one JSON line on stdout (everything else
 * goes to stderr), runs until SIGINT/SIGTERM, stops every child, exits 0.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Durability } from '../harness/contract/target.ts';
import { ENGINES_PER_LANE } from './constants.ts';
import { PRE_MITIGATION, PRODUCTION_MITIGATIONS } from './options.ts';
import { startLegacy } from './target.ts';

const USAGE = `usage: npm run legacy -- [options]

Starts the legacy WBIA job engine (collect queue, collector, engine queue,
${ENGINES_PER_LANE} engines per lane) and prints its port dict as one JSON line on stdout.
Runs until SIGINT/SIGTERM, then stops every child process and exits 0.

options:
  --static-ports        ports 51381.. in LEGACY.md key order (default: random free ports)
  --scale S             time scale for every legacy constant and simulated duration (default 1)
  --shelves DIR         shelves folder; its jobs are registered at start-up (default: a temporary folder, removed at exit)
  --jobs N              seed N finished historical jobs into the shelves folder first (default 0)
  --no-mitigations      the version the convoy issue describes (default: production today)
  --durability D        relaxed | strict (strict: fsync every shelve write; default relaxed)
  --seed N              seed for the historical jobs (default 1)
  --print-requests      print every collector request on stderr, as the real collector does
  --help                this text`;

class UsageError extends Error {
  readonly code = 'E_USAGE';
}

interface CliOptions {
  staticPorts: boolean;
  scale: number;
  shelves: string | null;
  jobs: number;
  mitigations: boolean;
  durability: Durability;
  seed: number;
  printRequests: boolean;
  help: boolean;
}

function parse(argv: string[]): CliOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        'static-ports': { type: 'boolean', default: false },
        scale: { type: 'string', default: '1' },
        shelves: { type: 'string' },
        jobs: { type: 'string', default: '0' },
        'no-mitigations': { type: 'boolean', default: false },
        durability: { type: 'string', default: 'relaxed' },
        seed: { type: 'string', default: '1' },
        'print-requests': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const scale = Number(values.scale);
  if (!Number.isFinite(scale) || scale <= 0) throw new UsageError(`--scale must be a positive number, got ${JSON.stringify(values.scale)}`);
  const jobs = Number(values.jobs);
  if (!Number.isInteger(jobs) || jobs < 0) throw new UsageError(`--jobs must be a whole number ≥ 0, got ${JSON.stringify(values.jobs)}`);
  const seed = Number(values.seed);
  if (!Number.isInteger(seed)) throw new UsageError(`--seed must be a whole number, got ${JSON.stringify(values.seed)}`);
  if (values.durability !== 'relaxed' && values.durability !== 'strict') throw new UsageError(`--durability must be relaxed or strict, got ${JSON.stringify(values.durability)}`);
  return {
    staticPorts: values['static-ports'] === true,
    scale,
    shelves: values.shelves ?? null,
    jobs,
    mitigations: values['no-mitigations'] !== true,
    durability: values.durability,
    seed,
    printRequests: values['print-requests'] === true,
    help: values.help === true,
  };
}

async function main(): Promise<void> {
  let options: CliOptions;
  try {
    options = parse(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}\n`);
    process.exit(2);
  }
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  // A temporary folder only when no shelves folder is given (removed at exit).
  const shelvesDir = options.shelves === null ? undefined : resolve(options.shelves);
  const runDir = shelvesDir ?? mkdtempSync(join(tmpdir(), 'legacy-sim-'));
  const removeRunDir = () => {
    if (shelvesDir === undefined) rmSync(runDir, { recursive: true, force: true });
  };
  const log = (line: string) => process.stderr.write(`${line}\n`);
  let handle;
  try {
    handle = await startLegacy(
      {
        name: options.mitigations ? 'legacy-mitigated' : 'legacy',
        summary: 'standalone',
        staticPorts: options.staticPorts,
        shelvesDir,
        options: { mitigations: options.mitigations ? PRODUCTION_MITIGATIONS : PRE_MITIGATION, printRequests: options.printRequests },
      },
      {
        runId: `legacy-cli-${process.pid}`,
        runDir,
        scale: options.scale,
        durability: options.durability,
        seed: options.seed,
        historicalJobs: options.jobs,
        threads: 1,
        engines: { fast: ENGINES_PER_LANE, slow: ENGINES_PER_LANE },
        log,
      },
    );
  } catch (error) {
    log(`legacy-sim failed to start: ${(error as Error).message}`);
    removeRunDir();
    process.exit(1);
  }
  log(`legacy-sim: ${handle.name}, scale ${options.scale}, shelves ${handle.shelvesDir}, settings ${JSON.stringify({ statusCache: handle.settings.statusCache, batchRegistration: handle.settings.batchRegistration, durability: handle.settings.durability })}`);
  process.stdout.write(`${JSON.stringify(handle.ports)}\n`);
  log('legacy-sim: running; SIGINT or SIGTERM stops it');
  await new Promise<void>((resolveStop) => {
    process.once('SIGINT', resolveStop);
    process.once('SIGTERM', resolveStop);
  });
  log('legacy-sim: stopping');
  await handle.stop();
  removeRunDir();
  log('legacy-sim: stopped');
}

await main();
