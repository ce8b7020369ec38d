/**
 * `npm run scenario -- <name> [options]`: argument parsing, pure (tested
 * without running anything). Usage errors carry exit code 2 and list what
 * is valid.
 */
import type { Durability } from '../contract/target.ts';
import type { Overrides } from '../runner/settings.ts';

export class UsageError extends Error {
  readonly code = 'E_USAGE';
  readonly exitCode = 2;
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export type Command =
  | { kind: 'help' }
  | { kind: 'list' }
  | { kind: 'run'; scenario: string; overrides: Overrides; outDir: string | null; json: boolean };

interface OptionSpec {
  flag: string;
  value: string | null;
  help: string;
}

export const OPTIONS: readonly OptionSpec[] = [
  { flag: '--targets', value: 'a,b', help: "targets to run (default: the scenario's; those whose server is down are skipped)" },
  { flag: '--scale', value: 'S', help: 'time scale, 0 < S ≤ 1: every legacy constant and simulated duration × S, rates ÷ S' },
  { flag: '--duration', value: 'S', help: 'wall seconds of the measured phase (default: the scenario\'s production duration × scale)' },
  { flag: '--seed', value: 'N', help: 'seed of the arrival schedule and every random choice' },
  { flag: '--threads', value: 'N', help: 'web threads (default: the scenario\'s, usually 16)' },
  { flag: '--jobs', value: 'N', help: 'historical jobs seeded before the run' },
  { flag: '--durability', value: 'relaxed|strict', help: 'durability level of every target (default relaxed)' },
  { flag: '--http', value: null, help: 'reach each target through the HTTP front (harness/http)' },
  { flag: '--out', value: 'DIR', help: 'write results.json (and the report) to DIR (default reports/<run-id>/)' },
  { flag: '--json', value: null, help: 'print results.json on stdout; progress and logs go to stderr' },
  { flag: '--list', value: null, help: 'list the scenarios, one line each' },
  { flag: '--help', value: null, help: 'this help' },
];

export function usage(scenarioLines: string[]): string {
  return [
    'usage: npm run scenario -- <scenario> [options]',
    '       npm run scenario -- --list',
    '',
    'options:',
    ...OPTIONS.map((o) => `  ${`${o.flag}${o.value ? ` ${o.value}` : ''}`.padEnd(30)} ${o.help}`),
    '',
    'scenarios:',
    ...scenarioLines.map((l) => `  ${l}`),
  ].join('\n');
}

function num(flag: string, raw: string, min: number, max: number, integer: boolean): number {
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n))) {
    throw new UsageError(`${flag} must be ${integer ? 'an integer' : 'a number'} in [${min}, ${max}] (got "${raw}")`);
  }
  return n;
}

export function parseArgs(argv: readonly string[], scenarioNames: readonly string[], targetNames: readonly string[]): Command {
  const flags = OPTIONS.map((o) => o.flag);
  const positional: string[] = [];
  const overrides: Overrides = {};
  let outDir: string | null = null;
  let json = false;
  let list = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('-')) {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const spec = OPTIONS.find((o) => o.flag === flag) ?? (flag === '-h' ? OPTIONS.find((o) => o.flag === '--help') : undefined);
    if (!spec) throw new UsageError(`unknown option "${flag}"; valid options: ${flags.join(', ')}`);
    let value: string | null = null;
    if (spec.value !== null) {
      value = eq > 0 ? arg.slice(eq + 1) : (argv[++i] ?? null);
      if (value === null) throw new UsageError(`${flag} needs a value (${spec.value})`);
    } else if (eq > 0) throw new UsageError(`${flag} takes no value`);
    switch (spec.flag) {
      case '--help':
        return { kind: 'help' };
      case '--list':
        list = true;
        break;
      case '--targets': {
        const names = (value ?? '').split(',').map((s) => s.trim()).filter(Boolean);
        if (names.length === 0) throw new UsageError(`--targets needs at least one name; valid targets: ${targetNames.join(', ')}`);
        const unknown = names.filter((n) => !targetNames.includes(n));
        if (unknown.length > 0) throw new UsageError(`unknown target${unknown.length > 1 ? 's' : ''} ${unknown.map((u) => `"${u}"`).join(', ')}; valid targets: ${targetNames.join(', ')}`);
        overrides.targets = [...new Set(names)];
        break;
      }
      case '--scale': {
        const s = num(flag, value ?? '', 0, 1, false);
        if (s === 0) throw new UsageError('--scale must be above 0');
        overrides.scale = s;
        break;
      }
      case '--duration':
        overrides.durationSec = num(flag, value ?? '', 0.01, 3600, false);
        break;
      case '--seed':
        overrides.seed = num(flag, value ?? '', 0, 2 ** 32 - 1, true);
        break;
      case '--threads':
        overrides.threads = num(flag, value ?? '', 1, 256, true);
        break;
      case '--jobs':
        overrides.historicalJobs = num(flag, value ?? '', 0, 1_000_000, true);
        break;
      case '--durability':
        if (value !== 'relaxed' && value !== 'strict') throw new UsageError(`--durability must be one of relaxed, strict (got "${value}")`);
        overrides.durability = value as Durability;
        break;
      case '--http':
        overrides.http = true;
        break;
      case '--out':
        outDir = value;
        break;
      case '--json':
        json = true;
        break;
    }
  }
  if (list) return { kind: 'list' };
  if (positional.length === 0) throw new UsageError(`which scenario? valid scenarios: ${scenarioNames.join(', ')}`);
  if (positional.length > 1) throw new UsageError(`one scenario at a time (got ${positional.join(', ')}); valid scenarios: ${scenarioNames.join(', ')}`);
  const scenario = positional[0];
  if (!scenarioNames.includes(scenario)) throw new UsageError(`unknown scenario "${scenario}"; valid scenarios: ${scenarioNames.join(', ')}`);
  return { kind: 'run', scenario, overrides, outDir, json };
}
