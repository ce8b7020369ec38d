/** The report CLI's command line, parsed into one of three requests (pure; errors are ReportUsageError). */
import { basename, dirname, join } from 'node:path';
import { ReportUsageError } from './errors.ts';

export type ReportRequest =
  | { kind: 'help' }
  | { kind: 'single'; resultsPath: string; outDir: string }
  | { kind: 'compare'; baselinePath: string; candidatePath: string; outDir: string };

export const USAGE = `Usage:
  npm run report -- <results.json> [--out DIR]
      Rebuild index.html and summary.md from a results.json alone
      (default DIR: the folder holding results.json), and refresh DIR/../index.html.
  npm run report -- --baseline <A/results.json> <B/results.json> [--out DIR]
      Render candidate B against baseline A: per metric both values, the ratio B ÷ A and the change
      (default DIR: a folder "<B>-vs-<A>" beside B's folder).
  npm run report -- --help

Exit status: 0 written, 2 bad command line or bad input, 1 anything else.`;

export function parseReportArgs(argv: readonly string[]): ReportRequest {
  let out: string | null = null;
  let baseline: string | null = null;
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') return { kind: 'help' };
    if (arg === '--out' || arg === '--baseline') {
      const value = argv[i + 1];
      if (value === undefined || value.startsWith('--')) throw new ReportUsageError(`${arg} needs a value`);
      if (arg === '--out') out = value;
      else baseline = value;
      i++;
    } else if (arg.startsWith('--out=')) {
      out = arg.slice('--out='.length);
    } else if (arg.startsWith('--baseline=')) {
      baseline = arg.slice('--baseline='.length);
    } else if (arg.startsWith('-')) {
      throw new ReportUsageError(`unknown option ${arg}`);
    } else {
      positional.push(arg);
    }
  }
  if (positional.length !== 1) {
    throw new ReportUsageError(positional.length === 0 ? 'no results.json given' : `expected one results.json, got ${positional.length}: ${positional.join(' ')}`);
  }
  const resultsPath = positional[0];
  if (baseline === null) return { kind: 'single', resultsPath, outDir: out ?? dirname(resultsPath) };
  const candidateDir = dirname(resultsPath);
  const defaultOut = join(dirname(candidateDir), `${basename(candidateDir)}-vs-${basename(dirname(baseline))}`);
  return { kind: 'compare', baselinePath: baseline, candidatePath: resultsPath, outDir: out ?? defaultOut };
}
