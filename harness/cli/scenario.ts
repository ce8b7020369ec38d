/**
 * `npm run scenario -- <name> [options]` (issue 3 item 5). Exit codes: 0 all
 * gates passed, 1 a gate failed or a named target errored, 2 usage error
 * (or `--http` without the HTTP front).
 */
import { relative } from 'node:path';
import { HttpModeUnavailableError, runScenario } from '../runner/run-scenario.ts';
import { summaryLines } from '../runner/summary.ts';
import { allScenarios, loadScenario, scenarioNames } from '../scenario/registry.ts';
import { TARGET_NAMES } from '../targets.ts';
import { UsageError, parseArgs, usage } from './args.ts';

function scenarioLines(): string[] {
  return allScenarios().map((s) => `${s.name.padEnd(24)} ${s.question}`);
}

export async function main(argv: string[]): Promise<number> {
  let command;
  try {
    command = parseArgs(argv, scenarioNames(), TARGET_NAMES);
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`${error.message}\n\n${usage(scenarioLines())}`);
      return error.exitCode;
    }
    throw error;
  }
  if (command.kind === 'help') {
    console.log(usage(scenarioLines()));
    return 0;
  }
  if (command.kind === 'list') {
    for (const line of scenarioLines()) console.log(line);
    return 0;
  }
  const scenario = loadScenario(command.scenario);
  const out = command.json ? process.stderr : process.stdout;
  const log = (line: string) => {
    if (tty) process.stderr.write('\r\x1b[2K');
    out.write(`${line}\n`);
  };
  const tty = process.stderr.isTTY === true;
  const progress = tty
    ? (line: string | null) => {
        process.stderr.write(line === null ? '\r\x1b[2K' : `\r\x1b[2K${line}`);
      }
    : undefined;
  let output;
  try {
    output = await runScenario(scenario, { overrides: command.overrides, outDir: command.outDir ?? undefined, log, progress });
  } catch (error) {
    if (error instanceof HttpModeUnavailableError) {
      console.error(error.message);
      return 2;
    }
    throw error;
  }
  const { results } = output;
  if (command.json) process.stdout.write(`${JSON.stringify(results)}\n`);
  for (const line of summaryLines(results)) out.write(`${line}\n`);
  out.write(`\nresults: ${relative(process.cwd(), output.resultsPath)}${output.reportPath ? `\nreport:  ${relative(process.cwd(), output.reportPath)}` : ''}\n`);
  const namedFailed = command.overrides.targets !== undefined && results.targets.some((t) => t.error);
  return results.gates.some((g) => !g.passed) || namedFailed ? 1 : 0;
}

const isMain = import.meta.url === new URL(process.argv[1] ?? '', 'file://').href || process.argv[1]?.endsWith('harness/cli/scenario.ts');
if (isMain) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
      process.exit(1);
    },
  );
}
