/**
 * Arguments of the standalone front (`tsx harness/http/cli.ts`), parsed
 * without side effects so they can be tested. Usage errors exit 2.
 */
import { parseArgs } from 'node:util';
import type { Durability } from '../contract/target.ts';
import { DEFAULT_FRONT_THREADS } from './front.ts';

export class CliUsageError extends Error {
  readonly code = 'E_USAGE';
  readonly exitCode = 2;
  constructor(message: string) {
    super(message);
    this.name = 'CliUsageError';
  }
}

export interface FrontCliOptions {
  target: string;
  port: number;
  threads: number;
  scale: number;
  historicalJobs: number;
  durability: Durability;
  seed: number;
  /** Stop by itself after this many seconds; null = until SIGINT/SIGTERM. */
  durationSec: number | null;
}

export const FRONT_USAGE = `usage: tsx harness/http/cli.ts --target NAME [options]

Start a target and the HTTP front before it (WBIA's web process: a FIFO of
requests over N worker threads, each with its own JobService), on 127.0.0.1.

options:
  --target NAME            noop, legacy, legacy-mitigated, sqlite, postgres, bullmq…
  --port P                 port to listen on (default 0: a free port, printed)
  --threads N              worker threads, as gunicorn's (default ${DEFAULT_FRONT_THREADS})
  --scale S                time scale of the target, 0 < S ≤ 1 (default 1)
  --jobs N                 historical jobs seeded at start (default 0)
  --durability D           relaxed | strict (default relaxed)
  --seed N                 seed (default 1)
  --duration S             stop by itself after S seconds (default: until Ctrl-C)
  --help                   this help

routes: GET or POST, parameters in the query, a form or a JSON body
  /api/engine/job/                 jobid list
  /api/engine/job/status/          jobid? limit?   (no jobid: the status dict)
  /api/engine/job/metadata/        jobid
  /api/engine/job/result/          jobid
  /api/test/heartbeat/
  /api/engine/helloworld/          time_? echo? lane? callback_url? callback_method? callback_detailed?
  /api/engine/job/queue/           action args? kwargs? lane? callback_*?`;

function number(flag: string, raw: string | undefined, fallback: number, check: (n: number) => boolean, what: string): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n) || !check(n)) throw new CliUsageError(`${flag} must be ${what} (got "${raw}")`);
  return n;
}

/** `null` means: print the usage and exit 0. */
export function parseFrontCli(argv: string[]): FrontCliOptions | null {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        target: { type: 'string' },
        port: { type: 'string' },
        threads: { type: 'string' },
        scale: { type: 'string' },
        jobs: { type: 'string' },
        durability: { type: 'string' },
        seed: { type: 'string' },
        duration: { type: 'string' },
        help: { type: 'boolean' },
      },
    }));
  } catch (error) {
    throw new CliUsageError(`${(error as Error).message}\n\n${FRONT_USAGE}`);
  }
  if (values.help) return null;
  const target = values.target;
  if (typeof target !== 'string' || target === '') throw new CliUsageError(`--target is required\n\n${FRONT_USAGE}`);
  const durability = values.durability ?? 'relaxed';
  if (durability !== 'relaxed' && durability !== 'strict') throw new CliUsageError(`--durability must be relaxed or strict (got "${String(durability)}")`);
  const str = (name: string): string | undefined => (typeof values[name] === 'string' ? (values[name] as string) : undefined);
  const int = (n: number) => Number.isInteger(n);
  return {
    target,
    port: number('--port', str('port'), 0, (n) => int(n) && n >= 0 && n <= 65535, 'an integer in [0, 65535]'),
    threads: number('--threads', str('threads'), DEFAULT_FRONT_THREADS, (n) => int(n) && n >= 1 && n <= 256, 'an integer in [1, 256]'),
    scale: number('--scale', str('scale'), 1, (n) => n > 0 && n <= 1, 'a number in (0, 1]'),
    historicalJobs: number('--jobs', str('jobs'), 0, (n) => int(n) && n >= 0, 'a non-negative integer'),
    durability,
    seed: number('--seed', str('seed'), 1, int, 'an integer'),
    durationSec: str('duration') === undefined ? null : number('--duration', str('duration'), 0, (n) => n > 0, 'a positive number'),
  };
}
