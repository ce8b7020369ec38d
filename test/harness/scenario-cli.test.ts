/** Scenario validation errors name the field and what is allowed; CLI usage errors exit 2 listing what is valid. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { UsageError, parseArgs } from '../../harness/cli/args.ts';
import { allScenarios, loadScenario, scenarioNames } from '../../harness/scenario/registry.ts';
import { ScenarioError, validateScenario } from '../../harness/scenario/validate.ts';
import { TARGET_NAMES } from '../../harness/targets.ts';

function broken(edit: (s: Record<string, unknown>) => void): unknown {
  const s = structuredClone(loadScenario('noop-smoke')) as unknown as Record<string, unknown>;
  edit(s);
  return s;
}

function errorOf(value: unknown): ScenarioError {
  try {
    validateScenario(value);
  } catch (error) {
    assert.ok(error instanceof ScenarioError, String(error));
    return error;
  }
  assert.fail('expected a ScenarioError');
}

describe('scenario validation', () => {
  test('every registered scenario validates', () => {
    assert.ok(allScenarios().length >= 2);
    assert.ok(scenarioNames().includes('heartbeat-starvation'));
  });

  test('a bad enum names the field and the allowed values', () => {
    const e = errorOf(broken((s) => ((s.load as Record<string, unknown>).arrival = 'uniform')));
    assert.equal(e.field, 'load.arrival');
    assert.equal(e.code, 'E_SCENARIO');
    assert.match(e.message, /load\.arrival must be one of constant, poisson \(got "uniform"\)/);
  });

  test('an unknown operation in the mix lists the operations', () => {
    const e = errorOf(broken((s) => ((s.load as Record<string, unknown>).ratesPerSec = { job_status: 1, jobstatus: 2 })));
    assert.equal(e.field, 'load.ratesPerSec.jobstatus');
    assert.match(e.message, /allowed: queue_job, job_status, job_status_dict/);
  });

  test('numbers out of range, missing fields, unknown fields, contradictions', () => {
    assert.equal(errorOf(broken((s) => (s.threads = 0))).field, 'threads');
    assert.equal(errorOf(broken((s) => (s.scale = 2))).field, 'scale');
    assert.equal(errorOf(broken((s) => delete s.question)).field, 'question');
    assert.equal(errorOf(broken((s) => (s.colour = 'red'))).field, 'colour');
    const closed = errorOf(broken((s) => (s.load = { model: 'closed', users: 9, thinkSec: 0, mix: { job_status: 1 } })));
    assert.equal(closed.field, 'load.users');
    assert.match(closed.message, /must not exceed threads \(4\)/);
    const fault = errorOf(broken((s) => (s.faults = [{ atSec: 1, action: 'pause', component: 'collector' }])));
    assert.equal(fault.field, 'faults[0].forSec');
  });

  test('gates: latency metrics need an operation; names are unique', () => {
    const noOp = errorOf(broken((s) => (s.gates = [{ kind: 'bound', name: 'g', metric: { metric: 'p99' }, targets: ['noop'], cmp: '<=', value: 1 }])));
    assert.equal(noOp.field, 'gates[0].metric.op');
    const badMetric = errorOf(broken((s) => (s.gates = [{ kind: 'bound', name: 'g', metric: { metric: 'p42', op: 'heartbeat' }, targets: ['noop'], cmp: '<=', value: 1 }])));
    assert.match(badMetric.message, /gates\[0\]\.metric\.metric must be one of p50, p90, p99/);
    const dup = errorOf(broken((s) => (s.gates = [...(s.gates as unknown[]), ...(s.gates as unknown[]).slice(0, 1)])));
    assert.match(dup.message, /repeats gate name/);
  });
});

describe('CLI arguments', () => {
  const parse = (argv: string[]) => parseArgs(argv, scenarioNames(), TARGET_NAMES);
  const usageError = (argv: string[]): UsageError => {
    try {
      parse(argv);
    } catch (error) {
      assert.ok(error instanceof UsageError);
      assert.equal(error.exitCode, 2);
      return error;
    }
    assert.fail('expected a UsageError');
  };

  test('parses every option, both --opt value and --opt=value', () => {
    const c = parse(['heartbeat-starvation', '--targets', 'legacy,noop', '--scale=0.01', '--duration', '5', '--seed', '9', '--threads', '8', '--out', '/tmp/x', '--json', '--http', '--durability', 'strict', '--jobs', '500']);
    assert.deepEqual(c, {
      kind: 'run',
      scenario: 'heartbeat-starvation',
      overrides: { targets: ['legacy', 'noop'], scale: 0.01, durationSec: 5, seed: 9, threads: 8, http: true, durability: 'strict', historicalJobs: 500 },
      outDir: '/tmp/x',
      json: true,
    });
    assert.deepEqual(parse(['--list']), { kind: 'list' });
    assert.deepEqual(parse(['noop-smoke', '--help']), { kind: 'help' });
  });

  test('unknown scenario, option or target: the message lists the valid ones', () => {
    assert.match(usageError(['nope']).message, /unknown scenario "nope"; valid scenarios: .*heartbeat-starvation.*noop-smoke/);
    assert.match(usageError(['noop-smoke', '--colour']).message, /unknown option "--colour"; valid options: --targets, --scale/);
    assert.match(usageError(['noop-smoke', '--targets', 'legacy,oracle']).message, /unknown target "oracle"; valid targets: noop, legacy/);
    assert.match(usageError(['noop-smoke', '--durability', 'eventual']).message, /one of relaxed, strict/);
    assert.match(usageError(['noop-smoke', '--scale', '0']).message, /--scale/);
    assert.match(usageError([]).message, /which scenario\?/);
  });

  test('the CLI exits 2 and prints the valid scenarios for an unknown one', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'harness/cli/scenario.ts', 'no-such-scenario'], { encoding: 'utf8', timeout: 60_000 });
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /unknown scenario "no-such-scenario"; valid scenarios: heartbeat-starvation, slow-callback-convoy, timeout-cascade, noop-smoke/);
    assert.match(r.stderr, /usage: npm run scenario/);
  });
});
