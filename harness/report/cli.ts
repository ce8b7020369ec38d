/**
 * `npm run report`: rebuild a run's report from its results.json, or render
 * a candidate run against a baseline. See USAGE in args.ts.
 */
import { parseReportArgs, USAGE } from './args.ts';
import { ReportInputError, ReportUsageError } from './errors.ts';
import { loadResults } from './load.ts';
import { writeReport } from './write.ts';

async function main(argv: readonly string[]): Promise<number> {
  const request = parseReportArgs(argv);
  if (request.kind === 'help') {
    console.log(USAGE);
    return 0;
  }
  if (request.kind === 'single') {
    const results = await loadResults(request.resultsPath);
    const written = await writeReport(results, request.outDir);
    console.log(`report: ${written.htmlPath}\nsummary: ${written.summaryPath}`);
    return 0;
  }
  const baseline = await loadResults(request.baselinePath);
  const candidate = await loadResults(request.candidatePath);
  const written = await writeReport(candidate, request.outDir, { baseline });
  console.log(`comparison (${candidate.runId} against baseline ${baseline.runId}): ${written.htmlPath}\nsummary: ${written.summaryPath}`);
  return 0;
}

main(process.argv.slice(2)).then(
  (status) => process.exit(status),
  (error: unknown) => {
    if (error instanceof ReportUsageError) {
      console.error(`report: ${error.message}\n\n${USAGE}`);
      process.exit(2);
    }
    if (error instanceof ReportInputError) {
      console.error(`report: bad input: ${error.message}`);
      process.exit(2);
    }
    console.error('report: failed:', error);
    process.exit(1);
  },
);
