/**
 * `npm run gate -- <results.json> [...]`: re-evaluate the gates of the
 * scenario that produced each results.json (scenarios/ by name), print each
 * gate and, for a failed one, by how much it missed. Exit 0 all passed,
 * 1 a gate failed, 2 usage or unreadable input.
 */
import { readFileSync } from 'node:fs';
import type { ResultsFile } from '../results/types.ts';
import { RESULTS_SCHEMA_VERSION } from '../results/types.ts';
import { checkSchema, loadResultsSchema } from '../results/schema-check.ts';
import { gateLine } from '../runner/summary.ts';
import { loadScenario, scenarioNames } from '../scenario/registry.ts';
import { evaluateGates, shortfall } from './evaluate.ts';

const USAGE = 'usage: npm run gate -- <results.json> [more results.json]';

export function gateFile(path: string, print: (line: string) => void): number {
  let results: ResultsFile;
  try {
    results = JSON.parse(readFileSync(path, 'utf8')) as ResultsFile;
  } catch (error) {
    print(`${path}: cannot read (${(error as Error).message})`);
    return 2;
  }
  const problems = checkSchema(results, loadResultsSchema());
  if (problems.length > 0) {
    print(`${path}: does not match harness/results.schema.json (version ${RESULTS_SCHEMA_VERSION}):`);
    for (const p of problems.slice(0, 10)) print(`  ${p}`);
    return 2;
  }
  const name = results.scenario.name;
  if (!scenarioNames().includes(name)) {
    print(`${path}: scenario "${name}" is not in scenarios/ (valid: ${scenarioNames().join(', ')}); cannot re-evaluate its gates`);
    return 2;
  }
  const scenario = loadScenario(name);
  const outcome = evaluateGates(scenario.gates, results);
  print(`${path}: scenario ${name}, run ${results.runId}`);
  for (const g of outcome.results) {
    const base = g.name.replace(/\[[^\]]*\]$/, '');
    print(`  ${gateLine(g, shortfall(g, scenario.gates.find((s) => s.name === base)))}`);
  }
  for (const s of outcome.skipped) print(`  SKIP  ${s}`);
  const failed = outcome.results.filter((g) => !g.passed).length;
  print(`  ${outcome.results.length - failed} passed, ${failed} failed, ${outcome.skipped.length} skipped`);
  return failed > 0 ? 1 : 0;
}

export function main(argv: string[], print: (line: string) => void = (l) => console.log(l)): number {
  const files = argv.filter((a) => !a.startsWith('-'));
  if (argv.includes('--help') || argv.includes('-h')) {
    print(USAGE);
    return 0;
  }
  const unknown = argv.filter((a) => a.startsWith('-'));
  if (unknown.length > 0 || files.length === 0) {
    print(`${unknown.length ? `unknown option ${unknown[0]}; valid options: --help` : 'no results.json given'}\n${USAGE}`);
    return 2;
  }
  return files.map((f) => gateFile(f, print)).reduce((worst, code) => Math.max(worst, code), 0);
}

if (process.argv[1]?.endsWith('harness/gates/cli.ts')) process.exit(main(process.argv.slice(2)));
