/** `npm run report`: the command line, exit statuses and messages (runs the real CLI with tsx). */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { parseReportArgs } from '../../harness/report/args.ts';
import { ReportUsageError } from '../../harness/report/errors.ts';
import { buildFixture } from './fixtures/results-fixture.ts';

const root = mkdtempSync(join(tmpdir(), 'report-cli-'));
after(() => rmSync(root, { recursive: true, force: true }));

function writeRun(name: string, seed: number): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'results.json');
  writeFileSync(path, JSON.stringify(buildFixture({ seed, opsPerTarget: 300 })));
  return path;
}

function cli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'harness/report/cli.ts', ...args], { encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('argument parsing', () => {
  test('single, compare, help, defaults', () => {
    assert.deepEqual(parseReportArgs(['r/x/results.json']), { kind: 'single', resultsPath: 'r/x/results.json', outDir: 'r/x' });
    assert.deepEqual(parseReportArgs(['r/x/results.json', '--out', 'o']), { kind: 'single', resultsPath: 'r/x/results.json', outDir: 'o' });
    assert.deepEqual(parseReportArgs(['--baseline', 'r/a/results.json', 'r/b/results.json']), {
      kind: 'compare',
      baselinePath: 'r/a/results.json',
      candidatePath: 'r/b/results.json',
      outDir: join('r', 'b-vs-a'),
    });
    assert.deepEqual(parseReportArgs(['x', '--help']), { kind: 'help' });
  });

  test('bad command lines are usage errors', () => {
    for (const argv of [[], ['a', 'b'], ['--out'], ['--bogus', 'a'], ['--baseline']]) {
      assert.throws(() => parseReportArgs(argv), (e: unknown) => e instanceof ReportUsageError && e.code === 'E_REPORT_USAGE', JSON.stringify(argv));
    }
  });
});

describe('the CLI', () => {
  test('--help prints usage and exits 0', () => {
    const r = cli(['--help']);
    assert.equal(r.status, 0);
    assert.match(r.stdout, /npm run report -- <results.json> \[--out DIR\]/);
    assert.match(r.stdout, /--baseline/);
  });

  test('rebuilds a report from results.json alone', () => {
    const path = writeRun('one', 3);
    const r = cli([path]);
    assert.equal(r.status, 0, r.stderr);
    assert.ok(existsSync(join(root, 'one', 'index.html')));
    assert.ok(existsSync(join(root, 'one', 'summary.md')));
    assert.ok(existsSync(join(root, 'index.html')), 'runs index refreshed');
  });

  test('--baseline renders B against A', () => {
    const a = writeRun('base', 4);
    const b = writeRun('cand', 5);
    const out = join(root, 'compare-out');
    const r = cli(['--baseline', a, b, '--out', out]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(readFileSync(join(out, 'summary.md'), 'utf8'), /against baseline `fixture-4-300`/);
    const comparison = JSON.parse(readFileSync(join(out, 'comparison.json'), 'utf8')) as { baselineRunId: string; rows: unknown[] };
    assert.equal(comparison.baselineRunId, 'fixture-4-300');
    assert.ok(comparison.rows.length > 10);
    assert.match(readFileSync(join(root, 'index.html'), 'utf8'), /candidate <code>fixture-5-300<\/code> against baseline <code>fixture-4-300<\/code>/);
  });

  test('bad input: clear message, exit 2', () => {
    const missing = cli([join(root, 'nope', 'results.json')]);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /cannot read .*no such file/);

    const notJson = join(root, 'bad.json');
    writeFileSync(notJson, '{"schemaVersion": 1,');
    const r1 = cli([notJson]);
    assert.equal(r1.status, 2);
    assert.match(r1.stderr, /is not JSON/);

    const wrongShape = join(root, 'shape.json');
    const results = buildFixture({ opsPerTarget: 50 }) as unknown as { targets: { ops: Record<string, { p99Us: unknown }> }[] };
    results.targets[0].ops.heartbeat.p99Us = 'slow';
    writeFileSync(wrongShape, JSON.stringify(results));
    const r2 = cli([wrongShape]);
    assert.equal(r2.status, 2);
    assert.match(r2.stderr, /targets\[0\]\.ops\.heartbeat\.p99Us: expected a finite number/);

    const usage = cli(['--frobnicate']);
    assert.equal(usage.status, 2);
    assert.match(usage.stderr, /unknown option --frobnicate/);
  });
});
