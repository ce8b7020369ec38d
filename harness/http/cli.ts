/**
 * The standalone front: `tsx harness/http/cli.ts --target sqlite [--port P]
 * [--threads 16]`. Starts the target and the front before it, prints the
 * origin, and stops both (and removes its work folder) on SIGINT/SIGTERM or
 * after `--duration`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadTarget } from '../targets.ts';
import { CliUsageError, FRONT_USAGE, parseFrontCli } from './cli-args.ts';
import type { FrontCliOptions } from './cli-args.ts';
import { startFrontFor } from './front.ts';

async function main(options: FrontCliOptions): Promise<void> {
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const def = await loadTarget(options.target);
  const runDir = mkdtempSync(join(tmpdir(), `convoy-front-${options.target}-`));
  const handle = await def.start({
    runId: `front_${options.target}_${process.pid}`.replace(/[^a-zA-Z0-9_]/g, '_'),
    runDir,
    scale: options.scale,
    durability: options.durability,
    seed: options.seed,
    historicalJobs: options.historicalJobs,
    threads: options.threads,
    engines: { fast: 2, slow: 2 },
    log,
  });
  let front;
  try {
    front = await startFrontFor(handle, { threads: options.threads, port: options.port });
  } catch (error) {
    await handle.stop();
    rmSync(runDir, { recursive: true, force: true });
    throw error;
  }
  process.stdout.write(`${front.origin}\n`);
  log(`front: ${front.origin} with ${front.threads} threads over ${handle.name}; try ${front.origin}/api/engine/job/ — Ctrl-C stops`);
  let stopping = false;
  const stop = async (why: string) => {
    if (stopping) return;
    stopping = true;
    log(`stopping (${why}); served ${front.stats().served} requests`);
    try {
      await front.stop();
    } finally {
      await handle.stop();
      rmSync(runDir, { recursive: true, force: true });
    }
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
  if (options.durationSec !== null) setTimeout(() => void stop(`${options.durationSec} s elapsed`), options.durationSec * 1000);
}

try {
  const options = parseFrontCli(process.argv.slice(2));
  if (options === null) process.stdout.write(`${FRONT_USAGE}\n`);
  else await main(options);
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = error instanceof CliUsageError ? error.exitCode : 1;
}
